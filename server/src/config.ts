import { z } from "zod";
import { MESSAGE_KINDS, type TMessageKind } from "@xinyi/shared";

const ZBooleanString = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

const ZConfig = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    HOST: z.string().default("127.0.0.1"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Public URL printed for people and used in links; defaults to http://HOST:PORT. */
    PUBLIC_URL: z.url().optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

    MONGODB_URI: z.string().startsWith("mongodb", "must be a mongodb:// or mongodb+srv:// URI").optional(),
    MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]+$/).default("xinyi"),
    /** Data folder of the embedded store, used only when MONGODB_URI is not set. */
    STORE_DATA_DIR: z.string().default(".data/store"),
    REDIS_URL: z.string().startsWith("redis", "must be a redis:// or rediss:// URL").optional(),
    REDIS_KEY_PREFIX: z.string().default("xinyi:"),

    JWT_SECRET: z.string().min(32, "must be at least 32 characters of random text"),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),

    /** AES-256-GCM keys for ID numbers at rest, "kid:base64key,kid2:base64key"; old keys stay for reading. */
    ID_ENCRYPTION_KEYS: z
      .string()
      .transform((raw, ctx) => {
        const keys = new Map<string, Buffer>();
        for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
          const [kid, b64] = part.split(":");
          const key = Buffer.from(b64 ?? "", "base64");
          if (!kid || !/^[A-Za-z0-9_-]{1,16}$/.test(kid) || key.length !== 32) {
            ctx.addIssue({ code: "custom", message: "each entry must be kid:base64 of 32 random bytes" });
            return z.NEVER;
          }
          keys.set(kid, key);
        }
        if (keys.size === 0) {
          ctx.addIssue({ code: "custom", message: "at least one key is required" });
          return z.NEVER;
        }
        return keys;
      }),
    /** The key id new ciphertexts are written with. */
    ID_ENCRYPTION_ACTIVE_KEY_ID: z.string().min(1),
    /** HMAC key (base64, at least 32 bytes) for looking ID numbers up without decrypting. */
    ID_HASH_KEY: z
      .string()
      .transform((b64) => Buffer.from(b64, "base64"))
      .refine((key) => key.length >= 32, "must be base64 of at least 32 random bytes"),

    /** Ed25519 key that signs voucher QR tokens: base64 of a 32-byte random seed. */
    VOUCHER_SIGNING_SEED: z
      .string()
      .transform((b64) => Buffer.from(b64, "base64"))
      .refine((seed) => seed.length === 32, "must be base64 of exactly 32 random bytes"),
    /** Published with the public key so counters know which key signed a token. */
    VOUCHER_KEY_ID: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/).default("v1"),

    CORS_ORIGINS: z
      .string()
      .default("")
      .transform((s) => s.split(",").map((o) => o.trim()).filter(Boolean)),
    BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/, "must look like 100kb or 1mb").default("100kb"),
    TRUST_PROXY: ZBooleanString.default(false),

    /** One-time code sender: "console" logs codes (refused in production), "aliyun" texts them through Alibaba Cloud SMS. */
    OTP_SENDER: z.enum(["console", "aliyun"]).default("console"),
    ALIYUN_SMS_ACCESS_KEY_ID: z.string().optional(),
    ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().optional(),
    /** Approved signature (签名), e.g. 信易加. */
    ALIYUN_SMS_SIGN_NAME: z.string().optional(),
    /** Approved template (模板) with a ${code} variable, e.g. SMS_123456789. */
    ALIYUN_SMS_TEMPLATE_CODE: z.string().regex(/^SMS_\d+$/, "must look like SMS_123456789").optional(),
    /** Override of the API endpoint (tests); defaults to https://dysmsapi.aliyuncs.com. */
    ALIYUN_SMS_ENDPOINT: z.url({ protocol: /^https?$/ }).default("https://dysmsapi.aliyuncs.com"),
    WECHAT_APPID: z.string().optional(),
    /** Real-name check: "dev" answers from the demo registry (refused in production), "http" calls IDENTITY_HTTP_URL. */
    IDENTITY_PROVIDER: z.enum(["dev", "http"]).default("dev"),
    IDENTITY_HTTP_URL: z.url().optional(),
    IDENTITY_HTTP_APP_KEY: z.string().optional(),
    IDENTITY_HTTP_APP_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    WECHAT_SECRET: z.string().optional(),

    /** Serve the built admin console and mini-program H5 from this process (single-port demo). */
    SERVE_WEB: ZBooleanString.default(true),
    /** Check every response against its schema (catches drift; costs CPU). Default: on outside production. */
    VALIDATE_RESPONSES: ZBooleanString.optional(),
    /** Create the demo accounts and scenarios at boot if they are missing (npm start). */
    SEED_DEMO: ZBooleanString.default(false),

    /**
     * Pushes of message-center messages: "wechat" sends WeChat subscription messages, "dev" logs them (refused in
     * production), "none" sends nothing (messages are still in 消息). Unset: "dev", and "none" in production.
     */
    MESSAGE_DELIVERER: z.enum(["dev", "wechat", "none"]).optional(),
    /** Subscription-message template id per message kind: "loan:tmplId,voucher:tmplId,…" (kinds without one are not pushed). */
    WECHAT_TEMPLATE_IDS: z
      .string()
      .default("")
      .transform((raw, ctx) => {
        const templates = new Map<TMessageKind, string>();
        for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
          const [kind, id] = part.split(":").map((x) => x.trim());
          if (!kind || !id || !(MESSAGE_KINDS as readonly string[]).includes(kind) || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
            ctx.addIssue({ code: "custom", message: `each entry must be kind:templateId with kind one of ${MESSAGE_KINDS.join(", ")}` });
            return z.NEVER;
          }
          templates.set(kind as TMessageKind, id);
        }
        return templates;
      }),
    /** The templates' fields for the message's title, text and time, in that order. */
    WECHAT_TEMPLATE_FIELDS: z
      .string()
      .default("thing1,thing2,time3")
      .transform((raw, ctx) => {
        const fields = raw.split(",").map((f) => f.trim());
        if (fields.length !== 3 || !fields.every((f) => /^[a-z_]+\d+$/.test(f))) {
          ctx.addIssue({ code: "custom", message: "must be three template fields, e.g. thing1,thing2,time3" });
          return z.NEVER;
        }
        return fields as [string, string, string];
      }),
    /** Which build of the mini-program a pushed message opens: formal | trial | developer. */
    WECHAT_MINIPROGRAM_STATE: z.enum(["formal", "trial", "developer"]).default("formal"),
    /** Override of the WeChat API (tests); https in production. */
    WECHAT_API_BASE: z.url({ protocol: /^https?$/ }).default("https://api.weixin.qq.com"),
    /** Run the background worker (messages, reminders, sweeps) inside the API process; `npm run worker` runs more. */
    WORKER_IN_PROCESS: ZBooleanString.default(true),
    /** Jobs one worker process runs at once. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    /** How often the sweep job (re-queueing, reminders, deadlines) runs. */
    SWEEP_EVERY_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  })
  .superRefine((c, ctx) => {
    if (c.ID_ENCRYPTION_KEYS instanceof Map && !c.ID_ENCRYPTION_KEYS.has(c.ID_ENCRYPTION_ACTIVE_KEY_ID)) {
      ctx.addIssue({ code: "custom", path: ["ID_ENCRYPTION_ACTIVE_KEY_ID"], message: "must name one of ID_ENCRYPTION_KEYS" });
    }
    if (c.NODE_ENV === "production" && c.OTP_SENDER === "console") {
      ctx.addIssue({ code: "custom", path: ["OTP_SENDER"], message: "the console sender logs codes; not allowed in production" });
    }
    if (c.NODE_ENV === "production" && c.IDENTITY_PROVIDER === "dev") {
      ctx.addIssue({ code: "custom", path: ["IDENTITY_PROVIDER"], message: "the dev identity check answers from demo data; not allowed in production" });
    }
    if (c.IDENTITY_PROVIDER === "http") {
      for (const key of ["IDENTITY_HTTP_URL", "IDENTITY_HTTP_APP_KEY", "IDENTITY_HTTP_APP_SECRET"] as const) {
        if (!c[key]) ctx.addIssue({ code: "custom", path: [key], message: "required when IDENTITY_PROVIDER=http" });
      }
      if (c.NODE_ENV === "production" && c.IDENTITY_HTTP_URL && !c.IDENTITY_HTTP_URL.startsWith("https://")) {
        ctx.addIssue({ code: "custom", path: ["IDENTITY_HTTP_URL"], message: "must be an https:// URL in production" });
      }
    }
    if (c.OTP_SENDER === "aliyun") {
      for (const key of ["ALIYUN_SMS_ACCESS_KEY_ID", "ALIYUN_SMS_ACCESS_KEY_SECRET", "ALIYUN_SMS_SIGN_NAME", "ALIYUN_SMS_TEMPLATE_CODE"] as const) {
        if (!c[key]) ctx.addIssue({ code: "custom", path: [key], message: "required when OTP_SENDER=aliyun" });
      }
      if (c.NODE_ENV === "production" && !c.ALIYUN_SMS_ENDPOINT.startsWith("https://")) {
        ctx.addIssue({ code: "custom", path: ["ALIYUN_SMS_ENDPOINT"], message: "must be an https:// URL in production" });
      }
    }
    if (Boolean(c.WECHAT_APPID) !== Boolean(c.WECHAT_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["WECHAT_SECRET"], message: "WECHAT_APPID and WECHAT_SECRET go together" });
    }
    if (c.NODE_ENV === "production" && c.MESSAGE_DELIVERER === "dev") {
      ctx.addIssue({ code: "custom", path: ["MESSAGE_DELIVERER"], message: "the dev deliverer writes messages to the log; not allowed in production" });
    }
    if (c.MESSAGE_DELIVERER === "wechat") {
      for (const key of ["WECHAT_APPID", "WECHAT_SECRET"] as const) {
        if (!c[key]) ctx.addIssue({ code: "custom", path: [key], message: "required when MESSAGE_DELIVERER=wechat" });
      }
      if (c.WECHAT_TEMPLATE_IDS instanceof Map && c.WECHAT_TEMPLATE_IDS.size === 0) {
        ctx.addIssue({ code: "custom", path: ["WECHAT_TEMPLATE_IDS"], message: "required when MESSAGE_DELIVERER=wechat: at least one kind:templateId" });
      }
      if (c.NODE_ENV === "production" && !c.WECHAT_API_BASE.startsWith("https://")) {
        ctx.addIssue({ code: "custom", path: ["WECHAT_API_BASE"], message: "must be an https:// URL in production" });
      }
    }
  })
  // Resolved after the checks, so that only an explicit "dev" is refused in production and an unset one means no pushes there.
  .transform((c) => ({ ...c, MESSAGE_DELIVERER: c.MESSAGE_DELIVERER ?? (c.NODE_ENV === "production" ? ("none" as const) : ("dev" as const)) }));

export type TConfig = z.infer<typeof ZConfig>;

export class ConfigError extends Error {}

/** Parses the environment once at boot; the message names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = ZConfig.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(config)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
