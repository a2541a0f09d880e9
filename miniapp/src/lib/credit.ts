import type { z } from "zod";
import {
  PENALTY_SEVERITY_LABELS,
  RECORD_KIND_LABELS,
  RECORD_STATUS_LABELS,
  type TConsentGrant,
  type TCreditRecord,
  type TCreditScale,
  type TEvaluation,
  type TMe,
  type TPartnerKind,
  type TSubjectKind,
  type ZPartner,
  type ZReportAccess,
} from "@xinyi/shared";

/** shared exports the schemas of these two but no type names. */
export type TPartner = z.infer<typeof ZPartner>;
export type TReportAccess = z.infer<typeof ZReportAccess>;
export type TFactorItem = TEvaluation["factors"][number];
export type TImprovementItem = TEvaluation["improvements"][number];
export type TNextBand = NonNullable<TEvaluation["nextBand"]>;

export const PARTNER_KIND_LABELS: Record<TPartnerKind, string> = {
  bank: "金融机构",
  tourism: "文化旅游",
  rental: "租赁服务",
  transport: "交通出行",
  agency: "中介服务",
  other: "其他机构",
};

export const CONSENT_STATUS_LABELS: Record<TConsentGrant["status"], string> = {
  active: "有效",
  expired: "已过期",
  revoked: "已撤销",
};

/** Longest grant the server accepts is 366 days from now; offer a year. */
export const CONSENT_MAX_DAYS = 365;
export const CONSENT_DEFAULT_DAYS = 30;

/** "行政处罚（严重）", "纳税信用等级 A", "行政许可". */
export function recordKindLabel(r: Pick<TCreditRecord, "kind" | "severity" | "taxGrade">): string {
  const base = RECORD_KIND_LABELS[r.kind] ?? r.kind;
  if (r.kind === "penalty" && r.severity) return `${base}（${PENALTY_SEVERITY_LABELS[r.severity]}）`;
  if (r.kind === "tax_grade" && r.taxGrade) return `${base} ${r.taxGrade}`;
  return base;
}

export function recordStatusLabel(status: TCreditRecord["status"]): string {
  return RECORD_STATUS_LABELS[status] ?? status;
}

/** Records that weigh against the subject (for colouring). */
export function isNegativeKind(kind: TCreditRecord["kind"]): boolean {
  return kind === "penalty" || kind === "black_list" || kind === "broken_commitment";
}

/** 5 → "+5", -15 → "-15", 0 → "0": whole points, as the model shows them. */
export function signedPoints(n: number): string {
  if (n > 0) return `+${n}`;
  if (n < 0) return `-${Math.abs(n)}`;
  return "0";
}

/** "满分 1000" / "满分 100": each kind's score is on its own scale. */
export function scaleCaption(scale: TCreditScale): string {
  return `满分 ${scale.max}`;
}

/** Where the score sits on its scale, 0–100, for the bar. */
export function scalePercent(score: number, scale: Pick<TCreditScale, "min" | "max">): number {
  return Math.min(100, Math.max(0, ((score - scale.min) / (scale.max - scale.min)) * 100));
}

/** The bands of a scale, highest first: "AAA 850+ · AA 750+ · … · D"; a band never breaks across lines. */
export function bandsCaption(scale: TCreditScale): string {
  return scale.bands.map((b) => (b.min > scale.min ? `${b.grade}\u00a0${b.min}+` : b.grade)).join(" · ");
}

/** The YYYY-MM-DD part of a date or ISO timestamp written by the server. */
export function dayOf(value: string): string {
  return value.slice(0, 10);
}

/** "2027-03-01" → "3月1日" this year, "2027年3月1日" otherwise. */
export function chineseDay(day: string, now: Date = new Date()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  const [, y, mo, d] = m;
  const md = `${Number(mo)}月${Number(d)}日`;
  return Number(y) === now.getFullYear() ? md : `${Number(y)}年${md}`;
}

export function stopsCountingText(day: string, now?: Date): string {
  return `${chineseDay(day, now)}后不再计入`;
}

export function improvementText(imp: TImprovementItem): string {
  if (imp.via === "repair") return `完成信用修复后可达 ${imp.scoreAfter} 分`;
  return `${imp.date ? dayOf(imp.date) : "公示期满"} 公示期满后可达 ${imp.scoreAfter} 分`;
}

export function nextBandText(band: TNextBand, kind: TSubjectKind = "citizen"): string {
  const gap = Math.max(0, Math.ceil(band.gap));
  return kind === "enterprise" ? `距企业信用等级 ${band.grade}（${band.label}）还差 ${gap} 分` : `距离「${band.label}」还差 ${gap} 分`;
}

/** Device-local calendar day, YYYY-MM-DD. */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function dayAfter(days: number, from: Date = new Date()): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate() + days);
  return localDay(d);
}

/** What the 我的 page and the binding page show of the account's subject. */
export function subjectSummary(me: TMe | undefined): { kind: "citizen" | "enterprise"; name: string; id: string } | undefined {
  const s = me?.subject;
  if (!s) return undefined;
  return { kind: s.kind, name: s.name, id: (s.kind === "citizen" ? s.idMasked : s.uscc) ?? "" };
}
