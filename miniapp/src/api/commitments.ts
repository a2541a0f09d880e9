import type { TCommitmentCase, TCommitmentCaseList, TCommitmentSignRequest, TCommitmentStatus } from "@xinyi/shared";
import { request } from "./client";

/** 我的承诺: the 信易批 cases of the subject I act for (opened by a department, signed here). */

const enc = encodeURIComponent;

/** Newest first, 20 a page. */
export function listMyCommitments(page = 1, status?: TCommitmentStatus): Promise<TCommitmentCaseList> {
  const query = new URLSearchParams();
  if (page > 1) query.set("page", String(page));
  if (status) query.set("status", status);
  const qs = query.toString();
  return request<TCommitmentCaseList>(`/me/commitments${qs ? `?${qs}` : ""}`);
}

/** One of my cases, with the full 信用承诺书 text to sign. */
export function getMyCommitment(id: string): Promise<TCommitmentCase> {
  return request<TCommitmentCase>(`/me/commitments/${enc(id)}`);
}

/** Signs the text shown; the server keeps it verbatim with its hash (and judges 告知承诺 again now). */
export function signCommitment(id: string, body: TCommitmentSignRequest): Promise<TCommitmentCase> {
  return request<TCommitmentCase>(`/me/commitments/${enc(id)}/sign`, { method: "POST", body });
}
