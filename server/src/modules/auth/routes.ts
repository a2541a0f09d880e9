import { ZActAsRequest, ZConsoleLoginRequest, ZOtpSendRequest, ZOtpSendResult, ZPhoneLoginRequest, ZRefreshRequest, ZSession, ZWechatLoginRequest } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { AuthService } from "./service";

export function registerAuthRoutes(api: ApiRouter, auth: AuthService): void {
  api.publicRoute({
    method: "post",
    path: "/auth/console/login",
    tag: "auth",
    summary: "Console sign-in with username and password",
    body: ZConsoleLoginRequest,
    response: ZSession,
    errors: ["AUTH_INVALID_CREDENTIALS", "ACCOUNT_LOCKED", "RATE_LIMITED"],
    handler: ({ body, ctx }) => auth.consoleLogin(body.username, body.password, ctx.ip),
  });

  api.publicRoute({
    method: "post",
    path: "/auth/otp",
    tag: "auth",
    summary: "Send a one-time sign-in code to a phone",
    body: ZOtpSendRequest,
    response: ZOtpSendResult,
    errors: ["RATE_LIMITED", "SMS_SEND_FAILED"],
    handler: ({ body, ctx }) => auth.sendOtp(body.phone, ctx.ip),
  });

  api.publicRoute({
    method: "post",
    path: "/auth/phone/login",
    tag: "auth",
    summary: "Mini-program sign-in with phone and one-time code (creates a citizen account on first use)",
    body: ZPhoneLoginRequest,
    response: ZSession,
    errors: ["AUTH_OTP_INVALID", "RATE_LIMITED"],
    handler: ({ body, ctx }) => auth.phoneLogin(body.phone, body.code, ctx.ip),
  });

  api.publicRoute({
    method: "post",
    path: "/auth/wechat/login",
    tag: "auth",
    summary: "Mini-program sign-in with a WeChat login code",
    body: ZWechatLoginRequest,
    response: ZSession,
    errors: ["AUTH_INVALID_CREDENTIALS", "RATE_LIMITED"],
    handler: ({ body, ctx }) => auth.wechatLogin(body.code, ctx.ip),
  });

  api.publicRoute({
    method: "post",
    path: "/auth/refresh",
    tag: "auth",
    summary: "Exchange a refresh token for a new session (the token rotates)",
    body: ZRefreshRequest,
    response: ZSession,
    errors: ["AUTH_REFRESH_INVALID", "AUTH_REFRESH_REUSED"],
    handler: ({ body }) => auth.refresh(body.refreshToken),
  });

  api.publicRoute({
    method: "post",
    path: "/auth/act-as",
    tag: "auth",
    summary: "Switch the session to another identity of the account (its own, or an enterprise it holds); the token rotates",
    body: ZActAsRequest,
    response: ZSession,
    errors: ["AUTH_REFRESH_INVALID", "AUTH_REFRESH_REUSED", "FORBIDDEN"],
    handler: ({ body }) => auth.refresh(body.refreshToken, body.subjectId),
  });

  api.route({
    method: "post",
    path: "/auth/logout",
    tag: "auth",
    summary: "Sign out: revokes the refresh token's whole family",
    access: "any-signed-in",
    body: ZRefreshRequest,
    handler: ({ body, actor }) => auth.logout(body.refreshToken, actor),
  });
}
