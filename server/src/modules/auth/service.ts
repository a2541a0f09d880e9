import { hash as argonHash, verify as argonVerify } from "@node-rs/argon2";
import { createHash, randomUUID } from "node:crypto";
import { CONSOLE_ROLES, type TRole, type TSession, type TOtpSendResult, type TPrefectureCode } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import type { Logger } from "../../infra/logger";
import { rateLimited, type RateLimiter, type RateRule } from "../../infra/rate-limit";
import { isDuplicateKeyError } from "../../infra/store";
import { partnerSignInRefusal } from "../partners/sign-in";
import { UserModel, type UserDoc } from "../users/model";
import { describeUser } from "../users/service";
import { actingFor } from "../identity/identities";
import type { KnownLoginSources } from "./known-sources";
import { OTP_TTL_SECONDS, type OtpSender, type OtpStore } from "./otp";
import { RefreshTokenModel, RevokedFamilyModel } from "./refresh-token.model";
import type { RevocationList } from "./revocations";
import { newRefreshToken, parseRefreshToken, secretMatches, type AccessTokenSigner } from "./tokens";
import type { WechatProvider } from "./wechat";

export const LOGIN_RULES = {
  perIp: { bucket: "login-ip", limit: 30, windowSeconds: 60 },
  /** Failures per account and source before that source is refused for the rest of the window. */
  failuresPerAccountSource: { bucket: "login-fail-src", limit: 5, windowSeconds: 15 * 60 },
  /**
   * Failures per account from sources that never signed in to it, all together: an attacker spread
   * over many addresses is stopped, while the owner, from a source they signed in from before, is not.
   */
  failuresPerAccountFromNewSources: { bucket: "login-fail-new", limit: 50, windowSeconds: 15 * 60 },
} satisfies Record<string, RateRule>;

export const OTP_RULES = {
  sendPerPhone: { bucket: "otp-send-phone", limit: 1, windowSeconds: 60 },
  sendPerPhoneDaily: { bucket: "otp-send-phone-day", limit: 10, windowSeconds: 24 * 3600 },
  sendPerIp: { bucket: "otp-send-ip", limit: 20, windowSeconds: 3600 },
  /** Wrong codes per phone and source before that source is refused; the owner elsewhere is not (see OtpStore for the per-code cap). */
  verifyFailuresPerPhoneSource: { bucket: "otp-fail-src", limit: 5, windowSeconds: 15 * 60 },
  /** Wrong codes per source over all phones, so that one address cannot spread guesses over many phones. */
  verifyFailuresPerIp: { bucket: "otp-fail-ip", limit: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, RateRule>;

// The development stand-in turns any code into an account; the real exchange costs a call to WeChat.
export const WECHAT_RULES = {
  perIp: { bucket: "wechat-ip", limit: 20, windowSeconds: 3600 },
  perCode: { bucket: "wechat-code", limit: 5, windowSeconds: 15 * 60 },
  perOpenId: { bucket: "wechat-openid", limit: 10, windowSeconds: 15 * 60 },
} satisfies Record<string, RateRule>;

// Verifying against a real hash when the username is unknown keeps timing from telling which part was wrong.
const UNKNOWN_USER_HASH = argonHash("not-a-real-password-" + randomUUID());

export type AuthDeps = {
  accessTokens: AccessTokenSigner;
  refreshTtlDays: number;
  rateLimiter: RateLimiter;
  otpStore: OtpStore;
  otpSender: OtpSender;
  wechat: WechatProvider | null;
  revocations: RevocationList;
  knownSources: KnownLoginSources;
  log: Logger;
};

export function hashPassword(password: string): Promise<string> {
  return argonHash(password);
}

export function createAuthService(deps: AuthDeps) {
  const { rateLimiter, knownSources } = deps;

  /** `acting`: the subject the session acts for when not the holder's own (an enterprise: role "enterprise"). */
  async function issueSession(user: UserDoc, familyId: string = randomUUID(), parentId?: string, acting?: { subjectId: string; role: TRole } | null): Promise<TSession> {
    const actor: Actor = {
      userId: user._id.toHexString(),
      role: acting?.role ?? user.role,
      ...(user.prefectureCode ? { prefectureCode: user.prefectureCode as TPrefectureCode } : {}),
      ...(user.partnerId ? { partnerId: user.partnerId.toHexString() } : {}),
      ...(acting ? { subjectId: acting.subjectId } : user.subjectId ? { subjectId: user.subjectId.toHexString() } : {}),
    };
    const access = deps.accessTokens.sign(actor, familyId);
    const refresh = newRefreshToken();
    const now = new Date();
    const refreshExpiresAt = new Date(now.getTime() + deps.refreshTtlDays * 86400_000);
    await RefreshTokenModel.create({
      _id: refresh.id,
      familyId,
      parentId: parentId ?? `root:${refresh.id}`,
      userId: user._id,
      ...(acting ? { actingSubjectId: acting.subjectId } : {}),
      secretHash: refresh.secretHash,
      createdAt: now,
      expiresAt: refreshExpiresAt,
    });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refreshExpiresAt.toISOString(),
      user: await describeUser(user.toObject(), actor.subjectId),
    };
  }

  /** Finds the account for a login identifier, creating a citizen account on first use. */
  async function findOrCreateCitizen(filter: { phone: string } | { wechatOpenId: string }, displayName: string): Promise<UserDoc> {
    const existing = await UserModel.findOne(filter);
    if (existing) return existing;
    try {
      return await UserModel.create({ ...filter, role: "citizen", displayName });
    } catch (err) {
      // Two first logins raced; the unique index let one insert win.
      if (!isDuplicateKeyError(err)) throw err;
      const winner = await UserModel.findOne(filter);
      if (!winner) throw err;
      return winner;
    }
  }

  function assertActive(user: UserDoc): void {
    if (user.disabledAt) throw new AppError("FORBIDDEN", "账号已停用，请联系管理员");
  }

  return {
    async consoleLogin(username: string, password: string, ip: string): Promise<TSession> {
      await rateLimiter.consume(LOGIN_RULES.perIp, ip);
      const account = username.toLowerCase();
      const accountSource = `${account}|${ip}`;
      const [known, fromHere, fromNewSources] = await Promise.all([
        knownSources.has(account, ip),
        rateLimiter.peek(LOGIN_RULES.failuresPerAccountSource, accountSource),
        rateLimiter.peek(LOGIN_RULES.failuresPerAccountFromNewSources, account),
      ]);
      if (fromHere.count >= LOGIN_RULES.failuresPerAccountSource.limit) throw rateLimited(fromHere.retryAfterMs, "ACCOUNT_LOCKED");
      if (!known && fromNewSources.count >= LOGIN_RULES.failuresPerAccountFromNewSources.limit) {
        throw rateLimited(fromNewSources.retryAfterMs, "ACCOUNT_LOCKED");
      }

      const user = await UserModel.findOne({ username: account });
      const consoleUser = user && (CONSOLE_ROLES as readonly string[]).includes(user.role) ? user : null;
      const passwordOk = await argonVerify(consoleUser?.passwordHash ?? (await UNKNOWN_USER_HASH), password);
      if (!consoleUser || !passwordOk) {
        await Promise.all([
          rateLimiter.consume(LOGIN_RULES.failuresPerAccountSource, accountSource),
          known ? undefined : rateLimiter.consume(LOGIN_RULES.failuresPerAccountFromNewSources, account),
        ]);
        throw new AppError("AUTH_INVALID_CREDENTIALS");
      }
      const partnerRefusal = await partnerSignInRefusal(consoleUser);
      if (partnerRefusal) throw partnerRefusal;
      assertActive(consoleUser);
      await Promise.all([rateLimiter.reset(LOGIN_RULES.failuresPerAccountSource, accountSource), knownSources.remember(account, ip)]);
      return issueSession(consoleUser);
    },

    async sendOtp(phone: string, ip: string): Promise<TOtpSendResult> {
      await rateLimiter.consume(OTP_RULES.sendPerIp, ip);
      await rateLimiter.consume(OTP_RULES.sendPerPhone, phone);
      await rateLimiter.consume(OTP_RULES.sendPerPhoneDaily, phone);
      const code = await deps.otpStore.issue(phone);
      await deps.otpSender.send(phone, code);
      return {
        sent: true,
        expiresInSeconds: OTP_TTL_SECONDS,
        resendAfterSeconds: OTP_RULES.sendPerPhone.windowSeconds,
        ...(deps.otpSender.exposesCodes ? { devCode: code } : {}),
      };
    },

    async phoneLogin(phone: string, code: string, ip: string): Promise<TSession> {
      const phoneSource = `${phone}|${ip}`;
      const [fromHere, fromIp] = await Promise.all([
        rateLimiter.peek(OTP_RULES.verifyFailuresPerPhoneSource, phoneSource),
        rateLimiter.peek(OTP_RULES.verifyFailuresPerIp, ip),
      ]);
      if (fromHere.count >= OTP_RULES.verifyFailuresPerPhoneSource.limit) throw rateLimited(fromHere.retryAfterMs);
      if (fromIp.count >= OTP_RULES.verifyFailuresPerIp.limit) throw rateLimited(fromIp.retryAfterMs);
      if (!(await deps.otpStore.consume(phone, code))) {
        await Promise.all([
          rateLimiter.consume(OTP_RULES.verifyFailuresPerPhoneSource, phoneSource),
          rateLimiter.consume(OTP_RULES.verifyFailuresPerIp, ip),
        ]);
        throw new AppError("AUTH_OTP_INVALID");
      }
      const user = await findOrCreateCitizen({ phone }, `用户${phone.slice(-4)}`);
      assertActive(user);
      return issueSession(user);
    },

    async wechatLogin(code: string, ip: string): Promise<TSession> {
      if (!deps.wechat) throw new AppError("FORBIDDEN", "未启用微信登录，请使用手机号登录");
      await rateLimiter.consume(WECHAT_RULES.perIp, ip);
      await rateLimiter.consume(WECHAT_RULES.perCode, createHash("sha256").update(code).digest("hex"));
      const { openId } = await deps.wechat.exchangeCode(code);
      await rateLimiter.consume(WECHAT_RULES.perOpenId, openId);
      const user = await findOrCreateCitizen({ wechatOpenId: openId }, "微信用户");
      assertActive(user);
      return issueSession(user);
    },

    /**
     * Rotates a refresh token. The child insert is the single point of truth: if the
     * token was already rotated (by us or by a thief), the whole family is revoked.
     */
    /**
     * With `actAs` (POST /auth/act-as) the new session acts for that subject, which the account
     * must hold now; otherwise it keeps acting for the subject the token did, while that authority lasts.
     */
    async refresh(token: string, actAs?: string): Promise<TSession> {
      const parsed = parseRefreshToken(token);
      if (!parsed) throw new AppError("AUTH_REFRESH_INVALID");
      const stored = await RefreshTokenModel.findById(parsed.id).lean();
      if (!stored || !secretMatches(parsed.secret, stored.secretHash)) throw new AppError("AUTH_REFRESH_INVALID");
      if (stored.expiresAt.getTime() <= Date.now()) throw new AppError("AUTH_REFRESH_INVALID");
      if (await RevokedFamilyModel.exists({ _id: stored.familyId })) throw new AppError("AUTH_REFRESH_INVALID");
      const user = await UserModel.findById(stored.userId);
      if (!user) throw new AppError("AUTH_REFRESH_INVALID");
      assertActive(user);
      const wanted = actAs ?? stored.actingSubjectId?.toHexString();
      const acting = wanted ? await actingFor(user, wanted) : null;
      if (actAs && !acting) throw new AppError("FORBIDDEN", "您不能代表该主体办理");
      try {
        return await issueSession(user, stored.familyId, stored._id, acting);
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        await deps.revocations.revoke(stored.familyId, "reuse");
        deps.log.warn({ userId: user._id.toHexString(), familyId: stored.familyId }, "refresh token reuse; family revoked");
        throw new AppError("AUTH_REFRESH_REUSED");
      }
    },

    async logout(token: string, actor: Actor): Promise<void> {
      const parsed = parseRefreshToken(token);
      if (!parsed) return;
      const stored = await RefreshTokenModel.findById(parsed.id).lean();
      if (!stored || stored.userId.toHexString() !== actor.userId || !secretMatches(parsed.secret, stored.secretHash)) return;
      await deps.revocations.revoke(stored.familyId, "logout");
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
