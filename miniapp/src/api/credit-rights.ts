import type { z } from "zod";
import type {
  TMyObjection,
  TObjectionRequest,
  TRecordRights,
  TRepair,
  TRepairApplyRequest,
  TRepairCommitmentText,
  TRepairPage,
  ZMyObjectionPage,
  ZRecordRightsList,
} from "@xinyi/shared";
import { request, withRetries } from "./client";

/** 我的信用's rights on my records: 异议 (objections) and 信用修复 (repair), with their dates and status. */

export type TMyObjectionPage = z.infer<typeof ZMyObjectionPage>;
export type TRecordRightsList = z.infer<typeof ZRecordRightsList>;

const enc = encodeURIComponent;

/** For each record that counts against me: when it may be repaired, when it stops counting, what I may do now. */
export function listRecordRights(): Promise<TRecordRightsList> {
  return request<TRecordRightsList>("/me/records/rights");
}

/** One of my records' dates and rights (404 for another's record). */
export function getRecordRights(recordId: string): Promise<TRecordRights> {
  return request<TRecordRights>(`/me/records/${enc(recordId)}/rights`);
}

/** 提出异议: the record is frozen at once. The key makes a retried tap the same submission. */
export function submitObjection(body: TObjectionRequest, idempotencyKey: string): Promise<TMyObjection> {
  return withRetries(() => request<TMyObjection>("/me/objections", { method: "POST", body, headers: { "Idempotency-Key": idempotencyKey } }));
}

export function listMyObjections(page = 1): Promise<TMyObjectionPage> {
  return request<TMyObjectionPage>(`/me/objections${page > 1 ? `?page=${page}` : ""}`);
}

export function getMyObjection(id: string): Promise<TMyObjection> {
  return request<TMyObjection>(`/me/objections/${enc(id)}`);
}

/** The 信用承诺书 in force: shown in full, and its version sent with the application. */
export function getRepairCommitmentText(): Promise<TRepairCommitmentText> {
  return request<TRepairCommitmentText>("/repair-commitment-text");
}

export function applyForRepair(body: TRepairApplyRequest, idempotencyKey: string): Promise<TRepair> {
  return withRetries(() => request<TRepair>("/me/repairs", { method: "POST", body, headers: { "Idempotency-Key": idempotencyKey } }));
}

export function listMyRepairs(page = 1): Promise<TRepairPage> {
  return request<TRepairPage>(`/me/repairs${page > 1 ? `?page=${page}` : ""}`);
}

export function getMyRepair(id: string): Promise<TRepair> {
  return request<TRepair>(`/me/repairs/${enc(id)}`);
}
