import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TScenarioCreateRequest } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";

// Hole 5: an input means one thing. Numbers are not read from strings, text others will
// read carries no invisible or reordering characters, and a refusal changes nothing.
let t: TestServer;
let platform: string;

const body = (overrides: Record<string, unknown> = {}): TScenarioCreateRequest =>
  ({
    title: "公交地铁8折",
    category: "travel",
    prefectureCodes: ["530100"],
    rule: { type: "all", rules: [] },
    benefit: { summary: "公交地铁8折" },
    quota: 100,
    startsAt: new Date(Date.now() - 1000).toISOString(),
    endsAt: new Date(Date.now() + 86400_000).toISOString(),
    ...overrides,
  }) as TScenarioCreateRequest;

const scenarioTitles = async (): Promise<string[]> => (await t.api("GET", "/scenarios", { token: platform })).body.items.map((s: { title: string }) => s.title);

async function refused(overrides: Record<string, unknown>, path: string) {
  const before = await scenarioTitles();
  const res = await t.api("POST", "/scenarios", { token: platform, body: body(overrides) });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe("VALIDATION_FAILED");
  expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
  expect(await scenarioTitles()).toEqual(before);
  return res.body.error.details.issues.find((i: { path: string }) => i.path === path) as { path: string; message: string };
}

beforeAll(async () => {
  t = await startTestServer({ name: "inputs" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
});
afterAll(() => t.close());

describe("inputs mean one thing", () => {
  it("a JSON number is not taken from a string", async () => {
    await refused({ quota: "50" }, "body.quota");
    await refused({ redemptionHours: "72" }, "body.redemptionHours");
    await refused({ perSubjectLimit: { total: "1" } }, "body.perSubjectLimit.total");
  });

  it("a title with a zero-width character is stored without it", async () => {
    const created = await t.api("POST", "/scenarios", { token: platform, body: body({ title: "\u200B公交\u200D地铁\uFEFF8折 ", benefit: { summary: "八折\u2060优惠" } }) });
    expect(created.status).toBe(201);
    const stored = (await t.api("GET", `/scenarios/${created.body.id}`, { token: platform })).body;
    expect(stored.title).toBe("公交地铁8折");
    expect(stored.benefit.summary).toBe("八折优惠");
  });

  it("a bidirectional override, NUL or a control character is refused, and nothing is created", async () => {
    const bidi = await refused({ title: "公交\u202E折8铁地" }, "body.title");
    expect(bidi.message).toBe("不能包含改变文字方向的控制字符");
    await refused({ title: "公交\u2066地铁" }, "body.title");
    await refused({ title: "公交\u0000地铁" }, "body.title");
    await refused({ benefit: { summary: "立减\u000720元" } }, "body.benefit.summary");
    await refused({ benefit: { summary: "立减", tiers: [{ grades: ["AAA"], summary: "\u202D立减40元" }] } }, "body.benefit.tiers.0.summary");
    await refused({ terms: "第一条\u202E" }, "body.terms");
    // Line breaks are text in terms, not in a title.
    await refused({ title: "公交\n地铁" }, "body.title");
    const multiline = await t.api("POST", "/scenarios", { token: platform, body: body({ title: "公交地铁九折", terms: "第一条\n第二条" }) });
    expect(multiline.status).toBe(201);
    expect(multiline.body.terms).toBe("第一条\n第二条");
  });

  it("a partner's name with a bidi override is refused", async () => {
    const res = await t.api("POST", "/partner-applications", {
      body: { name: "昆明\u202E行旅", kind: "tourism", prefectureCodes: ["530100"], contactName: "王经理", contactPhone: "13700000019", operator: { username: "bidi_partner", password: "Bidi@2026xxx", displayName: "前台" } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(["body.name"]);
    const admin = (await t.api("GET", "/partner-applications", { token: platform })).body.items as { name: string }[];
    expect(admin.some((p) => p.name.startsWith("昆明"))).toBe(false);
  });

  it("a page number is written one way: no hex, sign, exponent, spaces or leading zeros", async () => {
    const citizen = await t.citizenLogin("13800000001");
    expect((await t.api("GET", "/scenarios/available?page=1", { token: citizen.accessToken })).status).toBe(200);
    for (const page of ["0x1", "+1", "1e0", "%201", "01", "1.0", "", "0"]) {
      const res = await t.api("GET", `/scenarios/available?page=${page}`, { token: citizen.accessToken });
      expect(res.status, page).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe("query.page");
    }
    const audit = await t.api("GET", "/audit?beforeSeq=0x10", { token: platform });
    expect(audit.status).toBe(400);
    expect(audit.body.error.details.issues[0].path).toBe("query.beforeSeq");
  });
});
