import { describe, expect, it } from "vitest";
import {
  benefitFor,
  describeRule,
  judgeEligibility,
  needsUpgrade,
  ruleScaleIssues,
  upgradeRule,
  ZEligibilityRule,
  type TEligibilityFacts,
  type TEligibilityRule,
} from "./eligibility";
import { DEFAULT_SCORING_MODEL } from "./model";
import { scalesOf } from "./scales";

const scales = scalesOf(DEFAULT_SCORING_MODEL);
const citizen = (f: Partial<TEligibilityFacts> = {}): TEligibilityFacts => ({
  kind: "citizen",
  score: 685,
  grade: "A",
  scale: scales.citizen,
  blacklisted: false,
  redListed: false,
  prefectureCode: "530100",
  ...f,
});
const enterprise = (f: Partial<TEligibilityFacts> = {}): TEligibilityFacts => citizen({ kind: "enterprise", score: 93, grade: "A", scale: scales.enterprise, ...f });

describe("judgeEligibility", () => {
  it("says how many points are missing, on the subject's own scale", () => {
    expect(judgeEligibility({ type: "minScore", subjectKind: "citizen", score: 697 }, citizen())).toEqual({ eligible: false, reasons: ["信用分 685，需 697，还差 12 分"] });
    expect(judgeEligibility({ type: "minScore", subjectKind: "enterprise", score: 95 }, enterprise())).toEqual({ eligible: false, reasons: ["贵企业信用分 93，需 95，还差 2 分"] });
    expect(judgeEligibility({ type: "minScore", subjectKind: "enterprise", score: 90 }, enterprise()).eligible).toBe(true);
  });

  it("a threshold on another kind's scale is not met, and says whom it is for (no 还差 557 分)", () => {
    expect(judgeEligibility({ type: "minScore", subjectKind: "citizen", score: 650 }, enterprise())).toEqual({ eligible: false, reasons: ["仅限个人申领"] });
    expect(judgeEligibility({ type: "minGrade", subjectKind: "enterprise", grade: "A" }, citizen({ grade: "AAA", score: 900 }))).toEqual({ eligible: false, reasons: ["仅限企业申领"] });
    // Under "all" the same words are said once.
    const forCitizens: TEligibilityRule = { type: "all", rules: [{ type: "subjectKinds", kinds: ["citizen"] }, { type: "minScore", subjectKind: "citizen", score: 650 }] };
    expect(judgeEligibility(forCitizens, enterprise()).reasons).toEqual(["仅限个人申领"]);
  });

  it("any: each kind qualifies on its own scale, and is told only about its own way", () => {
    const both: TEligibilityRule = { type: "any", rules: [{ type: "minScore", subjectKind: "citizen", score: 650 }, { type: "minGrade", subjectKind: "enterprise", grade: "A" }] };
    expect(judgeEligibility(both, citizen()).eligible).toBe(true);
    expect(judgeEligibility(both, enterprise()).eligible).toBe(true);
    expect(judgeEligibility(both, enterprise({ score: 80, grade: "B" }))).toEqual({ eligible: false, reasons: ["贵企业信用等级为 B，需 A 级及以上"] });
    expect(judgeEligibility(both, citizen({ score: 600, grade: "B" }))).toEqual({ eligible: false, reasons: ["信用分 600，需 650，还差 50 分"] });
  });

  it("minGrade follows the band order of the kind's scale", () => {
    const aa: TEligibilityRule = { type: "minGrade", subjectKind: "citizen", grade: "AA" };
    expect(judgeEligibility(aa, citizen({ grade: "AAA" })).eligible).toBe(true);
    expect(judgeEligibility(aa, citizen({ grade: "AA" })).eligible).toBe(true);
    expect(judgeEligibility(aa, citizen({ grade: "A" }))).toEqual({ eligible: false, reasons: ["信用等级为 A，需 AA 及以上"] });
    expect(judgeEligibility({ type: "minGrade", subjectKind: "enterprise", grade: "B" }, enterprise({ grade: "A" })).eligible).toBe(true);
    expect(judgeEligibility({ type: "minGrade", subjectKind: "enterprise", grade: "B" }, enterprise({ grade: "C" })).eligible).toBe(false);
  });

  it("never lets a black-listed subject through, whatever the rule, and addresses an enterprise as one", () => {
    expect(judgeEligibility({ type: "all", rules: [] }, citizen({ blacklisted: true, score: 999 })).reasons).toEqual(["您在失信联合惩戒名单中，暂不能享受信易+守信激励"]);
    expect(judgeEligibility({ type: "all", rules: [] }, enterprise({ blacklisted: true })).reasons).toEqual(["贵企业在失信联合惩戒名单中，暂不能享受信易+守信激励"]);
  });

  it("combines all and any, listing every failed condition of all", () => {
    const rule: TEligibilityRule = {
      type: "all",
      rules: [
        { type: "subjectKinds", kinds: ["enterprise"] },
        { type: "any", rules: [{ type: "minGrade", subjectKind: "enterprise", grade: "A" }, { type: "redList" }] },
        { type: "prefectures", codes: ["530100"] },
      ],
    };
    expect(judgeEligibility(rule, citizen()).reasons).toEqual(["仅限企业申领", "需列入守信红名单"]);
    const judged = judgeEligibility(rule, enterprise({ grade: "B", score: 80, prefectureCode: "532900" }));
    expect(judged.reasons).toEqual(["需满足以下任一条件：企业信用等级 A 级及以上；已列入守信红名单", "仅限 昆明市 的主体"]);
    expect(judgeEligibility(rule, enterprise({ grade: "B", redListed: true })).eligible).toBe(true);
    expect(describeRule(rule)).toBe("限企业，且以下任一：企业信用等级 A 级及以上；或已列入守信红名单，且限 昆明市");
  });

  it("describes thresholds with their scale", () => {
    expect(describeRule({ type: "minScore", subjectKind: "citizen", score: 650 })).toBe("个人信用分不低于 650");
    expect(describeRule({ type: "minScore", subjectKind: "enterprise", score: 80 })).toBe("企业信用分不低于 80");
    expect(describeRule({ type: "minGrade", subjectKind: "citizen", grade: "AA" })).toBe("个人信用等级 AA 及以上");
    expect(describeRule({ type: "grades", subjectKind: "enterprise", grades: ["A", "B"] })).toBe("企业信用等级为 A、B");
  });
});

describe("ZEligibilityRule", () => {
  it("parses nested rules and refuses an empty any", () => {
    expect(ZEligibilityRule.safeParse({ type: "all", rules: [{ type: "any", rules: [{ type: "minScore", subjectKind: "citizen", score: 650 }] }] }).success).toBe(true);
    expect(ZEligibilityRule.safeParse({ type: "any", rules: [] }).success).toBe(false);
    expect(ZEligibilityRule.safeParse({ type: "minGrade", grade: "A" }).success).toBe(false);
  });

  it("reads a threshold written without a kind as before: scores on the citizen scale, grades on the scale the rule is restricted to", () => {
    const legacy = {
      type: "all",
      rules: [{ type: "subjectKinds", kinds: ["enterprise"] }, { type: "any", rules: [{ type: "grades", grades: ["A"] }, { type: "redList" }] }],
    };
    expect(ZEligibilityRule.parse(legacy)).toEqual({
      type: "all",
      rules: [{ type: "subjectKinds", kinds: ["enterprise"] }, { type: "any", rules: [{ type: "grades", subjectKind: "enterprise", grades: ["A"] }, { type: "redList" }] }],
    });
    expect(ZEligibilityRule.parse({ type: "minScore", score: 650 })).toEqual({ type: "minScore", subjectKind: "citizen", score: 650 });
    expect(upgradeRule({ type: "all", rules: [{ type: "subjectKinds", kinds: ["enterprise"] }, { type: "minScore", score: 60 }] })).toEqual({
      type: "all",
      rules: [{ type: "subjectKinds", kinds: ["enterprise"] }, { type: "minScore", subjectKind: "citizen", score: 60 }],
    });
    expect(needsUpgrade(legacy as never)).toBe(true);
    expect(needsUpgrade(ZEligibilityRule.parse(legacy))).toBe(false);
  });
});

describe("ruleScaleIssues", () => {
  it("accepts sound rules, for one kind or for both", () => {
    expect(ruleScaleIssues({ type: "all", rules: [] }, scales)).toEqual([]);
    expect(ruleScaleIssues({ type: "any", rules: [{ type: "minScore", subjectKind: "citizen", score: 650 }, { type: "minGrade", subjectKind: "enterprise", grade: "A" }] }, scales)).toEqual([]);
    expect(ruleScaleIssues({ type: "all", rules: [{ type: "subjectKinds", kinds: ["enterprise"] }, { type: "minScore", subjectKind: "enterprise", score: 80 }] }, scales)).toEqual([]);
  });

  it("refuses a threshold outside its kind's scale, naming the field", () => {
    const rule: TEligibilityRule = { type: "all", rules: [{ type: "subjectKinds", kinds: ["enterprise"] }, { type: "minScore", subjectKind: "enterprise", score: 650 }] };
    expect(ruleScaleIssues(rule, scales)).toEqual([{ path: ["rules", 1, "score"], message: "企业信用分为 0–100 分，门槛 650 超出范围" }]);
  });

  it("refuses grades the kind's scale does not have", () => {
    expect(ruleScaleIssues({ type: "grades", subjectKind: "enterprise", grades: ["A", "AAA"] }, scales)).toEqual([{ path: ["grades", 1], message: "企业信用等级没有「AAA」，可选 A、B、C、D" }]);
    expect(ruleScaleIssues({ type: "minGrade", subjectKind: "citizen", grade: "E" }, scales)[0]?.path).toEqual(["grade"]);
  });

  it("refuses conditions under all that no kind can meet together", () => {
    const rule: TEligibilityRule = { type: "all", rules: [{ type: "subjectKinds", kinds: ["enterprise"] }, { type: "minScore", subjectKind: "citizen", score: 650 }] };
    expect(ruleScaleIssues(rule, scales)).toEqual([
      { path: ["rules", 1, "subjectKind"], message: "该门槛按个人信用分计，而同时须满足的其他条件只适用于企业，没有主体能全部满足" },
    ]);
    const nested: TEligibilityRule = { type: "any", rules: [{ type: "redList" }, { type: "all", rules: [{ type: "minGrade", subjectKind: "citizen", grade: "AA" }, { type: "subjectKinds", kinds: ["enterprise"] }] }] };
    expect(ruleScaleIssues(nested, scales).map((i) => i.path)).toEqual([["rules", 1, "rules", 1, "kinds"]]);
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
