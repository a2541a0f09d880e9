import { prefectureName, type TSubject } from "@xinyi/shared";
import type { Subject } from "./model";

export function presentSubject(s: Subject): TSubject {
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
    ...(s.current?.score !== undefined && s.current?.score !== null
      ? { score: s.current.score, grade: s.current.grade!, gradeLabel: s.current.gradeLabel!, modelVersion: s.current.modelVersion! }
      : {}),
    blacklisted: s.current?.blacklisted ?? false,
    createdAt: s.createdAt.toISOString(),
  };
}
