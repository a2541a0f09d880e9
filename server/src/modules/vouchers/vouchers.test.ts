import { createPublicKey, verify } from "node:crypto";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness";
import { createCitizens } from "../../../test/fixtures";

let t: TestServer;
let operator: string;
let scenarioId: string;
let phone = 16_600_000_000;

beforeAll(async () => {
  t = await startTestServer({ name: "vouchers" });
  operator = (await t.consoleLogin("ynly_operator", "Partner@2026")).accessToken;
  const mine = await t.api("GET", "/scenarios", { token: operator });
  scenarioId = mine.body.items.find((s: { title: string }) => s.title === "石林景区门票 守信游客立减").id;
});
afterAll(() => t.close());

async function claimedVoucher(name = "张三丰") {
  const [user] = await createCitizens([{ phone: String((phone += 1)), name, score: 720 }]);
  const token = t.tokenFor(user!);
  const claim = await t.api("POST", `/scenarios/${scenarioId}/claims`, { token, headers: { "idempotency-key": randomUUID() } });
  expect(claim.status).toBe(201);
  const voucher = await t.api("GET", `/me/claims/${claim.body.id}/voucher`, { token });
  expect(voucher.status).toBe(200);
  return { token, claim: claim.body, qr: voucher.body as { token: string; expiresAt: string; shortCode: string } };
}

const verifyCode = (code: string, as = operator) => t.api("POST", "/vouchers/verify", { token: as, body: { code } });
const redeem = (code: string, as = operator, place = "石林景区东门售票处") => t.api("POST", "/vouchers/redeem", { token: as, body: { code, place } });

describe("vouchers at the counter", () => {
  it("shows only what the counter needs, then redeems once; the citizen sees it redeemed", async () => {
    const { token, claim, qr } = await claimedVoucher("张三丰");
    expect(new Date(qr.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    const checked = await verifyCode(qr.token);
    expect(checked.body).toEqual({
      valid: true,
      claimId: claim.id,
      status: "claimed",
      scenarioTitle: "石林景区门票 守信游客立减",
      benefit: "门票立减20元",
      holderName: "张**",
      expiresAt: claim.expiresAt,
    });
    expect(JSON.stringify(checked.body)).not.toMatch(/score|720|idNumber/);

    const redeemed = await redeem(qr.token);
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({ valid: true, status: "redeemed" });
    const again = await redeem(qr.shortCode);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("VOUCHER_ALREADY_REDEEMED");
    expect((await verifyCode(qr.shortCode)).body).toMatchObject({ valid: false, reason: "该券已核销，不能重复使用" });

    const mine = await t.api("GET", "/me/claims", { token });
    expect(mine.body.items.find((c: { id: string }) => c.id === claim.id)).toMatchObject({ status: "redeemed", redeemedAt: expect.any(String) });
    expect((await t.api("GET", `/me/claims/${claim.id}/voucher`, { token })).body.error.code).toBe("VOUCHER_NOT_REDEEMABLE");
  });

  it("two counters redeeming the same voucher at the same moment: one succeeds", async () => {
    const { qr } = await claimedVoucher();
    const results = await Promise.all([redeem(qr.token), redeem(qr.shortCode), redeem(qr.token), redeem(qr.shortCode)]);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.body?.error?.code === "VOUCHER_ALREADY_REDEEMED")).toHaveLength(3);
  });

  it("a cancellation racing a redemption: exactly one of them happens", async () => {
    const { token, claim, qr } = await claimedVoucher();
    const [cancel, counter] = await Promise.all([t.api("POST", `/me/claims/${claim.id}/cancel`, { token }), redeem(qr.token)]);
    expect([cancel.status, counter.status].filter((s) => s === 200)).toHaveLength(1);
  });

  it("refuses a forged token and an expired one, also without the server (published key)", async () => {
    const { claim, qr } = await claimedVoucher();
    const [body, signature] = qr.token.split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString());
    const forgedBody = Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 3600 })).toString("base64url");
    const forged = `${forgedBody}.${signature}`;
    expect((await verifyCode(forged)).body).toMatchObject({ valid: false, reason: "签名无效：二维码不是本平台签发的" });
    const refused = await redeem(forged);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("VOUCHER_INVALID");

    const stale = t.services.signer.sign(claim.id, scenarioId, Date.now() - 120_000).token;
    expect((await verifyCode(stale)).body).toMatchObject({ valid: false, reason: "二维码已过期，请让对方刷新后重新出示" });

    const published = await t.api("GET", "/vouchers/public-key");
    const key = createPublicKey({ key: published.body.jwk, format: "jwk" });
    const check = (token: string) => verify(null, Buffer.from(token.split(".")[0]!), key, Buffer.from(token.split(".")[1]!, "base64url"));
    expect(check(qr.token)).toBe(true);
    expect(check(forged)).toBe(false);
  });

  it("an operator redeems only their own partner's vouchers", async () => {
    const applied = await t.api("POST", "/partner-applications", {
      body: { name: "昆明另一家景区", kind: "tourism", prefectureCodes: ["530100"], contactName: "王经理", contactPhone: "13700000009", operator: { username: "otherspot", password: "Other@2026xx", displayName: "前台" } },
    });
    const kunming = await t.consoleLogin("km_admin", "Kunming@2026");
    await t.api("POST", `/partner-applications/${applied.body.id}/decision`, { token: kunming.accessToken, body: { decision: "approve" } });
    const other = (await t.consoleLogin("otherspot", "Other@2026xx")).accessToken;
    const { qr } = await claimedVoucher();
    expect((await verifyCode(qr.token, other)).body).toMatchObject({ valid: false, reason: "该券不属于本机构的权益，不能核销" });
    const res = await redeem(qr.token, other);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("VOUCHER_WRONG_PARTNER");
  });

  it("live numbers follow claims, redemptions and cancellations", async () => {
    const before = (await t.api("GET", `/scenarios/${scenarioId}/stats`, { token: operator })).body;
    const a = await claimedVoucher();
    const b = await claimedVoucher();
    await redeem(a.qr.token);
    await t.api("POST", `/me/claims/${b.claim.id}/cancel`, { token: b.token });
    const after = (await t.api("GET", `/scenarios/${scenarioId}/stats`, { token: operator })).body;
    expect(after.claimed - before.claimed).toBe(2);
    expect(after.redeemed - before.redeemed).toBe(1);
    expect(after.cancelled - before.cancelled).toBe(1);
    expect(after.remaining).toBe(before.remaining - 1);
  });
});
