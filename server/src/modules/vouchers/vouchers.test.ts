import { createPublicKey, verify } from "node:crypto";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness";
import { createCitizens } from "../../../test/fixtures";
import { DEMO_IDENTITIES } from "../identity/demo-identities";

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

  it("takes a code as the phone shows it: grouped, lower case, full-width, with a hyphen", async () => {
    for (const shown of [(c: string) => `${c.slice(0, 4)} ${c.slice(4)}`, (c: string) => c.toLowerCase(), (c: string) => `${c.slice(0, 4)}-${c.slice(4)}`.toLowerCase()]) {
      const { claim, qr } = await claimedVoucher();
      const code = shown(qr.shortCode);
      expect((await verifyCode(code)).body).toMatchObject({ valid: true, claimId: claim.id });
    }
    // Full-width, as a Chinese input method types it, with an ideographic space between the groups.
    const { claim, qr } = await claimedVoucher();
    const fullWidth = [...qr.shortCode].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join("");
    const typed = `${fullWidth.slice(0, 4)}\u3000${fullWidth.slice(4)}`;
    const redeemed = await redeem(typed);
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({ valid: true, status: "redeemed", claimId: claim.id });
    expect((await redeem(qr.shortCode.toLowerCase())).body.error.code).toBe("VOUCHER_ALREADY_REDEEMED");
  });

  it("cancelling a cancelled voucher says it is cancelled, not that it cannot be redeemed", async () => {
    const { token, claim } = await claimedVoucher();
    expect((await t.api("POST", `/me/claims/${claim.id}/cancel`, { token })).status).toBe(200);
    const again = await t.api("POST", `/me/claims/${claim.id}/cancel`, { token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("VOUCHER_ALREADY_CANCELLED");
    expect(again.body.error.message).not.toMatch(/核销/);
    const mine = await t.api("GET", "/me/claims", { token });
    expect(mine.body.items.find((c: { id: string }) => c.id === claim.id).status).toBe("cancelled");
  });

  it("a voucher keeps the benefit it was granted with after the holder's grade rises", async () => {
    const zhang = (await t.citizenLogin("13800000001")).accessToken;
    const before = (await t.api("GET", "/me/credit", { token: zhang })).body;
    expect(before.subject.grade).toBe("A");
    const claim = await t.api("POST", `/scenarios/${scenarioId}/claims`, { token: zhang, headers: { "idempotency-key": randomUUID() } });
    expect(claim.status).toBe(201);
    expect(claim.body).toMatchObject({ benefit: "门票立减20元", benefitGrade: "A" });
    const qr = (await t.api("GET", `/me/claims/${claim.body.id}/voucher`, { token: zhang })).body;

    // A red-list record lifts 张明 from A to AA, whose tier is 门票立减40元.
    const admin = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
    const record = await t.api("POST", "/credit-records", {
      token: admin,
      body: {
        subject: { kind: "citizen", idNumber: DEMO_IDENTITIES.zhangMing.idNumber, name: "张明" },
        prefectureCode: "530100",
        kind: "red_list",
        title: "昆明市守信红名单",
        sourceDept: "昆明市发展和改革委员会",
        docNo: `昆发改信用〔2026〕${Date.now() % 100000}号`,
        decidedAt: new Date(Date.now() - 86400_000).toISOString().slice(0, 10),
      },
    });
    expect(record.status).toBe(201);
    const after = (await t.api("GET", "/me/credit", { token: zhang })).body;
    expect(after.subject.grade).toBe("AA");
    const listed = (await t.api("GET", "/scenarios/available", { token: zhang })).body.items.find((s: { id: string }) => s.id === scenarioId);
    expect(listed).toMatchObject({ myBenefit: "门票立减40元", claimedByMe: true, myClaim: { id: claim.body.id, status: "claimed", benefit: "门票立减20元" } });

    expect((await verifyCode(qr.token)).body.benefit).toBe("门票立减20元");
    expect((await redeem(qr.token)).body).toMatchObject({ status: "redeemed", benefit: "门票立减20元" });
    const mine = (await t.api("GET", "/me/claims", { token: zhang })).body.items.find((c: { id: string }) => c.id === claim.body.id);
    expect(mine).toMatchObject({ status: "redeemed", benefit: "门票立减20元", benefitGrade: "A" });
    const relisted = (await t.api("GET", "/scenarios/available", { token: zhang })).body.items.find((s: { id: string }) => s.id === scenarioId);
    expect(relisted.myClaim).toEqual({ id: claim.body.id, status: "redeemed", benefit: "门票立减20元" });
  });
});
