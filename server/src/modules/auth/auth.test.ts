import jwt, { type JwtPayload } from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_JWT_SECRET, type TestServer } from "../../../test/harness";
import { UserModel } from "../users/model";
import { RefreshTokenModel } from "./refresh-token.model";
import { hashPassword } from "./service";

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

  it("does not let a citizen sign in to the console, even with the right username and password", async () => {
    // An account that has console credentials but the citizen role: only the role gate can refuse it.
    const citizen = await UserModel.create({
      role: "citizen",
      username: "citizen_with_password",
      displayName: "有密码的市民",
      phone: "13900000090",
      prefectureCode: "530100",
      passwordHash: await hashPassword("Citizen@2026x"),
    });
    const credentials = { username: "citizen_with_password", password: "Citizen@2026x" };
    const wrongPassword = await t.api("POST", "/auth/console/login", { body: { ...credentials, password: "Citizen@2026y" } });

    const refused = await t.api("POST", "/auth/console/login", { body: credentials });
    expect(refused.status).toBe(401);
    // The same answer as a wrong password: the form does not tell that the account exists.
    expect(refused.body.error).toMatchObject({ code: "AUTH_INVALID_CREDENTIALS", message: wrongPassword.body.error.message });
    expect(refused.body.accessToken).toBeUndefined();
    expect(await RefreshTokenModel.countDocuments({ userId: citizen._id })).toBe(0);

    // Control: the very same account and password, given a console role, signs in.
    await UserModel.updateOne({ _id: citizen._id }, { $set: { role: "regional_admin" } });
    const admitted = await t.api("POST", "/auth/console/login", { body: credentials });
    expect(admitted.status, JSON.stringify(admitted.body)).toBe(200);
    expect(admitted.body.user).toMatchObject({ id: citizen._id.toHexString(), role: "regional_admin", username: "citizen_with_password" });
    expect(await RefreshTokenModel.countDocuments({ userId: citizen._id })).toBe(1);
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
  type RealToken = { userId: string; claims: Record<string, unknown>; options: jwt.SignOptions };

  /**
   * What a real session of the seeded 昆明 administrator carries (sub, role, prf, sid of a live refresh
   * family, issuer, audience): each forged token below is this one with a single defect, so that only the
   * defect can make the server refuse it.
   */
  async function realToken(): Promise<RealToken> {
    const session = await t.consoleLogin("km_admin", "Kunming@2026");
    const { sub, role, prf, sid, iss, aud } = jwt.decode(session.accessToken) as JwtPayload;
    expect({ sub, role, prf, sid: typeof sid }).toEqual({ sub: session.user.id, role: "regional_admin", prf: "530100", sid: "string" });
    return { userId: session.user.id, claims: { role, prf, sid }, options: { subject: sub!, issuer: iss!, audience: aud as string, expiresIn: 300 } };
  }

  // One session for the block, so the control and every forged token share the same live refresh family.
  let real: RealToken;
  beforeAll(async () => {
    real = await realToken();
  });

  it("accepts the token built the way the forged ones are, but without a defect (control)", async () => {
    const { userId, claims, options } = real;
    const res = await t.api("GET", "/me", { token: jwt.sign(claims, TEST_JWT_SECRET, { ...options, algorithm: "HS256" }) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: userId, role: "regional_admin", username: "km_admin" });
  });

  it.each<[string, (real: RealToken) => string]>([
    ["unsigned (alg none)", ({ claims, options }) => jwt.sign(claims, "", { ...options, algorithm: "none" })],
    ["of another algorithm (HS512, with the right secret)", ({ claims, options }) => jwt.sign(claims, TEST_JWT_SECRET, { ...options, algorithm: "HS512" })],
    ["signed with another secret", ({ claims, options }) => jwt.sign(claims, "another-secret-another-secret-another", { ...options, algorithm: "HS256" })],
    [
      "expired",
      ({ claims, options: { expiresIn: _, ...options } }) => jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET, { ...options, algorithm: "HS256" }),
    ],
  ])("refuses a token of a real user that is %s", async (_, forge) => {
    const res = await t.api("GET", "/me", { token: forge(real) });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("AUTH_TOKEN_INVALID");
    expect(res.body.id).toBeUndefined();
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
