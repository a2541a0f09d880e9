import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import { claimedVoucher as claimVoucherFor, claimScenario, nextPhone } from "../../../test/scenario-fixtures";
import { ClaimModel, QuotaSeatModel, SubjectSlotModel, VoucherOutcomeModel } from "../claims/model";

/** Who may do what with a voucher, and the vouchers nobody may use. */
let t: TestServer;
let operator: string;
let platform: string;
let kunming: string;
let scenarioId: string;

beforeAll(async () => {
  t = await startTestServer({ name: "vouchers-access" });
  operator = (await t.consoleLogin("ynly_operator", "Partner@2026")).accessToken;
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
  const mine = await t.api("GET", "/scenarios", { token: operator });
  scenarioId = mine.body.items.find((s: { title: string }) => s.title === "石林景区门票 守信游客立减").id;
});
afterAll(() => t.close());

const claimedVoucher = () => claimVoucherFor(t, scenarioId);

const verifyCode = (code: string, as: string) => t.api("POST", "/vouchers/verify", { token: as, body: { code } });
const redeem = (code: string, as: string) => t.api("POST", "/vouchers/redeem", { token: as, body: { code, place: "东门" } });
const oid = (id: string) => new mongoose.Types.ObjectId(id);

/** Nothing happened to the voucher: no outcome, still claimed, its seat held. */
async function untouched(claimId: string) {
  expect(await VoucherOutcomeModel.exists({ _id: oid(claimId) })).toBeNull();
  expect((await ClaimModel.findById(claimId).lean())!.status).toBe("claimed");
  expect(await QuotaSeatModel.countDocuments({ claimId: oid(claimId) })).toBe(1);
}

describe("administrators at the counter", () => {
  it("may check a partner's voucher of their region but not redeem it", async () => {
    const { claimId, qr } = await claimedVoucher();
    for (const admin of [kunming, platform]) {
      const checked = await verifyCode(qr.shortCode, admin);
      expect(checked.status).toBe(200);
      expect(checked.body).toMatchObject({ valid: true, claimId, status: "claimed", holderName: expect.stringMatching(/^测\*+$/) });
      const refused = await redeem(qr.token, admin);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("VOUCHER_WRONG_PARTNER");
    }
    await untouched(claimId);
    // The partner's own counter still can.
    expect((await redeem(qr.token, operator)).status).toBe(200);
  });
});

describe("an expired voucher", () => {
  /** The voucher's redemption period ran out: as the store would hold it days later. */
  async function expiredVoucher() {
    const v = await claimedVoucher();
    await ClaimModel.updateOne({ _id: oid(v.claimId) }, { $set: { expiresAt: new Date(Date.now() - 60_000) } });
    await t.loseRedisData();
    return v;
  }

  it("is refused at the counter and leaves no outcome", async () => {
    const { claimId, qr } = await expiredVoucher();
    expect((await verifyCode(qr.shortCode, operator)).body).toMatchObject({ valid: false, status: "expired", reason: "该券已过期" });
    const res = await redeem(qr.shortCode, operator);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "VOUCHER_NOT_REDEEMABLE", message: "该券已过期" });
    await untouched(claimId);
  });

  it("cannot be cancelled by its holder, and shows no new QR code", async () => {
    const { token, claimId } = await expiredVoucher();
    const res = await t.api("POST", `/me/claims/${claimId}/cancel`, { token });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("VOUCHER_NOT_REDEEMABLE");
    expect(res.body.error.message).toContain("该券已过期");
    const qr = await t.api("GET", `/me/claims/${claimId}/voucher`, { token });
    expect(qr.body.error).toMatchObject({ code: "VOUCHER_NOT_REDEEMABLE", message: "该券已过期" });
    await untouched(claimId);
    const mine = await t.api("GET", "/me/claims", { token });
    expect(mine.body.items.find((c: { id: string }) => c.id === claimId)).toMatchObject({ status: "expired" });
  });
});

describe("codes that are not vouchers", () => {
  it("an unknown well-formed short code: not valid, 券码不存在, and redemption refused", async () => {
    const code = "ZZZZ2222";
    expect(await ClaimModel.exists({ shortCode: code })).toBeNull();
    expect((await verifyCode(code, operator)).body).toEqual({ valid: false, reason: "券码不存在" });
    const res = await redeem(code, operator);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "VOUCHER_INVALID", message: "券码不存在" });
  });

  it("malformed codes: too short to be one, too long, characters a code never has", async () => {
    const { qr } = await claimedVoucher();
    for (const path of ["/vouchers/verify", "/vouchers/redeem"]) {
      const short = await t.api("POST", path, { token: operator, body: { code: "ABC" } });
      expect(short.status, path).toBe(400);
      expect(short.body.error.details.issues[0].path, path).toBe("body.code");
    }
    for (const code of [`${qr.shortCode}${qr.shortCode}`, "ABCD!@#$", `${qr.shortCode.slice(0, 7)}1`, `${qr.shortCode.slice(0, 7)}O`]) {
      const checked = await verifyCode(code, operator);
      expect(checked.status, code).toBe(200);
      expect(checked.body, code).toMatchObject({ valid: false, reason: expect.stringContaining("券码格式不正确") });
      const res = await redeem(code, operator);
      expect(res.status, code).toBe(422);
      expect(res.body.error.code, code).toBe("VOUCHER_INVALID");
    }
  });
});

describe("one citizen's voucher, another citizen", () => {
  it("cannot fetch its QR code, cancel it or see it; the owner's voucher is untouched", async () => {
    const owner = await claimedVoucher();
    const [other] = await createCitizens([{ phone: nextPhone(), score: 720 }]);
    const stranger = t.tokenFor(other!);

    const qr = await t.api("GET", `/me/claims/${owner.claimId}/voucher`, { token: stranger });
    expect(qr.status).toBe(404);
    expect(qr.body.error.code).toBe("NOT_FOUND");
    const cancel = await t.api("POST", `/me/claims/${owner.claimId}/cancel`, { token: stranger });
    expect(cancel.status).toBe(404);
    expect(cancel.body.error.code).toBe("NOT_FOUND");
    const list = await t.api("GET", "/me/claims", { token: stranger });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);

    await untouched(owner.claimId);
    expect(await SubjectSlotModel.countDocuments({ claimId: oid(owner.claimId) })).toBe(1);
    // The owner still holds a working voucher.
    expect((await t.api("GET", `/me/claims/${owner.claimId}/voucher`, { token: owner.token })).status).toBe(200);
  });
});
