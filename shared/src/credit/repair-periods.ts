import type { TPenaltySeverity, TRecordKind, TRecordStatus } from "./records";

/**
 * 信用修复 periods (national guidance of 2025): a negative record may be repaired once its minimum
 * publication period has passed, and stops counting by itself at its maximum (or at the end of its
 * publication, `validUntil`, when that comes first). Periods count from the decision date and are
 * data, per record kind and severity, which the platform administrator edits (GET/PUT /repair-rules).
 *
 * Pure: the server, the console and the mini-program compute the same dates from the same rules.
 */
export const REPAIR_RULE_KINDS = ["penalty", "black_list", "broken_commitment"] as const satisfies readonly TRecordKind[];
export type TRepairRuleKind = (typeof REPAIR_RULE_KINDS)[number];

export type TRepairRule = {
  kind: TRepairRuleKind;
  /** Penalties only: one rule per severity. */
  severity?: TPenaltySeverity;
  /** Months from the decision after which repair may be applied for. */
  minMonths: number;
  /** Months from the decision after which the record stops counting by itself. */
  maxMonths: number;
  /** False: never repaired early; the record only runs out at its maximum. */
  repairable: boolean;
};

/** The 2025 national guidance: 一般 3 months–1 year, 严重 1–3 years. */
export const DEFAULT_REPAIR_RULES: readonly TRepairRule[] = [
  { kind: "penalty", severity: "minor", minMonths: 3, maxMonths: 12, repairable: true },
  { kind: "penalty", severity: "serious", minMonths: 12, maxMonths: 36, repairable: true },
  { kind: "black_list", minMonths: 12, maxMonths: 36, repairable: true },
  { kind: "broken_commitment", minMonths: 3, maxMonths: 12, repairable: true },
];

/** What the periods need of a record: its kind, severity and dates (YYYY-MM-DD, or ISO). */
export type TPeriodRecord = { kind: TRecordKind; severity?: TPenaltySeverity | null | undefined; decidedAt: string; validUntil?: string | null | undefined };

export type TRepairPeriods = {
  /** The rule that applies; none: the record is not one that repair is about (licences, red list…). */
  rule?: TRepairRule;
  /** Repair may be applied for (from `repairableFrom`, before `stopsCountingOn`). */
  repairable: boolean;
  /** First day (Beijing calendar date) an application is accepted. */
  repairableFrom?: string;
  /** The day the record no longer counts: decision + maximum period, or the end of publication if earlier. */
  stopsCountingOn?: string;
};

/** The rule for a record: same kind, and for penalties the same severity. */
export function repairRuleFor(record: Pick<TPeriodRecord, "kind" | "severity">, rules: readonly TRepairRule[]): TRepairRule | undefined {
  return rules.find((r) => r.kind === record.kind && (r.kind !== "penalty" || r.severity === (record.severity ?? undefined)));
}

/**
 * A calendar date `months` later; a day the target month lacks is its last day
 * (2026-01-31 + 1 month = 2026-02-28), as people count "one month after".
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.slice(0, 10).split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

export function repairPeriodsOf(record: TPeriodRecord, rules: readonly TRepairRule[]): TRepairPeriods {
  const validUntil = record.validUntil ? record.validUntil.slice(0, 10) : undefined;
  const rule = repairRuleFor(record, rules);
  if (!rule) return { repairable: false, ...(validUntil ? { stopsCountingOn: validUntil } : {}) };
  const decided = record.decidedAt.slice(0, 10);
  const byMax = addMonths(decided, rule.maxMonths);
  const stopsCountingOn = validUntil && validUntil < byMax ? validUntil : byMax;
  const from = addMonths(decided, rule.minMonths);
  // A record that runs out before its minimum has passed is never worth repairing: it simply stops counting.
  const repairable = rule.repairable && from < stopsCountingOn;
  return { rule, repairable, ...(repairable ? { repairableFrom: from } : {}), stopsCountingOn };
}

export type TRepairReminderKind = "repairable" | "stops-counting";

/**
 * The reminders due for a record on `today` (a Beijing date): it has become repairable, or it has
 * stopped counting. Only records that count now are reminded of anything; the caller makes each
 * reminder once (its notice key `repair:<recordId>:<kind>`).
 */
export function dueRepairReminders(record: TPeriodRecord & { status: TRecordStatus }, rules: readonly TRepairRule[], today: string): TRepairReminderKind[] {
  if (record.status !== "active") return [];
  const periods = repairPeriodsOf(record, rules);
  if (!periods.rule) return [];
  if (periods.stopsCountingOn && periods.stopsCountingOn <= today) return ["stops-counting"];
  return periods.repairable && periods.repairableFrom! <= today ? ["repairable"] : [];
}
