import type { TAccountCloseResult, TPrivacyConsentRequest, TPrivacyDocument, TPrivacyStatus } from "@xinyi/shared";
import { clearSession } from "../lib/session";
import { request } from "./client";

/** The current user agreement, privacy notice and sensitive-information rules (public). */
export async function getPrivacyDocuments(): Promise<TPrivacyDocument[]> {
  const res = await request<{ items: TPrivacyDocument[] }>("/privacy/documents", { auth: false });
  return res.items;
}

/** Which versions this account accepted and whether it must accept again. */
export function getPrivacyStatus(): Promise<TPrivacyStatus> {
  return request<TPrivacyStatus>("/me/privacy");
}

export function acceptPrivacy(body: TPrivacyConsentRequest): Promise<TPrivacyStatus> {
  return request<TPrivacyStatus>("/me/privacy/consents", { method: "POST", body });
}

/** Withdraws the sensitive-information consent: real-name binding and grants stop. */
export function withdrawSensitiveConsent(): Promise<TPrivacyStatus> {
  return request<TPrivacyStatus>("/me/privacy/withdraw", { method: "POST" });
}

/** Closes the account; every session ends on the server, and the local one is forgotten. */
export async function closeAccount(): Promise<TAccountCloseResult> {
  const result = await request<TAccountCloseResult>("/me/close", { method: "POST", body: { confirm: true } });
  clearSession();
  return result;
}
