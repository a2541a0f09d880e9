import { prefectureName, type TSubject } from "@xinyi/shared";
import type { SubjectStanding } from "../evaluations/model";
import type { Subject } from "./model";

export function presentSubject(s: Subject, standing: SubjectStanding | null | undefined): TSubject {
  return {
    id: s._id.toHexString(),
    kind: s.kind,
    name: s.name,
    ...(s.idMasked ? { idMasked: s.idMasked } : {}),
    ...(s.uscc ? { uscc: s.uscc } : {}),
    ...(s.usccReview?.reason ? { usccReview: { reason: s.usccReview.reason, acceptedAt: s.usccReview.at!.toISOString() } } : {}),
    ...(s.legalRepName ? { legalRepName: s.legalRepName } : {}),
    prefectureCode: s.prefectureCode as TSubject["prefectureCode"],
    prefectureName: prefectureName(s.prefectureCode) ?? s.prefectureCode,
    ...(standing ? { score: standing.score, grade: standing.grade, gradeLabel: standing.gradeLabel, modelVersion: standing.modelVersion } : {}),
    blacklisted: standing?.blacklisted ?? false,
    createdAt: s.createdAt.toISOString(),
  };
}
