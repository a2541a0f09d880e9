import {
  DEFAULT_SCORING_MODEL,
  SCENARIO_ACTIONS,
  scoreName,
  type TCreditScale,
  type TMe,
  type TScenario,
  type TScenarioAction,
  type TScenarioStatus,
  type TSubjectKind,
} from "@xinyi/shared";

/** Tag colours of the lifecycle statuses. */
export const SCENARIO_STATUS_COLORS: Record<TScenarioStatus, string> = {
  draft: "default",
  submitted: "processing",
  approved: "cyan",
  rejected: "error",
  published: "success",
  paused: "warning",
  ended: "default",
};

/** The statuses each action starts from (the server's state machine decides; this only hides nonsense buttons). */
const ACTION_FROM: Record<TScenarioAction, readonly TScenarioStatus[]> = {
  submit: ["draft", "rejected"],
  approve: ["submitted"],
  reject: ["submitted"],
  publish: ["draft", "approved"],
  pause: ["published"],
  resume: ["paused"],
  end: ["published", "paused"],
};

/** What an action does, for the confirmation. */
export const SCENARIO_ACTION_HINTS: Record<TScenarioAction, string> = {
  submit: "提交后由所在州市管理员审核，审核期间不能修改。",
  approve: "通过后机构即可发布该场景。",
  reject: "驳回后机构可修改并重新提交，驳回原因将告知机构。",
  publish: "发布后符合条件的用户即可在时间窗口内领取。",
  pause: "暂停后用户暂不能领取，已领取的券仍可核销。",
  resume: "恢复后用户可继续领取。",
  end: "结束后不能再恢复，用户不能再领取，已领取的券在有效期内仍可核销。",
};

type TScope = Pick<TScenario, "provinceWide" | "prefectureCodes">;
type TOwned = Pick<TScenario, "ownerPartnerId">;

export function isPartnerOwned(scenario: TOwned): boolean {
  return scenario.ownerPartnerId !== undefined;
}

/** Who launched it: the partner's name, or the government side (platform or prefecture). */
export function ownerLabel(scenario: Pick<TScenario, "ownerPartnerId" | "ownerPartnerName">): string {
  if (scenario.ownerPartnerId === undefined) return "平台/州市";
  return scenario.ownerPartnerName ?? "合作机构";
}

/**
 * Whether an administrator answers for a scenario: the platform for all of them, a
 * regional administrator for those scoped entirely to their prefecture (several
 * prefectures or the whole province go to the platform).
 */
export function adminAnswersFor(user: TMe, scope: TScope): boolean {
  if (user.role === "platform_admin") return true;
  if (user.role !== "regional_admin" || !user.prefectureCode || scope.provinceWide) return false;
  return scope.prefectureCodes.length > 0 && scope.prefectureCodes.every((code) => code === user.prefectureCode);
}

/** A partner operator's own partner's scenario (the server lists only those anyway). */
function ownedByOperator(user: TMe, scenario: TOwned): boolean {
  return user.role === "partner_operator" && isPartnerOwned(scenario) && (user.partnerId === undefined || user.partnerId === scenario.ownerPartnerId);
}

/**
 * The lifecycle actions that make sense for this user on this scenario now.
 * Partners: submit drafts and rejected ones, publish approved ones, pause/resume/end their own.
 * Administrators: approve/reject partners' submissions in their region, publish their own drafts
 * directly, pause/resume/end what they answer for.
 */
export function scenarioActionsFor(user: TMe, scenario: TScenario): TScenarioAction[] {
  const possible = SCENARIO_ACTIONS.filter((action) => ACTION_FROM[action].includes(scenario.status));
  if (user.role === "partner_operator") {
    if (!ownedByOperator(user, scenario)) return [];
    return possible.filter((a) => a === "submit" || a === "publish" || a === "pause" || a === "resume" || a === "end");
  }
  if (!adminAnswersFor(user, scenario)) return [];
  if (isPartnerOwned(scenario)) {
    return possible.filter((a) => a === "approve" || a === "reject" || a === "pause" || a === "resume" || a === "end");
  }
  return possible.filter((a) => (a === "publish" && scenario.status === "draft") || a === "pause" || a === "resume" || a === "end");
}

/** Drafts and rejected scenarios can be edited by their owner. */
export function canEditScenario(user: TMe, scenario: TScenario): boolean {
  if (scenario.status !== "draft" && scenario.status !== "rejected") return false;
  if (user.role === "partner_operator") return ownedByOperator(user, scenario);
  return !isPartnerOwned(scenario) && adminAnswersFor(user, scenario);
}

// ---------------------------------------------------------------- credit grades

export interface TGradeOption {
  value: string;
  label: string;
}

/**
 * Grades a rule or a benefit tier can name: the union of the citizen and enterprise bands of
 * the default scoring model, highest first, each labelled with what it means for whom.
 */
export const GRADE_OPTIONS: readonly TGradeOption[] = (() => {
  const meanings = new Map<string, string[]>();
  const order: string[] = [];
  for (const [who, scale] of [
    ["个人", DEFAULT_SCORING_MODEL.citizen],
    ["企业", DEFAULT_SCORING_MODEL.enterprise],
  ] as const) {
    for (const band of scale.bands) {
      if (!meanings.has(band.grade)) {
        meanings.set(band.grade, []);
        order.push(band.grade);
      }
      meanings.get(band.grade)?.push(`${who}${band.label}`);
    }
  }
  return order.map((grade) => ({ value: grade, label: `${grade}（${(meanings.get(grade) ?? []).join("、")}）` }));
})();

/** The grades of one kind's scale, highest first, for a threshold on that scale: "A（优，85 分起）". */
export function gradeOptionsOf(scale: TCreditScale): TGradeOption[] {
  return scale.bands.map((b) => ({ value: b.grade, label: `${b.grade}（${b.label}，${b.min} 分起）` }));
}

/** The hint under a minimum score: "企业信用分 0–100 分，基础分 75". */
export function scaleHint(kind: TSubjectKind, scale: TCreditScale): string {
  return `${scoreName(kind)} ${scale.min}–${scale.max} 分，基础分 ${scale.base}`;
}
