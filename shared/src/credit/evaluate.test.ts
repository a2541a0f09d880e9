import { describe, expect, it } from "vitest";
import { evaluateCredit } from "./evaluate";
import { DEFAULT_SCORING_MODEL, ZScoringModelParams } from "./model";
import type { TScoredRecord } from "./records";

const model = { version: 1, params: DEFAULT_SCORING_MODEL };
const now = new Date("2026-11-27T00:00:00Z");
const rec = (r: Partial<TScoredRecord> & Pick<TScoredRecord, "id" | "kind">): TScoredRecord => ({
  title: r.id,
  status: "active",
  decidedAt: "2026-11-27",
  ...r,
});

describe("evaluateCredit — golden cases", () => {
  it("a citizen with no records gets the base score, grade A 良好, and the gap to 优秀", () => {
    const result = evaluateCredit(model, "citizen", [], now);
    expect(result).toMatchObject({ score: 700, grade: "A", gradeLabel: "良好", blacklisted: false, nextBand: { grade: "AA", label: "优秀", min: 750, gap: 50 } });
  });

  it("a fresh serious penalty takes 120 points; repair would give them back; expiry gives them back then", () => {
    const result = evaluateCredit(model, "citizen", [rec({ id: "p1", kind: "penalty", severity: "serious", validUntil: "2028-11-27" })], now);
    expect(result.score).toBe(580);
    expect(result.grade).toBe("B");
    expect(result.factors[0]).toMatchObject({ recordId: "p1", contribution: -120, counts: true, stopsCountingOn: "2028-11-27" });
    const repair = result.improvements.find((i) => i.via === "repair");
    expect(repair).toMatchObject({ scoreAfter: 700, gain: 120 });
    const expiry = result.improvements.find((i) => i.via === "expiry");
    expect(expiry?.date).toBe("2028-11-27");
    expect(expiry?.scoreAfter).toBe(700);
  });

  it("reads record dates as Beijing days: a penalty decided today counts from Beijing midnight, not from 08:00", () => {
    // 00:30 on 28 November in Beijing is still 27 November in UTC.
    const justAfterMidnight = new Date("2026-11-27T16:30:00Z");
    const result = evaluateCredit(model, "citizen", [rec({ id: "p", kind: "penalty", severity: "serious", decidedAt: "2026-11-28" })], justAfterMidnight);
    expect(result.factors[0]).toMatchObject({ counts: true, contribution: -120 });
    expect(result.score).toBe(580);
    // A publication period ending on 28 November has ended by then too.
    const ended = evaluateCredit(model, "citizen", [rec({ id: "q", kind: "penalty", severity: "serious", decidedAt: "2026-01-05", validUntil: "2026-11-28" })], justAfterMidnight);
    expect(ended.factors[0]).toMatchObject({ counts: false, note: "公示期已满，不再计入" });
  });

  it("decay halves a minor penalty after its half-life", () => {
    const result = evaluateCredit(model, "citizen", [rec({ id: "p", kind: "penalty", severity: "minor", decidedAt: "2026-05-31" })], now);
    // 180 days old: -30 × 0.5
    expect(result.factors[0]!.contribution).toBe(-15);
    expect(result.score).toBe(685);
  });

  it("caps the sum of one rule: many licences add at most 30", () => {
    const records = Array.from({ length: 20 }, (_, i) => rec({ id: `l${i}`, kind: "licence" }));
    expect(evaluateCredit(model, "citizen", records, now).score).toBe(730);
  });

  it("clamps to the scale and reaches the top band", () => {
    const records = [
      ...Array.from({ length: 5 }, (_, i) => rec({ id: `r${i}`, kind: "red_list" })),
      rec({ id: "t", kind: "tax_grade", taxGrade: "A" }),
      ...Array.from({ length: 5 }, (_, i) => rec({ id: `c${i}`, kind: "commitment" })),
      ...Array.from({ length: 10 }, (_, i) => rec({ id: `l${i}`, kind: "licence" })),
    ];
    const result = evaluateCredit(model, "citizen", records, now);
    expect(result.score).toBe(700 + 150 + 40 + 40 + 30);
    expect(result.grade).toBe("AAA");
    expect(result.nextBand).toBeUndefined();
  });

  it("flags the black list whatever the score; a frozen black-list record does not count", () => {
    const listed = evaluateCredit(model, "citizen", [rec({ id: "b", kind: "black_list" }), ...Array.from({ length: 5 }, (_, i) => rec({ id: `r${i}`, kind: "red_list" }))], now);
    expect(listed.blacklisted).toBe(true);
    const frozen = evaluateCredit(model, "citizen", [rec({ id: "b", kind: "black_list", status: "frozen" })], now);
    expect(frozen.blacklisted).toBe(false);
    expect(frozen.score).toBe(700);
    expect(frozen.factors[0]).toMatchObject({ counts: false, note: "异议处理中，暂不计入" });
  });

  it("ignores repaired, revoked, expired and future records, saying why", () => {
    const records = [
      rec({ id: "a", kind: "penalty", severity: "serious", status: "repaired" }),
      rec({ id: "b", kind: "penalty", severity: "serious", status: "revoked" }),
      rec({ id: "c", kind: "penalty", severity: "serious", validUntil: "2026-11-01" }),
      rec({ id: "d", kind: "penalty", severity: "serious", decidedAt: "2026-12-01" }),
    ];
    const result = evaluateCredit(model, "citizen", records, now);
    expect(result.score).toBe(700);
    expect(result.factors.map((f) => f.note)).toEqual(["已完成信用修复，不再计入", "已撤销，不计入", "公示期已满，不再计入", "决定日期在今天之后，暂不计入"]);
  });

  it("shows whole-point contributions that add up to the score (largest remainder), never one-decimal ones", () => {
    // Raw: minor penalty 90 days old −30×0.5^0.5 = −21.21; licence 100 days 5×0.5^(100/730) = 4.55;
    // commitment 200 days 10×0.5^(200/365) = 6.84. Total 690.18 → 690. Rounding each alone would give −21 + 5 + 7 = −9 (691).
    const records = [
      rec({ id: "p", kind: "penalty", severity: "minor", decidedAt: "2026-08-29" }),
      rec({ id: "l", kind: "licence", decidedAt: "2026-08-19" }),
      rec({ id: "c", kind: "commitment", decidedAt: "2026-05-11" }),
    ];
    const result = evaluateCredit(model, "citizen", records, now);
    expect(result.score).toBe(690);
    expect(result.factors.map((f) => [f.recordId, f.contribution])).toEqual([["p", -21], ["c", 7], ["l", 4]]);
    expect(result.base + result.factors.reduce((s, f) => s + f.contribution, 0)).toBe(result.score);
  });

  it("scores an enterprise on its own 0–100 scale, and says which scale", () => {
    const records = [
      rec({ id: "p", kind: "penalty", severity: "minor", decidedAt: "2026-07-30" }),
      rec({ id: "t", kind: "tax_grade", taxGrade: "A" }),
      rec({ id: "r", kind: "red_list", decidedAt: "2026-01-01" }),
      rec({ id: "l", kind: "licence", decidedAt: "2025-06-01" }),
    ];
    const result = evaluateCredit(model, "enterprise", records, now);
    expect(result).toMatchObject({ score: 90, grade: "A", gradeLabel: "优", base: 75, scale: { min: 0, max: 100, base: 75 } });
    expect(result.scale.bands.map((b) => b.grade)).toEqual(["A", "B", "C", "D"]);
    expect(result.factors.map((f) => [f.recordId, f.contribution])).toEqual([["t", 10], ["r", 7], ["p", -3], ["l", 1]]);
    expect(result.base + result.factors.reduce((s, f) => s + f.contribution, 0)).toBe(90);
  });

  it("when the total passes the top of the scale, the score is held there and the contributions keep their own sum", () => {
    const params = structuredClone(DEFAULT_SCORING_MODEL);
    params.enterprise.base = 95;
    const result = evaluateCredit({ version: 1, params }, "enterprise", [rec({ id: "t", kind: "tax_grade", taxGrade: "A" })], now);
    expect(result.score).toBe(100);
    expect(result.factors[0]!.contribution).toBe(10);
  });

  it("is deterministic", () => {
    const records = [rec({ id: "p", kind: "penalty", severity: "minor", decidedAt: "2026-01-15" }), rec({ id: "l", kind: "licence", decidedAt: "2025-03-02" })];
    expect(evaluateCredit(model, "citizen", records, now)).toEqual(evaluateCredit(model, "citizen", records, now));
  });
});

describe("grade band edges", () => {
  const bandOf = (score: number) => {
    const params = structuredClone(DEFAULT_SCORING_MODEL);
    params.citizen.base = score;
    return evaluateCredit({ version: 1, params }, "citizen", [], now).grade;
  };
  it.each([
    [1000, "AAA"], [850, "AAA"], [849, "AA"], [750, "AA"], [749, "A"], [650, "A"], [649, "B"], [550, "B"], [549, "C"], [350, "C"], [349, "D"], [0, "D"],
  ])("citizen %i → %s", (score, grade) => expect(bandOf(score)).toBe(grade));

  it("enterprises are graded A/B/C/D", () => {
    const params = structuredClone(DEFAULT_SCORING_MODEL);
    for (const [score, grade] of [[85, "A"], [84, "B"], [70, "B"], [69, "C"], [55, "C"], [54, "D"]] as const) {
      params.enterprise.base = score;
      expect(evaluateCredit({ version: 1, params }, "enterprise", [], now).grade).toBe(grade);
    }
  });
});

describe("wholeContributions", () => {
  it("rounds down and gives the missing points to the largest fractions, negatives included", async () => {
    const { wholeContributions } = await import("./evaluate");
    expect(wholeContributions([-14.6, 4.5, 2.2], -8)).toEqual([-15, 5, 2]);
    expect(wholeContributions([0.5, 0.5], 1)).toEqual([1, 0]);
    expect(wholeContributions([10, -3], 7)).toEqual([10, -3]);
  });
});

describe("ZScoringModelParams", () => {
  it("accepts the default model and refuses unordered bands", () => {
    expect(ZScoringModelParams.safeParse(DEFAULT_SCORING_MODEL).success).toBe(true);
    const bad = structuredClone(DEFAULT_SCORING_MODEL);
    bad.citizen.bands.reverse();
    const result = ZScoringModelParams.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["citizen", "bands"]);
  });
});

describe("双公示 lateness", () => {
  it("counts working days only", async () => {
    const { workingDaysBetween, isLatePublication } = await import("./records");
    // Friday 2026-11-27 → Friday 2026-12-04: 5 working days.
    expect(workingDaysBetween("2026-11-27", "2026-12-04")).toBe(5);
    expect(isLatePublication("penalty", "2026-11-27", "2026-12-08")).toBe(false); // 7 working days
    expect(isLatePublication("penalty", "2026-11-27", "2026-12-09")).toBe(true); // 8
    expect(isLatePublication("red_list", "2026-11-27", "2027-01-09")).toBe(false);
  });
});
