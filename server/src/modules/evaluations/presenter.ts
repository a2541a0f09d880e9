import { wholeContributions, type TCreditScale, type TEvaluation } from "@xinyi/shared";
import type { Evaluation } from "./model";

type TFactor = TEvaluation["factors"][number];

/**
 * Evaluations stored before contributions were whole points carry one-decimal ones
 * (+59.8): they are shown as whole points adding up to the stored score, as new ones are.
 */
function wholeFactors(e: Evaluation): TFactor[] {
  const factors = e.factors as TFactor[];
  if (factors.every((f) => Number.isInteger(f.contribution))) return factors;
  const counting = factors.filter((f) => f.counts);
  const sum = counting.reduce((s, f) => s + f.contribution, 0);
  // The stored score, unless it was held at the scale's bounds (then the contributions' own sum).
  const target = Math.abs(e.base + sum - e.score) < 1 ? e.score - e.base : Math.round(sum);
  const whole = new Map(wholeContributions(counting.map((f) => f.contribution), target).map((v, i) => [counting[i]!.recordId, v]));
  return factors.map((f) => ({ ...f, contribution: whole.get(f.recordId) ?? 0 }));
}

/** `scaleOfVersion`: the scale of the evaluation's model version, for evaluations stored without one. */
export function presentEvaluation(e: Evaluation, scaleOfVersion?: TCreditScale): TEvaluation {
  const scale = (e.scale as TCreditScale | undefined) ?? scaleOfVersion;
  if (!scale) throw new Error(`evaluation ${e._id.toHexString()} has no scale: pass its model version's`);
  return {
    id: e._id.toHexString(),
    subjectId: e.subjectId.toHexString(),
    subjectKind: e.subjectKind,
    modelVersion: e.modelVersion,
    score: e.score,
    grade: e.grade,
    gradeLabel: e.gradeLabel,
    blacklisted: e.blacklisted,
    base: e.base,
    scale,
    factors: wholeFactors(e),
    ...(e.nextBand ? { nextBand: e.nextBand as NonNullable<TEvaluation["nextBand"]> } : {}),
    improvements: e.improvements as TEvaluation["improvements"],
    evaluatedAt: e.evaluatedAt.toISOString(),
  };
}
