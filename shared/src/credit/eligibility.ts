import { z } from "zod";
import { PREFECTURE_CODES, prefectureName, type TPrefectureCode } from "../regions";
import { SUBJECT_KINDS, type TSubjectKind } from "./records";

/**
 * A scenario's eligibility rule: declarative data that administrators and partners
 * build in the console, combined with all/any. A black-listed subject is never
 * eligible, whatever the rule says (checked outside the rule, always).
 */
export type TEligibilityRule =
  | { type: "all"; rules: TEligibilityRule[] }
  | { type: "any"; rules: TEligibilityRule[] }
  | { type: "minScore"; score: number }
  | { type: "grades"; grades: string[] }
  | { type: "subjectKinds"; kinds: TSubjectKind[] }
  | { type: "redList" }
  | { type: "prefectures"; codes: TPrefectureCode[] };

export const ZEligibilityRule: z.ZodType<TEligibilityRule> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("all"), rules: z.array(ZEligibilityRule).max(20) }),
    z.object({ type: z.literal("any"), rules: z.array(ZEligibilityRule).min(1, "“任一”条件至少包含一项").max(20) }),
    z.object({ type: z.literal("minScore"), score: z.number().int().min(0).max(1000) }),
    z.object({ type: z.literal("grades"), grades: z.array(z.string().min(1).max(8)).min(1, "至少选择一个信用等级") }),
    z.object({ type: z.literal("subjectKinds"), kinds: z.array(z.enum(SUBJECT_KINDS)).min(1, "至少选择一类主体") }),
    z.object({ type: z.literal("redList") }),
    z.object({ type: z.literal("prefectures"), codes: z.array(z.enum(PREFECTURE_CODES)).min(1, "至少选择一个州市") }),
  ]),
);

/** What a rule is judged against: the subject's standing now (逢办必查). */
export type TEligibilityFacts = {
  kind: TSubjectKind;
  score: number | null;
  grade: string | null;
  blacklisted: boolean;
  redListed: boolean;
  prefectureCode: string | null;
};

export type TJudgement = { eligible: boolean; reasons: string[] };

const KIND_LABELS: Record<TSubjectKind, string> = { citizen: "个人", enterprise: "企业" };

/** The rule in one line of plain Chinese, for cards and the review queue. */
export function describeRule(rule: TEligibilityRule): string {
  switch (rule.type) {
    case "all":
      return rule.rules.length === 0 ? "信用良好（非失信名单）即可" : rule.rules.map(describeRule).join("，且");
    case "any":
      return `以下任一：${rule.rules.map(describeRule).join("；或")}`;
    case "minScore":
      return `信用分不低于 ${rule.score}`;
    case "grades":
      return `信用等级为 ${rule.grades.join("、")}`;
    case "subjectKinds":
      return `限${rule.kinds.map((k) => KIND_LABELS[k]).join("、")}`;
    case "redList":
      return "已列入守信红名单";
    case "prefectures":
      return `限 ${rule.codes.map((c) => prefectureName(c) ?? c).join("、")}`;
  }
}

/** Judges a rule and says, in words for the subject, every reason it fails. */
export function judgeRule(rule: TEligibilityRule, facts: TEligibilityFacts): TJudgement {
  switch (rule.type) {
    case "all": {
      const reasons = rule.rules.flatMap((r) => judgeRule(r, facts).reasons);
      return { eligible: reasons.length === 0, reasons };
    }
    case "any": {
      const judged = rule.rules.map((r) => judgeRule(r, facts));
      if (judged.some((j) => j.eligible)) return { eligible: true, reasons: [] };
      return { eligible: false, reasons: [`需满足以下任一条件：${rule.rules.map(describeRule).join("；")}`] };
    }
    case "minScore":
      if (facts.score === null) return { eligible: false, reasons: ["暂无您的信用评价"] };
      return facts.score >= rule.score
        ? { eligible: true, reasons: [] }
        : { eligible: false, reasons: [`信用分 ${facts.score}，需 ${rule.score}，还差 ${rule.score - facts.score} 分`] };
    case "grades":
      return facts.grade && rule.grades.includes(facts.grade)
        ? { eligible: true, reasons: [] }
        : { eligible: false, reasons: [`信用等级${facts.grade ? `为 ${facts.grade}` : "暂无"}，需 ${rule.grades.join("、")}`] };
    case "subjectKinds":
      return rule.kinds.includes(facts.kind)
        ? { eligible: true, reasons: [] }
        : { eligible: false, reasons: [`仅限${rule.kinds.map((k) => KIND_LABELS[k]).join("、")}申领`] };
    case "redList":
      return facts.redListed ? { eligible: true, reasons: [] } : { eligible: false, reasons: ["需列入守信红名单"] };
    case "prefectures":
      return facts.prefectureCode && (rule.codes as string[]).includes(facts.prefectureCode)
        ? { eligible: true, reasons: [] }
        : { eligible: false, reasons: [`仅限 ${rule.codes.map((c) => prefectureName(c) ?? c).join("、")} 的主体`] };
  }
}

/** Black list first, then the rule: the one function every listing and claim calls. */
export function judgeEligibility(rule: TEligibilityRule, facts: TEligibilityFacts): TJudgement {
  if (facts.blacklisted) return { eligible: false, reasons: ["您在失信联合惩戒名单中，暂不能享受信易+守信激励"] };
  return judgeRule(rule, facts);
}

// ------------------------------------------------------------------ tiered benefits

export const ZBenefitTier = z.object({
  grades: z.array(z.string().min(1).max(8)).min(1, "至少选择一个等级"),
  summary: z.string().trim().min(1, "请填写该等级的权益").max(100),
  /** e.g. 30 for 30% off, for statistics and display. */
  discountPercent: z.number().min(0).max(100).optional(),
});
export const ZBenefit = z.object({
  /** What every eligible subject gets when no tier names their grade. */
  summary: z.string().trim().min(1, "请填写权益内容").max(100),
  tiers: z.array(ZBenefitTier).max(10).default([]),
});
export type TBenefit = z.output<typeof ZBenefit>;

/** The benefit a subject of this grade gets (海贝分-style tiers: AAA −30%, AA −10%…). */
export function benefitFor(benefit: TBenefit, grade: string | null): string {
  const tier = grade ? benefit.tiers.find((t) => t.grades.includes(grade)) : undefined;
  return tier?.summary ?? benefit.summary;
}
