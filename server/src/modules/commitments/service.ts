/**
 * 信易批 cases: eligibility (逢办必查), opening, the subject's signature, the department's verification,
 * supply and termination, and the deadline sweep. Every step is an event under (caseId, version + 1):
 * of two writers of one version (two departments, a department and the sweep, two sweeps) exactly one
 * wins and the other is told 409 VERSION_CONFLICT (the sweep skips the case).
 */
import { createHash } from "node:crypto";
import { Types } from "mongoose";
import {
  beijingDate,
  COMMITMENT_REMINDER_DAYS,
  COMMITMENT_TYPE_LABELS,
  maskName,
  OPEN_COMMITMENT_STATUSES,
  RECORD_KIND_LABELS,
  TOLERATE_MISSING_MAX_DAYS,
  ZCommitmentCaseCreateRequest,
  ZCommitmentCaseQuery,
  ZCommitmentEligibilityRequest,
  ZCommitmentTransitionRequest,
  ZMyCommitmentsQuery,
  type TCommitmentCase,
  type TCommitmentCaseList,
  type TCommitmentEligibility,
  type TCommitmentEventAction,
  type TCommitmentStatus,
  type TCommitmentType,
  type TRole,
} from "@xinyi/shared";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { registerSweep } from "../../infra/sweeps";
import { audit } from "../audit/service";
import { CreditRecordModel, type CreditRecord } from "../credit-records/model";
import type { EvaluationService } from "../evaluations/service";
import { SubjectAuthorityModel, authorityId } from "../identity/model";
import { recordNotice } from "../messages/outbox";
import { CitizenOwnerModel, SubjectModel, type Subject } from "../subjects/model";
import type { SubjectService } from "../subjects/service";
import { UserModel } from "../users/model";
import { writeBrokenRecord } from "./broken-record";
import { CommitmentCaseModel, CommitmentEventModel, type CommitmentCase } from "./model";
import { casePrefecture, commitmentPolicy, judgeCommitmentEligibility, requireDepartment, type Department } from "./policy";
import { isOverdue, outstandingItems, presentCase, presentCaseSubject, type StoredCommitmentEvent, type Viewer } from "./presenter";
import { subjectIdOf } from "../users/subject-of";

export type CommitmentCreateInput = z.output<typeof ZCommitmentCaseCreateRequest>;
export type CommitmentEligibilityInput = z.output<typeof ZCommitmentEligibilityRequest>;
export type CommitmentTransitionInput = z.output<typeof ZCommitmentTransitionRequest>;
export type CommitmentCaseQuery = z.output<typeof ZCommitmentCaseQuery>;
export type MyCommitmentsQuery = z.output<typeof ZMyCommitmentsQuery>;

export type CommitmentDeps = {
  subjects: SubjectService;
  evaluations: EvaluationService;
  /** The clock deadlines and dates are judged by; tests move it. The sweep is given its own `now`. */
  now?: () => Date;
};

const PAGE_SIZE = 20;
const DAY_MS = 86_400_000;
/** Cases one sweep run looks at, per kind of work: the rest wait for the next run, a minute later. */
const SWEEP_BATCH = 200;
/** A broken case without its record this long is a writer that crashed between the two: the sweep writes it. */
const HEAL_AFTER_MS = 60_000;
const OPEN: TCommitmentStatus[] = [...OPEN_COMMITMENT_STATUSES];
const SUBJECT_LABEL = "承诺人";
const SWEEP_LABEL = "系统（期限届满）";
const SWEEP_NAME = "commitment-deadlines";

type Change = {
  action: TCommitmentEventAction;
  to: TCommitmentStatus;
  actor: Actor | null;
  actorLabel: string;
  note?: string | undefined;
  set: Record<string, unknown>;
  at: Date;
};

function endOfBeijingDay(date: string): Date {
  return new Date(`${date}T23:59:59.999+08:00`);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function invalid(path: string, message: string): AppError {
  return new AppError("VALIDATION_FAILED", message, { issues: [{ path, message }] });
}

function notEligible(reasons: string[]): AppError {
  return new AppError("COMMITMENT_NOT_ELIGIBLE", `${reasons.join("；")}。不适用告知承诺，请按一般程序提交证明材料`, { reasons });
}

export function createCommitmentService(deps: CommitmentDeps) {
  const now = deps.now ?? (() => new Date());

  /** The subject as the department names it; one the platform does not know cannot sign in the app, so no case is opened. */
  async function findSubject(ref: CommitmentCreateInput["subject"]): Promise<Subject> {
    const key = ref.kind === "citizen" ? deps.subjects.keyOf({ kind: "citizen", idNumber: ref.idNumber }) : deps.subjects.keyOf({ kind: "enterprise", uscc: ref.uscc });
    const subject = await SubjectModel.findOne({ key }).lean<Subject>();
    if (!subject) {
      const path = ref.kind === "citizen" ? "body.subject.idNumber" : "body.subject.uscc";
      throw new AppError("COMMITMENT_SUBJECT_UNKNOWN", undefined, { issues: [{ path, message: "平台尚无该主体的信息" }] });
    }
    return subject;
  }

  /** Which of these subjects someone can sign for in the mini-program: a citizen's own account, an enterprise's legal representative or agent. */
  async function signable(subjects: Pick<Subject, "_id" | "kind">[]): Promise<Set<string>> {
    const citizens = subjects.filter((s) => s.kind === "citizen").map((s) => s._id);
    const enterprises = subjects.filter((s) => s.kind !== "citizen").map((s) => s._id);
    const [owners, authorities] = await Promise.all([
      citizens.length ? CitizenOwnerModel.find({ _id: { $in: citizens } }, { _id: 1 }).lean() : [],
      enterprises.length ? SubjectAuthorityModel.find({ subjectId: { $in: enterprises } }, { subjectId: 1 }).lean() : [],
    ]);
    return new Set([...owners.map((o) => o._id!.toHexString()), ...authorities.map((a) => a.subjectId.toHexString())]);
  }

  /** 逢办必查: judged from the subject's records as they are in the store now. */
  async function judge(subjectId: Types.ObjectId, type: TCommitmentType, at: Date) {
    const records = await CreditRecordModel.find({ subjectId }, { kind: 1, severity: 1, title: 1, status: 1, decidedAt: 1, validUntil: 1 }).lean<CreditRecord[]>();
    return judgeCommitmentEligibility(type, records, beijingDate(at));
  }

  // ---------------------------------------------------------------- the versioned steps

  /**
   * A crash between an event's insert and the case's update leaves the case behind its events, and
   * every later writer would meet 409: the events hold what each step set, so the case is rolled forward.
   */
  async function rollForward(c: CommitmentCase, later: { version: number; to: string; set?: unknown }[]): Promise<CommitmentCase> {
    let current = c;
    for (const e of later.filter((x) => x.version > c.version).sort((x, y) => x.version - y.version)) {
      const set = { ...((e.set as Record<string, unknown> | undefined) ?? {}), status: e.to, version: e.version };
      await CommitmentCaseModel.updateOne({ _id: current._id, version: current.version }, { $set: set });
      current = { ...current, ...set } as CommitmentCase;
    }
    return current === c ? c : (await CommitmentCaseModel.findById(c._id).lean<CommitmentCase>())!;
  }

  async function caughtUp(c: CommitmentCase): Promise<CommitmentCase> {
    const later = await CommitmentEventModel.find({ caseId: c._id, version: { $gt: c.version } }).lean();
    return later.length ? rollForward(c, later) : c;
  }

  /** Writes version v+1: the event insert under (caseId, version) decides, and only its writer updates the case. */
  async function advance(c: CommitmentCase, expectedVersion: number, change: Change): Promise<CommitmentCase> {
    if (c.version !== expectedVersion) throw new AppError("VERSION_CONFLICT");
    const version = expectedVersion + 1;
    try {
      await CommitmentEventModel.create({
        caseId: c._id,
        version,
        action: change.action,
        from: c.status,
        to: change.to,
        ...(change.actor ? { actorId: new Types.ObjectId(change.actor.userId), actorRole: change.actor.role } : {}),
        actorLabel: change.actorLabel,
        ...(change.note ? { note: change.note } : {}),
        set: change.set,
        at: change.at,
      });
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new AppError("VERSION_CONFLICT");
      throw err;
    }
    await CommitmentCaseModel.updateOne({ _id: c._id, version: expectedVersion }, { $set: { ...change.set, status: change.to, version } });
    await audit(change.actor, {
      action: `commitment.${change.action}`,
      target: `commitment-case:${c._id.toHexString()}`,
      details: { version, from: c.status, to: change.to, type: c.type, prefectureCode: c.prefectureCode },
    });
    return (await CommitmentCaseModel.findById(c._id).lean<CommitmentCase>())!;
  }

  /** The negative record of a broken case, written once (see writeBrokenRecord), then linked from the case. */
  async function settleBroken(c: CommitmentCase, by: { actor: Actor | null; actorName: string; at: Date }): Promise<CommitmentCase> {
    const subject = await SubjectModel.findById(c.subjectId, { key: 1 }).lean();
    if (!subject) return c;
    const recordId = await writeBrokenRecord(deps.evaluations, c, subject.key, {
      actor: by.actor,
      actorName: by.actorName,
      decidedAt: c.brokenOn ?? beijingDate(by.at),
      reason: `信易批「${c.matter}」${COMMITMENT_TYPE_LABELS[c.type as TCommitmentType]}违背承诺：${c.outcome?.reason ?? ""}`,
      at: by.at,
    });
    // Not versioned: every writer links the same record (its natural key is the case's), so a repeat changes nothing.
    await CommitmentCaseModel.updateOne({ _id: c._id }, { $set: { brokenRecordId: recordId } });
    return { ...c, brokenRecordId: recordId };
  }

  /** Tells the subject through the outbox, once per key; the message center's jobs deliver it. */
  async function notify(c: CommitmentCase, what: "opened" | "due-soon" | "kept" | "broken" | "terminated", at: Date): Promise<void> {
    const matter = `「${c.matter}」（${COMMITMENT_TYPE_LABELS[c.type as TCommitmentType]}）`;
    const items = outstandingItems(c).join("、");
    const texts = {
      opened: {
        title: "请签署信用承诺",
        body: `${c.department.name}已受理您的${matter}，请在小程序“我的承诺”中阅读并签署信用承诺书${c.type === "tolerate_missing" ? `，并在 ${c.dueDate} 前补齐：${items}` : ""}。`,
      },
      "due-soon": { title: "容缺材料即将到期", body: `您办理的${matter}需在 ${c.dueDate} 前补齐：${items}。逾期未补齐将终止办理并记入信用记录。` },
      kept: { title: "承诺事项已办结", body: `您办理的${matter}已办结：${c.outcome?.reason ?? "守诺"}。` },
      broken: {
        title: "违背信用承诺",
        body: `您办理的${matter}已终止：${c.outcome?.reason ?? ""}。已记入您的信用记录（违背信用承诺），如有异议，可在“我的信用”中对该记录提出异议。`,
      },
      terminated: { title: "承诺事项已终止办理", body: `您办理的${matter}已终止办理：${c.outcome?.reason ?? ""}。` },
    }[what];
    await recordNotice({ key: `commitment:${c._id.toHexString()}:${what}`, subjectId: c.subjectId, kind: "commitment", ...texts, link: { page: "commitment", id: c._id.toHexString() }, at });
  }

  // ---------------------------------------------------------------- presenting

  async function present(list: CommitmentCase[], viewer: Viewer): Promise<TCommitmentCase[]> {
    if (list.length === 0) return [];
    const at = now();
    const subjectIds = [...new Map(list.map((c) => [c.subjectId.toHexString(), c.subjectId])).values()];
    const [subjects, events] = await Promise.all([
      SubjectModel.find({ _id: { $in: subjectIds } }, { kind: 1, name: 1, idMasked: 1, uscc: 1, prefectureCode: 1 }).lean<Subject[]>(),
      CommitmentEventModel.find({ caseId: { $in: list.map((c) => c._id) } }).sort({ version: 1 }).lean(),
    ]);
    const canSign = await signable(subjects);
    const subjectById = new Map(subjects.map((s) => [s._id.toHexString(), s]));
    const eventsOf = new Map<string, StoredCommitmentEvent[]>();
    for (const e of events) {
      const key = e.caseId.toHexString();
      eventsOf.set(key, [...(eventsOf.get(key) ?? []), e as StoredCommitmentEvent]);
    }
    const current = await Promise.all(
      list.map((c) => {
        const later = (eventsOf.get(c._id.toHexString()) ?? []).filter((e) => e.version > c.version);
        return later.length ? rollForward(c, later as Parameters<typeof rollForward>[1]) : c;
      }),
    );
    return current.map((c) => {
      const s = subjectById.get(c.subjectId.toHexString());
      const subject = s
        ? presentCaseSubject(s, viewer, canSign.has(s._id.toHexString()))
        : { id: c.subjectId.toHexString(), kind: c.subjectKind as "citizen" | "enterprise", name: "（已注销的主体）", prefectureCode: c.prefectureCode as TCommitmentCase["prefectureCode"], prefectureName: "", signableInApp: false };
      return presentCase(c, { subject, events: eventsOf.get(c._id.toHexString()) ?? [], viewer, now: at });
    });
  }

  async function presentOne(c: CommitmentCase, viewer: Viewer): Promise<TCommitmentCase> {
    return (await present([c], viewer))[0]!;
  }

  async function visibleCase(actor: Actor, id: string): Promise<CommitmentCase> {
    const c = Types.ObjectId.isValid(id) ? await CommitmentCaseModel.findById(id).lean<CommitmentCase>() : null;
    if (!c || !commitmentPolicy.canSee(actor, c)) throw new AppError("NOT_FOUND", "承诺案件不存在");
    return caughtUp(c);
  }

  async function ownCase(actor: Actor, id: string): Promise<CommitmentCase> {
    const subjectId = await subjectIdOf(actor);
    const c = subjectId && Types.ObjectId.isValid(id) ? await CommitmentCaseModel.findById(id).lean<CommitmentCase>() : null;
    if (!c || !subjectId || !c.subjectId.equals(subjectId)) throw new AppError("NOT_FOUND", "承诺案件不存在");
    return caughtUp(c);
  }

  /** The label the subject's timeline shows for who signed: the citizen, or the enterprise's legal representative or agent (family name only). */
  async function signerLabel(actor: Actor, c: CommitmentCase): Promise<string> {
    if (actor.role !== "enterprise") return `${SUBJECT_LABEL}本人`;
    const [authority, user] = await Promise.all([
      SubjectAuthorityModel.findById(authorityId(actor.userId, c.subjectId), { authority: 1 }).lean(),
      UserModel.findById(actor.userId, { displayName: 1 }).lean(),
    ]);
    const post = authority?.authority === "legal_rep" ? "法定代表人" : "经办人";
    return `${post} ${maskName(user?.displayName ?? "")}`.trim();
  }

  // ---------------------------------------------------------------- the deadline sweep

  /** A 容缺 case past its due date: unsigned, it ends without a record; signed with items missing, it is broken. */
  async function lapse(found: CommitmentCase, at: Date): Promise<boolean> {
    const c = await caughtUp(found);
    if (!isOverdue(c, at)) return false;
    try {
      if (c.status === "pending_signature") {
        const reason = `超过期限（${c.dueDate}）仍未签署信用承诺，终止办理`;
        const ended = await advance(c, c.version, { action: "lapse", to: "terminated", actor: null, actorLabel: SWEEP_LABEL, note: reason, set: { outcome: { reason, at } }, at });
        await notify(ended, "terminated", at);
        return true;
      }
      const missing = outstandingItems(c);
      const reason = `超过补齐期限（${c.dueDate}）仍未补齐：${missing.join("、")}`;
      // The breach is the due date's: the same record whichever run (or worker) gets here, however late.
      const broken = await advance(c, c.version, { action: "lapse", to: "broken", actor: null, actorLabel: SWEEP_LABEL, note: reason, set: { outcome: { reason, at }, brokenOn: c.dueDate }, at });
      await notify(broken, "broken", at);
      await settleBroken(broken, { actor: null, actorName: SWEEP_LABEL, at });
      return true;
    } catch (err) {
      // A department or another sweep wrote this version first: theirs stands.
      if (err instanceof AppError && err.code === "VERSION_CONFLICT") return false;
      throw err;
    }
  }

  /**
   * What is due at `at`: 容缺 cases past their due date are ended (a broken commitment's record written
   * once), broken cases whose writer crashed before the record get it, and subjects are reminded
   * `COMMITMENT_REMINDER_DAYS` days ahead. Safe to run twice at once: the event and record inserts
   * decide, and notices are keyed. Answers how many things it did.
   */
  async function sweepOverdueCommitments(at: Date): Promise<number> {
    let done = 0;
    const overdue = await CommitmentCaseModel.find({ status: { $in: OPEN }, dueAt: { $lt: at } }).sort({ dueAt: 1 }).limit(SWEEP_BATCH).lean<CommitmentCase[]>();
    for (const c of overdue) if (await lapse(c, at)) done += 1;

    const orphaned = await CommitmentCaseModel.find({ status: "broken", brokenRecordId: { $exists: false }, "outcome.at": { $lt: new Date(at.getTime() - HEAL_AFTER_MS) } })
      .limit(SWEEP_BATCH)
      .lean<CommitmentCase[]>();
    for (const c of orphaned) {
      await notify(c, "broken", at);
      await settleBroken(c, { actor: null, actorName: SWEEP_LABEL, at });
      done += 1;
    }

    const dueSoon = await CommitmentCaseModel.find({ status: { $in: OPEN }, dueAt: { $gte: at, $lte: new Date(at.getTime() + COMMITMENT_REMINDER_DAYS * DAY_MS) }, remindedAt: { $exists: false } })
      .limit(SWEEP_BATCH)
      .lean<CommitmentCase[]>();
    for (const c of dueSoon) {
      await notify(c, "due-soon", at);
      await CommitmentCaseModel.updateOne({ _id: c._id }, { $set: { remindedAt: at } });
      done += 1;
    }
    return done;
  }

  registerSweep({ name: SWEEP_NAME, run: sweepOverdueCommitments });

  return {
    sweepOverdueCommitments,

    // -------------------------------------------------------------- the department

    /** 逢办必查 before opening: may this subject be offered this type? Recorded in the audit log; nothing else is written. */
    async checkEligibility(actor: Actor, input: CommitmentEligibilityInput): Promise<TCommitmentEligibility> {
      await requireDepartment(actor);
      const subject = await findSubject(input.subject);
      const at = now();
      const judged = await judge(subject._id, input.type, at);
      await audit(actor, { action: "commitment.eligibility_check", target: `subject:${subject._id.toHexString()}`, details: { type: input.type, eligible: judged.eligible } });
      return {
        type: input.type,
        eligible: judged.eligible,
        reasons: judged.reasons,
        blockingRecords: judged.blocking.map((r) => ({ id: r._id.toHexString(), kind: r.kind, kindLabel: RECORD_KIND_LABELS[r.kind], title: r.title, decidedAt: r.decidedAt })),
        subject: presentCaseSubject(subject, "department", (await signable([subject])).has(subject._id.toHexString())),
        checkedAt: at.toISOString(),
      };
    },

    async open(actor: Actor, input: CommitmentCreateInput): Promise<TCommitmentCase> {
      const department = await requireDepartment(actor);
      const prefectureCode = casePrefecture(department, input.prefectureCode);
      const subject = await findSubject(input.subject);
      const at = now();
      const today = beijingDate(at);
      if (input.type === "tolerate_missing") {
        const latest = addDays(today, TOLERATE_MISSING_MAX_DAYS);
        if (input.dueDate! < today || input.dueDate! > latest) throw invalid("body.dueDate", `补齐期限应在 ${today} 至 ${latest} 之间（最长${TOLERATE_MISSING_MAX_DAYS}天）`);
      }
      const judged = await judge(subject._id, input.type, at);
      if (!judged.eligible) throw notEligible(judged.reasons);

      const caseId = new Types.ObjectId();
      await CommitmentCaseModel.create({
        _id: caseId,
        type: input.type,
        matter: input.matter,
        commitmentText: input.commitmentText,
        subjectId: subject._id,
        subjectKind: subject.kind,
        prefectureCode,
        department: { kind: department.kind, name: department.name, ...(department.kind === "agency" ? { partnerId: department.partnerId } : {}) },
        missingItems: (input.missingItems ?? []).map((i) => ({ name: i.name })),
        ...(input.dueDate ? { dueDate: input.dueDate, dueAt: endOfBeijingDay(input.dueDate) } : {}),
        status: "pending_signature",
        version: 1,
        createdBy: department.userId,
        createdAt: at,
      });
      await CommitmentEventModel.create({
        caseId,
        version: 1,
        action: "open",
        to: "pending_signature",
        actorId: department.userId,
        actorRole: actor.role as TRole,
        actorLabel: department.name,
        note: input.type === "notify_commit" ? "已查询信用状况，可适用告知承诺" : `容缺材料：${(input.missingItems ?? []).map((i) => i.name).join("、")}，补齐期限 ${input.dueDate}`,
        at,
      });
      await audit(actor, {
        action: "commitment.open",
        target: `commitment-case:${caseId.toHexString()}`,
        details: { subjectId: subject._id.toHexString(), subject: subject.idMasked ?? subject.uscc, type: input.type, prefectureCode, department: department.name },
      });
      const c = (await CommitmentCaseModel.findById(caseId).lean<CommitmentCase>())!;
      await notify(c, "opened", at);
      return presentOne(c, "department");
    },

    /** The department's list, newest first, 20 a page. Operators of partners other than agencies are refused. */
    async list(actor: Actor, query: CommitmentCaseQuery): Promise<TCommitmentCaseList> {
      if (actor.role === "partner_operator") await requireDepartment(actor);
      const scope = commitmentPolicy.listFilter(actor);
      if (!scope) throw new AppError("FORBIDDEN");
      const at = now();
      const filter: Record<string, unknown> = { ...scope };
      if (query.status) filter.status = query.status;
      if (query.type) filter.type = query.type;
      if (query.overdue === "true") {
        // Overdue means open: a closed status asked for with it matches nothing.
        filter.status = { $in: OPEN.filter((s) => !query.status || s === query.status) };
        filter.dueAt = { $lt: at };
      }
      if (query.overdue === "false") filter.$or = [{ status: { $nin: OPEN } }, { dueAt: { $exists: false } }, { dueAt: { $gte: at } }];
      const [page, total] = await Promise.all([
        CommitmentCaseModel.find(filter).sort({ createdAt: -1 }).skip((query.page - 1) * PAGE_SIZE).limit(PAGE_SIZE).lean<CommitmentCase[]>(),
        CommitmentCaseModel.countDocuments(filter),
      ]);
      return { items: await present(page, "department"), total, page: query.page, pageSize: PAGE_SIZE };
    },

    async get(actor: Actor, id: string): Promise<TCommitmentCase> {
      if (actor.role === "partner_operator") await requireDepartment(actor);
      return presentOne(await visibleCase(actor, id), "department");
    },

    /** verify, supply, terminate: each an event under (case, version + 1). */
    async transition(actor: Actor, id: string, request: CommitmentTransitionInput): Promise<TCommitmentCase> {
      const department: Department = await requireDepartment(actor);
      const c = await visibleCase(actor, id);
      if (!commitmentPolicy.canDecide(department, c)) throw new AppError("NOT_FOUND", "承诺案件不存在");
      if (c.version !== request.expectedVersion) throw new AppError("VERSION_CONFLICT");
      const at = now();
      const today = beijingDate(at);
      const by = { actor, actorLabel: department.name, note: request.note || undefined, at };

      if (request.action === "verify") {
        if (c.status !== "signed") throw new AppError("COMMITMENT_TRANSITION_INVALID", c.status === "pending_signature" ? "申请人尚未签署承诺，不能核查" : "该案件已办结");
        if (c.type === "tolerate_missing" && request.result === "kept") throw new AppError("COMMITMENT_TRANSITION_INVALID", "容缺受理在材料全部补齐后办结，请登记补齐的材料");
        const signedOn = beijingDate(c.signature!.at!);
        if (request.date! > today || request.date! < signedOn) throw invalid("body.date", `核查日期应在签署承诺之日（${signedOn}）至今天之间`);
        const verification = { method: request.method, date: request.date, result: request.result, ...(request.note ? { note: request.note } : {}), byUserId: department.userId, byLabel: department.name, at };
        if (request.result === "kept") {
          const kept = await advance(c, request.expectedVersion, { ...by, action: "verify", to: "kept", set: { verification, outcome: { reason: request.note || "经核查，承诺属实并已履行", at } } });
          await notify(kept, "kept", at);
          return presentOne(kept, "department");
        }
        const broken = await advance(c, request.expectedVersion, { ...by, action: "verify", to: "broken", set: { verification, outcome: { reason: request.note!, at }, brokenOn: request.date } });
        await notify(broken, "broken", at);
        return presentOne(await settleBroken(broken, { actor, actorName: department.name, at }), "department");
      }

      if (request.action === "supply") {
        if (c.type !== "tolerate_missing") throw new AppError("COMMITMENT_TRANSITION_INVALID", "告知承诺没有待补齐的材料");
        if (c.status !== "signed") throw new AppError("COMMITMENT_TRANSITION_INVALID", c.status === "pending_signature" ? "申请人尚未签署承诺" : "该案件已办结");
        if (isOverdue(c, at)) throw new AppError("COMMITMENT_TRANSITION_INVALID", `已超过补齐期限（${c.dueDate}），将按违背承诺处理`);
        const outstanding = outstandingItems(c);
        const names = request.items ?? outstanding;
        const issues = names.flatMap((n, i) => (outstanding.includes(n) ? [] : [{ path: `body.items.${i}`, message: `“${n}”不是待补齐的材料` }]));
        if (issues.length) throw new AppError("VALIDATION_FAILED", issues[0]!.message, { issues });
        const missingItems = (c.missingItems ?? []).map((i) => ({ name: i.name, ...(i.suppliedAt ? { suppliedAt: i.suppliedAt } : names.includes(i.name) ? { suppliedAt: at } : {}) }));
        const complete = missingItems.every((i) => i.suppliedAt);
        const note = `已补齐：${names.join("、")}${request.note ? `。${request.note}` : ""}`;
        const set: Record<string, unknown> = { missingItems, ...(complete ? { outcome: { reason: "容缺材料已全部补齐", at } } : {}) };
        const updated = await advance(c, request.expectedVersion, { ...by, note, action: "supply", to: complete ? "kept" : "signed", set });
        if (complete) await notify(updated, "kept", at);
        return presentOne(updated, "department");
      }

      // terminate: the matter ends without a breach (withdrawn, not approved on other grounds…).
      if (!OPEN.includes(c.status as TCommitmentStatus)) throw new AppError("COMMITMENT_TRANSITION_INVALID", "该案件已办结");
      if (c.status === "signed" && isOverdue(c, at)) throw new AppError("COMMITMENT_TRANSITION_INVALID", `已超过补齐期限（${c.dueDate}）仍未补齐，将按违背承诺处理，不能终止`);
      const ended = await advance(c, request.expectedVersion, { ...by, action: "terminate", to: "terminated", set: { outcome: { reason: request.note!, at } } });
      await notify(ended, "terminated", at);
      return presentOne(ended, "department");
    },

    // -------------------------------------------------------------- the subject

    /** 我的承诺: the cases of the subject I act for, newest first. */
    async mine(actor: Actor, query: MyCommitmentsQuery): Promise<TCommitmentCaseList> {
      const subjectId = await subjectIdOf(actor);
      if (!subjectId) return { items: [], total: 0, page: query.page, pageSize: PAGE_SIZE };
      const filter = { subjectId, ...(query.status ? { status: query.status } : {}) };
      const [page, total] = await Promise.all([
        CommitmentCaseModel.find(filter).sort({ createdAt: -1 }).skip((query.page - 1) * PAGE_SIZE).limit(PAGE_SIZE).lean<CommitmentCase[]>(),
        CommitmentCaseModel.countDocuments(filter),
      ]);
      return { items: await present(page, "subject"), total, page: query.page, pageSize: PAGE_SIZE };
    },

    async mineOne(actor: Actor, id: string): Promise<TCommitmentCase> {
      return presentOne(await ownCase(actor, id), "subject");
    },

    /**
     * The subject agrees to the text shown, which is stored verbatim with its hash. 告知承诺 is judged
     * again at this moment (逢办必查): a serious record published since the case was opened refuses it.
     */
    async sign(actor: Actor, id: string): Promise<TCommitmentCase> {
      const c = await ownCase(actor, id);
      const at = now();
      if (c.status !== "pending_signature") throw new AppError("COMMITMENT_TRANSITION_INVALID", c.status === "signed" ? "您已签署该承诺" : "该案件已办结，不能签署");
      if (isOverdue(c, at)) throw new AppError("COMMITMENT_TRANSITION_INVALID", `已超过期限（${c.dueDate}），不能再签署`);
      if (c.type === "notify_commit") {
        const judged = await judge(c.subjectId, "notify_commit", at);
        if (!judged.eligible) throw notEligible(judged.reasons);
      }
      const signature = {
        userId: new Types.ObjectId(actor.userId),
        signerLabel: await signerLabel(actor, c),
        at,
        text: c.commitmentText,
        textSha256: createHash("sha256").update(c.commitmentText, "utf8").digest("hex"),
      };
      const signed = await advance(c, c.version, { action: "sign", to: "signed", actor, actorLabel: signature.signerLabel, set: { signature }, at });
      return presentOne(signed, "subject");
    },
  };
}

export type CommitmentService = ReturnType<typeof createCommitmentService>;
