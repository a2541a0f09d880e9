import { describe, expect, it } from "vitest";
import { addMonths, DEFAULT_REPAIR_RULES, dueRepairReminders, repairPeriodsOf, type TRepairRule } from "./repair-periods";

describe("addMonths", () => {
  it("counts calendar months, a missing day becoming the month's last", () => {
    expect(addMonths("2026-01-15", 3)).toBe("2026-04-15");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonths("2026-05-20", 36)).toBe("2029-05-20");
    expect(addMonths("2026-05-20T08:00:00+08:00", 12)).toBe("2027-05-20");
  });
});

describe("repairPeriodsOf (2025 defaults)", () => {
  it("a minor penalty: repairable after 3 months, stops counting after 12", () => {
    expect(repairPeriodsOf({ kind: "penalty", severity: "minor", decidedAt: "2026-03-10" }, DEFAULT_REPAIR_RULES)).toMatchObject({
      repairable: true,
      repairableFrom: "2026-06-10",
      stopsCountingOn: "2027-03-10",
    });
  });

  it("a serious penalty and a black-list entry: 12 to 36 months", () => {
    for (const record of [{ kind: "penalty" as const, severity: "serious" as const, decidedAt: "2026-03-10" }, { kind: "black_list" as const, decidedAt: "2026-03-10" }]) {
      expect(repairPeriodsOf(record, DEFAULT_REPAIR_RULES)).toMatchObject({ repairable: true, repairableFrom: "2027-03-10", stopsCountingOn: "2029-03-10" });
    }
  });

  it("an earlier end of publication ends it first", () => {
    expect(repairPeriodsOf({ kind: "penalty", severity: "serious", decidedAt: "2026-03-10", validUntil: "2027-09-01" }, DEFAULT_REPAIR_RULES)).toMatchObject({ repairableFrom: "2027-03-10", stopsCountingOn: "2027-09-01" });
    // Later than the maximum: the maximum stands.
    expect(repairPeriodsOf({ kind: "penalty", severity: "minor", decidedAt: "2026-03-10", validUntil: "2030-01-01" }, DEFAULT_REPAIR_RULES).stopsCountingOn).toBe("2027-03-10");
    // Ending before the minimum has passed: nothing to repair, it just stops counting.
    expect(repairPeriodsOf({ kind: "penalty", severity: "minor", decidedAt: "2026-03-10", validUntil: "2026-05-01" }, DEFAULT_REPAIR_RULES)).toEqual({
      rule: DEFAULT_REPAIR_RULES[0],
      repairable: false,
      stopsCountingOn: "2026-05-01",
    });
  });

  it("a kind never repaired early has no repair date, only its end", () => {
    const rules: TRepairRule[] = [{ kind: "black_list", minMonths: 12, maxMonths: 36, repairable: false }];
    expect(repairPeriodsOf({ kind: "black_list", decidedAt: "2026-03-10" }, rules)).toEqual({ rule: rules[0], repairable: false, stopsCountingOn: "2029-03-10" });
  });

  it("records repair is not about (licences, red list, tax grades) carry only their own end", () => {
    expect(repairPeriodsOf({ kind: "licence", decidedAt: "2026-03-10", validUntil: "2031-03-10" }, DEFAULT_REPAIR_RULES)).toEqual({ repairable: false, stopsCountingOn: "2031-03-10" });
    expect(repairPeriodsOf({ kind: "tax_grade", decidedAt: "2026-03-10" }, DEFAULT_REPAIR_RULES)).toEqual({ repairable: false });
  });

  it("edited rules move the dates", () => {
    const edited = DEFAULT_REPAIR_RULES.map((r) => (r.kind === "penalty" && r.severity === "minor" ? { ...r, minMonths: 6, maxMonths: 24 } : r));
    expect(repairPeriodsOf({ kind: "penalty", severity: "minor", decidedAt: "2026-03-10" }, edited)).toMatchObject({ repairableFrom: "2026-09-10", stopsCountingOn: "2028-03-10" });
  });
});

describe("dueRepairReminders", () => {
  const record = { kind: "penalty" as const, severity: "minor" as const, decidedAt: "2026-03-10", status: "active" as const };
  it("nothing before the date, 'repairable' from it, 'stops-counting' at the end", () => {
    expect(dueRepairReminders(record, DEFAULT_REPAIR_RULES, "2026-06-09")).toEqual([]);
    expect(dueRepairReminders(record, DEFAULT_REPAIR_RULES, "2026-06-10")).toEqual(["repairable"]);
    expect(dueRepairReminders(record, DEFAULT_REPAIR_RULES, "2027-03-10")).toEqual(["stops-counting"]);
  });
  it("only records that count now", () => {
    for (const status of ["frozen", "repaired", "expired", "revoked"] as const) expect(dueRepairReminders({ ...record, status }, DEFAULT_REPAIR_RULES, "2027-06-01")).toEqual([]);
    expect(dueRepairReminders({ kind: "licence", decidedAt: "2020-01-01", validUntil: "2021-01-01", status: "active" }, DEFAULT_REPAIR_RULES, "2027-06-01")).toEqual([]);
  });
});
