import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type EmbeddedRedis } from "../../infra/embedded/redis-server";
import { redisKeys } from "../../infra/redis";
import { startTestServer, type TestServer } from "../../../test/harness";
import { acceptAllDocuments } from "../../../test/privacy";
import { nextPhone } from "../../../test/scenario-fixtures";
import { AuditEntryModel } from "../audit/model";
import { DEMO_IDENTITIES } from "../identity/demo-identities";
import { PartnerModel } from "../partners/model";
import { UserModel } from "../users/model";
import { RefreshTokenModel } from "./refresh-token.model";
import { OTP_RULES } from "./service";

/**
 * The request limits at their real numbers: N pass, N+1 is refused with 429 RATE_LIMITED and
 * Retry-After, and another address or phone still gets through. The server trusts X-Forwarded-For
 * (TRUST_PROXY, as behind the production proxy), so each test names sources of its own.
 * The file has a redis-server of its own: the last block stops it to see what each limit does then.
 */
let redis: EmbeddedRedis;
let t: TestServer;

beforeAll(async () => {
  redis = await startRedisServer();
  t = await startTestServer({ name: "rate-limits", env: { REDIS_URL: redis.url, TRUST_PROXY: "true" } });
});
afterAll(async () => {
  await t.redis.disconnect().catch(() => undefined);
  await t.close().catch(() => undefined);
  await redis.stop();
});

const from = (ip: string) => ({ "x-forwarded-for": ip });
const sendOtp = (phone: string, ip: string) => t.api("POST", "/auth/otp", { body: { phone }, headers: from(ip) });
const phoneLogin = (phone: string, code: string, ip: string) => t.api("POST", "/auth/phone/login", { body: { phone, code }, headers: from(ip) });
const consoleLogin = (username: string, password: string, ip: string) => t.api("POST", "/auth/console/login", { body: { username, password }, headers: from(ip) });
const wrongCode = (right: string) => (right === "000000" ? "111111" : "000000");
const keys = () => redisKeys(t.config.REDIS_KEY_PREFIX);
const sessionsOf = (userId: string) => RefreshTokenModel.countDocuments({ userId: new mongoose.Types.ObjectId(userId) });
const adminId = async () => (await UserModel.findOne({ username: "admin" }).lean())!._id.toHexString();

function expectRateLimited(res: { status: number; body: any; headers: Headers }, maxWaitSeconds: number, minWaitSeconds = 1): number {
  expect(res.status, JSON.stringify(res.body)).toBe(429);
  expect(res.body.error.code).toBe("RATE_LIMITED");
  const wait = Number(res.headers.get("retry-after"));
  expect(wait).toBe(res.body.error.details.retryAfterSeconds);
  // The wait names the window that refused: a minute, an hour or a day.
  expect(wait).toBeGreaterThanOrEqual(minWaitSeconds);
  expect(wait).toBeLessThanOrEqual(maxWaitSeconds);
  return wait;
}

/** A new account that chose its prefecture and accepted the privacy documents: ready for real-name verification. */
async function unverifiedCitizen(): Promise<{ id: string; token: string }> {
  const user = await UserModel.create({ role: "citizen", phone: nextPhone("137"), displayName: "待实名用户", prefectureCode: "530100" });
  const token = t.tokenFor(user);
  await acceptAllDocuments(t, token);
  return { id: user._id.toHexString(), token };
}
const wrongName = { name: "错误姓名", idNumber: DEMO_IDENTITIES.liHua.idNumber };

describe("one-time codes", () => {
  it("sends 20 codes an hour from one address; the 21st is refused and stores no code, another address still gets one", async () => {
    const ip = "203.0.113.11";
    const phones = Array.from({ length: 21 }, () => nextPhone("139"));
    for (const [i, phone] of phones.slice(0, 20).entries()) {
      const res = await sendOtp(phone, ip);
      expect(res.status, `code ${i + 1}`).toBe(200);
      expect(res.body.devCode).toMatch(/^\d{6}$/);
    }
    const refused = await sendOtp(phones[20]!, ip);
    expectRateLimited(refused, 3600, 61);
    expect(refused.body.error.message).toMatch(/^操作过于频繁，请(5\d|60)分钟后再试$/);
    expect(refused.body.devCode).toBeUndefined();
    expect(await t.redis.exists(keys().otp(phones[20]!))).toBe(0);

    // The address was refused, not the phone: from elsewhere it gets its code, and the code signs in.
    const elsewhere = await sendOtp(phones[20]!, "203.0.113.12");
    expect(elsewhere.status).toBe(200);
    expect((await phoneLogin(phones[20]!, elsewhere.body.devCode, "203.0.113.12")).status).toBe(200);
  });

  it("sends 10 codes a day to one phone; the 11th is refused for the rest of the day and leaves the last code working, another phone is not affected", async () => {
    const ip = "203.0.113.21";
    const phone = nextPhone("139");
    let lastCode = "";
    for (let i = 0; i < 10; i++) {
      // Stands in for the minute between two codes (one a minute per phone, tested in auth.test.ts).
      await t.redis.del(keys().rateLimit(OTP_RULES.sendPerPhone.bucket, phone));
      const res = await sendOtp(phone, ip);
      expect(res.status, `code ${i + 1}`).toBe(200);
      lastCode = res.body.devCode;
    }
    await t.redis.del(keys().rateLimit(OTP_RULES.sendPerPhone.bucket, phone));
    const refused = await sendOtp(phone, ip);
    expectRateLimited(refused, 24 * 3600, 23 * 3600);
    expect(refused.body.error.message).toBe("操作过于频繁，请24小时后再试");
    // From another address too: the limit is the phone's (each code is a text its owner receives).
    await t.redis.del(keys().rateLimit(OTP_RULES.sendPerPhone.bucket, phone));
    expectRateLimited(await sendOtp(phone, "203.0.113.22"), 24 * 3600, 23 * 3600);

    const login = await phoneLogin(phone, lastCode, ip);
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    expect(login.body.user.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect((await sendOtp(nextPhone("139"), ip)).status).toBe(200);
  });

  it("takes 30 wrong codes from one address over many phones; then even a right code from there is refused, not from the owner's", async () => {
    const owner = "198.51.100.31";
    const guesser = "203.0.113.31";
    const phones = Array.from({ length: 7 }, () => nextPhone("139"));
    const codes: string[] = [];
    for (const phone of phones) {
      const sent = await sendOtp(phone, owner);
      expect(sent.status).toBe(200);
      codes.push(sent.body.devCode);
    }
    // Five a phone stays within the per-phone-and-source limit: only the per-address one can refuse.
    for (let p = 0; p < 6; p++) {
      for (let i = 0; i < 5; i++) {
        const res = await phoneLogin(phones[p]!, wrongCode(codes[p]!), guesser);
        expect(res.status, `phone ${p + 1}, guess ${i + 1}`).toBe(401);
        expect(res.body.error.code).toBe("AUTH_OTP_INVALID");
      }
    }
    expectRateLimited(await phoneLogin(phones[6]!, codes[6]!, guesser), 15 * 60, 14 * 60);
    expect(await UserModel.exists({ phone: phones[6] })).toBeNull();
    // The refusal came before the code was checked: it is still there for its owner.
    const ownerLogin = await phoneLogin(phones[6]!, codes[6]!, owner);
    expect(ownerLogin.status).toBe(200);
    expect(await UserModel.exists({ phone: phones[6] })).not.toBeNull();
  });
});

describe("console sign-in", () => {
  it("takes 30 sign-ins a minute from one address; the 31st is refused even with the right password, another address is not", async () => {
    const ip = "203.0.113.41";
    const userId = await adminId();
    for (let i = 0; i < 30; i++) expect((await consoleLogin("admin", "Admin@2026", ip)).status, `sign-in ${i + 1}`).toBe(200);
    const sessions = await sessionsOf(userId);
    const refused = await consoleLogin("admin", "Admin@2026", ip);
    // The address is throttled (RATE_LIMITED), not the account locked (ACCOUNT_LOCKED).
    expectRateLimited(refused, 60);
    expect(refused.body.accessToken).toBeUndefined();
    expect(await sessionsOf(userId)).toBe(sessions);

    const elsewhere = await consoleLogin("admin", "Admin@2026", "203.0.113.42");
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.user.id).toBe(userId);
    expect(await sessionsOf(userId)).toBe(sessions + 1);
  });
});

describe("real-name verification", () => {
  it("takes 20 attempts an hour from one address; the 21st account there is refused before the check, elsewhere it is checked", async () => {
    const ip = "203.0.113.51";
    const accounts = [];
    for (let i = 0; i < 21; i++) accounts.push(await unverifiedCitizen());
    expect(accounts).toHaveLength(21);
    for (const [i, account] of accounts.slice(0, 20).entries()) {
      const res = await t.api("POST", "/me/real-name", { token: account.token, body: wrongName, headers: from(ip) });
      expect(res.status, `account ${i + 1}`).toBe(422);
      expect(res.body.error.code).toBe("IDENTITY_NOT_VERIFIED");
    }
    const last = accounts[20]!;
    const failures = () => AuditEntryModel.countDocuments({ action: "identity.verify_failed", target: `user:${last.id}` });
    expectRateLimited(await t.api("POST", "/me/real-name", { token: last.token, body: wrongName, headers: from(ip) }), 3600, 61);
    expect(await failures()).toBe(0);

    const elsewhere = await t.api("POST", "/me/real-name", { token: last.token, body: wrongName, headers: from("203.0.113.52") });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.code).toBe("IDENTITY_NOT_VERIFIED");
    expect(await failures()).toBe(1);
  });
});

// Partner applications (10 an hour per address) are tested at their number in partners/operators.test.ts.

describe("with Redis down, the limits let requests through (they fail open)", () => {
  beforeAll(async () => {
    await redis.stop();
  });

  it("console sign-in: neither the 30-a-minute address limit nor the five-failure lockout applies", async () => {
    const ip = "203.0.113.61";
    const userId = await adminId();
    const sessions = await sessionsOf(userId);
    for (let i = 0; i < 31; i++) expect((await consoleLogin("admin", "Admin@2026", ip)).status, `sign-in ${i + 1}`).toBe(200);
    expect(await sessionsOf(userId)).toBe(sessions + 31);

    for (let i = 0; i < 6; i++) {
      const res = await consoleLogin("km_admin", `guess-${i}`, ip);
      expect(res.status, `guess ${i + 1}`).toBe(401);
      expect(res.body.error.code).toBe("AUTH_INVALID_CREDENTIALS");
    }
    const right = await consoleLogin("km_admin", "Kunming@2026", ip);
    expect(right.status).toBe(200);
    expect(right.body.user.username).toBe("km_admin");
  });

  it("partner applications: an 11th from one address within the hour is stored", async () => {
    const ip = "203.0.113.62";
    for (let i = 0; i < 11; i++) {
      const res = await t.api("POST", "/partner-applications", {
        headers: from(ip),
        body: { name: `停机测试机构${i}`, kind: "tourism", prefectureCodes: ["530100"], contactName: "王经理", contactPhone: nextPhone("137"), operator: { username: `downtest${i}`, password: "Partner@2026xx", displayName: "前台" } },
      });
      expect(res.status, `application ${i + 1}: ${JSON.stringify(res.body)}`).toBe(201);
    }
    expect(await PartnerModel.countDocuments({ name: /^停机测试机构/ })).toBe(11);
  });

  it("real-name verification: a sixth attempt in a day by one account is checked", async () => {
    const account = await unverifiedCitizen();
    for (let i = 0; i < 6; i++) {
      const res = await t.api("POST", "/me/real-name", { token: account.token, body: wrongName, headers: from("203.0.113.63") });
      expect(res.status, `attempt ${i + 1}`).toBe(422);
      expect(res.body.error.code).toBe("IDENTITY_NOT_VERIFIED");
    }
    expect(await AuditEntryModel.countDocuments({ action: "identity.verify_failed", target: `user:${account.id}` })).toBe(6);
  });

  // Codes live only in Redis: here the limits' failing open does not matter, the code store fails closed.
  // The answer is today's generic 500; a 503 naming the outage would tell people better (see the issue note).
  it("one-time codes: no code can be sent or checked without Redis, so the answer is an error, not a code", async () => {
    const phone = nextPhone("139");
    const sent = await sendOtp(phone, "203.0.113.64");
    expect(sent.status).toBe(500);
    expect(sent.body.error.code).toBe("INTERNAL");
    expect(sent.body.devCode).toBeUndefined();
    const login = await phoneLogin(phone, "123456", "203.0.113.64");
    expect(login.status).toBe(500);
    expect(login.body.error.code).toBe("INTERNAL");
    expect(await UserModel.exists({ phone })).toBeNull();
  });
});
