import type {
  TAvailableScenario,
  TClaim,
  TMe,
  TOtpSendResult,
  TSession,
  TUpdateProfileRequest,
} from "@xinyi/shared";
import { cacheUser, clearSession, getTokens, saveSession } from "../lib/session";
import { newIdempotencyKey, request } from "./client";

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
