import { createClient } from "redis";

function createRedisClient(url: string) {
  return createClient({
    url,
    socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 2000), connectTimeout: 5000 },
    // Redis is a fast path; a request must not hang forever waiting for it.
    commandOptions: { timeout: 2000 },
    // While disconnected, fail commands at once instead of queueing them: the timeout above does not
    // cover MULTI, which would otherwise wait for the reconnect, and every caller has a store fallback.
    disableOfflineQueue: true,
  });
}
export type Redis = ReturnType<typeof createRedisClient>;

export async function connectRedis(url: string): Promise<Redis> {
  const client = createRedisClient(url);
  client.on("error", () => {
    // Reported through readiness and per-command failures; reconnects on its own.
  });
  await client.connect();
  return client;
}

export async function pingRedis(redis: Redis, timeoutMs = 1000): Promise<boolean> {
  if (!redis.isReady) return false;
  try {
    await Promise.race([redis.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), timeoutMs))]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every Redis key the server uses is built here, under one prefix, so that several
 * deployments (or test runs) can share a Redis and a reader can see all keys at once.
 */
export function redisKeys(prefix: string) {
  return {
    rateLimit: (bucket: string, subject: string) => `${prefix}rl:${bucket}:${subject}`,
    otp: (phone: string) => `${prefix}otp:${phone}`,
    /** Present while a source (client IP) that signed in to a console account successfully is remembered. */
    knownLoginSource: (account: string, source: string) => `${prefix}login-known:${account}:${source}`,
    /** Present while the access tokens of a revoked refresh family could still be unexpired. */
    revokedFamily: (familyId: string) => `${prefix}revoked:${familyId}`,
    /** Set once the recent revocations are in Redis; its absence means Redis lost them and they must be reloaded. */
    revokedFamiliesLoaded: () => `${prefix}revoked-loaded`,
    scenarioSeatCounter: (scenarioId: string) => `${prefix}scn:${scenarioId}:seat`,
    scenarioSoldOut: (scenarioId: string) => `${prefix}scn:${scenarioId}:soldout`,
    scenarioStats: (scenarioId: string) => `${prefix}scn:${scenarioId}:stats`,
    /** Bumped on every change to a published scenario; processes reload their catalogue when it moves. */
    catalogVersion: () => `${prefix}catalog:version`,
    subjectClaimed: (subjectId: string) => `${prefix}subject:${subjectId}:claimed`,
    voucher: (claimId: string) => `${prefix}voucher:${claimId}`,
    creditProfile: (subjectId: string) => `${prefix}profile:${subjectId}`,
  };
}
export type RedisKeys = ReturnType<typeof redisKeys>;
