import { createHash, randomBytes } from "node:crypto";
import { Types } from "mongoose";
import {
  benefitFor,
  benefitTierFor,
  judgeEligibility,
  maskName,
  prefectureName,
  type TBenefit,
  type TClaim,
  type TEligibilityRule,
  type TPerSubjectLimit,
  type TVoucherToken,
} from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import type { Redis, RedisKeys } from "../../infra/redis";
import { isDuplicateKeyError } from "../../infra/store";
import { runOnce } from "../idempotency/idempotency";
import { currentSubjectView, inScope } from "../scenarios/eligibility";
import { ScenarioModel, type Scenario } from "../scenarios/model";
import { isOpenNow } from "../scenarios/service";
import type { VoucherCache } from "../vouchers/cache";
import { newShortCode, type VoucherSigner } from "../vouchers/tokens";
import { NEXT_PERIOD_WORDS, PERIOD_WORDS, periodKey } from "./limits";
import { ClaimModel, slotId, SubjectSlotModel, VoucherOutcomeModel, type Claim } from "./model";
import { presentClaim } from "./presenter";
import { ORPHAN_AFTER_MS, type SeatAllocator } from "./seats";
import type { ScenarioStats } from "./stats";
import { subjectIdOf } from "../users/subject-of";



export type ClaimDeps = {
  redis: Redis;
  keys: RedisKeys;
  seats: SeatAllocator;
  stats: ScenarioStats;
  signer: VoucherSigner;
  vouchers: VoucherCache;
};

function limitReached(limit: TPerSubjectLimit): AppError {
  return limit.total === 1 ? new AppError("CLAIM_ALREADY_CLAIMED") : new AppError("CLAIM_LIMIT_REACHED", `每人最多领取 ${limit.total} 次，您已达到上限`);
}

export function createClaimService(deps: ClaimDeps) {
  const { seats, stats, redis, keys } = deps;

  /** Takes the first free slot 1..limit of a period; null when all are taken. */
  async function takeSlot(scenarioId: Types.ObjectId, subjectId: Types.ObjectId, key: string, limit: number, claimId: Types.ObjectId): Promise<string | null> {
    for (let slotNo = 1; slotNo <= limit; slotNo++) {
      const id = slotId(scenarioId, subjectId, key, slotNo);
      try {
        await SubjectSlotModel.create({ _id: id, scenarioId, subjectId, periodKey: key, slotNo, claimId, takenAt: new Date() });
        return id;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const held = await SubjectSlotModel.findById(id).lean();
      if (held && (await isOrphan(held))) {
        await SubjectSlotModel.deleteOne({ _id: id, claimId: held.claimId });
        slotNo -= 1;
      }
    }
    return null;
  }

  /** A slot whose claim never appeared long after was left by a crashed request: it may be freed. */
  async function isOrphan(held: { takenAt: Date; claimId: Types.ObjectId }): Promise<boolean> {
    return held.takenAt.getTime() < Date.now() - ORPHAN_AFTER_MS && !(await ClaimModel.exists({ _id: held.claimId }));
  }

  /**
   * True when every slot of a period is held by a real claim: a refusal that needs no write.
   * An orphan in the last slot does not count, or one crash would lock its subject out for good.
   */
  async function slotsFull(scenarioId: Types.ObjectId, subjectId: Types.ObjectId, key: string, limit: number): Promise<boolean> {
    const last = await SubjectSlotModel.findById(slotId(scenarioId, subjectId, key, limit)).lean();
    return !!last && !(await isOrphan(last));
  }

  async function releaseSlots(slotIds: string[]): Promise<void> {
    if (slotIds.length) await SubjectSlotModel.deleteMany({ _id: { $in: slotIds } });
  }

  async function insertClaim(doc: Omit<Claim, "shortCode">): Promise<Claim> {
    for (let attempt = 0; ; attempt++) {
      const claim = { ...doc, shortCode: newShortCode(randomBytes) } as Claim;
      try {
        await ClaimModel.create(claim);
        return claim;
      } catch (err) {
        // The only unique field besides _id is the short code: draw another.
        if (!isDuplicateKeyError(err) || attempt >= 5) throw err;
      }
    }
  }

  /**
   * Judges a claim from current data (逢办必查): the scenario and the subject's
   * standing are read from the store now. Nothing is written here; a refusal
   * costs no more than a few reads by id.
   */
  async function judgeClaim(actor: Actor, scenarioId: string) {
    const [scenario, view] = await Promise.all([ScenarioModel.findById(scenarioId).lean<Scenario>(), currentSubjectView(actor)]);
    if (!scenario || !["published", "paused", "ended"].includes(scenario.status)) throw new AppError("NOT_FOUND", "该权益不存在或尚未发布");
    if (!isOpenNow(scenario)) {
      throw new AppError("SCENARIO_NOT_AVAILABLE", scenario.status === "paused" ? "该权益已暂停领取" : scenario.status === "ended" ? "该权益已结束" : "该权益不在领取时间内");
    }
    if (!inScope(scenario, view.prefectureCode)) {
      const where = view.prefectureCode ? prefectureName(view.prefectureCode) : "未设置";
      throw new AppError("CLAIM_OUT_OF_REGION", `该权益不面向您所在的地区（${where}）`);
    }
    if (!view.subjectId) throw new AppError("CLAIM_NOT_ELIGIBLE", "请先完成实名认证，才能判断您是否符合条件");
    const judged = judgeEligibility(scenario.rule as TEligibilityRule, view.facts);
    if (!judged.eligible) throw new AppError("CLAIM_NOT_ELIGIBLE", judged.reasons.join("；"), { reasons: judged.reasons });
    const limit = scenario.perSubjectLimit as TPerSubjectLimit;
    if (await slotsFull(scenario._id, view.subjectId, "all", limit.total)) throw limitReached(limit);
    return { scenario, view, subjectId: view.subjectId };
  }

  /** The writes of a claim: per-subject slots, then a quota seat, then the claim. These inserts are the guarantees. */
  async function takeClaim(actor: Actor, judged: Awaited<ReturnType<typeof judgeClaim>>, idempotencyKey: string): Promise<TClaim> {
    const { scenario, view, subjectId } = judged;
    const claimId = new Types.ObjectId();
    const limit = scenario.perSubjectLimit as TPerSubjectLimit;
    const now = new Date();
    // The person's slots first, then the seat: a seat is only ever held by a request that will write its
    // claim, so a double tap cannot hold a seat for a moment and turn someone else away as sold out.
    const total = await takeSlot(scenario._id, subjectId, "all", limit.total, claimId);
    if (!total) throw limitReached(limit);
    const taken = [total];
    const refuse = async (error: unknown): Promise<never> => {
      await releaseSlots(taken);
      throw error;
    };
    if (limit.perPeriod) {
      const slot = await takeSlot(scenario._id, subjectId, periodKey(limit.perPeriod.period, now), limit.perPeriod.count, claimId);
      if (!slot) {
        const { period, count } = limit.perPeriod;
        await refuse(new AppError("CLAIM_LIMIT_REACHED", `${PERIOD_WORDS[period]}的领取次数（${count} 次）已用完，${NEXT_PERIOD_WORDS[period]}可再领`));
      }
      taken.push(slot!);
    }
    const seatNo = await seats.take(scenario._id, scenario.quota, claimId).catch(refuse);
    if (seatNo === null) await refuse(new AppError("CLAIM_QUOTA_EXHAUSTED"));

    const benefit = scenario.benefit as TBenefit;
    const tier = benefitTierFor(benefit, view.facts.grade);
    const claim = await insertClaim({
      _id: claimId,
      scenarioId: scenario._id,
      subjectId,
      userId: new Types.ObjectId(actor.userId),
      scenarioTitle: scenario.title,
      category: scenario.category,
      benefit: benefitFor(benefit, view.facts.grade),
      ...(view.facts.grade ? { benefitGrade: view.facts.grade } : {}),
      ...(tier?.discountPercent !== undefined ? { discountPercent: tier.discountPercent } : {}),
      holderName: maskName(view.name ?? "用户"),
      ...(scenario.ownerPartnerId ? { ownerPartnerId: scenario.ownerPartnerId } : {}),
      seatNo: seatNo!,
      ruleVersion: scenario.version,
      status: "claimed",
      idempotencyKey,
      claimedAt: now,
      expiresAt: new Date(Math.min(now.getTime() + scenario.redemptionHours * 3600_000, scenario.endsAt.getTime() + 7 * 86_400_000)),
    } as Omit<Claim, "shortCode">);
    await Promise.all([
      stats.bump(scenario._id, "claimed"),
      redis.sAdd(keys.subjectClaimed(subjectId.toHexString()), scenario._id.toHexString()).catch(() => undefined),
      deps.vouchers.put(claim),
    ]);
    return presentClaim(claim);
  }


  async function ownClaim(actor: Actor, claimId: string): Promise<Claim> {
    const claim = await ClaimModel.findById(claimId).lean<Claim>();
    if (!claim) throw new AppError("NOT_FOUND", "权益券不存在");
    const subjectId = (await subjectIdOf(actor))?.toHexString();
    if (claim.subjectId.toHexString() !== subjectId && claim.userId.toHexString() !== actor.userId) throw new AppError("NOT_FOUND", "权益券不存在");
    return claim;
  }

  return {
    /**
     * Claims with an Idempotency-Key. A retry with the same key and request gets the
     * first answer; another request under the same key is refused. Refusals that
     * change nothing (sold out, not eligible…) are simply recomputed on a retry;
     * from the first write on, the key is reserved and the outcome stored.
     */
    async claim(actor: Actor, scenarioId: string, idempotencyKey: string): Promise<TClaim> {
      return runOnce({
        userId: actor.userId,
        key: idempotencyKey,
        fingerprint: createHash("sha256").update(`claim:${scenarioId}`).digest("hex"),
        judge: async () => {
          // The common refusal under load, answered from Redis alone (the store confirmed it when the flag was set).
          if (await seats.soldOut(new Types.ObjectId(scenarioId))) throw new AppError("CLAIM_QUOTA_EXHAUSTED");
          return judgeClaim(actor, scenarioId);
        },
        write: (judged) => takeClaim(actor, judged, idempotencyKey),
      });
    },

    /** 我的权益: the claims of the subject the account acts for. */
    async mine(actor: Actor): Promise<TClaim[]> {
      const subjectId = (await subjectIdOf(actor))?.toHexString();
      if (!subjectId) return [];
      const claims = await ClaimModel.find({ subjectId: new Types.ObjectId(subjectId) }).sort({ claimedAt: -1 }).limit(200).lean<Claim[]>();
      return claims.map(presentClaim);
    },

    /** A fresh QR token for an unused voucher. */
    async voucherToken(actor: Actor, claimId: string): Promise<TVoucherToken> {
      const claim = await ownClaim(actor, claimId);
      const status = presentClaim(claim).status;
      if (status !== "claimed") throw new AppError("VOUCHER_NOT_REDEEMABLE", status === "redeemed" ? "该券已核销" : status === "cancelled" ? "该券已取消" : "该券已过期");
      const { token, expiresAt } = deps.signer.sign(claim._id.toHexString(), claim.scenarioId.toHexString());
      return { token, expiresAt: expiresAt.toISOString(), shortCode: claim.shortCode };
    },

    /** Cancels an unused voucher; its quota place and per-subject slots come back. */
    async cancel(actor: Actor, claimId: string): Promise<TClaim> {
      const claim = await ownClaim(actor, claimId);
      const status = presentClaim(claim).status;
      if (status === "cancelled") throw new AppError("VOUCHER_ALREADY_CANCELLED");
      if (status === "expired") throw new AppError("VOUCHER_NOT_REDEEMABLE", "该券已过期，无需取消");
      try {
        await VoucherOutcomeModel.create({ _id: claim._id, outcome: "cancelled", at: new Date(), by: actor.userId });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const outcome = await VoucherOutcomeModel.findById(claim._id).lean();
        throw outcome?.outcome === "redeemed" ? new AppError("VOUCHER_ALREADY_REDEEMED", "该券已核销，不能取消") : new AppError("VOUCHER_ALREADY_CANCELLED");
      }
      const cancelledAt = new Date();
      await ClaimModel.updateOne({ _id: claim._id }, { $set: { status: "cancelled", cancelledAt } });
      await Promise.all([
        seats.release(claim.scenarioId, claim._id),
        SubjectSlotModel.deleteMany({ claimId: claim._id }),
        stats.bump(claim.scenarioId, "cancelled"),
        redis.del(keys.subjectClaimed(claim.subjectId.toHexString())).catch(() => undefined),
      ]);
      const updated = { ...claim, status: "cancelled" as const, cancelledAt };
      await deps.vouchers.put(updated);
      return presentClaim(updated);
    },
  };
}

export type ClaimService = ReturnType<typeof createClaimService>;
