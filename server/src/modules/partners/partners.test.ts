import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness";

let t: TestServer;
let kunming: string;
let n = 0;

const apply = async () => {
  n += 1;
  const username = `spot_${n}_${Date.now() % 100000}`;
  const res = await t.api("POST", "/partner-applications", {
    body: { name: `昆明景区${n}号`, kind: "tourism", prefectureCodes: ["530100"], contactName: "王经理", contactPhone: "13700000029", operator: { username, password: "Spot@2026xxx", displayName: "前台" } },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, username };
};
const login = (username: string, password = "Spot@2026xxx") => t.api("POST", "/auth/console/login", { body: { username, password } });

beforeAll(async () => {
  t = await startTestServer({ name: "partners" });
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
});
afterAll(() => t.close());

describe("signing in as the operator of a partner", () => {
  it("while the application is under review: told it awaits review, not that the account was stopped", async () => {
    const { username } = await apply();
    const res = await login(username);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "PARTNER_PENDING_REVIEW", message: "机构入驻申请待审核，审核通过后即可登录" });
    expect(res.body.error.message).not.toMatch(/停用/);
    // A wrong password learns nothing about the partner.
    const wrong = await login(username, "Wrong@2026xxx");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("AUTH_INVALID_CREDENTIALS");
  });

  it("after a rejection: told it was rejected and why; after approval: signed in", async () => {
    const rejected = await apply();
    await t.api("POST", `/partner-applications/${rejected.id}/decision`, { token: kunming, body: { decision: "reject", reason: "营业执照不清晰" } });
    const refused = await login(rejected.username);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("PARTNER_REJECTED");
    expect(refused.body.error.message).toContain("营业执照不清晰");

    const approved = await apply();
    await t.api("POST", `/partner-applications/${approved.id}/decision`, { token: kunming, body: { decision: "approve" } });
    expect((await login(approved.username)).status).toBe(200);
  });
});
