import type { TCalendarDay } from "./schemas/loans";

/**
 * Working days in Beijing time (UTC+8, no daylight saving): Monday to Friday,
 * minus the holidays of the administrators' list, plus its make-up working days
 * (调休). Promises such as "first response within 3 working days" count from the
 * day after the start and end at midnight after the last working day.
 */
const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The Beijing calendar date of an instant, as yyyy-mm-dd. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Midnight at the start of a Beijing calendar date. */
function beijingMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - BEIJING_OFFSET_MS);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
}

export type WorkingCalendar = { isWorkingDay(date: string): boolean };

export function workingCalendar(days: readonly Pick<TCalendarDay, "date" | "kind">[]): WorkingCalendar {
  const special = new Map(days.map((d) => [d.date, d.kind]));
  return {
    isWorkingDay(date: string): boolean {
      const kind = special.get(date);
      if (kind) return kind === "workday";
      const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6;
    },
  };
}

/** The end (Beijing midnight) of the `days`-th working day after the day of `start`. */
export function addWorkingDays(start: Date, days: number, calendar: WorkingCalendar): Date {
  let date = beijingDate(start);
  let left = days;
  // A year of holidays cannot hold more than a few weeks of non-working days: the bound only stops a broken list.
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    date = nextDate(date);
    if (calendar.isWorkingDay(date)) left -= 1;
  }
  return beijingMidnight(nextDate(date));
}
