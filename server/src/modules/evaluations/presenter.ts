import type { TEvaluation } from "@xinyi/shared";
import type { Evaluation } from "./model";

export function presentEvaluation(e: Evaluation): TEvaluation {
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
    factors: e.factors as TEvaluation["factors"],
    ...(e.nextBand ? { nextBand: e.nextBand as NonNullable<TEvaluation["nextBand"]> } : {}),
    improvements: e.improvements as TEvaluation["improvements"],
    evaluatedAt: e.evaluatedAt.toISOString(),
  };
}
