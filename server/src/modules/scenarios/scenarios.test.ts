import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TScenarioCreateRequest } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";

let t: TestServer;
let platform: string;
let kunming: string;
let operator: string;

const window = () => ({ startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() });
const body = (overrides: Partial<TScenarioCreateRequest> = {}): TScenarioCreateRequest => ({
  title: "公交地铁8折",
  category: "travel",
  prefectureCodes: ["530100"],
  rule: { type: "minScore", score: 697 },
  benefit: { summary: "公交地铁8折" },
  quota: 100,
  ...window(),
  ...overrides,
});
const act = (token: string, id: string, action: string, expectedVersion: number, reason?: string) =>
  t.api("POST", `/scenarios/${id}/transitions`, { token, body: { action, expectedVersion, ...(reason ? { reason } : {}) } });

beforeAll(async () => {
  t = await startTestServer({ name: "scenarios" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
  operator = (await t.consoleLogin("ynly_operator", "Partner@2026")).accessToken;
});
afterAll(() => t.close());

describe("scenario workflow", () => {
  it("an administrator's own scenario: draft, published directly, paused, resumed, ended — every step a version", async () => {
    const created = await t.api("POST", "/scenarios", { token: platform, body: body() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "draft", version: 1, claimedCount: 0, remaining: 100, ruleSummary: "个人信用分不低于 697" });
    let s = (await act(platform, created.body.id, "publish", 1)).body;
    expect(s).toMatchObject({ status: "published", version: 2 });
    s = (await act(platform, s.id, "pause", 2)).body;
    s = (await act(platform, s.id, "resume", 3)).body;
    s = (await act(platform, s.id, "end", 4)).body;
    expect(s).toMatchObject({ status: "ended", version: 5 });
    const history = await t.api("GET", `/scenarios/${s.id}/history`, { token: platform });
    expect(history.body.items.map((e: { to: string }) => e.to)).toEqual(["draft", "published", "paused", "published", "ended"]);
  });

  it("a partner's scenario: submitted, rejected with a reason, edited, resubmitted, approved by the prefecture, published by the partner", async () => {
    const created = await t.api("POST", "/scenarios", { token: operator, body: body({ title: "石林门票立减", category: "tourism" }) });
    expect(created.status).toBe(201);
    expect(created.body.ownerPartnerName).toBe("一部手机游云南");
    const id = created.body.id;
    expect((await act(operator, id, "publish", 1)).status).toBe(409);
    expect((await act(operator, id, "submit", 1)).body.status).toBe("submitted");
    expect((await act(operator, id, "approve", 2)).status).toBe(403);
    const noReason = await act(kunming, id, "reject", 2);
    expect(noReason.body.error.details.issues[0].path).toBe("body.reason");
    const rejected = await act(kunming, id, "reject", 2, "请补充使用条款");
    expect(rejected.body).toMatchObject({ status: "rejected", rejectionReason: "请补充使用条款", version: 3 });
    const edited = await t.api("PUT", `/scenarios/${id}`, { token: operator, body: { ...body({ title: "石林门票立减", category: "tourism", terms: "每人限领1次" }), expectedVersion: 3 } });
    expect(edited.body).toMatchObject({ version: 4, terms: "每人限领1次" });
    expect((await act(operator, id, "submit", 4)).body.status).toBe("submitted");
    const review = await t.api("GET", "/scenarios?status=submitted", { token: kunming });
    expect(review.body.items.map((s: { id: string }) => s.id)).toContain(id);
    expect((await act(kunming, id, "approve", 5)).body.status).toBe("approved");
    expect((await act(operator, id, "publish", 6)).body.status).toBe("published");
  });

  it("of two concurrent changes of one version, one wins and the other is told to reload", async () => {
    const created = await t.api("POST", "/scenarios", { token: platform, body: body() });
    const results = await Promise.all([act(platform, created.body.id, "publish", 1), act(platform, created.body.id, "publish", 1), act(platform, created.body.id, "publish", 1)]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.body?.error?.code === "VERSION_CONFLICT")).toHaveLength(2);
  });

  it("keeps partners to their own scenarios and their regions", async () => {
    const admins = await t.api("POST", "/scenarios", { token: platform, body: body() });
    expect((await t.api("GET", `/scenarios/${admins.body.id}`, { token: operator })).status).toBe(404);
    const list = await t.api("GET", "/scenarios", { token: operator });
    for (const s of list.body.items) expect(s.ownerPartnerName).toBe("一部手机游云南");
    const outside = await t.api("POST", "/scenarios", { token: operator, body: body({ prefectureCodes: ["533400"] }) });
    expect(outside.status).toBe(403);
    expect(outside.body.error.details.issues[0].path).toBe("body.prefectureCodes");
  });

  it("dry run: who in scope qualifies today, per grade, and how fast the quota would go", async () => {
    const created = await t.api("POST", "/scenarios", { token: platform, body: body({ rule: { type: "minScore", score: 700 } }) });
    const dry = await t.api("GET", `/scenarios/${created.body.id}/dry-run`, { token: platform });
    expect(dry.status).toBe(200);
    // Seeded 昆明 subjects: 张明 (720) qualifies; the enterprises are on another scale and do not meet a citizen threshold.
    expect(dry.body.subjectsInScope).toBeGreaterThanOrEqual(1);
    expect(dry.body.eligible).toBeGreaterThanOrEqual(1);
    expect(dry.body.byGrade.find((g: { grade: string }) => g.grade === "A")).toMatchObject({ benefit: "公交地铁8折" });
    expect(dry.body.daysToExhaustQuota).toBeGreaterThan(0);
  });
});

describe("regional scope", () => {
  it("lets a regional administrator create only for their own prefecture", async () => {
    expect((await t.api("POST", "/scenarios", { token: kunming, body: body() })).status).toBe(201);
    const other = await t.api("POST", "/scenarios", { token: kunming, body: body({ prefectureCodes: ["532900"] }) });
    expect(other.status).toBe(403);
    expect(other.body.error.details.issues[0].path).toBe("body.prefectureCodes");
  });

  it("hides other prefectures' scenarios; shows, without letting change, shared ones", async () => {
    const dali = await t.api("POST", "/scenarios", { token: platform, body: body({ prefectureCodes: ["532900"] }) });
    expect((await t.api("GET", `/scenarios/${dali.body.id}`, { token: kunming })).status).toBe(404);
    const shared = await t.api("POST", "/scenarios", { token: platform, body: body({ prefectureCodes: ["530100", "532900"] }) });
    expect((await t.api("GET", `/scenarios/${shared.body.id}`, { token: kunming })).status).toBe(200);
    expect((await act(kunming, shared.body.id, "publish", 1)).status).toBe(403);
    const list = await t.api("GET", "/scenarios", { token: kunming });
    for (const s of list.body.items) expect(s.provinceWide || s.prefectureCodes.includes("530100")).toBe(true);
  });

  it("refuses an end before the start, naming endsAt", async () => {
    const res = await t.api("POST", "/scenarios", { token: platform, body: body({ startsAt: "2026-12-02T00:00:00+08:00", endsAt: "2026-12-01T00:00:00+08:00" }) });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([{ path: "body.endsAt", message: "结束时间必须晚于开始时间" }]);
  });
});

describe("partners", () => {
  it("apply; the operator cannot sign in until the prefecture approves", async () => {
    const applied = await t.api("POST", "/partner-applications", {
      body: { name: "昆明共享充电宝公司", kind: "rental", prefectureCodes: ["530100"], contactName: "陈经理", contactPhone: "13700000001", operator: { username: "kmcharge", password: "Charge@2026x", displayName: "前台" } },
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ status: "pending", contactPhoneMasked: "137****0001" });
    expect((await t.api("POST", "/auth/console/login", { body: { username: "kmcharge", password: "Charge@2026x" } })).status).toBe(403);
    const queue = await t.api("GET", "/partner-applications", { token: kunming });
    expect(queue.body.items.map((p: { id: string }) => p.id)).toContain(applied.body.id);
    const decided = await t.api("POST", `/partner-applications/${applied.body.id}/decision`, { token: kunming, body: { decision: "approve" } });
    expect(decided.body.status).toBe("approved");
    expect((await t.api("POST", `/partner-applications/${applied.body.id}/decision`, { token: platform, body: { decision: "reject", reason: "x" } })).status).toBe(409);
    expect((await t.api("POST", "/auth/console/login", { body: { username: "kmcharge", password: "Charge@2026x" } })).status).toBe(200);
  });

  it("a province-wide applicant is decided by the platform, not a prefecture", async () => {
    const applied = await t.api("POST", "/partner-applications", {
      body: { name: "云南出行集团", kind: "transport", provinceWide: true, contactName: "李主任", contactPhone: "13700000002", operator: { username: "ynchuxing", password: "Travel@2026x", displayName: "调度" } },
    });
    expect((await t.api("POST", `/partner-applications/${applied.body.id}/decision`, { token: kunming, body: { decision: "approve" } })).status).toBe(404);
    expect((await t.api("POST", `/partner-applications/${applied.body.id}/decision`, { token: platform, body: { decision: "reject", reason: "材料不全" } })).body).toMatchObject({ status: "rejected", rejectionReason: "材料不全" });
  });
});
