import {
  ZMandate,
  ZMandatePage,
  type TMandate,
  type TMandateDecisionRequest,
  type TMandatePage,
  type TMandateStatus,
} from "@xinyi/shared";
import { requestFile, requestJson } from "./client";
import { query, seg } from "./credit";

/** 企业授权审核: mandate requests with an authorization letter, decided by the prefecture's administrators (issue 7). */

export function listMandateQueue(params: { status?: TMandateStatus | undefined; page?: number }): Promise<TMandatePage> {
  return requestJson("GET", `/enterprise-mandates${query({ status: params.status, page: params.page })}`, ZMandatePage);
}

export function decideMandate(id: string, body: TMandateDecisionRequest): Promise<TMandate> {
  return requestJson("POST", `/enterprise-mandates/${seg(id)}/decision`, ZMandate, { body });
}

export function revokeMandate(id: string, reason: string): Promise<TMandate> {
  return requestJson("POST", `/enterprise-mandates/${seg(id)}/revoke`, ZMandate, { body: { reason } });
}

export type TLetterKind = "pdf" | "image";

const SIGNATURES: { type: string; kind: TLetterKind; magic: number[] }[] = [
  { type: "application/pdf", kind: "pdf", magic: [0x25, 0x50, 0x44, 0x46] },
  { type: "image/jpeg", kind: "image", magic: [0xff, 0xd8, 0xff] },
  { type: "image/png", kind: "image", magic: [0x89, 0x50, 0x4e, 0x47] },
];

/**
 * The uploaded letter, fetched with the access token (an <img>/<iframe> src could not send it).
 * The server sends it as a download; its kind is read from its first bytes so the browser
 * shows it inline (PDF viewer, image) instead of offering to save it.
 */
export async function fetchMandateLetter(id: string): Promise<{ blob: Blob; kind: TLetterKind | undefined; fileName: string | undefined }> {
  const { blob, fileName } = await requestFile(`/enterprise-mandates/${seg(id)}/letter`);
  const head = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
  const match = SIGNATURES.find((s) => s.magic.every((byte, i) => head[i] === byte));
  return { blob: match ? new Blob([blob], { type: match.type }) : blob, kind: match?.kind, fileName };
}
