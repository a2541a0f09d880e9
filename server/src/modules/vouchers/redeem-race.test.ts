import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import { claimedVoucher as claimVoucherFor, claimScenario, nextPhone } from "../../../test/scenario-fixtures";
import { ClaimModel, QuotaSeatModel, VoucherOutcomeModel } from "../claims/model";

/** Counters racing for one voucher: the winner, the loser's answer, and what the store keeps. */
let t: TestServer;
let operator: string;
let operatorUserId: string;
let operatorPartnerId: string;
let scenarioId: string;

beforeAll(async () => {
  t = await startTestServer({ name: "vouchers-race" });
  const session = await t.consoleLogin("ynly_operator", "Partner@2026");
  operator = session.accessToken;
  operatorUserId = session.user.id;
  operatorPartnerId = session.user.partnerId!;
  const mine = await t.api("GET", "/scenarios", { token: operator });
  scenarioId = mine.body.items.find((s: { title: string }) => s.title === "石林景区门票 守信游客立减").id;
});
afterAll(() => t.close());

const claimedVoucher = () => claimVoucherFor(t, scenarioId);

const redeem = (code: string, place: string) => t.api("POST", "/vouchers/redeem", { token: operator, body: { code, place } });

describe("two counters redeeming one voucher at the same moment", () => {
  it("one wins; the other is told it is already redeemed; the store holds one outcome, the redeemed claim and its seat", async () => {
    const { token, claimId, qr } = await claimedVoucher();
    const before = (await t.api("GET", `/scenarios/${scenarioId}/stats`, { token: operator })).body;
    const [a, b] = await Promise.all([redeem(qr.token, "东门"), redeem(qr.shortCode, "西门")]);

    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    expect(winner.body).toMatchObject({ valid: true, status: "redeemed", claimId });
    expect(loser.body.error).toMatchObject({ code: "VOUCHER_ALREADY_REDEEMED", message: "该券已核销，不能重复使用" });

    const id = new mongoose.Types.ObjectId(claimId);
    const outcomes = await VoucherOutcomeModel.find({ _id: id }).lean();
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ outcome: "redeemed", by: operatorUserId, place: a.status === 200 ? "东门" : "西门" });
    expect(outcomes[0]!.partnerId?.toHexString()).toBe(operatorPartnerId);
    const claim = await ClaimModel.findById(id).lean();
    expect(claim).toMatchObject({ status: "redeemed" });
    expect(claim!.redeemedAt!.getTime()).toBe(outcomes[0]!.at.getTime());
    // A redeemed voucher keeps its quota place: it was used, not given back.
    expect(await QuotaSeatModel.countDocuments({ claimId: id })).toBe(1);

    const after = (await t.api("GET", `/scenarios/${scenarioId}/stats`, { token: operator })).body;
    expect(after.redeemed - before.redeemed).toBe(1);
    expect(after.remaining).toBe(before.remaining);
    const mine = await t.api("GET", "/me/claims", { token });
    expect(mine.body.items.find((c: { id: string }) => c.id === claimId)).toMatchObject({ status: "redeemed" });
  });

  it("a cancellation racing a redemption: exactly one happens, and the store agrees with the answers", async () => {
    const { token, claimId, qr } = await claimedVoucher();
    const [cancel, counter] = await Promise.all([t.api("POST", `/me/claims/${claimId}/cancel`, { token }), redeem(qr.token, "东门")]);
    expect([cancel.status, counter.status].filter((s) => s === 200)).toHaveLength(1);
    const id = new mongoose.Types.ObjectId(claimId);
    const outcomes = await VoucherOutcomeModel.find({ _id: id }).lean();
    expect(outcomes).toHaveLength(1);
    const claim = await ClaimModel.findById(id).lean();
    if (counter.status === 200) {
      expect(cancel.body.error.code).toBe("VOUCHER_ALREADY_REDEEMED");
      expect(outcomes[0]!.outcome).toBe("redeemed");
      expect(claim!.status).toBe("redeemed");
      expect(await QuotaSeatModel.countDocuments({ claimId: id })).toBe(1);
    } else {
      expect(counter.body.error.code).toBe("VOUCHER_NOT_REDEEMABLE");
      expect(outcomes[0]!.outcome).toBe("cancelled");
      expect(claim!.status).toBe("cancelled");
      // The cancelled voucher's place went back to the quota.
      expect(await QuotaSeatModel.countDocuments({ claimId: id })).toBe(0);
    }
  });
});
