import type {
  TAvailableScenario,
  TClaim,
  TConsentGrant,
  TConsentGrantRequest,
  TCreditProfile,
  TEnterpriseBindRequest,
  TMe,
  TOtpSendResult,
  TRealNameBindRequest,
  TSession,
  TUpdateProfileRequest,
} from "@xinyi/shared";
import type { TPartner, TReportAccess } from "../lib/credit";
import { cacheUser, clearSession, getTokens, saveSession } from "../lib/session";
import { newIdempotencyKey, renewSession, request } from "./client";

export function sendOtp(phone: string): Promise<TOtpSendResult> {
  return request<TOtpSendResult>("/auth/otp", { method: "POST", body: { phone }, auth: false });
}

export async function phoneLogin(phone: string, code: string): Promise<TSession> {
  const session = await request<TSession>("/auth/phone/login", { method: "POST", body: { phone, code }, auth: false });
  saveSession(session);
  return session;
}

export async function wechatLogin(code: string): Promise<TSession> {
  const session = await request<TSession>("/auth/wechat/login", { method: "POST", body: { code }, auth: false });
  saveSession(session);
  return session;
}

/** Ends the session on the server (best effort) and forgets it locally. */
export async function logout(): Promise<void> {
  const tokens = getTokens();
  try {
    if (tokens) await request<void>("/auth/logout", { method: "POST", body: { refreshToken: tokens.refreshToken } });
  } catch {
    // The local session is dropped regardless; an unreachable server must not keep the user signed in.
  } finally {
    clearSession();
  }
}

export async function getMe(): Promise<TMe> {
  const me = await request<TMe>("/me");
  cacheUser(me);
  return me;
}

export async function updateMe(patch: TUpdateProfileRequest): Promise<TMe> {
  const me = await request<TMe>("/me", { method: "PATCH", body: patch });
  cacheUser(me);
  return me;
}

export async function listAvailableScenarios(): Promise<TAvailableScenario[]> {
  const res = await request<{ items: TAvailableScenario[] }>("/scenarios/available");
  return res.items;
}

export function claimScenario(scenarioId: string, idempotencyKey: string = newIdempotencyKey()): Promise<TClaim> {
  return request<TClaim>(`/scenarios/${encodeURIComponent(scenarioId)}/claims`, {
    method: "POST",
    headers: { "Idempotency-Key": idempotencyKey },
  });
}

export async function listMyClaims(): Promise<TClaim[]> {
  const res = await request<{ items: TClaim[] }>("/me/claims");
  return res.items;
}

// ---------------------------------------------------------------- credit: binding, 我的信用, consent

/**
 * After a binding the server knows the subject (and, for an enterprise, the new role), but the
 * access token does not: renew the session, then reload the profile. The binding itself has
 * succeeded by then, so a failure here falls back to the profile the binding returned.
 */
async function afterBinding(bound: TMe): Promise<TMe> {
  cacheUser(bound);
  try {
    await renewSession();
    return await getMe();
  } catch {
    return bound;
  }
}

/** 实名认证: ties the account to a citizen ID number and name. */
export async function bindRealName(body: TRealNameBindRequest): Promise<TMe> {
  const bound = await request<TMe>("/me/real-name", { method: "POST", body });
  return afterBinding(bound);
}

/** 企业认证: the account then acts for the enterprise (role "enterprise"). */
export async function bindEnterprise(body: TEnterpriseBindRequest): Promise<TMe> {
  const bound = await request<TMe>("/me/enterprise", { method: "POST", body });
  return afterBinding(bound);
}

/** 我的信用; fails with ApiError code SUBJECT_NOT_BOUND before binding. */
export function getMyCredit(): Promise<TCreditProfile> {
  return request<TCreditProfile>("/me/credit");
}

export async function listPartners(): Promise<TPartner[]> {
  const res = await request<{ items: TPartner[] }>("/partners");
  return res.items;
}

export async function listConsents(): Promise<TConsentGrant[]> {
  const res = await request<{ items: TConsentGrant[] }>("/me/consents");
  return res.items;
}

export function grantConsent(body: TConsentGrantRequest): Promise<TConsentGrant> {
  return request<TConsentGrant>("/me/consents", { method: "POST", body });
}

export function revokeConsent(id: string): Promise<TConsentGrant> {
  return request<TConsentGrant>(`/me/consents/${encodeURIComponent(id)}/revoke`, { method: "POST" });
}

export async function listReportAccesses(): Promise<TReportAccess[]> {
  const res = await request<{ items: TReportAccess[] }>("/me/report-accesses");
  return res.items;
}
