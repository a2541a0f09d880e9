import type { Types } from "mongoose";
import { AppError } from "../../http/app-error";
import type { Logger } from "../../infra/logger";
import type { Redis, RedisKeys } from "../../infra/redis";
import { isDuplicateKeyError } from "../../infra/store";
import { ClaimModel, QuotaSeatModel, seatId } from "./model";

/** A seat whose claim never appeared this long after it was taken belongs to a crashed request. */
export const ORPHAN_AFTER_MS = 5 * 60_000;
const SLOW_PATH_ROUNDS = 20;

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Hands out quota seats. Redis INCR proposes the next seat number (fast path);
 * the store's unique index decides. When Redis is wrong, empty or down, the slow
 * path reads the taken seats and tries free ones, so losing Redis costs speed,
 * never correctness.
 */
export function createSeatAllocator(redis: Redis, keys: RedisKeys, log: Logger) {
  async function tryTake(scenarioId: Types.ObjectId, seatNo: number, claimId: Types.ObjectId): Promise<boolean> {
    try {
      await QuotaSeatModel.create({ _id: seatId(scenarioId, seatNo), scenarioId, seatNo, claimId, takenAt: new Date() });
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async function redisProposal(scenarioId: string): Promise<number | "sold-out" | null> {
    try {
      const [soldOut, next] = await Promise.all([
        redis.exists(keys.scenarioSoldOut(scenarioId)),
        redis.incr(keys.scenarioSeatCounter(scenarioId)),
      ]);
      return soldOut ? "sold-out" : next;
    } catch (err) {
      log.warn({ err }, "seat counter unavailable; using the store");
      return null;
    }
  }

  async function releaseOrphans(scenarioId: Types.ObjectId): Promise<number> {
    const stale = await QuotaSeatModel.find({ scenarioId, takenAt: { $lt: new Date(Date.now() - ORPHAN_AFTER_MS) } }, { claimId: 1 }).lean();
    if (stale.length === 0) return 0;
    const live = await ClaimModel.find({ _id: { $in: stale.map((s) => s.claimId) } }, { _id: 1 }).lean();
    const liveIds = new Set(live.map((c) => c._id.toHexString()));
    const orphans = stale.filter((s) => !liveIds.has(s.claimId.toHexString()));
    for (const orphan of orphans) await QuotaSeatModel.deleteOne({ _id: orphan._id, claimId: orphan.claimId });
    if (orphans.length) log.warn({ scenarioId: scenarioId.toHexString(), released: orphans.length }, "released orphaned quota seats");
    return orphans.length;
  }

  return {
    /** Redis's word that the quota is gone, confirmed by the store when it was set; absent means "try". */
    async soldOut(scenarioId: Types.ObjectId): Promise<boolean> {
      return (await redis.exists(keys.scenarioSoldOut(scenarioId.toHexString())).catch(() => 0)) === 1;
    },

    /** Returns the seat number taken for `claimId`, or null when the quota is exhausted (the store says so). */
    async take(scenarioId: Types.ObjectId, quota: number, claimId: Types.ObjectId): Promise<number | null> {
      const id = scenarioId.toHexString();
      const proposal = await redisProposal(id);
      if (proposal === "sold-out") return null;
      if (typeof proposal === "number" && proposal <= quota && (await tryTake(scenarioId, proposal, claimId))) return proposal;

      let orphansChecked = false;
      for (let round = 0; round < SLOW_PATH_ROUNDS; round++) {
        // Another request may have just confirmed the quota gone: spare the store the scan.
        if ((await redis.exists(keys.scenarioSoldOut(id)).catch(() => 0)) === 1) return null;
        const taken = await QuotaSeatModel.find({ scenarioId }, { seatNo: 1, _id: 0 }).lean();
        const takenNos = new Set(taken.map((s) => s.seatNo));
        const free: number[] = [];
        for (let n = 1; n <= quota && free.length < 64; n++) if (!takenNos.has(n)) free.push(n);
        if (free.length === 0) {
          if (!orphansChecked && (await releaseOrphans(scenarioId)) > 0) {
            orphansChecked = true;
            continue;
          }
          await redis.set(keys.scenarioSoldOut(id), "1", { EX: 60 }).catch(() => undefined);
          return null;
        }
        // Every seat of this read is tried, in an order of its own, before the store is read again:
        // each one lost went to another claimant, so the rush drains the free seats instead of starving.
        for (const seatNo of shuffled(free)) if (await tryTake(scenarioId, seatNo, claimId)) return seatNo;
      }
      // Seats were still free but every one was taken under our hands: that is not "sold out".
      throw new AppError("CLAIM_BUSY");
    },

    async release(scenarioId: Types.ObjectId, claimId: Types.ObjectId): Promise<void> {
      await QuotaSeatModel.deleteOne({ scenarioId, claimId });
      await redis.del(keys.scenarioSoldOut(scenarioId.toHexString())).catch(() => undefined);
    },
  };
}

export type SeatAllocator = ReturnType<typeof createSeatAllocator>;
