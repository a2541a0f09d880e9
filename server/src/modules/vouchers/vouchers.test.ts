import { createPublicKey, verify } from "node:crypto";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type ApiResponse, type TestServer } from "../../../test/harness";
import { createCitizens } from "../../../test/fixtures";
import { claimScenario, nextPhone } from "../../../test/scenario-fixtures";
import { ClaimModel, QuotaSeatModel, SubjectSlotModel, VoucherOutcomeModel } from "../claims/model";
import { DEMO_IDENTITIES } from "../identity/demo-identities";

let t: TestServer;
let operator: string;
let operatorUserId: string;
let operatorPartnerId: string;
let scenarioId: string;

beforeAll(async () => {
  t = await startTestServer({ name: "vouchers" });
  const session = await t.consoleLogin("ynly_operator", "Partner@2026");
  operator = session.accessToken;
  operatorUserId = session.user.id;
  operatorPartnerId = session.user.partnerId!;
  const mine = await t.api("GET", "/scenarios", { token: operator });
  scenarioId = mine.body.items.find((s: { title: string }) => s.title === "石林景区门票 守信游客立减").id;
});
afterAll(() => t.close());

/** A new 昆明 citizen with this name claims the counter's scenario and opens the voucher (the name shows masked at the counter). */
async function claimedVoucher(name = "张三丰") {
  const [user] = await createCitizens([{ phone: nextPhone(), name, score: 720 }]);
  const token = t.tokenFor(user!);
  const claim = await claimScenario(t, token, scenarioId);
  expect(claim.status).toBe(201);
  const voucher = await t.api("GET", `/me/claims/${claim.body.id}/voucher`, { token });
  expect(voucher.status).toBe(200);
  return { token, userId: user!._id.toHexString(), claim: claim.body, qr: voucher.body as { token: string; expiresAt: string; shortCode: string } };
}

const verifyCode = (code: string, as = operator) => t.api("POST", "/vouchers/verify", { token: as, body: { code } });
const redeem = (code: string, as = operator, place = "石林景区东门售票处") => t.api("POST", "/vouchers/redeem", { token: as, body: { code, place } });
const cancel = (token: string, claimId: string) => t.api("POST", `/me/claims/${claimId}/cancel`, { token });

/** What the store holds for one voucher: its outcome documents, the claim, its quota seat and per-subject slots. */
async function stored(claimId: string) {
  const id = new mongoose.Types.ObjectId(claimId);
  const [outcomes, claim, seats, slots] = await Promise.all([
    VoucherOutcomeModel.find({ _id: id }).lean(),
    ClaimModel.findById(id).lean(),
    QuotaSeatModel.countDocuments({ claimId: id }),
    SubjectSlotModel.countDocuments({ claimId: id }),
  ]);
  return { outcomes, claim: claim!, seats, slots };
}

const stats = async () => {
  const res = await t.api("GET", `/scenarios/${scenarioId}/stats`, { token: operator });
  expect(res.status).toBe(200);
  return res.body as { claimed: number; redeemed: number; cancelled: number; remaining: number };
};

/** How many vouchers each race is run on: the requests' arrival order varies, so both winners get exercised. */
const RACES = 5;
const CANCEL_DELAYS_MS = [0, 2, 4, 8, 12];
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("vouchers at the counter", () => {
  it("shows only what the counter needs, then redeems once; the citizen sees it redeemed", async () => {
    const { token, claim, qr } = await claimedVoucher("张三丰");
    const lifetime = new Date(qr.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(60_000);
    const checked = await verifyCode(qr.token);
    expect(checked.status).toBe(200);
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
    // Checking is not redeeming: nothing is written.
    expect((await stored(claim.id)).outcomes).toHaveLength(0);

    const redeemed = await redeem(qr.token);
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({ valid: true, status: "redeemed", claimId: claim.id });
    const again = await redeem(qr.shortCode);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("VOUCHER_ALREADY_REDEEMED");
    const rechecked = await verifyCode(qr.shortCode);
    expect(rechecked.status).toBe(200);
    expect(rechecked.body).toMatchObject({ valid: false, reason: "该券已核销，不能重复使用" });

    // The operator, time and place are recorded once; the claim is redeemed and keeps its seat.
    const after = await stored(claim.id);
    expect(after.outcomes).toHaveLength(1);
    expect(after.outcomes[0]).toMatchObject({ outcome: "redeemed", by: operatorUserId, place: "石林景区东门售票处" });
    expect(after.outcomes[0]!.partnerId?.toHexString()).toBe(operatorPartnerId);
    expect(after.claim.status).toBe("redeemed");
    expect(after.claim.redeemedAt!.getTime()).toBe(after.outcomes[0]!.at.getTime());
    expect(after.seats).toBe(1);

    const mine = await t.api("GET", "/me/claims", { token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.find((c: { id: string }) => c.id === claim.id)).toMatchObject({ status: "redeemed", redeemedAt: expect.any(String) });
    const reopened = await t.api("GET", `/me/claims/${claim.id}/voucher`, { token });
    expect(reopened.status).toBe(409);
    expect(reopened.body.error.code).toBe("VOUCHER_NOT_REDEEMABLE");
  });

  it("two counters redeeming the same voucher at the same moment: one succeeds, the others are told it is redeemed, the store holds one outcome", async () => {
    const vouchers = await Promise.all(Array.from({ length: RACES }, () => claimedVoucher()));
    const held = await Promise.all(vouchers.map(({ claim }) => stored(claim.id)));
    for (const h of held) expect(h).toMatchObject({ outcomes: [], seats: 1 });
    const before = await stats();
    const places = ["东门", "西门", "南门", "北门"];
    // Every voucher gets four counters at once, by QR token and by short code; all five races run together.
    const races = await Promise.all(vouchers.map(({ qr }) => Promise.all(places.map((place, i) => redeem(i % 2 ? qr.shortCode : qr.token, operator, place)))));

    for (const [n, results] of races.entries()) {
      const { claim } = vouchers[n]!;
      const winners = results.flatMap((r, i) => (r.status === 200 ? [{ r, place: places[i]! }] : []));
      expect(winners, `voucher ${n}: ${results.map((r) => r.status)}`).toHaveLength(1);
      const [{ r: winner, place }] = winners as [{ r: ApiResponse; place: string }];
      expect(winner.body).toMatchObject({ valid: true, status: "redeemed", claimId: claim.id });
      const losers = results.filter((r) => r !== winner);
      expect(losers).toHaveLength(3);
      for (const loser of losers) {
        expect(loser.status).toBe(409);
        expect(loser.body.error).toMatchObject({ code: "VOUCHER_ALREADY_REDEEMED", message: "该券已核销，不能重复使用" });
      }

      const after = await stored(claim.id);
      expect(after.outcomes).toHaveLength(1);
      expect(after.outcomes[0]).toMatchObject({ outcome: "redeemed", by: operatorUserId, place });
      expect(after.outcomes[0]!.partnerId?.toHexString()).toBe(operatorPartnerId);
      expect(after.claim.status).toBe("redeemed");
      expect(after.claim.redeemedAt!.getTime()).toBe(after.outcomes[0]!.at.getTime());
      // A redeemed voucher keeps its quota seat and the holder's slot: it was used, not given back.
      expect(after.seats).toBe(1);
      expect(after.slots).toBe(held[n]!.slots);
      expect(after.slots).toBeGreaterThan(0);
    }
    const after = await stats();
    expect(after.redeemed - before.redeemed).toBe(RACES);
    expect(after.remaining).toBe(before.remaining);
  });

  it("a cancellation racing a redemption: exactly one of them happens, the loser is told which, the store agrees", async () => {
    const vouchers = await Promise.all(Array.from({ length: RACES }, () => claimedVoucher()));
    const held = await Promise.all(vouchers.map(({ claim }) => stored(claim.id)));
    for (const h of held) expect(h).toMatchObject({ outcomes: [], seats: 1 });
    const before = await stats();
    // A cancellation is less work than a redemption and wins a dead heat; the holder taps a few
    // milliseconds later on some vouchers, so the redemption can win too, while both are in flight.
    const races = await Promise.all(
      vouchers.map(async ({ token, claim, qr }, n) => {
        const [counter, cancelled] = await Promise.all([redeem(qr.token), delay(CANCEL_DELAYS_MS[n]!).then(() => cancel(token, claim.id))]);
        return { cancelled, counter };
      }),
    );

    const won = { redeemed: 0, cancelled: 0 };
    for (const [n, { cancelled, counter }] of races.entries()) {
      const { claim, userId } = vouchers[n]!;
      const statuses = `voucher ${n}: cancel ${cancelled.status}, redeem ${counter.status}`;
      expect([cancelled.status, counter.status].sort(), statuses).toEqual([200, 409]);
      const after = await stored(claim.id);
      expect(after.outcomes, statuses).toHaveLength(1);
      const outcome = after.outcomes[0]!;
      if (counter.status === 200) {
        won.redeemed += 1;
        expect(counter.body).toMatchObject({ valid: true, status: "redeemed", claimId: claim.id });
        expect(cancelled.body.error).toMatchObject({ code: "VOUCHER_ALREADY_REDEEMED", message: "该券已核销，不能取消" });
        expect(outcome).toMatchObject({ outcome: "redeemed", by: operatorUserId });
        expect(after.claim.status).toBe("redeemed");
        expect(after.claim.cancelledAt).toBeUndefined();
        expect(after.seats).toBe(1);
        expect(after.slots).toBe(held[n]!.slots);
      } else {
        won.cancelled += 1;
        expect(cancelled.body).toMatchObject({ id: claim.id, status: "cancelled" });
        // The redeem route's code for a voucher its holder cancelled (its message says so).
        expect(counter.body.error).toMatchObject({ code: "VOUCHER_NOT_REDEEMABLE", message: "该券已被持有人取消" });
        expect(outcome).toMatchObject({ outcome: "cancelled", by: userId });
        expect(after.claim.status).toBe("cancelled");
        expect(after.claim.redeemedAt).toBeUndefined();
        // The cancelled voucher's quota seat and the holder's slot went back.
        expect(after.seats).toBe(0);
        expect(after.slots).toBe(0);
      }
    }
    expect(held.every((h) => h.slots > 0)).toBe(true);
    expect(won.redeemed + won.cancelled).toBe(RACES);
    const after = await stats();
    expect(after.redeemed - before.redeemed).toBe(won.redeemed);
    expect(after.cancelled - before.cancelled).toBe(won.cancelled);
    expect(after.remaining).toBe(before.remaining + won.cancelled);
  });

  it("refuses a forged token and an expired one, also without the server (published key)", async () => {
    const { claim, qr } = await claimedVoucher();
    const [body, signature] = qr.token.split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString());
    const forgedBody = Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 3600 })).toString("base64url");
    const forged = `${forgedBody}.${signature}`;
    const forgedCheck = await verifyCode(forged);
    expect(forgedCheck.status).toBe(200);
    expect(forgedCheck.body).toMatchObject({ valid: false, reason: "签名无效：二维码不是本平台签发的" });
    const refused = await redeem(forged);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: "VOUCHER_INVALID", message: "签名无效：二维码不是本平台签发的" });

    const stale = t.services.signer.sign(claim.id, scenarioId, Date.now() - 120_000).token;
    const staleCheck = await verifyCode(stale);
    expect(staleCheck.status).toBe(200);
    expect(staleCheck.body).toMatchObject({ valid: false, reason: "二维码已过期，请让对方刷新后重新出示" });
    const staleRedeem = await redeem(stale);
    expect(staleRedeem.status).toBe(422);
    expect(staleRedeem.body.error).toMatchObject({ code: "VOUCHER_INVALID", message: "二维码已过期，请让对方刷新后重新出示" });
    // Neither refused code touched the voucher: it can still be redeemed with a good one.
    expect(await stored(claim.id)).toMatchObject({ outcomes: [], claim: { status: "claimed" }, seats: 1 });

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
    expect(applied.status).toBe(201);
    const kunming = await t.consoleLogin("km_admin", "Kunming@2026");
    const approved = await t.api("POST", `/partner-applications/${applied.body.id}/decision`, { token: kunming.accessToken, body: { decision: "approve" } });
    expect(approved.status).toBe(200);
    const other = (await t.consoleLogin("otherspot", "Other@2026xx")).accessToken;
    const { claim, qr } = await claimedVoucher();
    const checked = await verifyCode(qr.token, other);
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({ valid: false, reason: "该券不属于本机构的权益，不能核销" });
    for (const code of [qr.token, qr.shortCode]) {
      const res = await redeem(code, other);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("VOUCHER_WRONG_PARTNER");
    }
    expect(await stored(claim.id)).toMatchObject({ outcomes: [], claim: { status: "claimed" }, seats: 1 });
    // The partner that runs the scenario still can.
    expect((await redeem(qr.token)).status).toBe(200);
  });

  it("live numbers follow claims, redemptions and cancellations", async () => {
    const before = await stats();
    const a = await claimedVoucher();
    const b = await claimedVoucher();
    expect((await redeem(a.qr.token)).status).toBe(200);
    expect((await cancel(b.token, b.claim.id)).status).toBe(200);
    const after = await stats();
    expect(after.claimed - before.claimed).toBe(2);
    expect(after.redeemed - before.redeemed).toBe(1);
    expect(after.cancelled - before.cancelled).toBe(1);
    expect(after.remaining).toBe(before.remaining - 1);
  });

  it("takes a code as the phone shows it: grouped, lower case, full-width, with a hyphen", async () => {
    for (const shown of [(c: string) => `${c.slice(0, 4)} ${c.slice(4)}`, (c: string) => c.toLowerCase(), (c: string) => `${c.slice(0, 4)}-${c.slice(4)}`.toLowerCase()]) {
      const { claim, qr } = await claimedVoucher();
      const checked = await verifyCode(shown(qr.shortCode));
      expect(checked.status).toBe(200);
      expect(checked.body).toMatchObject({ valid: true, claimId: claim.id });
    }
    // Full-width, as a Chinese input method types it, with an ideographic space between the groups.
    const { claim, qr } = await claimedVoucher();
    const fullWidth = [...qr.shortCode].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join("");
    const typed = `${fullWidth.slice(0, 4)}\u3000${fullWidth.slice(4)}`;
    const redeemed = await redeem(typed);
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({ valid: true, status: "redeemed", claimId: claim.id });
    const again = await redeem(qr.shortCode.toLowerCase());
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("VOUCHER_ALREADY_REDEEMED");
    expect((await stored(claim.id)).outcomes).toHaveLength(1);
  });

  it("cancelling a cancelled voucher says it is cancelled, not that it cannot be redeemed", async () => {
    const { token, userId, claim } = await claimedVoucher();
    expect((await stored(claim.id)).slots).toBeGreaterThan(0);
    expect((await cancel(token, claim.id)).status).toBe(200);
    const again = await cancel(token, claim.id);
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual(expect.objectContaining({ code: "VOUCHER_ALREADY_CANCELLED", message: "该券已取消，无需重复取消" }));
    const mine = await t.api("GET", "/me/claims", { token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.find((c: { id: string }) => c.id === claim.id)).toMatchObject({ status: "cancelled", cancelledAt: expect.any(String) });
    // One cancellation, by the holder; the seat and the slot went back once.
    const after = await stored(claim.id);
    expect(after.outcomes).toHaveLength(1);
    expect(after.outcomes[0]).toMatchObject({ outcome: "cancelled", by: userId });
    expect(after).toMatchObject({ claim: { status: "cancelled" }, seats: 0, slots: 0 });
  });

  it("a voucher keeps the benefit it was granted with after the holder's grade rises", async () => {
    const zhang = (await t.citizenLogin("13800000001")).accessToken;
    const before = (await t.api("GET", "/me/credit", { token: zhang })).body;
    expect(before.subject.grade).toBe("A");
    const claim = await claimScenario(t, zhang, scenarioId);
    expect(claim.status).toBe(201);
    expect(claim.body).toMatchObject({ benefit: "门票立减20元", benefitGrade: "A" });
    const opened = await t.api("GET", `/me/claims/${claim.body.id}/voucher`, { token: zhang });
    expect(opened.status).toBe(200);
    const qr = opened.body;

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

    expect((await verifyCode(qr.token)).body).toMatchObject({ valid: true, benefit: "门票立减20元" });
    const redeemed = await redeem(qr.token);
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({ status: "redeemed", benefit: "门票立减20元" });
    expect((await stored(claim.body.id)).claim).toMatchObject({ status: "redeemed", benefit: "门票立减20元", benefitGrade: "A" });
    const mine = (await t.api("GET", "/me/claims", { token: zhang })).body.items.find((c: { id: string }) => c.id === claim.body.id);
    expect(mine).toMatchObject({ status: "redeemed", benefit: "门票立减20元", benefitGrade: "A" });
    const relisted = (await t.api("GET", "/scenarios/available", { token: zhang })).body.items.find((s: { id: string }) => s.id === scenarioId);
    expect(relisted.myClaim).toEqual({ id: claim.body.id, status: "redeemed", benefit: "门票立减20元" });
  });
});
