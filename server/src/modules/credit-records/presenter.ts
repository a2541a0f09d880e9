import type { TCreditRecord, TScoredRecord } from "@xinyi/shared";
import type { CreditRecord } from "./model";

export function presentRecord(r: CreditRecord): TCreditRecord {
  return {
    id: r._id.toHexString(),
    subjectId: r.subjectId.toHexString(),
    kind: r.kind,
    ...(r.severity ? { severity: r.severity } : {}),
    ...(r.taxGrade ? { taxGrade: r.taxGrade } : {}),
    title: r.title,
    sourceDept: r.sourceDept,
    docNo: r.docNo,
    decidedAt: r.decidedAt,
    ...(r.publishedAt ? { publishedAt: r.publishedAt } : {}),
    ...(r.validUntil ? { validUntil: r.validUntil } : {}),
    status: r.status,
    late: r.late,
    prefectureCode: r.prefectureCode as TCreditRecord["prefectureCode"],
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toScoredRecord(r: Pick<CreditRecord, "_id" | "kind" | "severity" | "taxGrade" | "title" | "status" | "decidedAt" | "validUntil">): TScoredRecord {
  return {
    id: r._id.toHexString(),
    kind: r.kind,
    ...(r.severity ? { severity: r.severity } : {}),
    ...(r.taxGrade ? { taxGrade: r.taxGrade } : {}),
    title: r.title,
    status: r.status,
    decidedAt: r.decidedAt,
    ...(r.validUntil ? { validUntil: r.validUntil } : {}),
  };
}
