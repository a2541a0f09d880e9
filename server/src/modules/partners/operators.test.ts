import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness";
import { UserModel } from "../users/model";
import { PartnerModel } from "./model";

let t: TestServer;
let kunming: string;

beforeAll(async () => {
  // Behind a proxy, so that each test applies from an address of its own (X-Forwarded-For).
  t = await startTestServer({ name: "partner-operators", env: { TRUST_PROXY: "true" } });
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
});
afterAll(() => t.close());

const application = (n: number) => ({
  name: `测试机构${n}`,
  kind: "tourism",
  prefectureCodes: ["530100"],
  contactName: "王经理",
  contactPhone: `1370000${String(n).padStart(4, "0")}`,
  operator: { username: `partner${n}`, password: "Partner@2026xx", displayName: "前台" },
});

async function approvedPartner(n: number) {
  const applied = await t.api("POST", "/partner-applications", { body: application(n), headers: { "x-forwarded-for": `10.0.0.${n}` } });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  await t.api("POST", `/partner-applications/${applied.body.id}/decision`, { token: kunming, body: { decision: "approve" } });
  const session = await t.consoleLogin(`partner${n}`, "Partner@2026xx");
  return { partnerId: applied.body.id as string, token: session.accessToken };
}

describe("a partner's operators (/partners/mine/operators)", () => {
  it("lists its own operators, adds one who can sign in, refuses a taken username, and never shows another partner's", async () => {
    const a = await approvedPartner(1);
    const b = await approvedPartner(2);
    const listed = await t.api("GET", "/partners/mine/operators", { token: a.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([{ id: expect.any(String), username: "partner1", displayName: "前台", disabled: false }]);

    const added = await t.api("POST", "/partners/mine/operators", { token: a.token, body: { username: "partner1_cashier", password: "Cashier@2026x", displayName: "收银" } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ username: "partner1_cashier", displayName: "收银", disabled: false });
    const stored = await UserModel.findById(added.body.id).lean();
    expect(stored).toMatchObject({ role: "partner_operator", username: "partner1_cashier" });
    expect(stored!.partnerId!.toHexString()).toBe(a.partnerId);
    const cashier = await t.consoleLogin("partner1_cashier", "Cashier@2026x");
    expect(cashier.user.partnerId).toBe(a.partnerId);

    const taken = await t.api("POST", "/partners/mine/operators", { token: b.token, body: { username: "partner1_cashier", password: "Cashier@2026x", displayName: "冒名" } });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: "CONFLICT", details: { issues: [{ path: "body.username", message: "该用户名已被使用" }] } });
    expect(await UserModel.countDocuments({ username: "partner1_cashier" })).toBe(1);

    const mine = (await t.api("GET", "/partners/mine/operators", { token: a.token })).body.items.map((o: { username: string }) => o.username).sort();
    expect(mine).toEqual(["partner1", "partner1_cashier"]);
    const theirs = (await t.api("GET", "/partners/mine/operators", { token: b.token })).body.items.map((o: { username: string }) => o.username);
    expect(theirs).toEqual(["partner2"]);
  });

  it("is for partner operators only", async () => {
    const res = await t.api("GET", "/partners/mine/operators", { token: kunming });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
    expect((await t.api("POST", "/partners/mine/operators", { token: kunming, body: { username: "sneaky", password: "Sneaky@2026x", displayName: "x" } })).status).toBe(403);
    expect(await UserModel.exists({ username: "sneaky" })).toBeNull();
  });
});

describe("partner applications are rate limited per address", () => {
  it("the 11th application within the hour from one address is refused with 429 and Retry-After, and nothing is stored for it", async () => {
    const ip = "203.0.113.77";
    const base = 100;
    for (let i = 0; i < 10; i++) {
      const res = await t.api("POST", "/partner-applications", { body: application(base + i), headers: { "x-forwarded-for": ip } });
      expect(res.status, `application ${i + 1}`).toBe(201);
    }
    const refused = await t.api("POST", "/partner-applications", { body: application(base + 10), headers: { "x-forwarded-for": ip } });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await PartnerModel.exists({ name: `测试机构${base + 10}` })).toBeNull();
    expect(await UserModel.exists({ username: `partner${base + 10}` })).toBeNull();
    // Another address is not affected.
    expect((await t.api("POST", "/partner-applications", { body: application(base + 11), headers: { "x-forwarded-for": "203.0.113.78" } })).status).toBe(201);
  });
});
