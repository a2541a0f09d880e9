import { describe, expect, it } from "vitest";
import { benefitFor, describeRule, judgeEligibility, ZEligibilityRule, type TEligibilityFacts, type TEligibilityRule } from "./eligibility";

const facts = (f: Partial<TEligibilityFacts> = {}): TEligibilityFacts => ({ kind: "citizen", score: 685, grade: "A", blacklisted: false, redListed: false, prefectureCode: "530100", ...f });

describe("judgeEligibility", () => {
  it("says how many points are missing", () => {
    expect(judgeEligibility({ type: "minScore", score: 697 }, facts())).toEqual({ eligible: false, reasons: ["信用分 685，需 697，还差 12 分"] });
  });

  it("never lets a black-listed subject through, whatever the rule", () => {
    expect(judgeEligibility({ type: "all", rules: [] }, facts({ blacklisted: true, score: 999 })).eligible).toBe(false);
  });

  it("combines all and any, listing every failed condition of all", () => {
    const rule: TEligibilityRule = {
      type: "all",
      rules: [
        { type: "subjectKinds", kinds: ["enterprise"] },
        { type: "any", rules: [{ type: "grades", grades: ["AAA", "AA"] }, { type: "redList" }] },
        { type: "prefectures", codes: ["530100"] },
      ],
    };
    const judged = judgeEligibility(rule, facts());
    expect(judged.eligible).toBe(false);
    expect(judged.reasons).toEqual(["仅限企业申领", "需满足以下任一条件：信用等级为 AAA、AA；已列入守信红名单"]);
    expect(judgeEligibility(rule, facts({ kind: "enterprise", redListed: true })).eligible).toBe(true);
    expect(describeRule(rule)).toBe("限企业，且以下任一：信用等级为 AAA、AA；或已列入守信红名单，且限 昆明市");
  });

  it("parses nested rules and refuses an empty any", () => {
    expect(ZEligibilityRule.safeParse({ type: "all", rules: [{ type: "any", rules: [{ type: "minScore", score: 650 }] }] }).success).toBe(true);
    expect(ZEligibilityRule.safeParse({ type: "any", rules: [] }).success).toBe(false);
  });
});

describe("benefitFor", () => {
  const benefit = { summary: "门票9折", tiers: [{ grades: ["AAA"], summary: "门票7折", discountPercent: 30 }, { grades: ["AA"], summary: "门票8折", discountPercent: 20 }] };
  it("gives each grade its tier, and the rest the base benefit", () => {
    expect(benefitFor(benefit, "AAA")).toBe("门票7折");
    expect(benefitFor(benefit, "AA")).toBe("门票8折");
    expect(benefitFor(benefit, "A")).toBe("门票9折");
    expect(benefitFor(benefit, null)).toBe("门票9折");
  });
});
