import type { TScoreRule, TScoreScale, TScoringModelParams } from "./model";
import type { TScoredRecord, TSubjectKind } from "./records";
import { scaleOf, type TCreditScale } from "./scales";

export type TFactor = {
  recordId: string;
  kind: TScoredRecord["kind"];
  title: string;
  /**
   * Whole points this record adds (negative: takes away) today, after decay and caps; 0 when it
   * does not count. The base plus every contribution is the score (see `wholeContributions`),
   * unless the total went past the scale's bounds and the score was held at them.
   */
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
  /** The scale the score is on (bounds, base and bands of the subject kind in this model). */
  scale: TCreditScale;
  factors: TFactor[];
  nextBand?: { grade: string; label: string; min: number; gap: number };
  improvements: TImprovement[];
  evaluatedAt: string;
};

const DAY_MS = 86_400_000;

/**
 * Whole-point contributions that add up to `total` (largest remainder): each value is
 * rounded down, and the points still missing go to the values with the largest fractions
 * (the earlier one on a tie). Rounding each on its own could show 700 − 21 + 7 + 5 = 691
 * beside a score of 690.
 */
export function wholeContributions(values: readonly number[], total: number): number[] {
  const floors = values.map(Math.floor);
  let missing = Math.round(total) - floors.reduce((s, v) => s + v, 0);
  const byFraction = values.map((v, i) => ({ i, fraction: v - floors[i]! })).sort((a, b) => b.fraction - a.fraction || a.i - b.i);
  for (const { i } of byFraction) {
    if (missing <= 0) break;
    floors[i]! += 1;
    missing -= 1;
  }
  return floors;
}

function ruleFor(rules: TScoreRule[], record: TScoredRecord): number {
  return rules.findIndex(
    (r) =>
      r.kind === record.kind &&
      (r.severity === undefined || r.severity === record.severity) &&
      (r.taxGrade === undefined || r.taxGrade === record.taxGrade),
  );
}

/**
 * A record's date as an instant: a calendar date (YYYY-MM-DD) begins at midnight in Beijing, where
 * the departments decide — read as UTC, a record of today would count only from 08:00.
 */
function instantOf(date: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00+08:00` : date);
}

function whyNotCounting(record: TScoredRecord, ruleIndex: number, now: number): string | undefined {
  if (ruleIndex < 0) return "评分模型未计入此类记录";
  if (record.status === "frozen") return "异议处理中，暂不计入";
  if (record.status === "repaired") return "已完成信用修复，不再计入";
  if (record.status === "revoked") return "已撤销，不计入";
  if (record.status === "expired") return "公示期已满，不再计入";
  if (record.validUntil && instantOf(record.validUntil) <= now) return "公示期已满，不再计入";
  if (instantOf(record.decidedAt) > now) return "决定日期在今天之后，暂不计入";
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
    const ageDays = Math.max(0, Math.floor((now - instantOf(record.decidedAt)) / DAY_MS));
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

  // Whole points that add up to the rounded total before it is held within the scale's bounds.
  const counting = records.filter((r) => parts.get(r.id)!.note === undefined);
  const raw = counting.map((r) => parts.get(r.id)!.value);
  const whole = wholeContributions(raw, Math.round(scale.base + raw.reduce((s, v) => s + v, 0)) - scale.base);
  const shown = new Map(counting.map((r, i) => [r.id, { whole: whole[i]!, raw: raw[i]! }]));

  const factors: TFactor[] = records
    .map((record) => {
      const part = parts.get(record.id)!;
      const counts = part.note === undefined;
      return {
        recordId: record.id,
        kind: record.kind,
        title: record.title,
        contribution: shown.get(record.id)?.whole ?? 0,
        counts,
        ...(part.note ? { note: part.note } : {}),
        ...(counts && record.validUntil ? { stopsCountingOn: record.validUntil.slice(0, 10) } : {}),
      };
    })
    // By weight before rounding, so that rounding never reorders records.
    .sort((a, b) => Math.abs(shown.get(b.recordId)?.raw ?? 0) - Math.abs(shown.get(a.recordId)?.raw ?? 0));

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
      const at = instantOf(record.validUntil);
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
    scale: scaleOf(scale),
    factors,
    ...(above ? { nextBand: { grade: above.grade, label: above.label, min: above.min, gap: above.min - score } } : {}),
    improvements,
    evaluatedAt: at.toISOString(),
  };
}
