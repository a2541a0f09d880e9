import type { TConfig } from "./config";
import { startEmbeddedStore } from "./infra/embedded/store";
import { localRedisOrStart } from "./infra/embedded/redis-server";
import type { Logger } from "./infra/logger";

export type Infrastructure = { mongoUri: string; redisUrl: string; stop(): Promise<void> };

/**
 * Where the store and Redis come from: the configured URLs when set (production),
 * otherwise the embedded FerretDB and a local or freshly started redis-server.
 */
export async function resolveInfrastructure(config: TConfig, log: Logger): Promise<Infrastructure> {
  const store = config.MONGODB_URI
    ? { uri: config.MONGODB_URI, stop: async () => {} }
    : await startEmbeddedStore(config.STORE_DATA_DIR, (line) => log.info(line));
  const redis = config.REDIS_URL ? { url: config.REDIS_URL, stop: async () => {} } : await localRedisOrStart();
  return {
    mongoUri: store.uri,
    redisUrl: redis.url,
    async stop() {
      await Promise.all([store.stop(), redis.stop()]);
    },
  };
}
