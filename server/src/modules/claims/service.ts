import { Types } from "mongoose";
import { prefectureName, type TClaim } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { ScenarioModel, type Scenario } from "../scenarios/model";
import { creditStanding, ineligibility, isOpenNow } from "../scenarios/service";
import { UserModel } from "../users/model";
import { ClaimModel, SubjectSlotModel, type Claim } from "./model";
import { presentClaim } from "./presenter";
import type { SeatAllocator } from "./seats";

/** Each subject may hold one claim of a scenario (per-period limits arrive with the marketplace rules). */
const PERIOD_ALL = "all";
const ORPHAN_AFTER_MS = 5 * 60_000;

export function createClaimService(seats: SeatAllocator) {
  async function takeSubjectSlot(scenarioId: Types.ObjectId, subjectId: Types.ObjectId, claimId: Types.ObjectId): Promise<boolean> {
    const slot = { scenarioId, subjectId, periodKey: PERIOD_ALL, slotNo: 1 };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await SubjectSlotModel.create({ ...slot, claimId, takenAt: new Date() });
        return true;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      // A slot with no claim long after it was taken was left by a crashed request: free it once.
      const held = await SubjectSlotModel.findOne(slot).lean();
      if (!held || held.takenAt.getTime() > Date.now() - ORPHAN_AFTER_MS || (await ClaimModel.exists({ _id: held.claimId }))) return false;
      await SubjectSlotModel.deleteOne({ _id: held._id, claimId: held.claimId });
    }
    return false;
  }

  return {
    /**
     * Claims a benefit, judging eligibility from current data (逢办必查). The
     * subject slot and quota seat inserts are the guarantees; everything before
     * them is a friendly early refusal.
     */
    async claim(actor: Actor, scenarioId: string, idempotencyKey: string | undefined): Promise<TClaim> {
      const userId = new Types.ObjectId(actor.userId);
      if (idempotencyKey) {
        const earlier = await ClaimModel.findOne({ userId, idempotencyKey }).lean<Claim>();
        if (earlier) {
          if (earlier.scenarioId.toHexString() !== scenarioId) throw new AppError("CONFLICT", "该幂等键已用于另一次领取");
          return presentClaim(earlier);
        }
      }

      const [user, scenario] = await Promise.all([
        UserModel.findById(userId, { prefectureCode: 1, subjectId: 1 }).lean(),
        ScenarioModel.findById(scenarioId).lean<Scenario>(),
      ]);
      if (!user) throw new AppError("AUTH_TOKEN_INVALID");
      if (!scenario || scenario.status !== "published") throw new AppError("NOT_FOUND", "该权益不存在或尚未发布");
      if (!isOpenNow(scenario)) throw new AppError("SCENARIO_NOT_AVAILABLE", "该权益不在领取时间内");
      if (!user.prefectureCode || !scenario.prefectureCodes.includes(user.prefectureCode)) {
        const where = user.prefectureCode ? prefectureName(user.prefectureCode) : "未设置";
        throw new AppError("CLAIM_OUT_OF_REGION", `该权益不面向您所在的地区（${where}）`);
      }
      const reason = ineligibility(scenario, await creditStanding(user.subjectId));
      if (reason) throw new AppError("CLAIM_NOT_ELIGIBLE", reason);
      // The limit is per credit subject: all accounts acting for one enterprise share it.
      const subjectId = user.subjectId!;

      const claimId = new Types.ObjectId();
      if (!(await takeSubjectSlot(scenario._id, subjectId, claimId))) throw new AppError("CLAIM_ALREADY_CLAIMED");

      const seatNo = await seats.take(scenario._id, scenario.quota, claimId);
      if (seatNo === null) {
        await SubjectSlotModel.deleteOne({ scenarioId: scenario._id, subjectId, claimId });
        throw new AppError("CLAIM_QUOTA_EXHAUSTED");
      }

      const claim = await ClaimModel.create({
        _id: claimId,
        scenarioId: scenario._id,
        subjectId,
        userId,
        scenarioTitle: scenario.title,
        category: scenario.category,
        seatNo,
        status: "claimed",
        ...(idempotencyKey ? { idempotencyKey } : {}),
        claimedAt: new Date(),
      });
      return presentClaim(claim.toObject() as Claim);
    },

    /** 我的权益: the claims of the subject the account acts for. */
    async mine(actor: Actor): Promise<TClaim[]> {
      const user = await UserModel.findById(actor.userId, { subjectId: 1 }).lean();
      if (!user?.subjectId) return [];
      const claims = await ClaimModel.find({ subjectId: user.subjectId }).sort({ claimedAt: -1 }).limit(200).lean<Claim[]>();
      return claims.map(presentClaim);
    },
  };
}

export type ClaimService = ReturnType<typeof createClaimService>;
