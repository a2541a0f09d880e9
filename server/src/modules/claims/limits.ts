import type { TLimitPeriod } from "@xinyi/shared";

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The period a claim falls in, in Beijing time: D:2026-11-27, W:2026-48 (ISO week), M:2026-11. */
export function periodKey(period: TLimitPeriod, at: Date): string {
  const local = new Date(at.getTime() + BEIJING_OFFSET_MS);
  const ymd = local.toISOString().slice(0, 10);
  if (period === "day") return `D:${ymd}`;
  if (period === "month") return `M:${ymd.slice(0, 7)}`;
  // ISO week: the Thursday of this week decides the year.
  const day = local.getUTCDay() || 7;
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 4 - day));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `W:${thursday.getUTCFullYear()}-${String(week).padStart(2, "0")}`;
}

export const PERIOD_WORDS: Record<TLimitPeriod, string> = { day: "今天", week: "本周", month: "本月" };
export const NEXT_PERIOD_WORDS: Record<TLimitPeriod, string> = { day: "明天", week: "下周", month: "下月" };
