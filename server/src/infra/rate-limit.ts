import { AppError } from "../http/app-error";
import type { Logger } from "./logger";
import type { Redis, RedisKeys } from "./redis";

const FIXED_WINDOW = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }`;

export type RateRule = { bucket: string; limit: number; windowSeconds: number };

/**
 * Fixed-window counters in Redis, shared by every server process. If Redis is
 * unreachable the request goes through (logged): losing rate-limit state must not
 * take logins down.
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly log: Logger,
  ) {}

  /** Counts one hit; throws 429 with Retry-After once the window's limit is passed. */
  async consume(rule: RateRule, subject: string): Promise<void> {
    let reply: [number, number];
    try {
      reply = (await this.redis.eval(FIXED_WINDOW, {
        keys: [this.keys.rateLimit(rule.bucket, subject)],
        arguments: [String(rule.windowSeconds * 1000)],
      })) as [number, number];
    } catch (err) {
      this.log.warn({ err, bucket: rule.bucket }, "rate limiter unavailable; allowing request");
      return;
    }
    const [count, pttl] = reply;
    if (count > rule.limit) throw rateLimited(pttl);
  }

  /** How many hits the window holds now, and when it resets. */
  async peek(rule: RateRule, subject: string): Promise<{ count: number; retryAfterMs: number }> {
    try {
      const key = this.keys.rateLimit(rule.bucket, subject);
      const [count, pttl] = await Promise.all([this.redis.get(key), this.redis.pTTL(key)]);
      return { count: Number(count ?? 0), retryAfterMs: Math.max(Number(pttl), 0) };
    } catch {
      return { count: 0, retryAfterMs: 0 };
    }
  }

  async reset(rule: RateRule, subject: string): Promise<void> {
    await this.redis.del(this.keys.rateLimit(rule.bucket, subject)).catch(() => undefined);
  }
}

const REFUSAL = {
  RATE_LIMITED: "操作过于频繁",
  ACCOUNT_LOCKED: "登录失败次数过多，已暂停从此处登录该账号",
} as const;

export function rateLimited(retryAfterMs: number, code: keyof typeof REFUSAL = "RATE_LIMITED"): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError(code, `${REFUSAL[code]}，请${describeWait(seconds)}后再试`, { retryAfterSeconds: seconds }, { "Retry-After": String(seconds) });
}

/** The wait in words, rounded up so that trying again at the time named works. */
function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds}秒`;
  if (seconds < 2 * 3600) return `${Math.ceil(seconds / 60)}分钟`;
  return `${Math.ceil(seconds / 3600)}小时`;
}
