import { createHash, randomInt } from "node:crypto";
import { maskPhone } from "@xinyi/shared";
import type { TConfig } from "../../config";
import type { Logger } from "../../infra/logger";
import type { Redis, RedisKeys } from "../../infra/redis";
import { AliyunSmsSender } from "./sms-aliyun";

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

/** The sender the configuration names (config.ts has checked that its variables are all there). */
export function createOtpSender(config: TConfig, log: Logger): OtpSender {
  if (config.OTP_SENDER === "aliyun") {
    return new AliyunSmsSender(
      {
        accessKeyId: config.ALIYUN_SMS_ACCESS_KEY_ID!,
        accessKeySecret: config.ALIYUN_SMS_ACCESS_KEY_SECRET!,
        signName: config.ALIYUN_SMS_SIGN_NAME!,
        templateCode: config.ALIYUN_SMS_TEMPLATE_CODE!,
        endpoint: config.ALIYUN_SMS_ENDPOINT,
      },
      log,
    );
  }
  return new ConsoleOtpSender(log);
}

export const OTP_TTL_SECONDS = 300;
/**
 * Wrong guesses a code survives, from all sources together. Each source is held to a few per
 * phone (OTP_RULES), so strangers' guesses do not burn the owner's code unless they come from
 * many addresses within the code's 5 minutes. The odds stay negligible: a code is one of 10^6,
 * and at most 10 codes a day are sent to a phone (each one a text its owner sees), so even an
 * attacker with unlimited addresses guesses right with odds of at most 10 × 30 / 10^6 = 0.03%
 * per phone and day.
 */
const MAX_WRONG_PER_CODE = 30;

// Check and consume in one Redis step: a code works once, and many wrong guesses burn it.
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
    const ok = await this.redis.eval(VERIFY, { keys: [this.keys.otp(phone)], arguments: [digest(phone, code), String(MAX_WRONG_PER_CODE)] });
    return ok === 1;
  }
}

function digest(phone: string, code: string): string {
  return createHash("sha256").update(`${phone}:${code}`).digest("hex");
}
