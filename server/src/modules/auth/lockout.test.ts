import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness";

// Behind a trusted proxy the client's address comes from X-Forwarded-For: each test call can name its source.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ name: "auth-lockout", env: { TRUST_PROXY: "true" } });
});
afterAll(() => t.close());

const from = (ip: string) => ({ "x-forwarded-for": ip });
const consoleLogin = (username: string, password: string, ip: string) =>
  t.api("POST", "/auth/console/login", { body: { username, password }, headers: from(ip) });
const phoneLogin = (phone: string, code: string, ip: string) => t.api("POST", "/auth/phone/login", { body: { phone, code }, headers: from(ip) });
const wrongCode = (right: string) => (right === "000000" ? "111111" : "000000");

describe("console sign-in is throttled per account and source", () => {
  it("a stranger's wrong passwords refuse the stranger (429), not the owner signing in from a known source", async () => {
    const owner = "198.51.100.7";
    const attacker = "203.0.113.9";
    expect((await consoleLogin("admin", "Admin@2026", owner)).status).toBe(200);

    for (let i = 0; i < 5; i++) expect((await consoleLogin("admin", `guess-${i}`, attacker)).status).toBe(401);
    expect((await consoleLogin("admin", "guess-5", attacker)).status).toBe(429);
    const refused = await consoleLogin("admin", "Admin@2026", attacker);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("ACCOUNT_LOCKED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);

    const ownerAgain = await consoleLogin("admin", "Admin@2026", owner);
    expect(ownerAgain.status).toBe(200);
    expect(ownerAgain.body.user.username).toBe("admin");
  });

  it("an attacker spread over many sources stops new sources, while the owner's known source still gets in", async () => {
    const owner = "198.51.100.20";
    expect((await consoleLogin("km_admin", "Kunming@2026", owner)).status).toBe(200);
    // 50 failures from 10 addresses, 5 each: no single address is refused yet.
    for (let source = 0; source < 10; source++) {
      for (let i = 0; i < 5; i++) expect((await consoleLogin("km_admin", `guess-${i}`, `203.0.113.${100 + source}`)).status).toBe(401);
    }
    const newcomer = await consoleLogin("km_admin", "Kunming@2026", "203.0.113.200");
    expect(newcomer.status).toBe(429);
    expect(newcomer.body.error.code).toBe("ACCOUNT_LOCKED");
    expect((await consoleLogin("km_admin", "Kunming@2026", owner)).status).toBe(200);
  });

  it("answers an unknown user and a wrong password alike, from any source", async () => {
    const wrongPassword = await consoleLogin("ynly_operator", "nope", "192.0.2.1");
    const unknownUser = await consoleLogin("nobody-here", "nope", "192.0.2.1");
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(unknownUser.body.error).toMatchObject({ code: wrongPassword.body.error.code, message: wrongPassword.body.error.message });
  });
});

describe("phone codes are throttled per phone and source", () => {
  it("ten wrong codes from another source do not refuse the owner's correct code", async () => {
    const phone = "13900000101";
    const sent = await t.api("POST", "/auth/otp", { body: { phone }, headers: from("198.51.100.30") });
    expect(sent.status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await phoneLogin(phone, wrongCode(sent.body.devCode), "203.0.113.30")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);

    const owner = await phoneLogin(phone, sent.body.devCode, "198.51.100.30");
    expect(owner.status).toBe(200);
    expect(owner.body.user.phoneMasked).toBe("139****0101");
  });

  it("burns a code after 30 wrong guesses over all sources", async () => {
    const phone = "13900000102";
    const sent = await t.api("POST", "/auth/otp", { body: { phone }, headers: from("198.51.100.31") });
    for (let source = 0; source < 6; source++) {
      for (let i = 0; i < 5; i++) expect((await phoneLogin(phone, wrongCode(sent.body.devCode), `203.0.113.${40 + source}`)).status).toBe(401);
    }
    const owner = await phoneLogin(phone, sent.body.devCode, "198.51.100.31");
    expect(owner.status).toBe(401);
    expect(owner.body.error.code).toBe("AUTH_OTP_INVALID");
  });
});

describe("WeChat sign-in (development stand-in) is rate limited", () => {
  it("per source: the 21st sign-in within the hour is refused", async () => {
    for (let i = 0; i < 20; i++) {
      expect((await t.api("POST", "/auth/wechat/login", { body: { code: `wx-ip-${i}` }, headers: from("203.0.113.60") })).status).toBe(200);
    }
    const refused = await t.api("POST", "/auth/wechat/login", { body: { code: "wx-ip-20" }, headers: from("203.0.113.60") });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    expect((await t.api("POST", "/auth/wechat/login", { body: { code: "wx-ip-20" }, headers: from("203.0.113.61") })).status).toBe(200);
  });

  it("per code: the same code works five times in 15 minutes, from whatever source", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await t.api("POST", "/auth/wechat/login", { body: { code: "wx-replayed" }, headers: from(`203.0.113.${70 + i}`) })).status).toBe(200);
    }
    const refused = await t.api("POST", "/auth/wechat/login", { body: { code: "wx-replayed" }, headers: from("203.0.113.80") });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
  });
});

describe("429 answers", () => {
  it("carry the security headers of every API answer and say in Chinese how long to wait", async () => {
    const phone = "13900000103";
    expect((await t.api("POST", "/auth/otp", { body: { phone }, headers: from("198.51.100.40") })).status).toBe(200);
    const refused = await t.api("POST", "/auth/otp", { body: { phone }, headers: from("198.51.100.40") });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-content-type-options")).toBe("nosniff");
    expect(refused.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(refused.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(refused.headers.get("cache-control")).toBe("no-store");
    const wait = refused.body.error.details.retryAfterSeconds;
    expect(refused.headers.get("retry-after")).toBe(String(wait));
    // A minute's window: "请60秒后再试" or, at most, "请1分钟后再试".
    expect(refused.body.error.message).toMatch(/^操作过于频繁，请(\d+秒|1分钟)后再试$/);
  });

  it("name the minutes of a sign-in lockout", async () => {
    for (let i = 0; i < 5; i++) await consoleLogin("ynly_operator", `guess-${i}`, "203.0.113.90");
    const locked = await consoleLogin("ynly_operator", "Partner@2026", "203.0.113.90");
    expect(locked.status).toBe(429);
    expect(locked.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(locked.body.error.message).toMatch(/请1[45]分钟后再试$/);
  });
});
