/**
 * 信用修复: applications by the subject, review by the record's prefecture, the record's status move
 * when granted, and the two sweeps (partners told of each granted repair; reminders of the dates).
 * Who may see what: policy.ts. The guarantees, each an insert under a unique key:
 * - one open application per record: `repair_open_slots` _id = recordId;
 * - a retried application is not a second one: modules/idempotency;
 * - two administrators deciding at once: one wins, the other 409 (`repair_events` (repairId, version));
 * - the limits (months since the last repair, repairs in five years) hold for concurrent grants:
 *   `repair_grant_slots` _id = subjectId:n, taken after checking the grants numbered before it;
 * - each partner hears of each repair once: `partner_credit_events` _id = repairId:partnerId.
 */
import { createHash } from "node:crypto";
import { Types } from "mongoose";
import {
  addMonths,
  ADVERSE_RECORDS_LABEL,
  addWorkingDays,
  beijingDate,
  isAdverseRecord,
  OBJECTION_STATUS_LABELS,
  prefectureName,
  RECORD_KIND_LABELS,
  RECORD_STATUS_LABELS,
  REPAIR_STATUS_LABELS,
  repairPeriodsOf,
  ZRepairApplyRequest,
  ZRepairTransitionRequest,
  type TAttachmentUpload,
  type TRecordRights,
  type TRepair,
  type TRepairLimits,
  type TRepairPage,
  type TRepairRule,
  type TRepairStatus,
  type TValidationIssue,
} from "@xinyi/shared";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { registerSweep } from "../../infra/sweeps";
import { checkAttachments, attachmentsOf, registerAttachmentAccess, storeAttachments, type CheckedUpload } from "../attachments/service";
import { AttachmentModel } from "../attachments/model";
import { audit } from "../audit/service";
import { ORPHAN_AFTER_MS } from "../claims/seats";
import { runOnce } from "../idempotency/idempotency";
import { CreditRecordModel, type CreditRecord } from "../credit-records/model";
import type { CreditRecordService } from "../credit-records/service";
import type { CalendarLoader } from "../loans/calendar";
import { recordNotice } from "../messages/outbox";
import { SubjectModel, type Subject } from "../subjects/model";
import { creditRightsSettings } from "../objections/settings";
import { officeOf } from "../objections/presenter";
import { openObjectionsByRecord } from "../objections/service";
import { UserModel } from "../users/model";
import { REPAIR_COMMITMENT } from "./commitment-text";
import { RepairEventModel, RepairGrantSlotModel, RepairModel, RepairOpenSlotModel, type Repair, type RepairEvent, type RepairGrantSlot } from "./model";
import { repairPolicy } from "./policy";
import { decisionNotice, isReviewOverdue, lastDayBefore, presentRepair } from "./presenter";
import { rulesInForce } from "./rules";
import { createRepairSweeps, type RepairOutcome } from "./sweeps";
import { subjectIdOf } from "../users/subject-of";

export type RepairApplyInput = z.output<typeof ZRepairApplyRequest>;
export type RepairTransitionInput = z.output<typeof ZRepairTransitionRequest>;

export type RepairDeps = {
  records: CreditRecordService;
  calendar: CalendarLoader;
  /** The clock dates and deadlines are judged by; tests move it. */
  now?: () => Date;
};

/** The repair part of the credit-rights settings (objections module, GET/PUT /credit-rights/settings). */
async function repairLimits(): Promise<TRepairLimits> {
  return (await creditRightsSettings()).repair;
}

const PAGE_SIZE = 20;
const OVERDUE_SCAN_LIMIT = 2000;
const APPLICANT_LABEL = "申请人";

/** A subject's grant slots, and the Beijing dates of the grants the limits count. */
type GrantHistory = { slots: RepairGrantSlot[]; grantedOn: string[] };

/**
 * Why the limits refuse another repair on `today`, or null. "Within N months of the last" counts
 * from the last grant's date; "at most K in five years" from the oldest grant still inside them.
 */
export function limitsRefusal(grantedOn: string[], limits: TRepairLimits, today: string): AppError | null {
  const dates = [...grantedOn].sort();
  const last = dates.at(-1);
  if (last && limits.minMonthsBetween > 0) {
    const next = addMonths(last, limits.minMonthsBetween);
    if (today < next) {
      return new AppError("REPAIR_TOO_SOON", `上次信用修复于 ${last} 获准，${limits.minMonthsBetween}个月内不能再次申请，可于 ${next} 起申请`, { lastRepairOn: last, nextAllowedOn: next });
    }
  }
  const windowStart = addMonths(today, -60);
  const within = dates.filter((d) => d > windowStart);
  if (within.length >= limits.maxIn5Years) {
    const next = addMonths(within[within.length - limits.maxIn5Years]!, 60);
    return new AppError("REPAIR_LIMIT_REACHED", `五年内已获准信用修复${within.length}次（上限${limits.maxIn5Years}次），可于 ${next} 起再次申请`, { count: within.length, max: limits.maxIn5Years, nextAllowedOn: next });
  }
  return null;
}

/**
 * Why this record may not be repaired on `today` under these rules, or null. The same judgement
 * refuses an application and explains the record's page (GET /me/records/:id/rights).
 */
export function recordRefusal(record: Pick<CreditRecord, "kind" | "severity" | "decidedAt" | "validUntil" | "status">, rules: readonly TRepairRule[], today: string): AppError | null {
  if (record.status === "frozen") return new AppError("REPAIR_NOT_REPAIRABLE", "该记录正在异议处理中，处理完毕后方可申请信用修复");
  if (record.status === "repaired") return new AppError("REPAIR_NOT_REPAIRABLE", "该记录已完成信用修复");
  if (record.status !== "active") return new AppError("REPAIR_NOT_REPAIRABLE", `该记录${RECORD_STATUS_LABELS[record.status]}，已不再计入信用评价，无需修复`);
  const periods = repairPeriodsOf(record, rules);
  if (!periods.rule) return new AppError("REPAIR_NOT_REPAIRABLE", `${RECORD_KIND_LABELS[record.kind]}记录不适用信用修复`);
  if (periods.stopsCountingOn && periods.stopsCountingOn <= today) return new AppError("REPAIR_NOT_REPAIRABLE", `该记录已于 ${periods.stopsCountingOn} 期满，不再计入信用评价，无需修复`, { stopsCountingOn: periods.stopsCountingOn });
  if (!periods.repairable) {
    const message = periods.rule.repairable
      ? `该记录将于 ${periods.stopsCountingOn} 期满，早于可申请修复的日期，届时自动不再计入信用评价`
      : `该类记录不可提前修复，将于 ${periods.stopsCountingOn} 起不再计入信用评价`;
    return new AppError("REPAIR_NOT_REPAIRABLE", message, { stopsCountingOn: periods.stopsCountingOn });
  }
  if (periods.repairableFrom! > today) {
    return new AppError("REPAIR_NOT_YET_ALLOWED", `该记录须满最短公示期，可于 ${periods.repairableFrom} 起申请信用修复`, { repairableFrom: periods.repairableFrom });
  }
  return null;
}

/** The checked files, with the certificate's issues named as "body.trainingCertificate.dataBase64". */
function checkFiles(request: RepairApplyInput): { proofs: CheckedUpload[]; certificate?: CheckedUpload } {
  const proofs = checkAttachments(request.proofs, "body.proofs");
  if (!request.trainingCertificate) return { proofs };
  try {
    return { proofs, certificate: checkAttachments([request.trainingCertificate as TAttachmentUpload], "body.trainingCertificate")[0]! };
  } catch (err) {
    if (err instanceof AppError && Array.isArray(err.details?.issues)) {
      const issues = (err.details.issues as TValidationIssue[]).map((i) => ({ ...i, path: i.path.replace(/^body\.trainingCertificate\.0/, "body.trainingCertificate") }));
      throw new AppError(err.code, err.message, { ...err.details, issues });
    }
    throw err;
  }
}

export function createRepairService(deps: RepairDeps) {
  const now = deps.now ?? (() => new Date());

  async function grantHistory(subjectId: Types.ObjectId, exceptRepair?: Types.ObjectId): Promise<GrantHistory> {
    const slots = await RepairGrantSlotModel.find({ subjectId }).lean<RepairGrantSlot[]>();
    const repairs = slots.length ? await RepairModel.find({ _id: { $in: slots.map((s) => s.repairId) } }, { status: 1, decidedAt: 1 }).lean<Pick<Repair, "_id" | "status" | "decidedAt">[]>() : [];
    const byId = new Map(repairs.map((r) => [r._id.toHexString(), r]));
    const at = now().getTime();
    const grantedOn = slots.flatMap((s) => {
      if (exceptRepair && s.repairId.equals(exceptRepair)) return [];
      const repair = byId.get(s.repairId.toHexString());
      if (repair?.status === "granted") return [beijingDate(repair.decidedAt ?? s.at)];
      // A grant being written right now counts; a slot left by a grant that died does not.
      return at - s.at.getTime() < ORPHAN_AFTER_MS ? [beijingDate(s.at)] : [];
    });
    return { slots, grantedOn };
  }

  /** The next grant number for the subject, taken only while the limits allow one more. */
  async function takeGrantSlot(repair: Repair, limits: TRepairLimits): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const history = await grantHistory(repair.subjectId, repair._id);
      const mine = history.slots.find((s) => s.repairId.equals(repair._id));
      if (mine) return mine._id;
      const refusal = limitsRefusal(history.grantedOn, limits, beijingDate(now()));
      if (refusal) throw refusal;
      // After the highest number taken: a number freed by a grant that lost its case's race is not reused.
      const next = Math.max(0, ...history.slots.map((s) => Number(s._id.split(":")[1]) || 0)) + 1;
      const id = `${repair.subjectId.toHexString()}:${next}`;
      try {
        await RepairGrantSlotModel.create({ _id: id, subjectId: repair.subjectId, repairId: repair._id, at: now() });
        return id;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    throw new AppError("CONFLICT", "同一主体的修复申请正在同时审核，请稍后重试");
  }

  /** One open application per record: the slot insert decides; a slot whose application is closed or never came is cleared. */
  async function takeOpenSlot(recordId: Types.ObjectId, repairId: Types.ObjectId): Promise<void> {
    const key = recordId.toHexString();
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await RepairOpenSlotModel.create({ _id: key, repairId, at: now() });
        return;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const held = await RepairOpenSlotModel.findById(key).lean();
      if (!held) continue;
      const holder = await RepairModel.findById(held.repairId, { status: 1 }).lean();
      const open = holder ? holder.status === "submitted" : now().getTime() - held.at.getTime() < ORPHAN_AFTER_MS;
      if (open) throw new AppError("REPAIR_ALREADY_OPEN", undefined, { repairId: held.repairId.toHexString() });
      await RepairOpenSlotModel.deleteOne({ _id: key, repairId: held.repairId });
    }
    throw new AppError("REPAIR_ALREADY_OPEN");
  }

  /** A crash between an event's insert and the repair's update leaves the repair behind: it is rolled forward from the events. */
  async function caughtUp(repair: Repair): Promise<Repair> {
    const later = await RepairEventModel.find({ repairId: repair._id, version: { $gt: repair.version } }).sort({ version: 1 }).lean<RepairEvent[]>();
    if (later.length === 0) return repair;
    for (const e of later) {
      await RepairModel.updateOne({ _id: repair._id, version: e.version - 1 }, { $set: { ...((e.set as Record<string, unknown> | undefined) ?? {}), status: e.to, version: e.version } });
      if (e.to !== "submitted") await RepairOpenSlotModel.deleteOne({ _id: repair.recordId.toHexString(), repairId: repair._id });
    }
    return (await RepairModel.findById(repair._id).lean<Repair>())!;
  }

  async function present(repairs: Repair[], viewer: "subject" | "console"): Promise<TRepair[]> {
    if (repairs.length === 0) return [];
    const ids = repairs.map((r) => r._id);
    const [records, subjects, files, events, rules] = await Promise.all([
      CreditRecordModel.find({ _id: { $in: repairs.map((r) => r.recordId) } }).lean<CreditRecord[]>(),
      SubjectModel.find({ _id: { $in: repairs.map((r) => r.subjectId) } }, { kind: 1, name: 1, idMasked: 1, uscc: 1 }).lean<Subject[]>(),
      attachmentsOf("repair", ids),
      RepairEventModel.find({ repairId: { $in: ids } }).sort({ version: 1 }).lean<RepairEvent[]>(),
      rulesInForce(),
    ]);
    const current = await Promise.all(repairs.map((r) => (events.some((e) => e.repairId.equals(r._id) && e.version > r.version) ? caughtUp(r) : r)));
    const recordOf = new Map(records.map((r) => [r._id.toHexString(), r]));
    const subjectOf = new Map(subjects.map((s) => [s._id.toHexString(), s]));
    const at = now();
    return current.map((r) =>
      presentRepair(r, {
        record: recordOf.get(r.recordId.toHexString()) ?? null,
        subject: subjectOf.get(r.subjectId.toHexString()) ?? null,
        attachments: files.get(r._id.toHexString()) ?? [],
        events: events.filter((e) => e.repairId.equals(r._id)),
        rules: rules.items,
        now: at,
        viewer,
      }),
    );
  }

  async function presentOne(repair: Repair, viewer: "subject" | "console"): Promise<TRepair> {
    return (await present([repair], viewer))[0]!;
  }

  async function mineOrMissing(actor: Actor, id: string): Promise<Repair> {
    const subjectId = await subjectIdOf(actor);
    const repair = subjectId && Types.ObjectId.isValid(id) ? await RepairModel.findById(id).lean<Repair>() : null;
    if (!repair || !subjectId || !repair.subjectId.equals(subjectId)) throw new AppError("NOT_FOUND", "修复申请不存在");
    return repair;
  }

  async function visibleOrMissing(actor: Actor, id: string): Promise<Repair> {
    const repair = Types.ObjectId.isValid(id) ? await RepairModel.findById(id).lean<Repair>() : null;
    if (!repair || !repairPolicy.canReview(actor, repair)) throw new AppError("NOT_FOUND", "修复申请不存在");
    return caughtUp(repair);
  }

  /** Judged from current data, writing nothing: the record, its dates under the rules in force, the limits, the files. */
  async function judgeApplication(actor: Actor, request: RepairApplyInput) {
    const subjectId = await subjectIdOf(actor);
    if (!subjectId) throw new AppError("SUBJECT_NOT_BOUND");
    const record = await CreditRecordModel.findById(request.recordId).lean<CreditRecord>();
    if (!record || !record.subjectId.equals(subjectId)) throw new AppError("NOT_FOUND", "信用记录不存在", { issues: [{ path: "body.recordId", message: "不是您的信用记录" }] });
    if (request.commitment.textVersion !== REPAIR_COMMITMENT.version) {
      throw new AppError("REPAIR_COMMITMENT_OUTDATED", undefined, { issues: [{ path: "body.commitment.textVersion", message: `现行承诺书版本为 ${REPAIR_COMMITMENT.version}` }], textVersion: REPAIR_COMMITMENT.version });
    }
    const today = beijingDate(now());
    const [rules, limits] = await Promise.all([rulesInForce(), repairLimits()]);
    const refusal = recordRefusal(record, rules.items, today) ?? limitsRefusal((await grantHistory(subjectId)).grantedOn, limits, today);
    if (refusal) throw refusal;
    const files = checkFiles(request);
    return { subjectId, record, limits, files };
  }

  async function writeApplication(actor: Actor, judged: Awaited<ReturnType<typeof judgeApplication>>, idempotencyKey: string): Promise<TRepair> {
    const { record, files } = judged;
    const repairId = new Types.ObjectId();
    await takeOpenSlot(record._id, repairId);
    let written = false;
    const submittedAt = now();
    try {
      const proofs = await storeAttachments("repair", repairId, files.proofs, "body.proofs", submittedAt);
      const certificate = files.certificate ? (await storeAttachments("repair", repairId, [files.certificate], "body.trainingCertificate", submittedAt))[0] : undefined;
      const calendar = await deps.calendar.current();
      await RepairModel.create({
        _id: repairId,
        recordId: record._id,
        subjectId: record.subjectId,
        subjectKind: record.subjectKind,
        prefectureCode: record.prefectureCode,
        recordKind: record.kind,
        recordTitle: record.title,
        status: "submitted",
        version: 1,
        commitment: { textVersion: REPAIR_COMMITMENT.version, title: REPAIR_COMMITMENT.title, text: REPAIR_COMMITMENT.text, acceptedAt: submittedAt },
        proofIds: proofs.map((p) => new Types.ObjectId(p.id)),
        ...(certificate ? { trainingCertificateId: new Types.ObjectId(certificate.id) } : {}),
        applicantUserId: new Types.ObjectId(actor.userId),
        idempotencyKey,
        submittedAt,
        reviewDays: judged.limits.reviewDays,
        reviewDueAt: addWorkingDays(submittedAt, judged.limits.reviewDays, calendar),
      });
      written = true;
      await RepairEventModel.create({ repairId, version: 1, action: "submit", to: "submitted", actorId: new Types.ObjectId(actor.userId), actorRole: actor.role, actorLabel: APPLICANT_LABEL, at: submittedAt });
    } catch (err) {
      if (!written) {
        await AttachmentModel.deleteMany({ ownerKind: "repair", ownerId: repairId });
        await RepairOpenSlotModel.deleteOne({ _id: record._id.toHexString(), repairId });
      }
      throw err;
    }
    const repair = (await RepairModel.findById(repairId).lean<Repair>())!;
    await recordNotice({
      key: `repair:${repairId.toHexString()}:submitted`,
      subjectId: record.subjectId,
      kind: "repair",
      title: "信用修复申请已提交",
      body: `您对「${record.title}」的信用修复申请已提交，${prefectureName(record.prefectureCode) ?? ""}信用主管部门将于 ${lastDayBefore(repair.reviewDueAt)} 前完成审核。`,
      link: { page: "repair", id: repairId.toHexString() },
      at: submittedAt,
    });
    await audit(actor, { action: "repair.submit", target: `repair:${repairId.toHexString()}`, details: { recordId: record._id.toHexString(), kind: record.kind, proofs: files.proofs.length, trainingCertificate: !!files.certificate } });
    return presentOne(repair, "subject");
  }

  /**
   * The record's move to "repaired" after a grant. The record may have moved meanwhile (an objection
   * froze it): a record that is active again is moved; otherwise the fan-out sweep moves it once it is.
   */
  async function repairRecord(repair: Repair, reason: string, actor: Actor | null, actorName: string): Promise<RepairOutcome> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const record = await CreditRecordModel.findById(repair.recordId).lean<CreditRecord>();
      // Frozen: an objection runs; the record is repaired once it is active again. Gone, revoked, expired: it counts no more anyway.
      if (!record || record.status !== "active") return record?.status === "frozen" ? "later" : "done";
      try {
        await deps.records.moveRecord(record, {
          expectedVersion: record.version,
          status: "repaired",
          reason: `信用修复：${reason}`,
          ...(actor ? { actorId: actor.userId } : {}),
          actorName,
          auditActor: actor,
        });
        return "done";
      } catch (err) {
        if (!(err instanceof AppError && err.code === "VERSION_CONFLICT")) throw err;
      }
    }
    return "later";
  }

  const sweeps = createRepairSweeps({ records: deps.records, repairRecord });
  registerSweep({ name: "repair-fan-out", run: sweeps.fanOut });
  registerSweep({ name: "repair-reminders", run: sweeps.reminders });
  registerAttachmentAccess("repair", async (actor, { ownerId }) => {
    const repair = await RepairModel.findById(ownerId, { subjectId: 1, prefectureCode: 1 }).lean();
    if (!repair) return false;
    if (actor.role === "citizen" || actor.role === "enterprise") return !!(await subjectIdOf(actor))?.equals(repair.subjectId);
    return repairPolicy.canReview(actor, repair);
  });

  return {
    commitmentText: () => REPAIR_COMMITMENT,

    /** Applies with an Idempotency-Key: a retry with the same key and request gets the first answer. */
    async apply(actor: Actor, request: RepairApplyInput, idempotencyKey: string): Promise<TRepair> {
      return runOnce({
        userId: actor.userId,
        key: idempotencyKey,
        fingerprint: createHash("sha256").update(`repair-apply:${JSON.stringify(request)}`).digest("hex"),
        judge: () => judgeApplication(actor, request),
        write: (judged) => writeApplication(actor, judged, idempotencyKey),
      });
    },

    async mine(actor: Actor, query: { status?: TRepairStatus | undefined; page: number }): Promise<TRepairPage> {
      const subjectId = await subjectIdOf(actor);
      if (!subjectId) return { items: [], total: 0, page: query.page, pageSize: PAGE_SIZE };
      const filter = { subjectId, ...(query.status ? { status: query.status } : {}) };
      const [list, total] = await Promise.all([
        RepairModel.find(filter).sort({ submittedAt: -1 }).skip((query.page - 1) * PAGE_SIZE).limit(PAGE_SIZE).lean<Repair[]>(),
        RepairModel.countDocuments(filter),
      ]);
      return { items: await present(list, "subject"), total, page: query.page, pageSize: PAGE_SIZE };
    },

    async mineOne(actor: Actor, id: string): Promise<TRepair> {
      return presentOne(await mineOrMissing(actor, id), "subject");
    },

    /** The review queue: the prefecture's (the platform: all), undecided ones by due date first. */
    async queue(actor: Actor, query: { status?: TRepairStatus | undefined; overdue?: "true" | "false" | undefined; page: number }): Promise<TRepairPage> {
      const scope = repairPolicy.listFilter(actor);
      if (!scope) throw new AppError("FORBIDDEN");
      const filter: Record<string, unknown> = { ...scope, ...(query.status ? { status: query.status } : {}) };
      const sort: Record<string, 1 | -1> = query.status === "submitted" ? { reviewDueAt: 1 } : { submittedAt: -1 };
      const skip = (query.page - 1) * PAGE_SIZE;
      let page: Repair[];
      let total: number;
      if (query.overdue) {
        // "Decided after its due time" compares two fields of a document, which the store subset cannot: worked out here, bounded.
        const at = now();
        const wanted = query.overdue === "true";
        const matching = (await RepairModel.find(filter).sort(sort).limit(OVERDUE_SCAN_LIMIT).lean<Repair[]>()).filter((r) => isReviewOverdue(r, at) === wanted);
        total = matching.length;
        page = matching.slice(skip, skip + PAGE_SIZE);
      } else {
        [page, total] = await Promise.all([RepairModel.find(filter).sort(sort).skip(skip).limit(PAGE_SIZE).lean<Repair[]>(), RepairModel.countDocuments(filter)]);
      }
      return { items: await present(page, "console"), total, page: query.page, pageSize: PAGE_SIZE };
    },

    async get(actor: Actor, id: string): Promise<TRepair> {
      return presentOne(await visibleOrMissing(actor, id), "console");
    },

    /** grant or reject, as version v+1 of the case: of two deciders one wins, the other gets 409. */
    async transition(actor: Actor, id: string, request: RepairTransitionInput): Promise<TRepair> {
      const repair = await visibleOrMissing(actor, id);
      if (repair.version !== request.expectedVersion) throw new AppError("VERSION_CONFLICT");
      if (repair.status !== "submitted") throw new AppError("REPAIR_TRANSITION_INVALID", "该申请已审核完毕");
      let grantSlot: string | null = null;
      if (request.action === "grant") {
        const record = await CreditRecordModel.findById(repair.recordId, { status: 1 }).lean();
        if (!record || record.status !== "active") {
          throw new AppError("REPAIR_TRANSITION_INVALID", `该记录当前为「${RECORD_STATUS_LABELS[record?.status ?? "revoked"]}」，不能准予修复`);
        }
        grantSlot = await takeGrantSlot(repair, await repairLimits());
      }
      const at = now();
      const to: TRepairStatus = request.action === "grant" ? "granted" : "rejected";
      const set = { decidedAt: at, decidedBy: new Types.ObjectId(actor.userId), decisionReason: request.reason };
      try {
        await RepairEventModel.create({
          repairId: repair._id,
          version: repair.version + 1,
          action: request.action,
          to,
          actorId: new Types.ObjectId(actor.userId),
          actorRole: actor.role,
          actorLabel: officeOf(actor.role, actor.prefectureCode ?? ""),
          reason: request.reason,
          set,
          at,
        });
      } catch (err) {
        if (grantSlot) await RepairGrantSlotModel.deleteOne({ _id: grantSlot, repairId: repair._id });
        if (isDuplicateKeyError(err)) throw new AppError("VERSION_CONFLICT");
        throw err;
      }
      await RepairModel.updateOne({ _id: repair._id, version: repair.version }, { $set: { ...set, status: to, version: repair.version + 1 } });
      await RepairOpenSlotModel.deleteOne({ _id: repair.recordId.toHexString(), repairId: repair._id });
      const decided = (await RepairModel.findById(repair._id).lean<Repair>())!;
      if (to === "granted") {
        const user = await UserModel.findById(actor.userId, { displayName: 1 }).lean();
        await repairRecord(decided, request.reason, actor, user?.displayName ?? officeOf(actor.role, actor.prefectureCode ?? ""));
      }
      await recordNotice(decisionNotice(decided));
      await audit(actor, { action: `repair.${request.action}`, target: `repair:${repair._id.toHexString()}`, details: { recordId: repair.recordId.toHexString(), version: decided.version, reason: request.reason } });
      return presentOne(decided, "console");
    },

    /**
     * 我的信用's record page: the dates under the rules in force, and whether (and why not) the
     * subject may object or apply for repair now. Several at once for the list.
     */
    async rights(actor: Actor, recordId?: string): Promise<TRecordRights[]> {
      const subjectId = await subjectIdOf(actor);
      if (!subjectId) throw new AppError("SUBJECT_NOT_BOUND");
      const records = recordId
        ? [await CreditRecordModel.findById(recordId).lean<CreditRecord>()].filter((r): r is CreditRecord => !!r && r.subjectId.equals(subjectId))
        : (await CreditRecordModel.find({ subjectId }).sort({ decidedAt: -1 }).limit(500).lean<CreditRecord[]>()).filter(isAdverseRecord);
      if (recordId && records.length === 0) throw new AppError("NOT_FOUND", "信用记录不存在");
      const today = beijingDate(now());
      const ids = records.map((r) => r._id);
      const [rules, limits, history, openRepairs, objections] = await Promise.all([
        rulesInForce(),
        repairLimits(),
        grantHistory(subjectId),
        RepairModel.find({ recordId: { $in: ids }, status: "submitted" }).lean<Repair[]>(),
        openObjectionsByRecord(ids),
      ]);
      const limitRefusal = limitsRefusal(history.grantedOn, limits, today);
      return records.map((r) => {
        const key = r._id.toHexString();
        const periods = repairPeriodsOf(r, rules.items);
        const openRepair = openRepairs.find((x) => x.recordId.equals(r._id));
        const openObjection = objections.get(key);
        const objection = openObjection ? { ...openObjection, statusLabel: OBJECTION_STATUS_LABELS[openObjection.status] } : undefined;
        const refusal = openRepair ? null : (recordRefusal(r, rules.items, today) ?? (isAdverseRecord(r) ? limitRefusal : null));
        const repairNote = openRepair ? "修复申请审核中" : refusal?.message;
        const adverse = isAdverseRecord(r);
        const objectNote = objection ? "异议处理中" : !adverse ? `只有${ADVERSE_RECORDS_LABEL}记录可提出异议` : r.status !== "active" ? `该记录${RECORD_STATUS_LABELS[r.status]}` : undefined;
        return {
          recordId: key,
          kind: r.kind,
          kindLabel: RECORD_KIND_LABELS[r.kind],
          ...(r.severity ? { severity: r.severity } : {}),
          title: r.title,
          status: r.status,
          statusLabel: RECORD_STATUS_LABELS[r.status],
          decidedAt: r.decidedAt,
          ...(periods.rule ? { rule: { minMonths: periods.rule.minMonths, maxMonths: periods.rule.maxMonths, repairable: periods.rule.repairable } } : {}),
          ...(periods.repairableFrom ? { repairableFrom: periods.repairableFrom } : {}),
          ...(periods.stopsCountingOn ? { stopsCountingOn: periods.stopsCountingOn } : {}),
          mayRepair: !openRepair && !refusal,
          ...(repairNote ? { repairNote } : {}),
          mayObject: !objectNote,
          ...(objectNote ? { objectNote } : {}),
          ...(objection ? { openObjection: objection } : {}),
          ...(openRepair ? { openRepair: { id: openRepair._id.toHexString(), status: "submitted" as const, statusLabel: REPAIR_STATUS_LABELS.submitted, reviewDueDate: lastDayBefore(openRepair.reviewDueAt) } } : {}),
        };
      });
    },
  };
}

export type RepairService = ReturnType<typeof createRepairService>;
