import type { TScoreRule, TScoreScale, TScoringModelParams } from "./model";
import type { TScoredRecord, TSubjectKind } from "./records";

export type TFactor = {
  recordId: string;
  kind: TScoredRecord["kind"];
  title: string;
  /** Points this record adds (negative: takes away) today, after decay and caps; 0 when it does not count. */
  contribution: number;
  counts: boolean;
  /** Why a record does not count (frozen, repaired, expired…). */
  note?: string;
  /** When a counting record stops counting (end of its publication period). */
  stopsCountingOn?: string;
};

export type TImprovement = {
  recordId: string;
  title: string;
  /** Score after this change alone. */
  scoreAfter: number;
  gain: number;
  /** "expiry": stops counting on `date`; "repair": credit repair (信用修复) would take it out now. */
  via: "expiry" | "repair";
  date?: string;
};

export type TEvaluationResult = {
  subjectKind: TSubjectKind;
  modelVersion: number;
  score: number;
  grade: string;
  gradeLabel: string;
  /** On the black list (失信联合惩戒): no benefit whatever the score. */
  blacklisted: boolean;
  base: number;
  factors: TFactor[];
  nextBand?: { grade: string; label: string; min: number; gap: number };
  improvements: TImprovement[];
  evaluatedAt: string;
};

const DAY_MS = 86_400_000;
const round1 = (n: number) => Math.round(n * 10) / 10;

function ruleFor(rules: TScoreRule[], record: TScoredRecord): number {
  return rules.findIndex(
    (r) =>
      r.kind === record.kind &&
      (r.severity === undefined || r.severity === record.severity) &&
      (r.taxGrade === undefined || r.taxGrade === record.taxGrade),
  );
}

function whyNotCounting(record: TScoredRecord, ruleIndex: number, now: number): string | undefined {
  if (ruleIndex < 0) return "评分模型未计入此类记录";
  if (record.status === "frozen") return "异议处理中，暂不计入";
  if (record.status === "repaired") return "已完成信用修复，不再计入";
  if (record.status === "revoked") return "已撤销，不计入";
  if (record.status === "expired") return "公示期已满，不再计入";
  if (record.validUntil && Date.parse(record.validUntil) <= now) return "公示期已满，不再计入";
  if (Date.parse(record.decidedAt) > now) return "决定日期在今天之后，暂不计入";
  return undefined;
}

/** Contributions per record after decay and per-rule caps. */
function contributions(scale: TScoreScale, records: TScoredRecord[], now: number): Map<string, { value: number; note?: string }> {
  const out = new Map<string, { value: number; note?: string }>();
  const byRule = new Map<number, { id: string; raw: number }[]>();
  for (const record of records) {
    const ruleIndex = ruleFor(scale.rules, record);
    const note = whyNotCounting(record, ruleIndex, now);
    if (note) {
      out.set(record.id, { value: 0, note });
      continue;
    }
    const rule = scale.rules[ruleIndex]!;
    // Whole days: a record decided today weighs fully all day, as people would expect.
    const ageDays = Math.max(0, Math.floor((now - Date.parse(record.decidedAt)) / DAY_MS));
    const weight = rule.halfLifeDays ? 0.5 ** (ageDays / rule.halfLifeDays) : 1;
    const list = byRule.get(ruleIndex) ?? [];
    list.push({ id: record.id, raw: rule.points * weight });
    byRule.set(ruleIndex, list);
  }
  for (const [ruleIndex, list] of byRule) {
    const cap = scale.rules[ruleIndex]!.cap;
    const sum = list.reduce((s, f) => s + f.raw, 0);
    const factor = cap !== undefined && Math.abs(sum) > cap ? cap / Math.abs(sum) : 1;
    for (const f of list) out.set(f.id, { value: f.raw * factor });
  }
  return out;
}

function scoreOf(scale: TScoreScale, records: TScoredRecord[], now: number): number {
  let total = scale.base;
  for (const c of contributions(scale, records, now).values()) total += c.value;
  return Math.round(Math.min(scale.max, Math.max(scale.min, total)));
}

/**
 * The credit evaluation: deterministic for the same model, records and moment.
 * Returns the score, the grade, every record's contribution, and what would change it.
 */
export function evaluateCredit(
  model: { version: number; params: TScoringModelParams },
  subjectKind: TSubjectKind,
  records: TScoredRecord[],
  at: Date,
): TEvaluationResult {
  const scale = model.params[subjectKind];
  const now = at.getTime();
  const parts = contributions(scale, records, now);
  const score = scoreOf(scale, records, now);
  const bandIndex = scale.bands.findIndex((b) => score >= b.min);
  const band = scale.bands[bandIndex]!;
  const above = bandIndex > 0 ? scale.bands[bandIndex - 1] : undefined;

  const factors: TFactor[] = records
    .map((record) => {
      const part = parts.get(record.id)!;
      const counts = part.note === undefined;
      return {
        recordId: record.id,
        kind: record.kind,
        title: record.title,
        contribution: round1(part.value),
        counts,
        ...(part.note ? { note: part.note } : {}),
        ...(counts && record.validUntil ? { stopsCountingOn: record.validUntil.slice(0, 10) } : {}),
      };
    })
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));

  const improvements: TImprovement[] = [];
  for (const f of factors) {
    if (!f.counts || f.contribution >= 0) continue;
    const record = records.find((r) => r.id === f.recordId)!;
    const rule = scale.rules[ruleFor(scale.rules, record)]!;
    const without = records.filter((r) => r.id !== record.id);
    if (rule.repairable) {
      const after = scoreOf(scale, without, now);
      improvements.push({ recordId: record.id, title: record.title, via: "repair", scoreAfter: after, gain: after - score });
    }
    if (record.validUntil) {
      const at = Date.parse(record.validUntil);
      const after = scoreOf(scale, without, at);
      const beforeAt = scoreOf(scale, records, at - 1);
      improvements.push({ recordId: record.id, title: record.title, via: "expiry", date: record.validUntil.slice(0, 10), scoreAfter: after, gain: after - beforeAt });
    }
  }
  improvements.sort((a, b) => b.gain - a.gain);

  return {
    subjectKind,
    modelVersion: model.version,
    score,
    grade: band.grade,
    gradeLabel: band.label,
    blacklisted: records.some((r) => r.kind === "black_list" && parts.get(r.id)?.note === undefined),
    base: scale.base,
    factors,
    ...(above ? { nextBand: { grade: above.grade, label: above.label, min: above.min, gap: above.min - score } } : {}),
    improvements,
    evaluatedAt: at.toISOString(),
  };
}
