import type {
  TAvailableScenarioList,
  TBenefitCategory,
  TClaim,
  TConsentGrant,
  TConsentGrantRequest,
  TCreditProfile,
  TMe,
  TOtpSendResult,
  TSession,
  TUpdateProfileRequest,
  TVoucherToken,
} from "@xinyi/shared";
import type { TPartner, TReportAccess } from "../lib/credit";
import { cacheUser, clearSession, getTokens, saveSession } from "../lib/session";
import { newIdempotencyKey, request, withRetries } from "./client";

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

export interface AvailableQuery {
  category?: TBenefitCategory;
  /** 1-based; the server's page size is in the answer (`pageSize`). */
  page?: number;
}

/** One page of open scenarios in my region, eligible ones first, judged against my standing now. */
export function listAvailableScenarios(query: AvailableQuery = {}): Promise<TAvailableScenarioList> {
  const params: string[] = [];
  if (query.category) params.push(`category=${encodeURIComponent(query.category)}`);
  if (query.page && query.page > 1) params.push(`page=${query.page}`);
  return request<TAvailableScenarioList>(`/scenarios/available${params.length ? `?${params.join("&")}` : ""}`);
}

/**
 * Claims a scenario. `idempotencyKey` belongs to one tap (the server requires the header): the
 * automatic retries after a network failure resend the same key, so the server applies the claim
 * at most once and answers a retry with the first outcome.
 */
export function claimScenario(scenarioId: string, idempotencyKey: string = newIdempotencyKey()): Promise<TClaim> {
  const path = `/scenarios/${encodeURIComponent(scenarioId)}/claims`;
  return withRetries(() => request<TClaim>(path, { method: "POST", headers: { "Idempotency-Key": idempotencyKey } }));
}

/** 我的权益: all my vouchers (any status). */
export async function listMyClaims(): Promise<TClaim[]> {
  const res = await request<{ items: TClaim[] }>("/me/claims");
  return res.items;
}

/** A fresh signed QR token for an unused voucher (valid about a minute). */
export function getVoucherToken(claimId: string): Promise<TVoucherToken> {
  return request<TVoucherToken>(`/me/claims/${encodeURIComponent(claimId)}/voucher`);
}

/** Gives an unused voucher up; its place goes back to the quota. */
export function cancelClaim(claimId: string): Promise<TClaim> {
  return request<TClaim>(`/me/claims/${encodeURIComponent(claimId)}/cancel`, { method: "POST" });
}

// ---------------------------------------------------------------- credit: 我的信用, consent (binding: ./identity)

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
