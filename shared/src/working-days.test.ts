import { describe, expect, it } from "vitest";
import { addWorkingDays, beijingDate, workingCalendar } from "./working-days";

/** Deadlines are Beijing midnights; written here in Beijing time so each expectation reads as a date on the wall. */
const bj = (local: string) => new Date(`${local}+08:00`);
const plain = workingCalendar([]);

describe("beijingDate", () => {
  it("is the Beijing calendar day, not the UTC one", () => {
    // 00:30 on Saturday in Beijing is still Friday in UTC.
    expect(beijingDate(new Date("2026-12-04T16:30:00Z"))).toBe("2026-12-05");
    expect(beijingDate(new Date("2026-12-04T15:59:59.999Z"))).toBe("2026-12-04");
  });
});

describe("addWorkingDays", () => {
  it("skips the weekend: 3 working days from a Friday morning end at Thursday's midnight", () => {
    expect(addWorkingDays(bj("2026-12-04T10:00:00"), 3, plain).toISOString()).toBe(bj("2026-12-10T00:00:00").toISOString());
  });

  it("counts from the next day: Friday 23:30 in Beijing, 1 working day, ends as Monday ends", () => {
    expect(addWorkingDays(bj("2026-12-04T23:30:00"), 1, plain).toISOString()).toBe(bj("2026-12-08T00:00:00").toISOString());
  });

  it("takes the day of the start in Beijing: Thursday 00:30 in Beijing (Wednesday in UTC) ends as Friday ends", () => {
    const start = bj("2026-12-03T00:30:00");
    expect(start.getUTCDay()).toBe(3); // Wednesday in UTC
    expect(addWorkingDays(start, 1, plain).toISOString()).toBe(bj("2026-12-05T00:00:00").toISOString());
  });

  it("skips a holiday on a weekday (New Year's Day 2027 is a Friday)", () => {
    const calendar = workingCalendar([{ date: "2027-01-01", kind: "holiday" }]);
    expect(addWorkingDays(bj("2026-12-31T10:00:00"), 1, calendar).toISOString()).toBe(bj("2027-01-05T00:00:00").toISOString());
    // Without the holiday the same promise would end as that Friday ends.
    expect(addWorkingDays(bj("2026-12-31T10:00:00"), 1, plain).toISOString()).toBe(bj("2027-01-02T00:00:00").toISOString());
  });

  it("counts a make-up working day (调休) on a Saturday", () => {
    const calendar = workingCalendar([{ date: "2026-12-05", kind: "workday" }]);
    expect(addWorkingDays(bj("2026-12-04T10:00:00"), 1, calendar).toISOString()).toBe(bj("2026-12-06T00:00:00").toISOString());
    expect(addWorkingDays(bj("2026-12-04T10:00:00"), 2, calendar).toISOString()).toBe(bj("2026-12-08T00:00:00").toISOString());
  });

  it("tells weekdays, weekends and the list's days apart", () => {
    const calendar = workingCalendar([
      { date: "2027-01-01", kind: "holiday" },
      { date: "2026-12-05", kind: "workday" },
    ]);
    expect([calendar.isWorkingDay("2026-12-04"), calendar.isWorkingDay("2026-12-05"), calendar.isWorkingDay("2026-12-06"), calendar.isWorkingDay("2027-01-01")]).toEqual([true, true, false, false]);
  });
});
