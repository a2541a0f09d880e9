import { createHash } from "node:crypto";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import { claimScenario, nextPhone, publishedScenario } from "../../../test/scenario-fixtures";
import { IdempotencyKeyModel, IdempotencyResultModel } from "../idempotency/idempotency";
import { ClaimModel, QuotaSeatModel, seatId, slotId, SubjectSlotModel } from "./model";
import { ORPHAN_AFTER_MS } from "./seats";

/**
 * A request that crashed between its inserts leaves a seat, a slot or an
 * Idempotency-Key reservation without a claim. Those are written here straight
 * into the store, dated as a crash long ago (or just now) would have left them.
 */
let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await startTestServer({ name: "claims-recovery" });
  admin = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
});
afterAll(() => t.close());

const oid = (id: string) => new mongoose.Types.ObjectId(id);
const longAgo = () => new Date(Date.now() - ORPHAN_AFTER_MS - 60_000);

async function citizen() {
  const [user] = await createCitizens([{ phone: nextPhone(), score: 720 }]);
  return { user: user!, token: t.tokenFor(user!) };
}

/** A seat held by a claim that was never written. */
async function orphanSeat(scenarioId: string, seatNo: number, takenAt: Date) {
  await QuotaSeatModel.create({ _id: seatId(oid(scenarioId), seatNo), scenarioId: oid(scenarioId), seatNo, claimId: new mongoose.Types.ObjectId(), takenAt });
}

describe("crash recovery: orphaned seats and slots", () => {
  it("a seat orphaned longer than the orphan timeout goes to the next claimant; the store holds one seat per claim", async () => {
    const scenario = await publishedScenario(t, admin, { quota: 2 });
    await orphanSeat(scenario.id, 1, longAgo());
    await orphanSeat(scenario.id, 2, longAgo());
    const { token } = await citizen();
    const res = await claimScenario(t, token, scenario.id);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const seats = await QuotaSeatModel.find({ scenarioId: oid(scenario.id) }).lean();
    const claims = await ClaimModel.find({ scenarioId: oid(scenario.id) }).lean();
    expect(claims.map((c) => c._id.toHexString())).toEqual([res.body.id]);
    // One orphan gave its seat to the claim; the other was released with it, so the quota shows the truth.
    expect(seats.filter((s) => s.claimId.equals(claims[0]!._id))).toHaveLength(1);
    expect(seats.every((s) => claims.some((c) => c._id.equals(s.claimId)))).toBe(true);
    const second = await claimScenario(t, (await citizen()).token, scenario.id);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(await ClaimModel.countDocuments({ scenarioId: oid(scenario.id) })).toBe(2);
    expect(await QuotaSeatModel.countDocuments({ scenarioId: oid(scenario.id) })).toBe(2);
  });

  it("a seat taken just now by a request still running is not taken away", async () => {
    const scenario = await publishedScenario(t, admin, { quota: 1 });
    await orphanSeat(scenario.id, 1, new Date());
    const res = await claimScenario(t, (await citizen()).token, scenario.id);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("CLAIM_QUOTA_EXHAUSTED");
    expect(await ClaimModel.countDocuments({ scenarioId: oid(scenario.id) })).toBe(0);
    const seat = await QuotaSeatModel.findById(seatId(oid(scenario.id), 1)).lean();
    expect(seat).not.toBeNull();
  });

  it("a per-subject slot orphaned longer than the timeout does not stop its subject from claiming (limit 1)", async () => {
    const scenario = await publishedScenario(t, admin, { quota: 5 });
    const { user, token } = await citizen();
    const id = slotId(oid(scenario.id), user.subjectId!, "all", 1);
    const lost = new mongoose.Types.ObjectId();
    await SubjectSlotModel.create({ _id: id, scenarioId: oid(scenario.id), subjectId: user.subjectId!, periodKey: "all", slotNo: 1, claimId: lost, takenAt: longAgo() });
    const res = await claimScenario(t, token, scenario.id);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const slot = await SubjectSlotModel.findById(id).lean();
    expect(slot?.claimId.toHexString()).toBe(res.body.id);
  });

  it("a per-subject slot orphaned longer than the timeout is reclaimed when the limit is 2", async () => {
    const scenario = await publishedScenario(t, admin, { quota: 5, perSubjectLimit: { total: 2 } });
    const { user, token } = await citizen();
    const id = slotId(oid(scenario.id), user.subjectId!, "all", 1);
    await SubjectSlotModel.create({ _id: id, scenarioId: oid(scenario.id), subjectId: user.subjectId!, periodKey: "all", slotNo: 1, claimId: new mongoose.Types.ObjectId(), takenAt: longAgo() });
    expect((await claimScenario(t, token, scenario.id)).status).toBe(201);
    expect((await claimScenario(t, token, scenario.id)).status).toBe(201);
    const third = await claimScenario(t, token, scenario.id);
    expect(third.body.error?.code).toBe("CLAIM_LIMIT_REACHED");
    const claims = await ClaimModel.find({ scenarioId: oid(scenario.id) }, { _id: 1 }).lean();
    const slots = await SubjectSlotModel.find({ scenarioId: oid(scenario.id), subjectId: user.subjectId! }).lean();
    expect(claims).toHaveLength(2);
    expect(slots.map((s) => s.claimId.toHexString()).sort()).toEqual(claims.map((c) => c._id.toHexString()).sort());
  });

  it("a slot taken just now by a request still running is respected", async () => {
    const scenario = await publishedScenario(t, admin, { quota: 5 });
    const { user, token } = await citizen();
    const id = slotId(oid(scenario.id), user.subjectId!, "all", 1);
    await SubjectSlotModel.create({ _id: id, scenarioId: oid(scenario.id), subjectId: user.subjectId!, periodKey: "all", slotNo: 1, claimId: new mongoose.Types.ObjectId(), takenAt: new Date() });
    const res = await claimScenario(t, token, scenario.id);
    expect(res.body.error?.code).toBe("CLAIM_ALREADY_CLAIMED");
    expect(await ClaimModel.countDocuments({ scenarioId: oid(scenario.id) })).toBe(0);
  });
});

describe("crash recovery: an Idempotency-Key retry while the first request has not answered", () => {
  const fingerprint = (scenarioId: string) => createHash("sha256").update(`claim:${scenarioId}`).digest("hex");

  it("waits for the first request and answers with its outcome, doing nothing itself", async () => {
    const scenario = await publishedScenario(t, admin, { quota: 5 });
    const { user, token } = await citizen();
    const key = "wait-for-first-0001";
    const id = `${user._id.toHexString()}:${key}`;
    await IdempotencyKeyModel.create({ _id: id, fingerprint: fingerprint(scenario.id), at: new Date() });
    const retry = claimScenario(t, token, scenario.id, key);
    // The first request finishes while the retry waits: it was refused (the retry must say the same, not claim).
    await new Promise((resolve) => setTimeout(resolve, 500));
    await IdempotencyResultModel.create({ _id: id, fingerprint: fingerprint(scenario.id), result: { ok: false, code: "CLAIM_QUOTA_EXHAUSTED", message: "该权益名额已领完" }, at: new Date() });
    const res = await retry;
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "CLAIM_QUOTA_EXHAUSTED", message: "该权益名额已领完" });
    expect(await ClaimModel.countDocuments({ scenarioId: oid(scenario.id) })).toBe(0);
    expect(await QuotaSeatModel.countDocuments({ scenarioId: oid(scenario.id) })).toBe(0);
  });

  it("while the first request may still be running, refuses with CONFLICT and claims nothing; once it is abandoned, takes over", async () => {
    const scenario = await publishedScenario(t, admin, { quota: 5 });
    const running = await citizen();
    const dead = await citizen();
    const key = "unfinished-req-0001";
    await IdempotencyKeyModel.create({ _id: `${running.user._id.toHexString()}:${key}`, fingerprint: fingerprint(scenario.id), at: new Date() });
    await IdempotencyKeyModel.create({ _id: `${dead.user._id.toHexString()}:${key}`, fingerprint: fingerprint(scenario.id), at: new Date(Date.now() - 10 * 60_000) });

    const [busy, takenOver] = await Promise.all([claimScenario(t, running.token, scenario.id, key), claimScenario(t, dead.token, scenario.id, key)]);
    expect(busy.status).toBe(409);
    expect(busy.body.error).toMatchObject({ code: "CONFLICT", message: "相同的请求正在处理，请稍后重试" });
    expect(takenOver.status, JSON.stringify(takenOver.body)).toBe(201);

    const claims = await ClaimModel.find({ scenarioId: oid(scenario.id) }).lean();
    expect(claims.map((c) => c.subjectId.toHexString())).toEqual([dead.user.subjectId!.toHexString()]);
    expect(claims[0]!._id.toHexString()).toBe(takenOver.body.id);
    // Its outcome is stored: a further retry replays it instead of claiming again.
    const again = await claimScenario(t, dead.token, scenario.id, key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(takenOver.body.id);
    expect(await ClaimModel.countDocuments({ scenarioId: oid(scenario.id) })).toBe(1);
    expect(await IdempotencyResultModel.exists({ _id: `${running.user._id.toHexString()}:${key}` })).toBeNull();
  });
});
