import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

const valid = {
  JWT_SECRET: "x".repeat(32),
  ID_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
  ID_ENCRYPTION_ACTIVE_KEY_ID: "k1",
  ID_HASH_KEY: Buffer.alloc(32, 2).toString("base64"),
  VOUCHER_SIGNING_SEED: Buffer.alloc(32, 3).toString("base64"),
};

describe("configuration", () => {
  it("names the missing variable", () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/JWT_SECRET/);
  });

  it("names a malformed variable", () => {
    expect(() => loadConfig({ ...valid, PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ ...valid, MONGODB_URI: "postgres://x" })).toThrow(/MONGODB_URI/);
  });

  it("refuses encryption keys of the wrong size and an active key id that is not among them", () => {
    expect(() => loadConfig({ ...valid, ID_ENCRYPTION_KEYS: "k1:c2hvcnQ=" })).toThrow(/ID_ENCRYPTION_KEYS/);
    expect(() => loadConfig({ ...valid, ID_ENCRYPTION_ACTIVE_KEY_ID: "k9" })).toThrow(/ID_ENCRYPTION_ACTIVE_KEY_ID/);
  });

  it("refuses the logging one-time-code sender in production", () => {
    expect(() => loadConfig({ ...valid, NODE_ENV: "production" })).toThrow(/OTP_SENDER/);
  });

  it("fills defaults and parses lists", () => {
    const config = loadConfig({ ...valid, CORS_ORIGINS: "https://a.cn, https://b.cn" });
    expect(config.PORT).toBe(3000);
    expect(config.CORS_ORIGINS).toEqual(["https://a.cn", "https://b.cn"]);
  });
});
