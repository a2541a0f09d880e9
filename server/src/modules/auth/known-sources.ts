import type { Logger } from "../../infra/logger";
import type { Redis, RedisKeys } from "../../infra/redis";

/** How long a source that signed in to an account successfully keeps counting as its owner's. */
export const KNOWN_SOURCE_TTL_SECONDS = 90 * 86400;

/**
 * Sources (client IPs) that have signed in to a console account before. Only a throttle
 * reads them, so Redis losing them merely treats the owner as a new source for a while.
 */
export class KnownLoginSources {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly log: Logger,
  ) {}

  async has(account: string, source: string): Promise<boolean> {
    try {
      return (await this.redis.exists(this.keys.knownLoginSource(account, source))) === 1;
    } catch {
      return false;
    }
  }

  async remember(account: string, source: string): Promise<void> {
    await this.redis.set(this.keys.knownLoginSource(account, source), "1", { EX: KNOWN_SOURCE_TTL_SECONDS }).catch((err: unknown) => {
      this.log.warn({ err }, "could not remember a sign-in source");
    });
  }
}
