import type { Types } from "mongoose";
import type { Redis, RedisKeys } from "../../infra/redis";
import type { ScenarioCounts } from "../scenarios/presenter";
import { ClaimModel } from "./model";

const TTL_SECONDS = 600;
const FIELDS = ["claimed", "redeemed", "cancelled"] as const;
type Field = (typeof FIELDS)[number];

// Counts only a hash that exists: a missing one is rebuilt from the store as a whole.
const BUMP = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2]) end return nil`;

/**
 * Live numbers per scenario (claimed, redeemed, cancelled) for dashboards and
 * "remaining" on cards. Redis hashes bumped as things happen; when one is missing
 * (new, expired or Redis lost), it is rebuilt from the claims with one $group.
 * They inform people; the quota itself is guarded by the seats.
 */
export function createScenarioStats(redis: Redis, keys: RedisKeys) {
  async function rebuild(ids: Types.ObjectId[]): Promise<Map<string, ScenarioCounts>> {
    const rows = await ClaimModel.aggregate<{ _id: { s: Types.ObjectId; st: string }; n: number }>([
      { $match: { scenarioId: { $in: ids } } },
      { $group: { _id: { s: "$scenarioId", st: "$status" }, n: { $sum: 1 } } },
    ]);
    const out = new Map<string, ScenarioCounts>(ids.map((id) => [id.toHexString(), { claimed: 0, redeemed: 0, cancelled: 0 }]));
    for (const row of rows) {
      const counts = out.get(row._id.s.toHexString())!;
      counts.claimed += row.n;
      if (row._id.st === "redeemed") counts.redeemed += row.n;
      if (row._id.st === "cancelled") counts.cancelled += row.n;
    }
    const multi = redis.multi();
    for (const [id, counts] of out) multi.hSet(keys.scenarioStats(id), counts).expire(keys.scenarioStats(id), TTL_SECONDS);
    await multi.exec().catch(() => undefined);
    return out;
  }

  return {
    async counts(ids: Types.ObjectId[]): Promise<Map<string, ScenarioCounts>> {
      if (ids.length === 0) return new Map();
      let cached: Record<string, string>[] = [];
      try {
        const multi = redis.multi();
        for (const id of ids) multi.hGetAll(keys.scenarioStats(id.toHexString()));
        cached = (await multi.exec()) as unknown as Record<string, string>[];
      } catch {
        cached = [];
      }
      const out = new Map<string, ScenarioCounts>();
      const missing: Types.ObjectId[] = [];
      ids.forEach((id, i) => {
        const hash = cached[i];
        if (hash && hash.claimed !== undefined) out.set(id.toHexString(), { claimed: Number(hash.claimed), redeemed: Number(hash.redeemed ?? 0), cancelled: Number(hash.cancelled ?? 0) });
        else missing.push(id);
      });
      if (missing.length) for (const [id, counts] of await rebuild(missing)) out.set(id, counts);
      return out;
    },

    async bump(scenarioId: Types.ObjectId, field: Field): Promise<void> {
      await redis.eval(BUMP, { keys: [keys.scenarioStats(scenarioId.toHexString())], arguments: [field, "1"] }).catch(() => undefined);
    },
  };
}

export type ScenarioStats = ReturnType<typeof createScenarioStats>;
