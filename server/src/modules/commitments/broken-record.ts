import { Types } from "mongoose";
import { isLatePublication } from "@xinyi/shared";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import { CreditRecordModel, RecordEventModel } from "../credit-records/model";
import { naturalKeyOf } from "../credit-records/service";
import type { EvaluationService } from "../evaluations/service";
import type { CommitmentCase } from "./model";

/**
 * A broken commitment is published as a general-class record (2025 national guidance: 3 months to
 * 1 year): it stops counting a year after the breach unless repaired earlier.
 */
const PUBLICATION_MONTHS = 12;

export function brokenRecordDocNo(caseId: Types.ObjectId): string {
  return `信易批-${caseId.toHexString()}`;
}

function monthsLater(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
}

/**
 * Writes the 违背信用承诺 record of a broken case, once: its document number carries the case id, so
 * the record's unique natural key (department, document number, subject) makes a second write — a
 * retry, two sweeps at once, a roll-forward after a crash — find the first instead.
 *
 * Not services.records.create: that takes an administrator of the record's prefecture and the
 * subject's ID number, which the platform keeps only sealed; a case is broken by an agency or by the
 * deadline sweep, for a subject already known. The fields, the first history entry, the audit entry
 * and the re-evaluation are the same.
 */
export async function writeBrokenRecord(
  evaluations: EvaluationService,
  c: Pick<CommitmentCase, "_id" | "subjectId" | "subjectKind" | "prefectureCode" | "department" | "matter">,
  subjectKey: string,
  by: { actor: Actor | null; actorName: string; decidedAt: string; reason: string; at: Date },
): Promise<Types.ObjectId> {
  const docNo = brokenRecordDocNo(c._id);
  const naturalKey = naturalKeyOf(c.department.name, docNo, subjectKey);
  let recordId = new Types.ObjectId();
  let first = true;
  try {
    await CreditRecordModel.create({
      _id: recordId,
      subjectId: c.subjectId,
      subjectKind: c.subjectKind,
      prefectureCode: c.prefectureCode,
      kind: "broken_commitment",
      title: `违背信用承诺：${c.matter}`,
      sourceDept: c.department.name,
      docNo,
      naturalKey,
      decidedAt: by.decidedAt,
      publishedAt: by.decidedAt,
      validUntil: monthsLater(by.decidedAt, PUBLICATION_MONTHS),
      late: isLatePublication("broken_commitment", by.decidedAt, by.decidedAt),
      status: "active",
      version: 1,
      createdBy: by.actor?.userId ?? "system:commitment-deadlines",
      createdAt: by.at,
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const existing = await CreditRecordModel.findOne({ naturalKey }, { _id: 1 }).lean();
    if (!existing) throw err;
    recordId = existing._id;
    first = false;
  }
  try {
    await RecordEventModel.create({ recordId, version: 1, status: "active", reason: by.reason, ...(by.actor ? { actorId: by.actor.userId } : {}), actorName: by.actorName, at: by.at });
  } catch (err) {
    // The first writer got this far before us (or before it crashed): the history already starts.
    if (!isDuplicateKeyError(err)) throw err;
  }
  if (first) {
    await audit(by.actor, {
      action: "record.create",
      target: `record:${recordId.toHexString()}`,
      details: { subjectId: c.subjectId.toHexString(), kind: "broken_commitment", docNo, commitmentCaseId: c._id.toHexString() },
    });
  }
  // Also when the record was there already: a writer that crashed before this left the score behind.
  await evaluations.recompute([c.subjectId]);
  return recordId;
}
