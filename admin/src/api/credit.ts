import {
  ZAuditPage,
  ZAuditVerifyResult,
  ZCreditProfile,
  ZCreditRecord,
  ZCreditReport,
  ZCreditScales,
  ZEvaluationList,
  ZImportJob,
  ZImportJobList,
  ZRecordHistory,
  ZScoringModel,
  ZScoringModelList,
  ZScoringPreview,
  ZSubject,
  ZSubjectPage,
  type TAuditVerifyResult,
  type TCreditProfile,
  type TCreditRecord,
  type TCreditRecordCreateRequest,
  type TCreditReport,
  type TCreditScalesOfModel,
  type TEvaluation,
  type TImportJob,
  type TPrefectureCode,
  type TRecordStatusChangeRequest,
  type TReportLookupRequest,
  type TScoringModel,
  type TScoringModelParams,
  type TScoringPreview,
  type TSubject,
  type TSubjectKind,
} from "@xinyi/shared";
import { requestFile, requestJson, requestRawBody } from "./client";

/** Credit subjects, records, imports, scoring models, audit and reports (docs/api.md, issue 3). */

// shared/ names no types for these three responses: take them from the schemas.
export type TSubjectPage = ReturnType<typeof ZSubjectPage.parse>;
export type TRecordEvent = ReturnType<typeof ZRecordHistory.parse>["items"][number];
export type TAuditPage = ReturnType<typeof ZAuditPage.parse>;

/** `?a=1&b=x` from the defined, non-empty params; "" when none. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export const seg = encodeURIComponent;

// ---------------------------------------------------------------- subjects and records

export function searchSubjects(params: {
  q?: string;
  kind?: TSubjectKind;
  prefectureCode?: TPrefectureCode;
  page: number;
}): Promise<TSubjectPage> {
  return requestJson("POST", "/subjects/search", ZSubjectPage, { body: params });
}

export function getSubject(id: string): Promise<TCreditProfile> {
  return requestJson("GET", `/subjects/${seg(id)}`, ZCreditProfile);
}

export async function listEvaluations(subjectId: string): Promise<TEvaluation[]> {
  return (await requestJson("GET", `/subjects/${seg(subjectId)}/evaluations`, ZEvaluationList)).items;
}

export function acceptUsccReview(subjectId: string, reason: string): Promise<TSubject> {
  return requestJson("POST", `/subjects/${seg(subjectId)}/uscc-review`, ZSubject, { body: { reason } });
}

export function createCreditRecord(body: TCreditRecordCreateRequest): Promise<TCreditRecord> {
  return requestJson("POST", "/credit-records", ZCreditRecord, { body });
}

export function changeRecordStatus(recordId: string, body: TRecordStatusChangeRequest): Promise<TCreditRecord> {
  return requestJson("POST", `/credit-records/${seg(recordId)}/status`, ZCreditRecord, { body });
}

export async function recordHistory(recordId: string): Promise<TRecordEvent[]> {
  return (await requestJson("GET", `/credit-records/${seg(recordId)}/history`, ZRecordHistory)).items;
}

// ---------------------------------------------------------------- batch imports

export const IMPORT_CONTENT_TYPES = { csv: "text/csv", json: "application/json" } as const;

export function startImport(fileName: string, text: string, format: keyof typeof IMPORT_CONTENT_TYPES): Promise<TImportJob> {
  return requestRawBody("POST", `/imports${query({ fileName })}`, ZImportJob, {
    text,
    contentType: IMPORT_CONTENT_TYPES[format],
  });
}

export async function listImports(): Promise<TImportJob[]> {
  return (await requestJson("GET", "/imports", ZImportJobList)).items;
}

export function getImport(id: string): Promise<TImportJob> {
  return requestJson("GET", `/imports/${seg(id)}`, ZImportJob);
}

export function downloadImportRejections(id: string): Promise<{ blob: Blob; fileName: string | undefined }> {
  return requestFile(`/imports/${seg(id)}/rejections.csv`);
}

// ---------------------------------------------------------------- scoring models

export async function listScoringModels(): Promise<TScoringModel[]> {
  return (await requestJson("GET", "/scoring-models", ZScoringModelList)).items;
}

export function createScoringDraft(note: string, params: TScoringModelParams): Promise<TScoringModel> {
  return requestJson("POST", "/scoring-models", ZScoringModel, { body: { note, params } });
}

export function saveScoringDraft(version: number, note: string, params: TScoringModelParams): Promise<TScoringModel> {
  return requestJson("PUT", `/scoring-models/${version}`, ZScoringModel, { body: { note, params } });
}

export function previewScoringModel(version: number): Promise<TScoringPreview> {
  return requestJson("GET", `/scoring-models/${version}/preview`, ZScoringPreview);
}

export function publishScoringModel(version: number): Promise<TScoringModel> {
  return requestJson("POST", `/scoring-models/${version}/publish`, ZScoringModel);
}

/** The score scale and grade bands of each subject kind in the model in force. */
export function fetchCreditScales(): Promise<TCreditScalesOfModel> {
  return requestJson("GET", "/credit-scales", ZCreditScales);
}

// ---------------------------------------------------------------- audit

export function listAudit(params: { action?: string; beforeSeq?: number }): Promise<TAuditPage> {
  return requestJson("GET", `/audit${query(params)}`, ZAuditPage);
}

export function verifyAudit(): Promise<TAuditVerifyResult> {
  return requestJson("POST", "/audit/verify", ZAuditVerifyResult);
}

// ---------------------------------------------------------------- partner reports

export function lookupReport(body: TReportLookupRequest): Promise<TCreditReport> {
  return requestJson("POST", "/reports/lookup", ZCreditReport, { body });
}
