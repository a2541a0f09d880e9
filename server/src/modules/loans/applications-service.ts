/**
 * Loan applications: applying with consent, the applicant's views, the bank's queue and decisions.
 *
 * Financing demands (demands-service.ts) make an accepted offer into an application through
 * `createFromDemandOffer` below.
 */
import { createHash } from "node:crypto";
import { Types } from "mongoose";
import {
  addWorkingDays,
  BANK_STAFF_ROLE_LABELS,
  beijingDate,
  LOAN_APPLICATION_TRANSITIONS,
  maskName,
  OPEN_LOAN_APPLICATION_STATUSES,
  ZLoanApplicationRequest,
  ZLoanApplicationTransitionRequest,
  ZLoanQueueQuery,
  type TCreditReport,
  type TLoanApplication,
  type TLoanApplicationStatus,
  type TPrefectureCode,
  type WorkingCalendar,
} from "@xinyi/shared";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import { ORPHAN_AFTER_MS } from "../claims/seats";
import { runOnce } from "../idempotency/idempotency";
import type { ConsentService } from "../consent/service";
import { PartnerModel } from "../partners/model";
import { currentSubjectView } from "../scenarios/eligibility";
import { SubjectModel } from "../subjects/model";
import { UserModel } from "../users/model";
import type { CalendarLoader } from "./calendar";
import {
  FirstLoanModel,
  LoanApplicationEventModel,
  LoanApplicationModel,
  LoanOverdueNoticeModel,
  LoanProductModel,
  OpenApplicationSlotModel,
  type DemandTake,
  type LoanApplication,
  type LoanDemand,
} from "./model";
import { applicantKindOf, judgeProduct, requireBankStaff, type BankStaff } from "./policy";
import { indicativeTermsFor, isResponseOverdue, presentApplication, type StoredEvent, type StoredProduct } from "./presenter";
import { subjectIdOf } from "../users/subject-of";

export type LoanApplicationInput = z.output<typeof ZLoanApplicationRequest>;
export type LoanTransitionInput = z.output<typeof ZLoanApplicationTransitionRequest>;
export type LoanQueueQuery = z.output<typeof ZLoanQueueQuery>;

const PAGE_SIZE = 20;
/** The overdue filter is worked out in code over the newest applications of the bank, at most this many. */
const OVERDUE_SCAN_LIMIT = 2000;
const MAX_CONSENT_DAYS = 366;
const OPEN: readonly string[] = OPEN_LOAN_APPLICATION_STATUSES;
const APPLICANT_LABEL = "申请人";


export type LoanApplicationDeps = {
  consent: ConsentService;
  calendar: CalendarLoader;
  /** The clock deadlines and the overdue flag are judged by; tests move it. */
  now?: () => Date;
};

function endOfDayBeijing(date: string): Date {
  return new Date(`${date}T23:59:59.999+08:00`);
}

function outOfRange(issues: { path: string; message: string }[]): AppError {
  return new AppError("LOAN_TERMS_OUT_OF_RANGE", issues[0]!.message, { issues });
}

function slotKeyOf(a: Pick<LoanApplication, "source" | "productId" | "demandId" | "subjectId">): string {
  return `${(a.source === "demand" ? a.demandId : a.productId)!.toHexString()}:${a.subjectId.toHexString()}`;
}

/**
 * Who acted, as the applicant's timeline shows it: the bank and the post. A display name is free
 * text (often with the bank in it), so no part of it is shown to the applicant; the bank's own
 * screens add the person's display name (see present()).
 */
function staffLabel(staff: BankStaff): string {
  return `${staff.partner.name} ${BANK_STAFF_ROLE_LABELS[staff.staffRole]}`;
}

export function createLoanApplicationService(deps: LoanApplicationDeps) {
  const now = deps.now ?? (() => new Date());

  /** The application whose open slot this is, when it is still open. */
  async function openApplicationOf(slotKey: string): Promise<Types.ObjectId | null> {
    const held = await OpenApplicationSlotModel.findById(slotKey).lean();
    if (!held) return null;
    const application = await LoanApplicationModel.findById(held.applicationId, { status: 1 }).lean();
    if (application) return OPEN.includes(application.status) ? application._id : null;
    // No application behind the slot: a request still writing it, or one that died long ago.
    return held.at.getTime() < Date.now() - ORPHAN_AFTER_MS ? null : held.applicationId;
  }

  /** One open application per product (or demand) and subject: the slot insert decides. */
  async function takeOpenSlot(slotKey: string, applicationId: Types.ObjectId): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await OpenApplicationSlotModel.create({ _id: slotKey, applicationId, at: new Date() });
        return;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const held = await OpenApplicationSlotModel.findById(slotKey).lean();
      if (!held) continue;
      const open = await openApplicationOf(slotKey);
      if (open) throw new AppError("LOAN_APPLICATION_OPEN", undefined, { applicationId: open.toHexString() });
      // The slot's application is closed (or never came): a crash between two writes left it behind.
      await OpenApplicationSlotModel.deleteOne({ _id: slotKey, applicationId: held.applicationId });
    }
    throw new AppError("LOAN_APPLICATION_OPEN");
  }

  async function releaseSlot(slotKey: string, applicationId: Types.ObjectId): Promise<void> {
    await OpenApplicationSlotModel.deleteOne({ _id: slotKey, applicationId });
  }

  /** Grants the bank the loan_review consent through the consent service: the same checks, record and audit. */
  async function grantConsent(actor: Actor, bankPartnerId: Types.ObjectId, validUntil: Date) {
    const grant = await deps.consent.grant(actor, { partnerId: bankPartnerId.toHexString(), purpose: "loan_review", validUntil: beijingDate(validUntil) });
    return { id: new Types.ObjectId(grant.id), validUntil: new Date(grant.validUntil) };
  }

  /** An overdue application is reported once, the first time any screen shows it (a notice system is issue 9's). */
  async function noticeOverdue(applications: LoanApplication[], at: Date): Promise<void> {
    const overdue = applications.filter((a) => isResponseOverdue(a, at));
    if (overdue.length === 0) return;
    const noticed = new Set((await LoanOverdueNoticeModel.find({ _id: { $in: overdue.map((a) => a._id) } }, { _id: 1 }).lean()).map((n) => n._id!.toHexString()));
    for (const a of overdue.filter((x) => !noticed.has(x._id.toHexString()))) {
      try {
        await LoanOverdueNoticeModel.create({ _id: a._id, at });
      } catch (err) {
        if (isDuplicateKeyError(err)) continue;
        throw err;
      }
      await audit(null, {
        action: "loan.response_overdue",
        target: `loan-application:${a._id.toHexString()}`,
        details: { bankPartnerId: a.bankPartnerId.toHexString(), prefectureCode: a.prefectureCode, responseDueAt: a.responseDueAt.toISOString(), ...(a.firstResponseAt ? { firstResponseAt: a.firstResponseAt.toISOString() } : {}) },
      });
    }
  }

  /** 首贷: the first disbursement to this subject on the platform; the insert decides, once (also when a retry repeats it). */
  async function markFirstLoan(application: LoanApplication, at: Date): Promise<boolean> {
    try {
      await FirstLoanModel.create({ _id: application.subjectId, applicationId: application._id, at });
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return !!(await FirstLoanModel.exists({ _id: application.subjectId, applicationId: application._id }));
    }
  }

  /**
   * A crash between an event's insert and the application's update leaves the document behind its
   * events, and every later writer would meet 409. The events hold what each change set: the
   * document is rolled forward from them, so no decision is lost.
   */
  async function rollForward(application: LoanApplication, later: { version: number; action: string; to: string; set?: unknown; at: Date }[]): Promise<LoanApplication> {
    let current = application;
    for (const e of later.filter((x) => x.version > application.version).sort((x, y) => x.version - y.version)) {
      const set: Record<string, unknown> = { ...((e.set as Record<string, unknown> | undefined) ?? {}), status: e.to, version: e.version };
      if (e.action === "disburse") set.firstLoan = await markFirstLoan(current, e.at);
      await LoanApplicationModel.updateOne({ _id: current._id, version: current.version }, { $set: set });
      if (OPEN.includes(current.status) && !OPEN.includes(e.to)) await releaseSlot(slotKeyOf(current), current._id);
      current = { ...current, ...set } as LoanApplication;
    }
    return current === application ? application : (await LoanApplicationModel.findById(application._id).lean<LoanApplication>())!;
  }

  async function caughtUp(application: LoanApplication): Promise<LoanApplication> {
    const later = await LoanApplicationEventModel.find({ applicationId: application._id, version: { $gt: application.version } }).lean();
    return later.length ? rollForward(application, later) : application;
  }

  async function present(applications: LoanApplication[], viewer: "bank" | "applicant"): Promise<TLoanApplication[]> {
    if (applications.length === 0) return [];
    const at = now();
    const [banks, events] = await Promise.all([
      PartnerModel.find({ _id: { $in: [...new Set(applications.map((a) => a.bankPartnerId.toHexString()))] } }, { name: 1 }).lean(),
      LoanApplicationEventModel.find({ applicationId: { $in: applications.map((a) => a._id) } }).sort({ version: 1 }).lean(),
      noticeOverdue(applications, at),
    ]);
    // The bank's staff named: assigned officers, and for the bank's own screens who did each step.
    const staffIds = [
      ...applications.flatMap((a) => (a.assignedOfficerId ? [a.assignedOfficerId.toHexString()] : [])),
      ...(viewer === "bank" ? events.filter((e) => e.actorRole === "partner_operator").map((e) => e.actorId.toHexString()) : []),
    ];
    const staff = staffIds.length ? await UserModel.find({ _id: { $in: [...new Set(staffIds)] } }, { displayName: 1 }).lean() : [];
    const bankName = new Map(banks.map((b) => [b._id.toHexString(), b.name]));
    const officerName = new Map(staff.map((u) => [u._id.toHexString(), u.displayName]));
    const eventsOf = new Map<string, StoredEvent[]>();
    for (const e of events) {
      const list = eventsOf.get(e.applicationId.toHexString()) ?? [];
      const name = viewer === "bank" && e.actorRole === "partner_operator" ? officerName.get(e.actorId.toHexString()) : undefined;
      list.push({ ...(e as StoredEvent), ...(name ? { actorLabel: `${e.actorLabel} · ${name}` } : {}) });
      eventsOf.set(e.applicationId.toHexString(), list);
    }
    const current = await Promise.all(
      applications.map((a) => {
        const later = (eventsOf.get(a._id.toHexString()) ?? []).filter((e) => e.version > a.version);
        return later.length ? rollForward(a, later as Parameters<typeof rollForward>[1]) : a;
      }),
    );
    return current.map((a) => {
      const officerId = a.assignedOfficerId?.toHexString();
      const name = officerId ? officerName.get(officerId) : undefined;
      return presentApplication(a, {
        bankName: bankName.get(a.bankPartnerId.toHexString()) ?? "（已注销的机构）",
        // Only the bank's screens name the officer: the applicant's timeline names the bank and the post.
        officer: viewer === "bank" && officerId && name ? { id: officerId, displayName: name } : undefined,
        events: eventsOf.get(a._id.toHexString()) ?? [],
        now: at,
      });
    });
  }

  async function presentOne(application: LoanApplication, viewer: "bank" | "applicant"): Promise<TLoanApplication> {
    return (await present([application], viewer))[0]!;
  }

  /**
   * Writes version v+1 of an application: the event insert under (applicationId, version) decides between
   * concurrent writers, and only its writer updates the application. Leaving the open statuses frees the slot.
   */
  async function advance(
    actor: Actor,
    application: LoanApplication,
    expectedVersion: number,
    change: { action: string; to: TLoanApplicationStatus; actorLabel: string; note?: string | undefined; set: Record<string, unknown>; afterWin?: () => Promise<Record<string, unknown>> },
  ): Promise<LoanApplication> {
    if (application.version !== expectedVersion) throw new AppError("VERSION_CONFLICT");
    const version = expectedVersion + 1;
    try {
      await LoanApplicationEventModel.create({
        applicationId: application._id,
        version,
        action: change.action,
        from: application.status,
        to: change.to,
        actorId: new Types.ObjectId(actor.userId),
        actorRole: actor.role,
        actorLabel: change.actorLabel,
        ...(change.note ? { note: change.note } : {}),
        set: change.set,
        at: now(),
      });
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new AppError("VERSION_CONFLICT");
      throw err;
    }
    const set = { ...change.set, ...(change.afterWin ? await change.afterWin() : {}), status: change.to, version };
    await LoanApplicationModel.updateOne({ _id: application._id, version: expectedVersion }, { $set: set });
    if (OPEN.includes(application.status) && !OPEN.includes(change.to)) await releaseSlot(slotKeyOf(application), application._id);
    await audit(actor, {
      action: `loan_application.${change.action}`,
      target: `loan-application:${application._id.toHexString()}`,
      details: { version, from: application.status, to: change.to, bankPartnerId: application.bankPartnerId.toHexString() },
    });
    return (await LoanApplicationModel.findById(application._id).lean<LoanApplication>())!;
  }

  /** An application of the staff's own bank; another bank's is reported as missing. */
  async function ownOfBank(staff: BankStaff, id: string): Promise<LoanApplication> {
    const application = Types.ObjectId.isValid(id) ? await LoanApplicationModel.findById(id).lean<LoanApplication>() : null;
    if (!application || !application.bankPartnerId.equals(staff.partnerId)) throw new AppError("NOT_FOUND", "贷款申请不存在");
    return caughtUp(application);
  }

  async function ownOfApplicant(actor: Actor, id: string): Promise<LoanApplication> {
    const subjectId = await subjectIdOf(actor);
    const application = subjectId && Types.ObjectId.isValid(id) ? await LoanApplicationModel.findById(id).lean<LoanApplication>() : null;
    if (!application || !subjectId || !application.subjectId.equals(subjectId)) throw new AppError("NOT_FOUND", "贷款申请不存在");
    return caughtUp(application);
  }

  /**
   * Judges an application from current data (逢办必查): the product, the subject's standing and
   * black-list state are read from the store now. Nothing is written here.
   */
  async function judgeApplication(actor: Actor, productId: string, request: LoanApplicationInput) {
    const [product, view] = await Promise.all([
      Types.ObjectId.isValid(productId) ? LoanProductModel.findById(productId).lean<StoredProduct>() : null,
      currentSubjectView(actor),
    ]);
    if (!product || !["published", "paused", "ended"].includes(product.status)) throw new AppError("NOT_FOUND", "该贷款产品不存在或尚未上架");
    if (product.status !== "published") {
      const reason = product.status === "paused" ? "该产品已暂停申请" : "该产品已停止申请";
      throw new AppError("LOAN_NOT_ELIGIBLE", reason, { reasons: [reason] });
    }
    if (!view.subjectId) throw new AppError("IDENTITY_REQUIRED");
    const subject = await SubjectModel.findById(view.subjectId, { kind: 1, uscc: 1 }).lean();
    const applicantKind = applicantKindOf(subject ?? { kind: view.facts.kind });
    const judged = judgeProduct(product, view, applicantKind);
    if (!judged.eligible) throw new AppError("LOAN_NOT_ELIGIBLE", judged.reasons.join("；"), { reasons: judged.reasons });

    const terms = indicativeTermsFor(product, view.facts.grade);
    const issues: { path: string; message: string }[] = [];
    if (request.amountWan < product.amountWan.min || request.amountWan > product.amountWan.max) {
      issues.push({ path: "body.amountWan", message: `申请金额应在 ${product.amountWan.min}–${product.amountWan.max} 万元之间` });
    } else if (request.amountWan > terms.maxAmountWan) {
      issues.push({ path: "body.amountWan", message: `按您的信用等级（${view.facts.grade}），最高可申请 ${terms.maxAmountWan} 万元` });
    }
    if (request.termMonths < product.termMonths.min || request.termMonths > product.termMonths.max) {
      issues.push({ path: "body.termMonths", message: `贷款期限应在 ${product.termMonths.min}–${product.termMonths.max} 个月之间` });
    }
    if (request.repaymentMode && !product.repaymentModes.includes(request.repaymentMode)) {
      issues.push({ path: "body.repaymentMode", message: "该产品不提供这种还款方式" });
    }
    if (issues.length) throw outOfRange(issues);

    // The grant runs through the end of the chosen Beijing day, as every consent does.
    const at = now();
    const consentDay = beijingDate(new Date(request.consent.validUntil));
    const consentUntil = endOfDayBeijing(consentDay);
    if (consentDay <= beijingDate(at) || consentUntil.getTime() - at.getTime() > MAX_CONSENT_DAYS * 86_400_000) {
      throw new AppError("VALIDATION_FAILED", "授权截止日期须在今天之后、一年之内", { issues: [{ path: "body.consent.validUntil", message: "授权截止日期须在今天之后、一年之内" }] });
    }
    const bank = await PartnerModel.findOne({ _id: product.bankPartnerId, status: "approved" }, { name: 1 }).lean();
    if (!bank) throw new AppError("NOT_FOUND", "该贷款产品不存在或尚未上架");
    // The open slot is not looked at here: a retry of the request holding it must reach its stored answer.
    const slotKey = `${product._id.toHexString()}:${view.subjectId.toHexString()}`;
    return { product, view, subjectId: view.subjectId, applicantKind, terms, bank, slotKey, consentUntil };
  }

  /** The writes of an application, in order: the open slot, the consent grant, the application, its first event. */
  async function writeApplication(actor: Actor, judged: Awaited<ReturnType<typeof judgeApplication>>, request: LoanApplicationInput, idempotencyKey: string): Promise<TLoanApplication> {
    const { product, view, subjectId, slotKey } = judged;
    const applicationId = new Types.ObjectId();
    await takeOpenSlot(slotKey, applicationId);
    let written = false;
    try {
      const grant = await grantConsent(actor, product.bankPartnerId, judged.consentUntil);
      const submittedAt = now();
      const calendar: WorkingCalendar = await deps.calendar.current();
      await LoanApplicationModel.create({
        _id: applicationId,
        productId: product._id,
        productName: product.name,
        bankPartnerId: product.bankPartnerId,
        source: "product",
        subjectId,
        applicantKind: judged.applicantKind,
        applicantName: view.facts.kind === "citizen" ? maskName(view.name ?? "用户") : (view.name ?? "企业"),
        applicantUserId: new Types.ObjectId(actor.userId),
        prefectureCode: view.prefectureCode as TPrefectureCode,
        amountWan: request.amountWan,
        termMonths: request.termMonths,
        purpose: request.purpose,
        ...(request.repaymentMode ? { repaymentMode: request.repaymentMode } : {}),
        contactName: request.contactName,
        contactPhone: request.contactPhone,
        status: "submitted",
        version: 1,
        ...(view.facts.grade ? { gradeAtApplication: view.facts.grade } : {}),
        ...(view.facts.score !== null ? { scoreAtApplication: view.facts.score } : {}),
        indicativeTerms: judged.terms,
        consentGrantId: grant.id,
        consentValidUntil: grant.validUntil,
        idempotencyKey,
        submittedAt,
        responseDays: product.responseDays,
        responseDueAt: addWorkingDays(submittedAt, product.responseDays, calendar),
      });
      written = true;
      await LoanApplicationEventModel.create({ applicationId, version: 1, action: "submit", to: "submitted", actorId: new Types.ObjectId(actor.userId), actorRole: actor.role, actorLabel: APPLICANT_LABEL, at: submittedAt });
    } catch (err) {
      if (!written) await releaseSlot(slotKey, applicationId);
      throw err;
    }
    await audit(actor, {
      action: "loan_application.submit",
      target: `loan-application:${applicationId.toHexString()}`,
      details: { productId: product._id.toHexString(), bank: judged.bank.name, amountWan: request.amountWan, termMonths: request.termMonths },
    });
    return presentOne((await LoanApplicationModel.findById(applicationId).lean<LoanApplication>())!, "applicant");
  }


  return {
    /**
     * Applies with an Idempotency-Key, as claims do: a retry with the same key and request gets the first
     * answer, another request under the key is refused. Refusals that write nothing are recomputed on a
     * retry; from the key's reservation on, the outcome is stored.
     */
    async apply(actor: Actor, productId: string, request: LoanApplicationInput, idempotencyKey: string): Promise<TLoanApplication> {
      return runOnce({
        userId: actor.userId,
        key: idempotencyKey,
        fingerprint: createHash("sha256").update(`loan-apply:${productId}:${JSON.stringify(request)}`).digest("hex"),
        judge: () => judgeApplication(actor, productId, request),
        write: (judged) => writeApplication(actor, judged, request, idempotencyKey),
      });
    },

    /**
     * For financing demands: the enterprise accepted a bank's offer, which becomes an application with
     * that bank, already accepted (the offer was the bank's first response). The caller has settled the
     * choice (its DemandChoice insert); the open slot `${demandId}:${subjectId}` keeps a retry from making two.
     */
    async createFromDemandOffer(input: { demand: LoanDemand; take: DemandTake; acceptedBy: Actor }): Promise<TLoanApplication> {
      const { demand, take, acceptedBy } = input;
      if (acceptedBy.subjectId !== demand.subjectId.toHexString()) throw new AppError("NOT_FOUND", "融资需求不存在");
      const offer = take.offer;
      if (!offer?.amountWan || !offer.termMonths) throw new AppError("LOAN_TRANSITION_INVALID", "该银行尚未报价");
      const bank = await PartnerModel.findById(take.bankPartnerId, { name: 1 }).lean();
      if (!bank) throw new AppError("NOT_FOUND", "银行不存在");
      const applicationId = new Types.ObjectId();
      const slotKey = `${demand._id.toHexString()}:${demand.subjectId.toHexString()}`;
      await takeOpenSlot(slotKey, applicationId);
      const answeredAt = take.answeredAt ?? now();
      let written = false;
      try {
        const grant = await grantConsent(acceptedBy, take.bankPartnerId, demand.consentValidUntil);
        const calendar = await deps.calendar.current();
        // The promise the bank answered under, in working days from its take, for the numbers.
        let responseDays = 1;
        while (responseDays < 30 && addWorkingDays(take.takenAt, responseDays, calendar) < take.answerDueAt) responseDays += 1;
        await LoanApplicationModel.create({
          _id: applicationId,
          productName: "融资需求对接",
          bankPartnerId: take.bankPartnerId,
          source: "demand",
          demandId: demand._id,
          subjectId: demand.subjectId,
          applicantKind: demand.applicantKind,
          applicantName: demand.enterpriseName,
          applicantUserId: new Types.ObjectId(acceptedBy.userId),
          prefectureCode: demand.prefectureCode,
          amountWan: offer.amountWan,
          termMonths: offer.termMonths,
          purpose: demand.purpose,
          contactName: demand.contactName,
          contactPhone: demand.contactPhone,
          status: "accepted",
          version: 2,
          ...(demand.gradeAtPublication ? { gradeAtApplication: demand.gradeAtPublication } : {}),
          consentGrantId: grant.id,
          consentValidUntil: grant.validUntil,
          // The enterprise asked when it published the demand; the bank answered with its offer.
          submittedAt: demand.createdAt,
          responseDays,
          responseDueAt: take.answerDueAt,
          firstResponseAt: answeredAt,
        });
        written = true;
        await LoanApplicationEventModel.insertMany([
          { applicationId, version: 1, action: "submit", to: "submitted", actorId: demand.createdBy, actorRole: "enterprise", actorLabel: APPLICANT_LABEL, note: "发布融资需求", at: demand.createdAt },
          { applicationId, version: 2, action: "accept", from: "submitted", to: "accepted", actorId: take.takenBy, actorRole: "partner_operator", actorLabel: bank.name, note: "企业接受了银行的报价", at: answeredAt },
        ]);
      } catch (err) {
        if (!written) await releaseSlot(slotKey, applicationId);
        throw err;
      }
      await audit(acceptedBy, {
        action: "loan_application.from_demand",
        target: `loan-application:${applicationId.toHexString()}`,
        details: { demandId: demand._id.toHexString(), takeId: take._id, bank: bank.name, amountWan: offer.amountWan },
      });
      return presentOne((await LoanApplicationModel.findById(applicationId).lean<LoanApplication>())!, "applicant");
    },

    // ---------------------------------------------------------------- the applicant

    async mine(actor: Actor, query: { status?: TLoanApplicationStatus | undefined; page: number }) {
      const subjectId = await subjectIdOf(actor);
      if (!subjectId) return { items: [], total: 0, page: query.page, pageSize: PAGE_SIZE };
      const filter = { subjectId, ...(query.status ? { status: query.status } : {}) };
      const [list, total] = await Promise.all([
        LoanApplicationModel.find(filter).sort({ submittedAt: -1 }).skip((query.page - 1) * PAGE_SIZE).limit(PAGE_SIZE).lean<LoanApplication[]>(),
        LoanApplicationModel.countDocuments(filter),
      ]);
      return { items: await present(list, "applicant"), total, page: query.page, pageSize: PAGE_SIZE };
    },

    async mineOne(actor: Actor, id: string): Promise<TLoanApplication> {
      return presentOne(await ownOfApplicant(actor, id), "applicant");
    },

    /** Until a decision (submitted or accepted); frees the open slot, so the applicant may apply again. */
    async withdraw(actor: Actor, id: string, expectedVersion: number): Promise<TLoanApplication> {
      const application = await ownOfApplicant(actor, id);
      if (application.version !== expectedVersion) throw new AppError("VERSION_CONFLICT");
      if (!LOAN_APPLICATION_TRANSITIONS.withdraw.from.includes(application.status)) throw new AppError("LOAN_TRANSITION_INVALID", "银行已作出决定，不能撤回");
      const updated = await advance(actor, application, expectedVersion, { action: "withdraw", to: "withdrawn", actorLabel: APPLICANT_LABEL, set: {} });
      return presentOne(updated, "applicant");
    },

    // ---------------------------------------------------------------- the bank

    /** The review queue of the staff's bank, newest first, 20 a page. */
    async queue(actor: Actor, query: LoanQueueQuery) {
      const staff = await requireBankStaff(actor);
      const filter: Record<string, unknown> = { bankPartnerId: staff.partnerId };
      if (query.status) filter.status = query.status;
      if (query.productId) filter.productId = new Types.ObjectId(query.productId);
      if (query.assignee === "me") filter.assignedOfficerId = staff.userId;
      else if (query.assignee === "none") filter.assignedOfficerId = { $exists: false };
      else if (query.assignee) filter.assignedOfficerId = new Types.ObjectId(query.assignee);
      const skip = (query.page - 1) * PAGE_SIZE;
      let page: LoanApplication[];
      let total: number;
      if (query.overdue) {
        // "Answered late or not yet answered past the promise" compares two fields of a document, which the
        // store subset cannot: it is worked out here over the bank's newest applications (bounded).
        const at = now();
        const wanted = query.overdue === "true";
        const candidates = await LoanApplicationModel.find(filter).sort({ submittedAt: -1 }).limit(OVERDUE_SCAN_LIMIT).lean<LoanApplication[]>();
        const matching = candidates.filter((a) => isResponseOverdue(a, at) === wanted);
        total = matching.length;
        page = matching.slice(skip, skip + PAGE_SIZE);
      } else {
        [page, total] = await Promise.all([
          LoanApplicationModel.find(filter).sort({ submittedAt: -1 }).skip(skip).limit(PAGE_SIZE).lean<LoanApplication[]>(),
          LoanApplicationModel.countDocuments(filter),
        ]);
      }
      return { items: await present(page, "bank"), total, page: query.page, pageSize: PAGE_SIZE };
    },

    async get(actor: Actor, id: string): Promise<TLoanApplication> {
      const staff = await requireBankStaff(actor);
      return presentOne(await ownOfBank(staff, id), "bank");
    },

    /** A manager gives an open application to one of the bank's operators. */
    async assign(actor: Actor, id: string, request: { officerId: string; expectedVersion: number }): Promise<TLoanApplication> {
      const staff = await requireBankStaff(actor);
      const application = await ownOfBank(staff, id);
      if (staff.staffRole !== "bank_manager") throw new AppError("FORBIDDEN", "仅限银行管理员分配");
      const officer = await UserModel.findOne({ _id: request.officerId, partnerId: staff.partnerId, role: "partner_operator" }, { displayName: 1, disabledAt: 1 }).lean();
      if (!officer || officer.disabledAt) throw new AppError("VALIDATION_FAILED", "请选择本行的信贷员", { issues: [{ path: "body.officerId", message: "请选择本行的信贷员" }] });
      if (!OPEN.includes(application.status)) throw new AppError("LOAN_TRANSITION_INVALID", "已办结的申请不能再分配");
      const updated = await advance(actor, application, request.expectedVersion, {
        action: "assign",
        to: application.status,
        actorLabel: staffLabel(staff),
        note: "已指定信贷员办理",
        set: { assignedOfficerId: officer._id },
      });
      return presentOne(updated, "bank");
    },

    /** accept, approve, reject, disburse, close: each an event under (application, version + 1). */
    async transition(actor: Actor, id: string, request: LoanTransitionInput): Promise<TLoanApplication> {
      const staff = await requireBankStaff(actor);
      const application = await ownOfBank(staff, id);
      if (request.action === "withdraw") throw new AppError("FORBIDDEN", "撤回申请只能由申请人操作");
      if (application.version !== request.expectedVersion) throw new AppError("VERSION_CONFLICT");
      const rule = LOAN_APPLICATION_TRANSITIONS[request.action];
      if (!rule.from.includes(application.status)) throw new AppError("LOAN_TRANSITION_INVALID");
      const at = now();
      const set: Record<string, unknown> = {};
      if ((request.action === "accept" || request.action === "reject") && !application.firstResponseAt) set.firstResponseAt = at;
      let afterWin: (() => Promise<Record<string, unknown>>) | undefined;

      if (request.action === "approve") {
        const approved = request.approved!;
        const product = application.productId ? await LoanProductModel.findById(application.productId).lean<StoredProduct>() : null;
        const issues: { path: string; message: string }[] = [];
        if (product) {
          // A bank may grant less or more than asked, within what the product offers.
          if (approved.amountWan > product.amountWan.max) issues.push({ path: "body.approved.amountWan", message: `授信金额不能超过产品最高额度 ${product.amountWan.max} 万元` });
          if (approved.termMonths < product.termMonths.min || approved.termMonths > product.termMonths.max) {
            issues.push({ path: "body.approved.termMonths", message: `授信期限应在 ${product.termMonths.min}–${product.termMonths.max} 个月之间` });
          }
          if (approved.annualRate < product.annualRate.min || approved.annualRate > product.annualRate.max) {
            issues.push({ path: "body.approved.annualRate", message: `年利率应在 ${product.annualRate.min}%–${product.annualRate.max}% 之间` });
          }
        }
        if (issues.length) throw outOfRange(issues);
        const offerValidUntil = new Date(approved.offerValidUntil);
        if (offerValidUntil <= at) throw new AppError("VALIDATION_FAILED", "授信有效期应晚于现在", { issues: [{ path: "body.approved.offerValidUntil", message: "授信有效期应晚于现在" }] });
        set.approved = { amountWan: approved.amountWan, annualRate: approved.annualRate, termMonths: approved.termMonths, offerValidUntil };
        set.decidedAt = at;
      }
      if (request.action === "reject") {
        set.rejection = { reason: request.rejection!.reason, text: request.rejection!.text };
        set.decidedAt = at;
      }
      if (request.action === "disburse") {
        const disbursed = request.disbursed!;
        const approvedAmount = application.approved?.amountWan ?? 0;
        if (disbursed.amountWan > approvedAmount) throw outOfRange([{ path: "body.disbursed.amountWan", message: `放款金额不能超过授信金额 ${approvedAmount} 万元` }]);
        const date = new Date(disbursed.date);
        if (date > at) throw new AppError("VALIDATION_FAILED", "放款日期不能晚于今天", { issues: [{ path: "body.disbursed.date", message: "放款日期不能晚于今天" }] });
        set.disbursed = { amountWan: disbursed.amountWan, date };
        // 首贷: the first disbursement to this subject on the platform; the insert decides, once.
        afterWin = async () => ((await markFirstLoan(application, at)) ? { firstLoan: true } : {});
      }
      const updated = await advance(actor, application, request.expectedVersion, { action: request.action, to: rule.to, actorLabel: staffLabel(staff), note: request.note, set, afterWin });
      return presentOne(updated, "bank");
    },

    /** The applicant's credit report, through the consent they gave with the application (recorded for them). */
    async report(actor: Actor, id: string): Promise<TCreditReport> {
      const staff = await requireBankStaff(actor);
      const application = await ownOfBank(staff, id);
      return deps.consent.lookupBySubjectId(actor, application.subjectId, "loan_review");
    },
  };
}

export type LoanApplicationService = ReturnType<typeof createLoanApplicationService>;