import { useEffect, useMemo, useState } from "react";
import { workingCalendar, type TCalendarDay, type WorkingCalendar } from "@xinyi/shared";
import { listCalendarDays } from "../api/loans";
import { beijingToday } from "./loans";

/**
 * The administrators' holiday list for this year and the next (a promise made in December ends
 * in January), as a working-day calendar. Until it loads, or if it cannot, weekends alone count:
 * a countdown a day off is better than none.
 */
export function useWorkingCalendar(): WorkingCalendar {
  const [days, setDays] = useState<TCalendarDay[]>([]);
  useEffect(() => {
    let alive = true;
    const year = Number(beijingToday().slice(0, 4));
    Promise.all([listCalendarDays(year), listCalendarDays(year + 1)])
      .then(([a, b]) => alive && setDays([...a, ...b]))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);
  return useMemo(() => workingCalendar(days), [days]);
}

/** The current time, re-read every `intervalMs` so countdowns move while the page stays open. */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
