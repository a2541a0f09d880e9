import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_JWT_SECRET, type TestServer } from "../../../test/harness";
import { UserModel } from "../users/model";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ name: "auth" });
});
afterAll(() => t.close());

describe("console login", () => {
  it("signs in a platform administrator and returns who they are", async () => {
    const session = await t.consoleLogin("admin", "Admin@2026");
    expect(session.user).toMatchObject({ role: "platform_admin", username: "admin" });
    const me = await t.api("GET", "/me", { token: session.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(session.user.id);
  });

  it("gives the same answer for an unknown user and a wrong password", async () => {
    const wrongPassword = await t.api("POST", "/auth/console/login", { body: { username: "km_admin", password: "nope" } });
    const unknownUser = await t.api("POST", "/auth/console/login", { body: { username: "nobody", password: "nope" } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.body.error.code).toBe("AUTH_INVALID_CREDENTIALS");
    expect(unknownUser.body.error.message).toBe(wrongPassword.body.error.message);
  });

  it("locks an account after five failures, even for the right password, and says when to retry", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await t.api("POST", "/auth/console/login", { body: { username: "ynly_operator", password: `bad-${i}` } });
      expect(res.status).toBe(401);
    }
    const locked = await t.api("POST", "/auth/console/login", { body: { username: "ynly_operator", password: "Partner@2026" } });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe("ACCOUNT_LOCKED");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("does not let a citizen sign in to the console", async () => {
    const res = await t.api("POST", "/auth/console/login", { body: { username: "13800000001", password: "x" } });
    expect(res.status).toBe(401);
  });
});

describe("phone and one-time code", () => {
  it("creates a citizen on first login; the code works once", async () => {
    const sent = await t.api("POST", "/auth/otp", { body: { phone: "13900000077" } });
    expect(sent.status).toBe(200);
    expect(sent.body.devCode).toMatch(/^\d{6}$/);
    const login = await t.api("POST", "/auth/phone/login", { body: { phone: "13900000077", code: sent.body.devCode } });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ role: "citizen", phoneMasked: "139****0077" });
    const again = await t.api("POST", "/auth/phone/login", { body: { phone: "13900000077", code: sent.body.devCode } });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe("AUTH_OTP_INVALID");
  });

  it("refuses a source after five wrong guesses for a phone (lockout.test.ts: the owner elsewhere is not)", async () => {
    const sent = await t.api("POST", "/auth/otp", { body: { phone: "13900000078" } });
    const wrong = sent.body.devCode === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      expect((await t.api("POST", "/auth/phone/login", { body: { phone: "13900000078", code: wrong } })).status).toBe(401);
    }
    const right = await t.api("POST", "/auth/phone/login", { body: { phone: "13900000078", code: sent.body.devCode } });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe("RATE_LIMITED");
  });

  it("allows one code per phone per minute (429 with Retry-After)", async () => {
    expect((await t.api("POST", "/auth/otp", { body: { phone: "13900000079" } })).status).toBe(200);
    const second = await t.api("POST", "/auth/otp", { body: { phone: "13900000079" } });
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe("RATE_LIMITED");
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("rejects a malformed phone number with the field path", async () => {
    const res = await t.api("POST", "/auth/otp", { body: { phone: "12345" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0]).toEqual({ path: "body.phone", message: "请输入11位中国大陆手机号" });
  });
});

describe("WeChat login (development provider)", () => {
  it("maps the same code to the same account", async () => {
    const a = await t.api("POST", "/auth/wechat/login", { body: { code: "wx-code-1" } });
    const b = await t.api("POST", "/auth/wechat/login", { body: { code: "wx-code-1" } });
    expect(a.status).toBe(200);
    expect(b.body.user.id).toBe(a.body.user.id);
  });
});

describe("refresh tokens", () => {
  it("rotate on use; reusing a rotated token revokes the whole family", async () => {
    const first = await t.consoleLogin("admin", "Admin@2026");
    const second = await t.api("POST", "/auth/refresh", { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);

    const reuse = await t.api("POST", "/auth/refresh", { body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe("AUTH_REFRESH_REUSED");
    // The legitimate newer token is gone too: the family is revoked.
    const newer = await t.api("POST", "/auth/refresh", { body: { refreshToken: second.body.refreshToken } });
    expect(newer.status).toBe(401);
  });

  it("eight simultaneous uses of one token: exactly one succeeds", async () => {
    const session = await t.consoleLogin("admin", "Admin@2026");
    const results = await Promise.all(
      Array.from({ length: 8 }, () => t.api("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } })),
    );
    expect(results.filter((r) => r.status === 200).length).toBe(1);
    expect(results.filter((r) => r.status === 401).length).toBe(7);
  });

  it("logout revokes the refresh token", async () => {
    const session = await t.consoleLogin("admin", "Admin@2026");
    const out = await t.api("POST", "/auth/logout", { token: session.accessToken, body: { refreshToken: session.refreshToken } });
    expect(out.status).toBe(204);
    const res = await t.api("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } });
    expect(res.status).toBe(401);
  });

  it("refuses garbage", async () => {
    const res = await t.api("POST", "/auth/refresh", { body: { refreshToken: "abc.def" } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("AUTH_REFRESH_INVALID");
  });
});

describe("access tokens", () => {
  const claims = { role: "platform_admin", sid: "x" };
  const options = { issuer: "xinyi-plus", audience: "xinyi-api", subject: "6b0952e46c1a15f6190222fa" };

  it.each([
    ["unsigned (alg none)", () => jwt.sign(claims, "", { ...options, algorithm: "none" })],
    ["another algorithm (HS512)", () => jwt.sign(claims, TEST_JWT_SECRET, { ...options, algorithm: "HS512" })],
    ["a bad signature", () => jwt.sign(claims, "another-secret-another-secret-another", { ...options, algorithm: "HS256" })],
    ["expired", () => jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET, { ...options, algorithm: "HS256" })],
  ])("refuses a token that is %s", async (_, make) => {
    const res = await t.api("GET", "/me", { token: make() });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("AUTH_TOKEN_INVALID");
  });
});

describe("roles", () => {
  it("keeps citizens out of the console, and partner operators out of administrators' routes (403)", async () => {
    const citizen = await t.citizenLogin("13800000001");
    expect((await t.api("GET", "/scenarios", { token: citizen.accessToken })).status).toBe(403);
    // The operator's password login is locked by the lockout test above: sign a token for the seeded account instead.
    const operator = t.tokenFor((await UserModel.findOne({ username: "ynly_operator" }).lean())!);
    expect((await t.api("POST", "/subjects/search", { token: operator, body: {} })).status).toBe(403);
    expect((await t.api("GET", "/audit", { token: operator })).status).toBe(403);
    expect((await t.api("GET", "/partner-applications", { token: operator })).status).toBe(403);
  });

  it("keeps console users out of citizen routes (403)", async () => {
    const admin = await t.consoleLogin("admin", "Admin@2026");
    const res = await t.api("GET", "/scenarios/available", { token: admin.accessToken });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
  });
});
