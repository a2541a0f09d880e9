import {
  ZCreditRightsSettings,
  ZObjectionCase,
  ZObjectionQueue,
  ZRepair,
  ZRepairPage,
  ZRepairRules,
  type TAttachment,
  type TCreditRightsSettings,
  type TCreditRightsSettingsUpdate,
  type TObjectionCase,
  type TObjectionStatus,
  type TObjectionTransitionRequest,
  type TPrefectureCode,
  type TRepair,
  type TRepairPage,
  type TRepairRules,
  type TRepairRulesUpdateRequest,
  type TRepairStatus,
  type TRepairTransitionRequest,
} from "@xinyi/shared";
import { requestFile, requestJson } from "./client";
import { query, seg } from "./credit";

/** 异议 and 信用修复 in the console: the queues, case pages, decisions, settings and period rules (issue 9). */

export type TObjectionQueuePage = ReturnType<typeof ZObjectionQueue.parse>;

// ---------------------------------------------------------------- objections

export interface TObjectionQueueFilter {
  status?: TObjectionStatus | undefined;
  overdue?: boolean | undefined;
  prefectureCode?: TPrefectureCode | undefined;
  page?: number | undefined;
}

export function listObjections(filter: TObjectionQueueFilter = {}): Promise<TObjectionQueuePage> {
  const params = {
    status: filter.status,
    overdue: filter.overdue === undefined ? undefined : String(filter.overdue),
    prefectureCode: filter.prefectureCode,
    page: filter.page,
  };
  return requestJson("GET", `/objections${query(params)}`, ZObjectionQueue);
}

export function getObjection(id: string): Promise<TObjectionCase> {
  return requestJson("GET", `/objections/${seg(id)}`, ZObjectionCase);
}

export function transitionObjection(id: string, body: TObjectionTransitionRequest): Promise<TObjectionCase> {
  return requestJson("POST", `/objections/${seg(id)}/transitions`, ZObjectionCase, { body });
}

// ---------------------------------------------------------------- repairs

export interface TRepairQueueFilter {
  status?: TRepairStatus | undefined;
  overdue?: boolean | undefined;
  page?: number | undefined;
}

export function listRepairs(filter: TRepairQueueFilter = {}): Promise<TRepairPage> {
  const params = { status: filter.status, overdue: filter.overdue === undefined ? undefined : String(filter.overdue), page: filter.page };
  return requestJson("GET", `/repairs${query(params)}`, ZRepairPage);
}

export function getRepair(id: string): Promise<TRepair> {
  return requestJson("GET", `/repairs/${seg(id)}`, ZRepair);
}

export function transitionRepair(id: string, body: TRepairTransitionRequest): Promise<TRepair> {
  return requestJson("POST", `/repairs/${seg(id)}/transitions`, ZRepair, { body });
}

// ---------------------------------------------------------------- settings and period rules

export function getCreditRightsSettings(): Promise<TCreditRightsSettings> {
  return requestJson("GET", "/credit-rights/settings", ZCreditRightsSettings);
}

export function saveCreditRightsSettings(body: TCreditRightsSettingsUpdate): Promise<TCreditRightsSettings> {
  return requestJson("PUT", "/credit-rights/settings", ZCreditRightsSettings, { body });
}

export function getRepairRules(): Promise<TRepairRules> {
  return requestJson("GET", "/repair-rules", ZRepairRules);
}

export function saveRepairRules(body: TRepairRulesUpdateRequest): Promise<TRepairRules> {
  return requestJson("PUT", "/repair-rules", ZRepairRules, { body });
}

// ---------------------------------------------------------------- a case's files

/**
 * A case file's bytes, typed as the case lists it (the server sends every file as a plain
 * download, so the browser would not show it inline otherwise).
 */
export async function fetchAttachment(file: Pick<TAttachment, "downloadPath" | "contentType">): Promise<Blob> {
  const { blob } = await requestFile(file.downloadPath.startsWith("/") ? file.downloadPath : `/${file.downloadPath}`);
  return new Blob([blob], { type: file.contentType });
}
