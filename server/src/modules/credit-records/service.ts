import { Types } from "mongoose";
import {
  isLatePublication,
  type TCreditRecord,
  type TPrefectureCode,
  type TRecordStatus,
  type TRecordStatusChangeRequest,
  ZCreditRecordCreateRequest,
} from "@xinyi/shared";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import type { EvaluationService } from "../evaluations/service";
import { subjectPolicy } from "../subjects/policy";
import { subjectRefOf, type SubjectService } from "../subjects/service";
import { UserModel } from "../users/model";
import { CreditRecordModel, RecordEventModel, type CreditRecord } from "./model";
import { presentRecord } from "./presenter";

export type RecordCreateInput = z.output<typeof ZCreditRecordCreateRequest>;

export function naturalKeyOf(sourceDept: string, docNo: string, subjectKey: string): string {
  return `${sourceDept.trim()}|${docNo.trim()}|${subjectKey}`;
}

/** Regional administrators write only their own prefecture's records. */
export function assertMayWrite(actor: Actor, prefectureCode: string, path = "body.prefectureCode"): void {
  if (!subjectPolicy.canSee(actor, { prefectureCode })) {
    throw new AppError("FORBIDDEN", "只能录入本州市的信用记录", { issues: [{ path, message: "超出您的管辖范围" }] });
  }
}

async function actorName(actor: Actor): Promise<string> {
  const user = await UserModel.findById(actor.userId, { displayName: 1 }).lean();
  return user?.displayName ?? actor.role;
}

export function createCreditRecordService(subjects: SubjectService, evaluations: EvaluationService) {
  async function findVisible(actor: Actor, id: string): Promise<CreditRecord> {
    const record = await CreditRecordModel.findById(id).lean<CreditRecord>();
    if (!record || !subjectPolicy.canSee(actor, record)) throw new AppError("NOT_FOUND", "信用记录不存在");
    return record;
  }

  async function moveRecord(
    record: CreditRecord,
    change: { expectedVersion: number; status: TRecordStatus; reason: string; actorId?: string; actorName: string; auditActor: Actor | null; amend?: Partial<Pick<CreditRecord, "title" | "severity" | "decidedAt" | "validUntil" | "publishedAt">> },
  ): Promise<CreditRecord> {
    if (record.version !== change.expectedVersion) throw new AppError("VERSION_CONFLICT");
    const version = change.expectedVersion + 1;
    try {
      await RecordEventModel.create({ recordId: record._id, version, status: change.status, reason: change.reason, ...(change.actorId ? { actorId: change.actorId } : {}), actorName: change.actorName, at: new Date() });
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new AppError("VERSION_CONFLICT");
      throw err;
    }
    await CreditRecordModel.updateOne({ _id: record._id, version: change.expectedVersion }, { $set: { ...(change.amend ?? {}), status: change.status, version } });
    await audit(change.auditActor, { action: "record.status", target: `record:${record._id.toHexString()}`, details: { from: record.status, to: change.status, reason: change.reason, version } });
    await evaluations.recompute([record.subjectId]);
    return (await CreditRecordModel.findById(record._id).lean<CreditRecord>())!;
  }

  return {
    async create(actor: Actor, input: RecordCreateInput): Promise<TCreditRecord> {
      assertMayWrite(actor, input.prefectureCode);
      const subject = await subjects.resolve(subjectRefOf(input.subject), input.prefectureCode as TPrefectureCode);
      const now = new Date();
      const record = {
        _id: new Types.ObjectId(),
        subjectId: subject._id,
        subjectKind: subject.kind,
        prefectureCode: input.prefectureCode,
        kind: input.kind,
        ...(input.severity ? { severity: input.severity } : {}),
        ...(input.taxGrade ? { taxGrade: input.taxGrade } : {}),
        title: input.title,
        sourceDept: input.sourceDept,
        docNo: input.docNo,
        naturalKey: naturalKeyOf(input.sourceDept, input.docNo, subject.key),
        decidedAt: input.decidedAt,
        ...(input.publishedAt ? { publishedAt: input.publishedAt } : {}),
        ...(input.validUntil ? { validUntil: input.validUntil } : {}),
        late: isLatePublication(input.kind, input.decidedAt, input.publishedAt),
        status: "active" as const,
        version: 1,
        createdBy: actor.userId,
        createdAt: now,
      };
      try {
        await CreditRecordModel.create(record);
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new AppError("CONFLICT", "该主体已有同一来源部门、同一文书号的记录");
        throw err;
      }
      await RecordEventModel.create({ recordId: record._id, version: 1, status: "active", reason: "录入", actorId: actor.userId, actorName: await actorName(actor), at: now });
      await audit(actor, {
        action: "record.create",
        target: `record:${record._id.toHexString()}`,
        details: { subjectId: subject._id.toHexString(), subject: subject.idMasked ?? subject.uscc, kind: record.kind, docNo: record.docNo },
      });
      await evaluations.recompute([subject._id]);
      return presentRecord(record as CreditRecord);
    },

    /**
     * Moves a record to another status. The event insert with version v+1 decides:
     * a concurrent or stale change of the same version gets VERSION_CONFLICT.
     */
    async changeStatus(actor: Actor, id: string, change: TRecordStatusChangeRequest): Promise<TCreditRecord> {
      const record = await findVisible(actor, id);
      if (record.status === change.status) throw new AppError("CONFLICT", "记录已是该状态");
      return presentRecord(await moveRecord(record, { ...change, actorId: actor.userId, actorName: await actorName(actor), auditActor: actor }));
    },

    /**
     * The same versioned move for the credit-rights workflows (an objection freezes and unfreezes a
     * record, a granted repair ends its use, a decision withdraws or amends it): the caller has settled
     * who may, and names the actor shown in the record's history. `amend` replaces fields of the record
     * in the same version. Returns the record as stored after the move.
     */
    moveRecord,

    async history(actor: Actor, id: string) {
      const record = await findVisible(actor, id);
      const events = await RecordEventModel.find({ recordId: record._id }).sort({ version: 1 }).lean();
      return events.map((e) => ({ version: e.version, status: e.status, reason: e.reason, actorName: e.actorName, at: e.at.toISOString() }));
    },
  };
}

export type CreditRecordService = ReturnType<typeof createCreditRecordService>;
