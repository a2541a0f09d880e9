import { workingCalendar, ZCalendarYearRequest, type TCalendarDay, type WorkingCalendar } from "@xinyi/shared";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { audit } from "../audit/service";
import { CalendarDayModel } from "./model";

/**
 * The list changes a few times a year, and a deadline worked out a minute late with the old list
 * is acceptable: each process keeps it for a minute. A PUT clears this process's copy at once;
 * other processes pick the new list up when theirs runs out.
 */
const CACHE_MS = 60_000;
/** Decades of holidays: the bound only stops a broken store from flooding memory. */
const MAX_DAYS = 5000;

export type CalendarLoader = {
  /** The working calendar for deadlines (cached). */
  current(): Promise<WorkingCalendar>;
  list(year?: string): Promise<TCalendarDay[]>;
  replaceYear(actor: Actor, year: string, request: z.output<typeof ZCalendarYearRequest>): Promise<TCalendarDay[]>;
};

function present(d: { _id: string; kind: string; name: string }): TCalendarDay {
  return { date: d._id, kind: d.kind as TCalendarDay["kind"], name: d.name };
}

export function createCalendarLoader(options: { cacheMs?: number } = {}): CalendarLoader {
  const cacheMs = options.cacheMs ?? CACHE_MS;
  let cached: { at: number; calendar: WorkingCalendar } | null = null;

  async function list(year?: string): Promise<TCalendarDay[]> {
    const filter = year ? { _id: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } } : {};
    const days = await CalendarDayModel.find(filter).sort({ _id: 1 }).limit(MAX_DAYS).lean<{ _id: string; kind: string; name: string }[]>();
    return days.map(present);
  }

  return {
    async current() {
      if (cached && Date.now() - cached.at < cacheMs) return cached.calendar;
      const calendar = workingCalendar(await list());
      cached = { at: Date.now(), calendar };
      return calendar;
    },

    list,

    async replaceYear(actor, year, request) {
      const issues = request.items.flatMap((d, i) => (d.date.startsWith(`${year}-`) ? [] : [{ path: `body.items.${i}.date`, message: `日期应在 ${year} 年内` }]));
      const seen = new Set<string>();
      request.items.forEach((d, i) => {
        if (seen.has(d.date)) issues.push({ path: `body.items.${i}.date`, message: "同一日期只能出现一次" });
        seen.add(d.date);
      });
      if (issues.length) throw new AppError("VALIDATION_FAILED", issues[0]!.message, { issues });
      // Not atomic, and need not be: one administrator replaces a year's list a few times a year.
      await CalendarDayModel.deleteMany({ _id: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } });
      if (request.items.length) await CalendarDayModel.insertMany(request.items.map((d) => ({ _id: d.date, kind: d.kind, name: d.name })));
      cached = null;
      await audit(actor, {
        action: "calendar.replace_year",
        target: `calendar:${year}`,
        details: { holidays: request.items.filter((d) => d.kind === "holiday").length, workdays: request.items.filter((d) => d.kind === "workday").length },
      });
      return list(year);
    },
  };
}
