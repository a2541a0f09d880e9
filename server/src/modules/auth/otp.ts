import { createHash, randomInt } from "node:crypto";
import { maskPhone } from "@xinyi/shared";
import type { Logger } from "../../infra/logger";
import type { Redis, RedisKeys } from "../../infra/redis";

/** Delivers a one-time code to a phone. Production plugs an SMS gateway in here. */
export interface OtpSender {
  readonly exposesCodes: boolean;
  send(phone: string, code: string): Promise<void>;
}

/** Development sender: the code goes to the server log (and to the demo UI via devCode). */
export class ConsoleOtpSender implements OtpSender {
  readonly exposesCodes = true;
  constructor(private readonly log: Logger) {}
  async send(phone: string, code: string): Promise<void> {
    this.log.info({ phone: maskPhone(phone), otp: code }, "development one-time code (not sent by SMS)");
  }
}

export const OTP_TTL_SECONDS = 300;
const MAX_ATTEMPTS = 5;

// Check and consume in one Redis step: a code works once, and guessing burns it.
const VERIFY = `
local h = redis.call('HGET', KEYS[1], 'h')
if not h then return 0 end
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
if h == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
if n >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
return 0`;

export class OtpStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async issue(phone: string): Promise<string> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
    const key = this.keys.otp(phone);
    await this.redis.multi().del(key).hSet(key, { h: digest(phone, code), n: "0" }).expire(key, OTP_TTL_SECONDS).exec();
    return code;
  }

  async consume(phone: string, code: string): Promise<boolean> {
    const ok = await this.redis.eval(VERIFY, { keys: [this.keys.otp(phone)], arguments: [digest(phone, code), String(MAX_ATTEMPTS)] });
    return ok === 1;
  }
}

function digest(phone: string, code: string): string {
  return createHash("sha256").update(`${phone}:${code}`).digest("hex");
}
