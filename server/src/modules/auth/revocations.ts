import type { Logger } from "../../infra/logger";
import type { Redis, RedisKeys } from "../../infra/redis";
import { isDuplicateKeyError } from "../../infra/store";
import { RevokedFamilyModel, type RevokedFamily } from "./refresh-token.model";

// One round trip on every signed-in request: -1 when Redis no longer holds the list, else whether the family is on it.
const CHECK = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
return redis.call('EXISTS', KEYS[2])`;

/**
 * Revoked refresh families, so that their access tokens stop working at once (logout, reuse).
 * The store's revoked_token_families is the truth. Redis holds one key per revocation of the last
 * access-token lifetime (older revocations only concern tokens that have expired anyway) and a
 * marker without expiry: when Redis loses its data the marker goes with it, and the first request
 * after that reloads the recent revocations from the store before answering. (Redis must not evict
 * keys under memory pressure for this to hold: run it with maxmemory-policy noeviction.)
 */
export function createRevocationList(redis: Redis, keys: RedisKeys, accessTtlSeconds: number, log: Logger) {
  const ttlMs = accessTtlSeconds * 1000;
  let reloading: Promise<Set<string>> | null = null;

  async function reload(): Promise<Set<string>> {
    const recent = await RevokedFamilyModel.find({ revokedAt: { $gte: new Date(Date.now() - ttlMs) } }, { revokedAt: 1 }).lean();
    const multi = redis.multi();
    for (const { _id, revokedAt } of recent) {
      const remainingMs = ttlMs - (Date.now() - revokedAt.getTime());
      if (remainingMs > 0) multi.set(keys.revokedFamily(_id), "1", { PX: remainingMs });
    }
    // The marker goes last in the same transaction: whoever sees it also sees the keys.
    multi.set(keys.revokedFamiliesLoaded(), new Date().toISOString());
    await multi.exec();
    log.info({ count: recent.length }, "revoked token families reloaded into Redis");
    return new Set(recent.map((r) => r._id));
  }

  return {
    async revoke(familyId: string, reason: RevokedFamily["reason"]): Promise<void> {
      try {
        await RevokedFamilyModel.create({ _id: familyId, reason, revokedAt: new Date() });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      await redis.set(keys.revokedFamily(familyId), "1", { EX: accessTtlSeconds }).catch((err: unknown) => {
        log.warn({ err, familyId }, "could not note a revoked token family in Redis; its access tokens last until they expire");
      });
    },

    async isRevoked(familyId: string): Promise<boolean> {
      try {
        const state = await redis.eval(CHECK, { keys: [keys.revokedFamiliesLoaded(), keys.revokedFamily(familyId)] });
        if (state !== -1) return state === 1;
        return (await (reloading ??= reload().finally(() => (reloading = null)))).has(familyId);
      } catch (err) {
        log.warn({ err }, "revocation list unavailable in Redis; asking the store");
        return (await RevokedFamilyModel.exists({ _id: familyId })) !== null;
      }
    },
  };
}

export type RevocationList = ReturnType<typeof createRevocationList>;
