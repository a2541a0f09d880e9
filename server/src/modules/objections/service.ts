import { createHash } from "node:crypto";
import { Types } from "mongoose";
import {
  addWorkingDays,
  ADVERSE_RECORDS_LABEL,
  isAdverseRecord,
  OBJECTION_ACTION_LABELS,
  OBJECTION_STATUS_LABELS,
  OBJECTION_TRANSITIONS,
  OPEN_OBJECTION_STATUSES,
  RECORD_KIND_LABELS,
  RECORD_STATUS_LABELS,
  ZObjectionQueueQuery,
  ZObjectionRequest,
  ZObjectionTransitionRequest,
  type TCreditRightsSettingsUpdate,
  type TMyObjection,
  type TObjectionCase,
  type TObjectionStatus,
  type TRecordKind,
  type TRecordStatus,
  type TValidationIssue,
} from "@xinyi/shared";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { AttachmentModel } from "../attachments/model";
import { attachmentsOf, checkAttachment, checkAttachments, registerAttachmentAccess, storeAttachments, type CheckedUpload } from "../attachments/service";
import { audit } from "../audit/service";
import { CreditRecordModel, type CreditRecord } from "../credit-records/model";
import type { CreditRecordService } from "../credit-records/service";
import { runOnce } from "../idempotency/idempotency";
import type { CalendarLoader } from "../loans/calendar";
import { recordNotice } from "../messages/outbox";
import { SubjectModel, type Subject } from "../subjects/model";
import { UserModel } from "../users/model";
import { ObjectionEventModel, ObjectionModel, ObjectionSlotModel, type Objection, type ObjectionEvent } from "./model";
import { objectionPolicy } from "./policy";
import { beijingIso, officeOf, presentCase, presentMine, presentRow, subjectNameFor } from "./presenter";
import { creditRightsSettings, saveCreditRightsSettings } from "./settings";
import { subjectIdOf } from "../users/subject-of";

export type ObjectionInput = z.output<typeof ZObjectionRequest>;
export type ObjectionTransitionInput = z.output<typeof ZObjectionTransitionRequest>;
export type ObjectionQueueQuery = z.output<typeof ZObjectionQueueQuery>;

export type ObjectionDeps = {
  records: CreditRecordService;
  calendar: CalendarLoader;
  /** The clock deadlines and the overdue flag are judged by; tests move it. */
  now?: () => Date;
};

const PAGE_SIZE = 20;
const OPEN: readonly string[] = OPEN_OBJECTION_STATUSES;
const CONSOLE = ["platform_admin", "regional_admin"];
/** A slot with no case behind it this long belongs to a request that died. */
const ORPHAN_SLOT_MS = 60_000;

async function displayNameOf(actor: Actor): Promise<string> {
  return (await UserModel.findById(actor.userId, { displayName: 1 }).lean())?.displayName ?? "管理员";
}

function invalid(issues: TValidationIssue[]): AppError {
  return new AppError("VALIDATION_FAILED", issues[0]!.message, { issues });
}

/** The open cases of these records (the slot says which), for screens that show a record's rights. */
export async function openObjectionsByRecord(recordIds: readonly Types.ObjectId[]): Promise<Map<string, { id: string; status: TObjectionStatus }>> {
  const slots = await ObjectionSlotModel.find({ _id: { $in: recordIds.map((id) => id.toHexString()) } }).lean();
  const cases = slots.length ? await ObjectionModel.find({ _id: { $in: slots.map((s) => s.caseId) }, open: true }, { recordId: 1, status: 1 }).lean() : [];
  return new Map(cases.map((c) => [c.recordId.toHexString(), { id: c._id.toHexString(), status: c.status as TObjectionStatus }]));
}

export function createObjectionService(deps: ObjectionDeps) {
  const now = deps.now ?? (() => new Date());

  // The case's files: its subject (not the department's answer) and the administrators who handle it.
  registerAttachmentAccess("objection", async (actor, file) => {
    const c = await ObjectionModel.findById(file.ownerId, { subjectId: 1, prefectureCode: 1, answer: 1 }).lean();
    if (!c) return false;
    if (CONSOLE.includes(actor.role)) return objectionPolicy.canHandle(actor, c);
    const subjectId = await subjectIdOf(actor);
    return !!subjectId && subjectId.equals(c.subjectId) && !c.answer?.attachmentId?.equals(file.id);
  });

  // ---------------------------------------------------------------- the record and the open slot

  /** One open objection per record: the slot insert decides; a slot left by a request that died is taken over. */
  async function takeSlot(recordId: Types.ObjectId, caseId: Types.ObjectId): Promise<void> {
    const key = recordId.toHexString();
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await ObjectionSlotModel.create({ _id: key, caseId, at: new Date() });
        return;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const held = await ObjectionSlotModel.findById(key).lean();
      if (!held) continue;
      const holder = await ObjectionModel.findById(held.caseId, { open: 1 }).lean();
      if (holder?.open || (!holder && held.at.getTime() > Date.now() - ORPHAN_SLOT_MS)) {
        throw new AppError("OBJECTION_OPEN", undefined, { objectionId: held.caseId.toHexString() });
      }
      await ObjectionSlotModel.deleteOne({ _id: key, caseId: held.caseId });
    }
    throw new AppError("OBJECTION_OPEN");
  }

  async function releaseSlot(c: Pick<Objection, "_id" | "recordId">): Promise<void> {
    await ObjectionSlotModel.deleteOne({ _id: c.recordId.toHexString(), caseId: c._id });
  }

  /**
   * Moves the record, re-reading it when another change of the record came between (the record's
   * own event insert decides). `want` says what to do with the record as it is now, or null for nothing.
   */
  async function moveRecordWhile(recordId: Types.ObjectId, want: (r: CreditRecord) => Parameters<CreditRecordService["moveRecord"]>[1] | null): Promise<void> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const record = await CreditRecordModel.findById(recordId).lean<CreditRecord>();
      const change = record ? want(record) : null;
      if (!record || !change) return;
      try {
        await deps.records.moveRecord(record, change);
        return;
      } catch (err) {
        if (!(err instanceof AppError && err.code === "VERSION_CONFLICT")) throw err;
      }
    }
    throw new AppError("VERSION_CONFLICT");
  }

  /** An open case's record is frozen (stops counting) from submission; also redone when a crash came between. */
  async function ensureFrozen(c: Objection, by: { actorId?: string; actorName: string; auditActor: Actor | null }): Promise<void> {
    if (!c.open || c.recordFrozen) return;
    await moveRecordWhile(c.recordId, (r) =>
      r.status === "active"
        ? { expectedVersion: r.version, status: "frozen", reason: `信用主体提出异议（异议编号 ${c._id.toHexString()}），处理期间暂不计入`, ...by }
        : null,
    );
    await ObjectionModel.updateOne({ _id: c._id }, { $set: { recordFrozen: true } });
  }

  /** A decided case's effect on its record, once: only a record still frozen by the case is moved. */
  async function settleRecord(c: Objection, by: { actorId?: string; actorName: string; auditActor: Actor | null }): Promise<void> {
    const d = c.decision;
    if (c.open || !d?.outcome) return;
    const reason = d.reason ?? "";
    await moveRecordWhile(c.recordId, (r) => {
      if (r.status !== "frozen") return null;
      if (d.outcome === "corrected" && d.correction === "withdrawn") return { expectedVersion: r.version, status: "revoked", reason: `异议成立，记录撤销：${reason}`, ...by };
      if (d.outcome === "corrected") return { expectedVersion: r.version, status: "active", reason: `异议成立，记录已更正：${reason}`, amend: d.amended as never, ...by };
      const why = d.outcome === "upheld" ? "异议不成立，维持原记录" : "重复异议，不予受理";
      return { expectedVersion: r.version, status: "active", reason: `${why}：${reason}`, ...by };
    });
  }

  /**
   * A crash between a step's event and the case's update leaves the case behind its events; the
   * events hold what each step wrote, so the case is rolled forward (and a decision's record move redone).
   */
  async function caughtUp(c: Objection, events?: ObjectionEvent[]): Promise<Objection> {
    const later = (events ?? (await ObjectionEventModel.find({ caseId: c._id, version: { $gt: c.version } }).lean<ObjectionEvent[]>()))
      .filter((e) => e.version > c.version)
      .sort((a, b) => a.version - b.version);
    let current = c;
    for (const e of later) {
      const set = { ...((e.set as Record<string, unknown> | undefined) ?? {}), version: e.version };
      await ObjectionModel.updateOne({ _id: c._id, version: current.version }, { $set: set });
      current = { ...current, ...set } as Objection;
      if (!current.open) {
        await settleRecord(current, { actorId: e.actorId.toHexString(), actorName: e.actorName, auditActor: null });
        await releaseSlot(current);
      }
    }
    if (current.open && !current.recordFrozen) await ensureFrozen(current, { actorName: "信用主体（异议申请）", auditActor: null });
    return current === c && (c.recordFrozen || !c.open) ? c : (await ObjectionModel.findById(c._id).lean<Objection>())!;
  }

  // ---------------------------------------------------------------- presenting

  async function partsFor(cases: Objection[]) {
    const [records, subjects, events, files] = await Promise.all([
      CreditRecordModel.find({ _id: { $in: cases.map((c) => c.recordId) } }).lean<CreditRecord[]>(),
      SubjectModel.find({ _id: { $in: cases.map((c) => c.subjectId) } }).lean<Subject[]>(),
      ObjectionEventModel.find({ caseId: { $in: cases.map((c) => c._id) } }).sort({ version: 1 }).lean<ObjectionEvent[]>(),
      attachmentsOf("objection", cases.map((c) => c._id)),
    ]);
    const byId = <T extends { _id: Types.ObjectId }>(docs: T[]) => new Map(docs.map((d) => [d._id.toHexString(), d]));
    const eventsOf = new Map<string, ObjectionEvent[]>();
    for (const e of events) eventsOf.set(e.caseId.toHexString(), [...(eventsOf.get(e.caseId.toHexString()) ?? []), e]);
    return { records: byId(records), subjects: byId(subjects), eventsOf, files };
  }

  async function presentAll<T>(cases: Objection[], present: (c: Objection, parts: Parameters<typeof presentMine>[1]) => T): Promise<T[]> {
    if (cases.length === 0) return [];
    let parts = await partsFor(cases);
    const current = await Promise.all(cases.map((c) => caughtUp(c, parts.eventsOf.get(c._id.toHexString()) ?? [])));
    // A roll-forward may have moved a record: read again what it changed.
    if (current.some((c, i) => c !== cases[i])) parts = await partsFor(current);
    const at = now();
    return current.map((c) => {
      const id = c._id.toHexString();
      return present(c, {
        record: parts.records.get(c.recordId.toHexString())!,
        subject: parts.subjects.get(c.subjectId.toHexString()) ?? null,
        events: (parts.eventsOf.get(id) ?? []).filter((e) => e.version <= c.version),
        attachments: parts.files.get(id) ?? [],
        now: at,
      });
    });
  }

  async function presentConsole(c: Objection): Promise<TObjectionCase> {
    const repeatOf = c.repeatOf ? await ObjectionModel.findById(c.repeatOf).lean<Objection>() : null;
    return (await presentAll([c], (x, parts) => presentCase(x, { ...parts, repeatOf })))[0]!;
  }

  async function forConsole(actor: Actor, id: string): Promise<Objection> {
    const c = Types.ObjectId.isValid(id) ? await ObjectionModel.findById(id).lean<Objection>() : null;
    if (!c || !objectionPolicy.canHandle(actor, c)) throw new AppError("NOT_FOUND", "异议不存在");
    return caughtUp(c);
  }

  async function forSubject(actor: Actor, id: string): Promise<Objection> {
    const subjectId = await subjectIdOf(actor);
    const c = subjectId && Types.ObjectId.isValid(id) ? await ObjectionModel.findById(id).lean<Objection>() : null;
    if (!c || !subjectId || !c.subjectId.equals(subjectId)) throw new AppError("NOT_FOUND", "异议不存在");
    return c;
  }

  // ---------------------------------------------------------------- submitting

  /** Everything a submission is refused for, decided before anything is written (a refusal stores nothing). */
  async function judgeSubmission(actor: Actor, input: ObjectionInput) {
    const subjectId = await subjectIdOf(actor);
    if (!subjectId) throw new AppError("SUBJECT_NOT_BOUND");
    const files = checkAttachments(input.attachments, "body.attachments");
    const record = Types.ObjectId.isValid(input.recordId) ? await CreditRecordModel.findById(input.recordId).lean<CreditRecord>() : null;
    // Another subject's record is not theirs to dispute, and not theirs to know of.
    if (!record || !record.subjectId.equals(subjectId)) throw new AppError("NOT_FOUND", "信用记录不存在");
    if (!isAdverseRecord(record)) {
      const kind = record.kind === "tax_grade" ? `纳税信用${record.taxGrade ?? ""}级` : RECORD_KIND_LABELS[record.kind as TRecordKind];
      const message = `“${kind}”记录不是对您不利的记录，无需提出异议。可提出异议的记录：${ADVERSE_RECORDS_LABEL}`;
      throw new AppError("OBJECTION_NOT_ALLOWED", message, { issues: [{ path: "body.recordId", message }] });
    }
    if (record.status !== "active") {
      const open = (await openObjectionsByRecord([record._id])).get(record._id.toHexString());
      if (open) throw new AppError("OBJECTION_OPEN", undefined, { objectionId: open.id });
      const message = `该记录${RECORD_STATUS_LABELS[record.status as TRecordStatus]}，已不计入信用评价，无需提出异议`;
      throw new AppError("OBJECTION_NOT_ALLOWED", message, { issues: [{ path: "body.recordId", message }] });
    }
    const subject = await SubjectModel.findById(subjectId).lean<Subject>();
    if (!subject) throw new AppError("SUBJECT_NOT_BOUND");
    // The same ground again after an upheld decision, with no new file: the administrator may decline it.
    const lastUpheld = await ObjectionModel.findOne({ recordId: record._id, status: "upheld" }).sort({ submittedAt: -1 }).lean<Objection>();
    const repeatOf = lastUpheld && lastUpheld.ground === input.ground && files.length === 0 ? lastUpheld._id : null;
    return { subject, record, files, repeatOf };
  }

  async function writeSubmission(actor: Actor, judged: Awaited<ReturnType<typeof judgeSubmission>>, input: ObjectionInput): Promise<TMyObjection> {
    const { subject, record, files, repeatOf } = judged;
    const caseId = new Types.ObjectId();
    await takeSlot(record._id, caseId);
    const at = now();
    let written = false;
    try {
      const [settings, calendar] = await Promise.all([creditRightsSettings(), deps.calendar.current()]);
      await storeAttachments("objection", caseId, files, "body.attachments", at);
      await ObjectionModel.create({
        _id: caseId,
        recordId: record._id,
        subjectId: subject._id,
        subjectKind: subject.kind,
        prefectureCode: record.prefectureCode,
        ground: input.ground,
        explanation: input.explanation,
        status: "submitted",
        open: true,
        recordFrozen: false,
        version: 1,
        submittedBy: new Types.ObjectId(actor.userId),
        submittedAt: at,
        dueAt: addWorkingDays(at, settings.objection.acceptDays, calendar),
        dueKind: "accept",
        ...(repeatOf ? { repeatOf } : {}),
      });
      written = true;
      await ObjectionEventModel.create({ caseId, version: 1, action: "submit", to: "submitted", actorId: new Types.ObjectId(actor.userId), actorRole: actor.role, actorName: subjectNameFor(subject), at });
    } catch (err) {
      if (!written) {
        await AttachmentModel.deleteMany({ ownerKind: "objection", ownerId: caseId });
        await releaseSlot({ _id: caseId, recordId: record._id });
      }
      throw err;
    }
    const c = (await ObjectionModel.findById(caseId).lean<Objection>())!;
    // Frozen at once: the record stops counting and the subject's evaluation is redone now.
    await ensureFrozen(c, { actorId: actor.userId, actorName: "信用主体（异议申请）", auditActor: actor });
    await recordNotice({
      key: `objection:${caseId.toHexString()}:submitted`,
      subjectId: subject._id,
      kind: "objection",
      title: "异议已提交",
      body: `您对“${record.title}”的异议已提交，该记录已冻结，处理期间暂不计入信用评价。`,
      link: { page: "objection", id: caseId.toHexString() },
      at,
    });
    await audit(actor, { action: "objection.submit", target: `objection:${caseId.toHexString()}`, details: { recordId: record._id.toHexString(), ground: input.ground, files: files.length, repeat: !!repeatOf } });
    return (await presentAll([(await ObjectionModel.findById(caseId).lean<Objection>())!], presentMine))[0]!;
  }

  // ---------------------------------------------------------------- deciding

  /** What each step requires, checked before the step's event is written; refusals name the field. */
  function checkStep(record: CreditRecord | null, input: ObjectionTransitionInput): CheckedUpload | null {
    const issues: TValidationIssue[] = [];
    const { action } = input;
    const deciding = action === "correct" || action === "uphold" || action === "decline";
    if (deciding && !input.reason) issues.push({ path: "body.reason", message: "请说明理由，信用主体将看到该理由" });
    if (action === "forward" && !input.department) issues.push({ path: "body.department", message: "请填写要求核查的来源部门" });
    if (action === "answer" && !input.answerText && !input.answerAttachment) issues.push({ path: "body.answerText", message: "请填写部门答复或上传答复文件" });
    if (action !== "forward" && input.department) issues.push({ path: "body.department", message: "只有转来源部门核查时填写部门" });
    if (action !== "answer" && input.answerText) issues.push({ path: "body.answerText", message: "只有录入部门答复时填写答复" });
    if (action !== "answer" && input.answerAttachment) issues.push({ path: "body.answerAttachment", message: "只有录入部门答复时上传答复文件" });
    if (action !== "correct" && input.amend) issues.push({ path: "body.amend", message: "只有异议成立时可以更正记录" });
    if (input.amend && record) {
      const a = input.amend;
      if (a.severity && record.kind !== "penalty") issues.push({ path: "body.amend.severity", message: "只有行政处罚记录有严重程度" });
      const decidedAt = a.decidedAt ?? record.decidedAt;
      const validUntil = a.validUntil ?? record.validUntil;
      const publishedAt = a.publishedAt ?? record.publishedAt;
      if (validUntil && validUntil <= decidedAt) issues.push({ path: a.validUntil ? "body.amend.validUntil" : "body.amend.decidedAt", message: "公示截止日期须晚于决定日期" });
      if (publishedAt && publishedAt < decidedAt) issues.push({ path: a.publishedAt ? "body.amend.publishedAt" : "body.amend.decidedAt", message: "公示日期不能早于决定日期" });
    }
    if (issues.length) throw invalid(issues);
    return input.answerAttachment ? { ...checkAttachment(input.answerAttachment, "body.answerAttachment"), id: new Types.ObjectId() } : null;
  }

  async function transition(actor: Actor, id: string, input: ObjectionTransitionInput): Promise<TObjectionCase> {
    const c = await forConsole(actor, id);
    if (c.version !== input.expectedVersion) throw new AppError("VERSION_CONFLICT");
    const rule = OBJECTION_TRANSITIONS[input.action];
    if (!rule.from.includes(c.status as TObjectionStatus)) {
      throw new AppError("OBJECTION_TRANSITION_INVALID", `该异议${OBJECTION_STATUS_LABELS[c.status as TObjectionStatus]}，不能${OBJECTION_ACTION_LABELS[input.action]}`);
    }
    if (input.action === "decline" && !c.repeatOf) {
      throw new AppError("OBJECTION_TRANSITION_INVALID", "只有对同一记录、以相同理由再次提出且没有新材料的异议，才可不予受理");
    }
    const record = await CreditRecordModel.findById(c.recordId).lean<CreditRecord>();
    const file = checkStep(record, input);
    const at = now();
    const [settings, calendar, actorName] = await Promise.all([creditRightsSettings(), deps.calendar.current(), displayNameOf(actor)]);
    const days = settings.objection;
    const set: Record<string, unknown> = { status: rule.to };
    switch (input.action) {
      case "accept":
        Object.assign(set, { acceptedAt: at, dueAt: addWorkingDays(at, days.decideDays, calendar), dueKind: "decide", forwardDueAt: addWorkingDays(at, days.forwardDays, calendar) });
        break;
      case "forward":
        Object.assign(set, { forwardedAt: at, department: input.department, dueAt: addWorkingDays(at, days.answerDays, calendar), dueKind: "answer" });
        break;
      case "answer":
        Object.assign(set, {
          answer: { ...(input.answerText ? { text: input.answerText } : {}), ...(file?.id ? { attachmentId: file.id } : {}), at },
          dueAt: addWorkingDays(at, days.decideDays, calendar),
          dueKind: "decide",
        });
        break;
      default: {
        const outcome = input.action === "correct" ? "corrected" : input.action === "uphold" ? "upheld" : "declined";
        const correction = input.action === "correct" ? (input.amend ? "amended" : "withdrawn") : undefined;
        Object.assign(set, { open: false, decision: { outcome, ...(correction ? { correction } : {}), ...(input.amend ? { amended: input.amend } : {}), reason: input.reason, at } });
      }
    }
    const version = c.version + 1;
    try {
      await ObjectionEventModel.create({
        caseId: c._id,
        version,
        action: input.action,
        from: c.status,
        to: rule.to,
        actorId: new Types.ObjectId(actor.userId),
        actorRole: actor.role,
        actorName,
        ...(input.reason ? { reason: input.reason } : {}),
        set,
        at,
      });
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new AppError("VERSION_CONFLICT");
      throw err;
    }
    // Only the step's winner gets here: the file is stored under the id the step named.
    if (file) await storeAttachments("objection", c._id, [file], "body.answerAttachment", at);
    const after = { ...c, ...set, version } as Objection;
    await settleRecord(after, { actorId: actor.userId, actorName, auditActor: actor });
    await ObjectionModel.updateOne({ _id: c._id, version: c.version }, { $set: { ...set, version } });
    if (!after.open) await releaseSlot(c);
    await tellSubject(after, record, input.reason, at);
    await audit(actor, { action: `objection.${input.action}`, target: `objection:${id}`, details: { version, from: c.status, to: rule.to, recordId: c.recordId.toHexString(), ...(input.reason ? { reason: input.reason } : {}) } });
    return presentConsole((await ObjectionModel.findById(c._id).lean<Objection>())!);
  }

  /** Each step is told once (the notice key names the case and the status it reached). */
  async function tellSubject(c: Objection, record: CreditRecord | null, reason: string | undefined, at: Date): Promise<void> {
    const title = record ? `“${record.title}”` : "该记录";
    const office = officeOf("regional_admin", c.prefectureCode);
    const due = c.dueAt && c.open ? `，预计${beijingIso(c.dueAt).slice(0, 10)}前有结果` : "";
    const bodies: Record<string, [string, string]> = {
      accepted: ["异议已受理", `${office}已受理您对${title}的异议，正在核查${due}。`],
      forwarded: ["异议已转来源部门核查", `您对${title}的异议已转${c.department ?? "来源部门"}核查${due}。`],
      answered: ["来源部门已答复", `${c.department ?? "来源部门"}已就您对${title}的异议作出答复，${office}将尽快作出决定。`],
      corrected: [
        "异议成立",
        c.decision?.correction === "amended" ? `您对${title}的异议成立，记录已更正。理由：${reason ?? ""}` : `您对${title}的异议成立，记录已撤销，不再计入信用评价。理由：${reason ?? ""}`,
      ],
      upheld: ["异议不成立", `您对${title}的异议经核查不成立，维持原记录，记录恢复计入信用评价。理由：${reason ?? ""}`],
      declined: ["异议不予受理", `您对${title}再次提出的异议与此前已处理的异议理由相同且无新材料，不予受理，记录恢复计入信用评价。理由：${reason ?? ""}`],
    };
    const [heading, body] = bodies[c.status] ?? ["异议进展", `您的异议${OBJECTION_STATUS_LABELS[c.status as TObjectionStatus]}。`];
    await recordNotice({ key: `objection:${c._id.toHexString()}:${c.status}`, subjectId: c.subjectId, kind: "objection", title: heading, body, link: { page: "objection", id: c._id.toHexString() }, at });
  }

  // ---------------------------------------------------------------- the service

  return {
    /**
     * Submits with an Idempotency-Key: a retry with the same key and request gets the first answer,
     * another request under the key is refused. Refusals that write nothing are recomputed on a retry.
     */
    async submit(actor: Actor, input: ObjectionInput, idempotencyKey: string): Promise<TMyObjection> {
      return runOnce({
        userId: actor.userId,
        key: idempotencyKey,
        fingerprint: createHash("sha256").update(`objection:${JSON.stringify(input)}`).digest("hex"),
        judge: () => judgeSubmission(actor, input),
        write: (judged) => writeSubmission(actor, judged, input),
      });
    },

    async mine(actor: Actor, page: number) {
      const subjectId = await subjectIdOf(actor);
      if (!subjectId) return { items: [], total: 0, page, pageSize: PAGE_SIZE };
      const [list, total] = await Promise.all([
        ObjectionModel.find({ subjectId }).sort({ submittedAt: -1, _id: -1 }).skip((page - 1) * PAGE_SIZE).limit(PAGE_SIZE).lean<Objection[]>(),
        ObjectionModel.countDocuments({ subjectId }),
      ]);
      return { items: await presentAll(list, presentMine), total, page, pageSize: PAGE_SIZE };
    },

    async mineOne(actor: Actor, id: string): Promise<TMyObjection> {
      return (await presentAll([await forSubject(actor, id)], presentMine))[0]!;
    },

    /** The prefecture's queue: open cases first, the soonest deadline first; overdue ones flagged. */
    async queue(actor: Actor, query: ObjectionQueueQuery) {
      const scope = objectionPolicy.listFilter(actor);
      if (!scope) throw new AppError("FORBIDDEN");
      const at = now();
      const filter: Record<string, unknown> = { ...scope };
      if (query.prefectureCode && !("prefectureCode" in scope)) filter.prefectureCode = query.prefectureCode;
      if (query.status) filter.status = query.status;
      if (query.overdue === "true") Object.assign(filter, { open: true, dueAt: { $lte: at } });
      if (query.overdue === "false") filter.$or = [{ open: false }, { dueAt: { $gt: at } }];
      const [list, total] = await Promise.all([
        ObjectionModel.find(filter).sort({ open: -1, dueAt: 1, submittedAt: -1 }).skip((query.page - 1) * PAGE_SIZE).limit(PAGE_SIZE).lean<Objection[]>(),
        ObjectionModel.countDocuments(filter),
      ]);
      const [records, subjects] = await Promise.all([
        CreditRecordModel.find({ _id: { $in: list.map((c) => c.recordId) } }, { kind: 1, title: 1 }).lean<CreditRecord[]>(),
        SubjectModel.find({ _id: { $in: list.map((c) => c.subjectId) } }, { kind: 1, name: 1 }).lean<Subject[]>(),
      ]);
      const record = new Map(records.map((r) => [r._id.toHexString(), r]));
      const subject = new Map(subjects.map((s) => [s._id.toHexString(), s]));
      return {
        items: list.map((c) => presentRow(c, { record: record.get(c.recordId.toHexString()) ?? null, subject: subject.get(c.subjectId.toHexString()) ?? null, now: at })),
        total,
        page: query.page,
        pageSize: PAGE_SIZE,
      };
    },

    async caseOf(actor: Actor, id: string): Promise<TObjectionCase> {
      const c = await forConsole(actor, id);
      await audit(actor, { action: "objection.read", target: `objection:${id}`, details: { subjectId: c.subjectId.toHexString() } });
      return presentConsole(c);
    },

    transition,

    settings: () => creditRightsSettings(),
    saveSettings: (actor: Actor, update: TCreditRightsSettingsUpdate) => saveCreditRightsSettings(actor, update, now()),
  };
}

export type ObjectionService = ReturnType<typeof createObjectionService>;
