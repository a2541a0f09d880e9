import { z } from "zod";

/** Kinds of public credit information (公共信用信息) the programme records. */
export const RECORD_KINDS = ["licence", "penalty", "red_list", "black_list", "commitment", "broken_commitment", "tax_grade"] as const;
export type TRecordKind = (typeof RECORD_KINDS)[number];
export const ZRecordKind = z.enum(RECORD_KINDS, { error: "不是有效的信用记录类型" });

export const RECORD_KIND_LABELS: Record<TRecordKind, string> = {
  licence: "行政许可",
  penalty: "行政处罚",
  red_list: "守信红名单",
  black_list: "失信黑名单",
  commitment: "信用承诺",
  broken_commitment: "违背信用承诺",
  tax_grade: "纳税信用等级",
};

/** Penalty severity: minor ones are published 3 months–1 year, serious ones 1–3 years. */
export const PENALTY_SEVERITIES = ["minor", "serious"] as const;
export type TPenaltySeverity = (typeof PENALTY_SEVERITIES)[number];
export const PENALTY_SEVERITY_LABELS: Record<TPenaltySeverity, string> = { minor: "一般", serious: "严重" };

export const TAX_GRADES = ["A", "B", "M", "C", "D"] as const;
export type TTaxGrade = (typeof TAX_GRADES)[number];

/**
 * A record's life: active records count; frozen ones (under objection) do not count
 * while under review; repaired, expired and revoked ones no longer count.
 */
export const RECORD_STATUSES = ["active", "frozen", "repaired", "expired", "revoked"] as const;
export type TRecordStatus = (typeof RECORD_STATUSES)[number];
export const RECORD_STATUS_LABELS: Record<TRecordStatus, string> = {
  active: "有效",
  frozen: "冻结（异议处理中）",
  repaired: "已修复",
  expired: "已到期",
  revoked: "已撤销",
};

export const SUBJECT_KINDS = ["citizen", "enterprise"] as const;
export type TSubjectKind = (typeof SUBJECT_KINDS)[number];

/** What the score needs to know of a record: nothing that identifies anyone. */
export type TScoredRecord = {
  id: string;
  kind: TRecordKind;
  severity?: TPenaltySeverity;
  taxGrade?: TTaxGrade;
  title: string;
  status: TRecordStatus;
  /** Decision date (YYYY-MM-DD or ISO). */
  decidedAt: string;
  /** End of the publication period; the record stops counting after it. */
  validUntil?: string;
};

/** Working days (Monday–Friday) after `from` up to and including `to`; dates as YYYY-MM-DD. */
export function workingDaysBetween(from: string, to: string): number {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  let days = 0;
  for (let t = start + 86_400_000; t <= end; t += 86_400_000) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days += 1;
  }
  return days;
}

/**
 * 双公示: licences and penalties are due within 7 working days of the decision.
 * Public holidays are not known here, so a publication near one may be flagged
 * although it was on time; the flag asks for a look, it does not punish.
 */
export function isLatePublication(kind: TRecordKind, decidedAt: string, publishedAt: string | undefined): boolean {
  if (!publishedAt || (kind !== "licence" && kind !== "penalty")) return false;
  return workingDaysBetween(decidedAt, publishedAt) > 7;
}
