import { Types } from "mongoose";
import { judgeEligibility, type TEligibilityFacts, type TEligibilityRule, type TEvaluation, type TJudgement } from "@xinyi/shared";
import type { Actor } from "../../http/context";
import { standingOf, type EvaluationService } from "../evaluations/service";
import { publishedScales } from "../scoring/service";
import { SubjectModel } from "../subjects/model";
import { UserModel } from "../users/model";
import type { Scenario } from "./model";
import { subjectIdOf } from "../users/subject-of";

export type SubjectView = {
  subjectId: Types.ObjectId | null;
  /** Where the subject is, for the region scope. */
  prefectureCode: string | null;
  facts: TEligibilityFacts;
  evaluation?: TEvaluation;
};

async function unboundView(actor: Actor): Promise<SubjectView> {
  const user = await UserModel.findById(actor.userId, { prefectureCode: 1 }).lean();
  const prefectureCode = user?.prefectureCode ?? null;
  return { subjectId: null, prefectureCode, facts: { kind: actor.role === "enterprise" ? "enterprise" : "citizen", score: null, grade: null, scale: null, blacklisted: false, redListed: false, prefectureCode } };
}

/**
 * For listings: the subject from the cached profile (one Redis read), with the
 * evaluation that explains a "not eligible". An unbound account fails every rule.
 */
export async function subjectView(actor: Actor, evaluations: EvaluationService): Promise<SubjectView> {
  const subjectId = await subjectIdOf(actor);
  const [profile, scales] = await Promise.all([subjectId ? evaluations.profile(subjectId) : null, publishedScales()]);
  if (!subjectId || !profile) return unboundView(actor);
  const { subject, evaluation } = profile;
  return {
    subjectId,
    prefectureCode: subject.prefectureCode,
    facts: {
      kind: subject.kind,
      score: subject.score ?? null,
      grade: subject.grade ?? null,
      scale: scales[subject.kind],
      blacklisted: subject.blacklisted,
      redListed: evaluation?.factors.some((f) => f.kind === "red_list" && f.counts) ?? false,
      prefectureCode: subject.prefectureCode,
    },
    ...(evaluation ? { evaluation } : {}),
  };
}

/** For claims (逢办必查): the subject and its standing read from the store now, by id. */
export async function currentSubjectView(actor: Actor): Promise<SubjectView & { name?: string }> {
  const subjectId = await subjectIdOf(actor);
  const [subject, standing, scales] = subjectId
    ? await Promise.all([SubjectModel.findById(subjectId, { kind: 1, prefectureCode: 1, name: 1 }).lean(), standingOf(subjectId), publishedScales()])
    : [null, null, null];
  if (!subjectId || !subject || !scales) return unboundView(actor);
  const kind = subject.kind as "citizen" | "enterprise";
  return {
    subjectId,
    name: subject.name,
    prefectureCode: subject.prefectureCode,
    facts: {
      kind,
      score: standing?.score ?? null,
      grade: standing?.grade ?? null,
      scale: scales[kind],
      blacklisted: standing?.blacklisted ?? false,
      redListed: standing?.redListed ?? false,
      prefectureCode: subject.prefectureCode,
    },
  };
}

export function inScope(scenario: Pick<Scenario, "provinceWide" | "prefectureCodes">, prefectureCode: string | null): boolean {
  return scenario.provinceWide || (!!prefectureCode && scenario.prefectureCodes.includes(prefectureCode as never));
}

export function judge(scenario: Scenario, view: SubjectView): TJudgement {
  if (!view.subjectId) return { eligible: false, reasons: ["请先完成实名认证，才能判断您是否符合条件"] };
  return judgeEligibility(scenario.rule as TEligibilityRule, view.facts);
}

/** What would change the answer: the records weighing most, repair, and when records stop counting. */
export function hintsFor(evaluation: TEvaluation | undefined): string[] {
  if (!evaluation) return [];
  const hints: string[] = [];
  const negatives = evaluation.factors.filter((f) => f.counts && f.contribution < 0).slice(0, 3);
  if (negatives.length) hints.push(`以下记录影响最大：${negatives.map((f) => `${f.title}（${f.contribution}）`).join("、")}`);
  for (const f of evaluation.factors.filter((x) => x.kind === "black_list" && x.counts && x.stopsCountingOn)) {
    hints.push(`黑名单记录「${f.title}」于 ${f.stopsCountingOn} 到期后可申请修复`);
  }
  for (const imp of evaluation.improvements.slice(0, 3)) {
    hints.push(imp.via === "repair" ? `完成「${imp.title}」的信用修复后可达 ${imp.scoreAfter} 分` : `「${imp.title}」于 ${imp.date} 公示期满后可达 ${imp.scoreAfter} 分`);
  }
  return hints;
}
