import type {
  TIdentityVerifyRequest,
  TLegalRepBindRequest,
  TMandate,
  TMandateDecisionRequest,
  TMandateList,
  TMandateRequest,
  TMe,
  TSession,
} from "@xinyi/shared";
import { cacheUser, getTokens, saveSession } from "../lib/session";
import { ApiError, formErrorMessage, renewSession, request } from "./client";
import { getMe } from "./endpoints";

/** Who is who: real-name verification, enterprise authority (法定代表人 / 经办人), switching identities. */

/**
 * After a verification or binding the server knows more than the access token says (the subject,
 * the identities): renew the session, then reload the profile. The change itself has succeeded by
 * then, so a failure here falls back to the profile the server answered with.
 */
async function afterChange(changed: TMe): Promise<TMe> {
  cacheUser(changed);
  try {
    await renewSession();
    return await getMe();
  } catch {
    return changed;
  }
}

/** 实名认证: the identity service checks name + ID number; only then is the account bound to the citizen. */
export async function verifyRealName(body: TIdentityVerifyRequest): Promise<TMe> {
  return afterChange(await request<TMe>("/me/real-name", { method: "POST", body }));
}

/** 企业认证 as the enterprise's registered legal representative. */
export async function bindAsLegalRep(body: TLegalRepBindRequest): Promise<TMe> {
  return afterChange(await request<TMe>("/me/enterprises", { method: "POST", body }));
}

/** 经办人授权申请, approved by the legal representative in their app or by the prefecture's administrator. */
export function requestMandate(body: TMandateRequest): Promise<TMandate> {
  return request<TMandate>("/me/enterprise-mandates", { method: "POST", body });
}

export async function listMyMandates(): Promise<TMandate[]> {
  return (await request<TMandateList>("/me/enterprise-mandates")).items;
}

/** For the legal representative: requests waiting for them and the accounts acting for the enterprise. */
export async function listEnterpriseMandates(enterpriseId: string): Promise<TMandate[]> {
  return (await request<TMandateList>(`/me/enterprises/${encodeURIComponent(enterpriseId)}/mandates`)).items;
}

export function decideMandate(id: string, body: TMandateDecisionRequest): Promise<TMandate> {
  return request<TMandate>(`/enterprise-mandates/${encodeURIComponent(id)}/decision`, { method: "POST", body });
}

export function revokeMandate(id: string, reason?: string): Promise<TMandate> {
  return request<TMandate>(`/enterprise-mandates/${encodeURIComponent(id)}/revoke`, { method: "POST", body: reason ? { reason } : {} });
}

/**
 * Switches the session to act for another of the account's identities: the server answers a new
 * session (tokens that name the subject), which replaces the stored one.
 */
export async function actAs(subjectId: string): Promise<TMe> {
  const tokens = getTokens();
  if (!tokens) throw new ApiError("AUTH_REQUIRED", "请先登录", 401);
  // Sent without the access token: the refresh token in the body is the credential, and the
  // client's retry-after-refresh on a 401 would replay an already rotated one.
  const session = await request<TSession>("/auth/act-as", { method: "POST", body: { refreshToken: tokens.refreshToken, subjectId }, auth: false });
  saveSession(session);
  return session.user;
}

/** 90 → "1分30秒", 600 → "10分钟", 20 → "20秒". */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s}秒`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? `${m}分${rest}秒` : `${m}分钟`;
}

/**
 * The message for a refused identity action. A 429 says how long to wait (from the server's
 * retryAfterSeconds when its message does not say it already).
 */
export function identityErrorMessage(error: unknown): string {
  const message = formErrorMessage(error);
  if (error instanceof ApiError && (error.code === "RATE_LIMITED" || error.status === 429)) {
    const seconds = error.details?.retryAfterSeconds;
    if (typeof seconds === "number" && !/\d/.test(message)) return `尝试次数过多，请${waitText(seconds)}后再试`;
  }
  return message;
}
