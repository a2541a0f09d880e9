import { z } from "zod";
import { PREFECTURE_CODES, prefectureName, type TPrefectureCode } from "../regions";
import { ZCleanText } from "../schemas/common";
import { SUBJECT_KINDS, type TSubjectKind } from "./records";
import { atOrAbove, gradeName, gradeRank, scoreName, SUBJECT_KIND_NAMES, type TCreditScale, type TCreditScales } from "./scales";

/**
 * A scenario's eligibility rule: declarative data that administrators and partners
 * build in the console, combined with all/any. A black-listed subject is never
 * eligible, whatever the rule says (checked outside the rule, always).
 *
 * Scores and grades are on the scale of one subject kind (citizens 0–1000 with
 * AAA…D, enterprises 0–100 with A…D in the default model), so every threshold names
 * the kind whose scale it is on, and is met only by a subject of that kind: inside
 * "all" it restricts the rule to that kind; inside "any" it is one way for that
 * kind to qualify (any[个人 650 分, 企业 A 级] serves both, each on its own scale).
 */
export type TEligibilityRule =
  | { type: "all"; rules: TEligibilityRule[] }
  | { type: "any"; rules: TEligibilityRule[] }
  | { type: "minScore"; subjectKind: TSubjectKind; score: number }
  /** The grade or better, by the band order of that kind's scale. */
  | { type: "minGrade"; subjectKind: TSubjectKind; grade: string }
  | { type: "grades"; subjectKind: TSubjectKind; grades: string[] }
  | { type: "subjectKinds"; kinds: TSubjectKind[] }
  | { type: "redList" }
  | { type: "prefectures"; codes: TPrefectureCode[] };

/** As written before thresholds named their scale: minScore and grades without a kind (see `upgradeRule`). */
export type TEligibilityRuleInput =
  | { type: "all" | "any"; rules: TEligibilityRuleInput[] }
  | { type: "minScore"; subjectKind?: TSubjectKind | undefined; score: number }
  | { type: "grades"; subjectKind?: TSubjectKind | undefined; grades: string[] }
  | Exclude<TEligibilityRule, { type: "all" | "any" | "minScore" | "grades" }>;

const ZKind = z.enum(SUBJECT_KINDS, { error: "主体类型应为 citizen（个人）或 enterprise（企业）" });
// The bound of every scale; the scale of the named kind is checked against the published model (`ruleScaleIssues`).
const ZThresholdScore = z.number({ error: "请输入信用分" }).int("信用分应为整数").min(0, "信用分不能为负").max(1000, "信用分不能超过1000");
const ZGrade = z.string().min(1, "请选择信用等级").max(8);

function ruleSchema<K extends z.ZodType<TSubjectKind | undefined>>(kind: K, self: () => z.ZodType) {
  return z.discriminatedUnion("type", [
    z.object({ type: z.literal("all"), rules: z.array(z.lazy(self)).max(20) }),
    z.object({ type: z.literal("any"), rules: z.array(z.lazy(self)).min(1, "“任一”条件至少包含一项").max(20) }),
    z.object({ type: z.literal("minScore"), subjectKind: kind, score: ZThresholdScore }),
    z.object({ type: z.literal("minGrade"), subjectKind: ZKind, grade: ZGrade }),
    z.object({ type: z.literal("grades"), subjectKind: kind, grades: z.array(ZGrade).min(1, "至少选择一个信用等级") }),
    z.object({ type: z.literal("subjectKinds"), kinds: z.array(z.enum(SUBJECT_KINDS)).min(1, "至少选择一类主体") }),
    z.object({ type: z.literal("redList") }),
    z.object({ type: z.literal("prefectures"), codes: z.array(z.enum(PREFECTURE_CODES)).min(1, "至少选择一个州市") }),
  ]);
}

const ZRuleStrict: z.ZodType<TEligibilityRule, TEligibilityRule> = z
  .lazy(() => ruleSchema(ZKind, () => ZRuleStrict))
  .meta({ id: "EligibilityRule" }) as z.ZodType<TEligibilityRule, TEligibilityRule>;
const ZRuleInput: z.ZodType<TEligibilityRuleInput, TEligibilityRuleInput> = z
  .lazy(() => ruleSchema(ZKind.optional(), () => ZRuleInput))
  .meta({ id: "EligibilityRuleInput" }) as z.ZodType<TEligibilityRuleInput, TEligibilityRuleInput>;

/** Accepts rules written before thresholds named their scale, and answers them upgraded. */
export const ZEligibilityRule = ZRuleInput.transform((rule) => upgradeRule(rule)).pipe(ZRuleStrict);

/**
 * Gives every threshold the kind whose scale it is on. A score threshold without one was
 * on the citizen scale (the only 0–1000 one, the bound rules were checked against). A grade
 * list without one (A–D exist on both scales) is on the scale of the kind its enclosing
 * "all" is restricted to by a subjectKinds condition, else the citizen scale.
 */
export function upgradeRule(rule: TEligibilityRuleInput, restrictedTo?: TSubjectKind): TEligibilityRule {
  switch (rule.type) {
    case "all": {
      const only = rule.rules.flatMap((r) => (r.type === "subjectKinds" && r.kinds.length === 1 ? r.kinds : []));
      const kind = only.length > 0 && only.every((k) => k === only[0]) ? only[0] : restrictedTo;
      return { type: "all", rules: rule.rules.map((r) => upgradeRule(r, kind)) };
    }
    case "any":
      return { type: "any", rules: rule.rules.map((r) => upgradeRule(r, restrictedTo)) };
    case "minScore":
      return { type: "minScore", subjectKind: rule.subjectKind ?? "citizen", score: rule.score };
    case "grades":
      return { type: "grades", subjectKind: rule.subjectKind ?? restrictedTo ?? "citizen", grades: rule.grades };
    default:
      return rule;
  }
}

/** Whether a stored rule predates kinded thresholds (for the migration of stored scenarios). */
export function needsUpgrade(rule: TEligibilityRuleInput): boolean {
  switch (rule.type) {
    case "all":
    case "any":
      return rule.rules.some(needsUpgrade);
    case "minScore":
    case "grades":
      return rule.subjectKind === undefined;
    default:
      return false;
  }
}

/** What a rule is judged against: the subject's standing now (逢办必查). */
export type TEligibilityFacts = {
  kind: TSubjectKind;
  score: number | null;
  grade: string | null;
  /** The scale of the subject's kind in the published model: orders grades for minGrade. */
  scale: TCreditScale | null;
  blacklisted: boolean;
  redListed: boolean;
  prefectureCode: string | null;
};

export type TJudgement = { eligible: boolean; reasons: string[] };

const kindList = (kinds: Iterable<TSubjectKind>) => [...kinds].map((k) => SUBJECT_KIND_NAMES[k]).join("、");

/** The rule in one line of plain Chinese, for cards and the review queue. */
export function describeRule(rule: TEligibilityRule): string {
  switch (rule.type) {
    case "all":
      return rule.rules.length === 0 ? "信用良好（非失信名单）即可" : rule.rules.map(describeRule).join("，且");
    case "any":
      return `以下任一：${rule.rules.map(describeRule).join("；或")}`;
    case "minScore":
      return `${scoreName(rule.subjectKind)}不低于 ${rule.score}`;
    case "minGrade":
      return `${gradeName(rule.subjectKind)} ${atOrAbove(rule.subjectKind, rule.grade)}`;
    case "grades":
      return `${gradeName(rule.subjectKind)}为 ${rule.grades.join("、")}`;
    case "subjectKinds":
      return `限${kindList(rule.kinds)}`;
    case "redList":
      return "已列入守信红名单";
    case "prefectures":
      return `限 ${rule.codes.map((c) => prefectureName(c) ?? c).join("、")}`;
  }
}

/** The kinds of subject that can meet a rule at all. */
export function kindsMeeting(rule: TEligibilityRule): Set<TSubjectKind> {
  switch (rule.type) {
    case "all":
      return rule.rules.reduce((acc, r) => {
        const k = kindsMeeting(r);
        return new Set([...acc].filter((x) => k.has(x)));
      }, new Set<TSubjectKind>(SUBJECT_KINDS));
    case "any":
      return new Set(rule.rules.flatMap((r) => [...kindsMeeting(r)]));
    case "minScore":
    case "minGrade":
    case "grades":
      return new Set([rule.subjectKind]);
    case "subjectKinds":
      return new Set(rule.kinds);
    default:
      return new Set(SUBJECT_KINDS);
  }
}

const pass: TJudgement = { eligible: true, reasons: [] };
const fail = (reason: string): TJudgement => ({ eligible: false, reasons: [reason] });
const onlyFor = (kinds: Iterable<TSubjectKind>) => fail(`仅限${kindList(kinds)}申领`);

/** Citizens are addressed as 您, enterprises as 贵企业. */
function whose(facts: TEligibilityFacts): string {
  return facts.kind === "enterprise" ? "贵企业" : "";
}

/** Judges a rule and says, in words for the subject, every reason it fails. */
export function judgeRule(rule: TEligibilityRule, facts: TEligibilityFacts): TJudgement {
  switch (rule.type) {
    case "all": {
      const reasons = [...new Set(rule.rules.flatMap((r) => judgeRule(r, facts).reasons))];
      return { eligible: reasons.length === 0, reasons };
    }
    case "any": {
      const judged = rule.rules.map((r) => judgeRule(r, facts));
      if (judged.some((j) => j.eligible)) return pass;
      // Only the ways open to this kind of subject are worth telling them about.
      const open = rule.rules.filter((r) => kindsMeeting(r).has(facts.kind));
      if (open.length === 0) return onlyFor(kindsMeeting(rule));
      if (open.length === 1) return judgeRule(open[0]!, facts);
      return fail(`需满足以下任一条件：${open.map(describeRule).join("；")}`);
    }
    case "minScore": {
      if (rule.subjectKind !== facts.kind) return onlyFor([rule.subjectKind]);
      if (facts.score === null) return fail(facts.kind === "enterprise" ? "暂无贵企业的信用评价" : "暂无您的信用评价");
      if (facts.score >= rule.score) return pass;
      return fail(`${whose(facts)}信用分 ${facts.score}，需 ${rule.score}，还差 ${rule.score - facts.score} 分`);
    }
    case "minGrade": {
      if (rule.subjectKind !== facts.kind) return onlyFor([rule.subjectKind]);
      const needed = `需 ${atOrAbove(rule.subjectKind, rule.grade)}`;
      if (!facts.grade) return fail(`${whose(facts)}暂无信用等级，${needed}`);
      const rank = facts.scale ? gradeRank(facts.scale, facts.grade) : -1;
      const limit = facts.scale ? gradeRank(facts.scale, rule.grade) : -1;
      return rank >= 0 && limit >= 0 && rank <= limit ? pass : fail(`${whose(facts)}信用等级为 ${facts.grade}，${needed}`);
    }
    case "grades": {
      if (rule.subjectKind !== facts.kind) return onlyFor([rule.subjectKind]);
      if (facts.grade && rule.grades.includes(facts.grade)) return pass;
      return fail(`${whose(facts)}信用等级${facts.grade ? `为 ${facts.grade}` : "暂无"}，需 ${rule.grades.join("、")}`);
    }
    case "subjectKinds":
      return rule.kinds.includes(facts.kind) ? pass : onlyFor(rule.kinds);
    case "redList":
      return facts.redListed ? pass : fail("需列入守信红名单");
    case "prefectures":
      return facts.prefectureCode && (rule.codes as string[]).includes(facts.prefectureCode)
        ? pass
        : fail(`仅限 ${rule.codes.map((c) => prefectureName(c) ?? c).join("、")} 的主体`);
  }
}

/** Black list first, then the rule: the one function every listing and claim calls. */
export function judgeEligibility(rule: TEligibilityRule, facts: TEligibilityFacts): TJudgement {
  if (facts.blacklisted) return fail(`${facts.kind === "enterprise" ? "贵企业" : "您"}在失信联合惩戒名单中，暂不能享受信易+守信激励`);
  return judgeRule(rule, facts);
}

export type TRuleIssue = { path: (string | number)[]; message: string };

/**
 * What is wrong with a rule on these scales (the published model's): a threshold outside its
 * kind's scale, a grade its kind's scale does not have, or conditions under "all" that no kind
 * of subject can meet together (e.g. a citizen score with 限企业). Empty when the rule is sound.
 */
export function ruleScaleIssues(rule: TEligibilityRule, scales: TCreditScales, path: (string | number)[] = []): TRuleIssue[] {
  switch (rule.type) {
    case "all": {
      const issues = rule.rules.flatMap((r, i) => ruleScaleIssues(r, scales, [...path, "rules", i]));
      let possible = new Set<TSubjectKind>(SUBJECT_KINDS);
      for (const [i, child] of rule.rules.entries()) {
        const kinds = kindsMeeting(child);
        // A child no kind can meet has its own issue already.
        if (kinds.size === 0) break;
        const next = new Set([...possible].filter((k) => kinds.has(k)));
        if (next.size === 0) {
          const field = child.type === "subjectKinds" ? "kinds" : child.type === "all" || child.type === "any" ? undefined : "subjectKind";
          const what = child.type === "minScore" ? `该门槛按${scoreName([...kinds][0]!)}计` : child.type === "minGrade" || child.type === "grades" ? `该条件按${gradeName([...kinds][0]!)}计` : `该条件只适用于${kindList(kinds)}`;
          issues.push({
            path: [...path, "rules", i, ...(field ? [field] : [])],
            message: `${what}，而同时须满足的其他条件只适用于${kindList(possible)}，没有主体能全部满足`,
          });
          break;
        }
        possible = next;
      }
      return issues;
    }
    case "any":
      return rule.rules.flatMap((r, i) => ruleScaleIssues(r, scales, [...path, "rules", i]));
    case "minScore": {
      const scale = scales[rule.subjectKind];
      return rule.score < scale.min || rule.score > scale.max
        ? [{ path: [...path, "score"], message: `${scoreName(rule.subjectKind)}为 ${scale.min}–${scale.max} 分，门槛 ${rule.score} 超出范围` }]
        : [];
    }
    case "minGrade": {
      const scale = scales[rule.subjectKind];
      return gradeRank(scale, rule.grade) < 0 ? [{ path: [...path, "grade"], message: unknownGrade(rule.subjectKind, rule.grade, scale) }] : [];
    }
    case "grades": {
      const scale = scales[rule.subjectKind];
      return rule.grades.flatMap((g, i) => (gradeRank(scale, g) < 0 ? [{ path: [...path, "grades", i], message: unknownGrade(rule.subjectKind, g, scale) }] : []));
    }
    default:
      return [];
  }
}

function unknownGrade(kind: TSubjectKind, grade: string, scale: TCreditScale): string {
  return `${gradeName(kind)}没有「${grade}」，可选 ${scale.bands.map((b) => b.grade).join("、")}`;
}

// ------------------------------------------------------------------ tiered benefits

export const ZBenefitTier = z.object({
  grades: z.array(z.string().min(1).max(8)).min(1, "至少选择一个等级"),
  summary: ZCleanText(1, 100, { min: "请填写该等级的权益" }),
  /** e.g. 30 for 30% off, for statistics and display. */
  discountPercent: z.number().min(0).max(100).optional(),
});
export const ZBenefit = z.object({
  /** What every eligible subject gets when no tier names their grade. */
  summary: ZCleanText(1, 100, { min: "请填写权益内容" }),
  tiers: z.array(ZBenefitTier).max(10).default([]),
});
export type TBenefit = z.output<typeof ZBenefit>;

/** The tier naming this grade, if any (海贝分-style tiers: AAA −30%, AA −10%…). */
export function benefitTierFor(benefit: TBenefit, grade: string | null): TBenefit["tiers"][number] | undefined {
  return grade ? benefit.tiers.find((t) => t.grades.includes(grade)) : undefined;
}

/** The benefit a subject of this grade gets. */
export function benefitFor(benefit: TBenefit, grade: string | null): string {
  return benefitTierFor(benefit, grade)?.summary ?? benefit.summary;
}
