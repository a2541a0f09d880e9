import type { Types } from "mongoose";
import { addMonths, beijingDate, dueRepairReminders, repairPeriodsOf } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import { isDuplicateKeyError } from "../../infra/store";
import { ConsentGrantModel, ConsentRevocationModel } from "../consent/model";
import { CreditRecordModel, type CreditRecord } from "../credit-records/model";
import type { CreditRecordService } from "../credit-records/service";
import { NoticeModel, recordNotice } from "../messages/outbox";
import { SubjectModel, type Subject } from "../subjects/model";
import { PartnerCreditEventModel, RepairModel, RepairReminderRunModel, type Repair } from "./model";
import { decisionNotice, subjectShownToOthers } from "./presenter";
import { rulesInForce } from "./rules";

const FAN_OUT_BATCH = 200;
/** Month arithmetic clamps month ends (see addMonths): queries reach a few days further and the pure rule decides. */
const SLACK_DAYS = 3;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export type RepairOutcome = "done" | "later";

/**
 * The two periodic jobs of 信用修复, each safe to run twice at once (everything they write is an insert
 * under a key saying what it is for, or a versioned record move):
 * - fanOut: every partner holding a consent from the subject when a repair was granted gets one
 *   credit event for it ("repaired once, effective everywhere");
 * - reminders: a record has become repairable, or has stopped counting (then it is also moved to
 *   "expired", so that what the subject was told is what the score does).
 */
export function createRepairSweeps(deps: {
  records: CreditRecordService;
  repairRecord: (repair: Repair, reason: string, actor: null, actorName: string) => Promise<RepairOutcome>;
}) {
  /** Partners whose consent from the subject was in force at `at`: granted by then, running past it, not revoked by then. */
  async function partnersHoldingConsent(subjectId: Types.ObjectId, at: Date): Promise<Types.ObjectId[]> {
    const grants = await ConsentGrantModel.find({ subjectId, grantedAt: { $lte: at }, validUntil: { $gt: at } }, { partnerId: 1 }).lean();
    if (grants.length === 0) return [];
    const revoked = new Set((await ConsentRevocationModel.find({ _id: { $in: grants.map((g) => g._id) }, at: { $lte: at } }, { _id: 1 }).lean()).map((r) => r._id!.toHexString()));
    const partners = new Map(grants.filter((g) => !revoked.has(g._id.toHexString())).map((g) => [g.partnerId.toHexString(), g.partnerId]));
    return [...partners.values()];
  }

  async function fanOut(now: Date): Promise<number> {
    const pending = await RepairModel.find({ status: "granted", fannedOutAt: { $exists: false } }).sort({ decidedAt: 1 }).limit(FAN_OUT_BATCH).lean<Repair[]>();
    let written = 0;
    for (const repair of pending) {
      // The record first: a grant whose record move was lost (or waited for an objection) is completed here.
      if ((await deps.repairRecord(repair, repair.decisionReason ?? "准予修复", null, "信用修复")) === "later") continue;
      const [record, subject] = await Promise.all([
        CreditRecordModel.findById(repair.recordId, { kind: 1, title: 1, sourceDept: 1, decidedAt: 1 }).lean<CreditRecord>(),
        SubjectModel.findById(repair.subjectId, { kind: 1, name: 1, idMasked: 1, uscc: 1 }).lean<Subject>(),
      ]);
      const effectiveAt = repair.decidedAt!;
      for (const partnerId of await partnersHoldingConsent(repair.subjectId, effectiveAt)) {
        try {
          await PartnerCreditEventModel.create({
            _id: `${repair._id.toHexString()}:${partnerId.toHexString()}`,
            partnerId,
            kind: "record_repaired",
            repairId: repair._id,
            subjectId: repair.subjectId,
            recordId: repair.recordId,
            subject: subject ? subjectShownToOthers(subject) : { kind: repair.subjectKind, name: "（已注销的主体）" },
            record: { kind: record?.kind ?? repair.recordKind, title: record?.title ?? repair.recordTitle, sourceDept: record?.sourceDept ?? "", decidedAt: record?.decidedAt ?? "" },
            effectiveAt,
            at: now,
          });
          written += 1;
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err;
        }
      }
      // Told on the request path already, unless it died after the decision: the key makes it once.
      await recordNotice(decisionNotice(repair));
      await RepairModel.updateOne({ _id: repair._id }, { $set: { fannedOutAt: now } });
    }
    return written;
  }

  async function expire(record: CreditRecord, on: string): Promise<boolean> {
    try {
      await deps.records.moveRecord(record, { expectedVersion: record.version, status: "expired", reason: `公示期满（${on}），终止公示`, actorName: "系统", auditActor: null });
      return true;
    } catch (err) {
      // Someone moved it meanwhile (an objection, a repair): the next day's run looks again.
      if (err instanceof AppError && err.code === "VERSION_CONFLICT") return false;
      throw err;
    }
  }

  /**
   * Once per Beijing day and rules version (a finished run is recorded; later runs that day skip):
   * dates are days, so a minute-by-minute scan would only repeat itself. A record that became
   * active again during the day (an objection upheld) is looked at the next day.
   */
  async function reminders(now: Date): Promise<number> {
    const today = beijingDate(now);
    const rules = await rulesInForce();
    const runKey = `${today}:${rules.version}`;
    if (await RepairReminderRunModel.exists({ _id: runKey })) return 0;
    let count = 0;
    for (const rule of rules.items) {
      const base = { kind: rule.kind, status: "active" as const, ...(rule.kind === "penalty" ? { severity: rule.severity } : {}) };
      // Past the maximum period, or past their own end of publication: they stop counting.
      const ended = [
        ...(await CreditRecordModel.find({ ...base, decidedAt: { $lte: addDays(addMonths(today, -rule.maxMonths), SLACK_DAYS) } }).lean<CreditRecord[]>()),
        ...(await CreditRecordModel.find({ ...base, validUntil: { $lte: today } }).lean<CreditRecord[]>()),
      ];
      const seen = new Set<string>();
      for (const record of ended) {
        const id = record._id.toHexString();
        if (seen.has(id) || !dueRepairReminders(record, [rule], today).includes("stops-counting")) continue;
        seen.add(id);
        const on = repairPeriodsOf(record, [rule]).stopsCountingOn!;
        if (await expire(record, on)) count += 1;
        await recordNotice({
          key: `repair:${id}:stops-counting`,
          subjectId: record.subjectId,
          kind: "repair",
          title: "失信记录已停止计入",
          body: `您的「${record.title}」已于 ${on} 期满，终止公示，不再计入信用评价。`,
          link: { page: "creditRecord", id },
          at: now,
        });
        count += 1;
      }
      if (!rule.repairable) continue;
      // Past the minimum: repairable (those past the maximum were expired just above).
      const candidates = (await CreditRecordModel.find({ ...base, decidedAt: { $lte: addDays(addMonths(today, -rule.minMonths), SLACK_DAYS) } }).lean<CreditRecord[]>()).filter((r) =>
        dueRepairReminders(r, [rule], today).includes("repairable"),
      );
      const keys = candidates.map((r) => `repair:${r._id.toHexString()}:repairable`);
      const told = new Set(keys.length ? (await NoticeModel.find({ _id: { $in: keys } }, { _id: 1 }).lean()).map((n) => n._id as string) : []);
      for (const record of candidates) {
        const key = `repair:${record._id.toHexString()}:repairable`;
        if (told.has(key)) continue;
        await recordNotice({
          key,
          subjectId: record.subjectId,
          kind: "repair",
          title: "可以申请信用修复了",
          body: `您的「${record.title}」已满最短公示期，自 ${repairPeriodsOf(record, [rule]).repairableFrom} 起可申请信用修复：提交履行义务的证明并签署信用承诺书，审核通过后不再计入信用评价。`,
          link: { page: "creditRecord", id: record._id.toHexString() },
          at: now,
        });
        count += 1;
      }
    }
    await RepairReminderRunModel.create({ _id: runKey, at: now, count }).catch((err: unknown) => {
      if (!isDuplicateKeyError(err)) throw err;
    });
    return count;
  }

  return { fanOut, reminders };
}
