import { createHash } from "node:crypto";
import { Types } from "mongoose";
import {
  addWorkingDays,
  beijingDate,
  DEMAND_TAKE_SLOTS,
  LOAN_REJECTION_REASON_LABELS,
  maskName,
  maskPhone,
  type TDemandTake,
  type TDemandTakeStatus,
  type TLoanApplication,
  type TLoanDemand,
  type TLoanDemandStatus,
  type TPrefectureCode,
  type ZDemandAnswerRequest,
  type ZLoanDemandRequest,
} from "@xinyi/shared";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import type { ConsentService } from "../consent/service";
import { SubjectStandingModel } from "../evaluations/model";
import { PartnerModel } from "../partners/model";
import { assertSensitiveConsent } from "../privacy/service";
import { SubjectModel } from "../subjects/model";
import { DemandAnswerModel, DemandChoiceModel, DemandTakeModel, LoanDemandModel, LoanProductModel, type DemandTake, type LoanDemand } from "./model";
import type { LoanApplicationService } from "./applications-service";
import type { CalendarLoader } from "./calendar";
import { applicantKindOf, requireBankStaff, type BankStaff } from "./policy";
import { idempotencyKeyReused } from "../idempotency/idempotency";

/**
 * Financing demands (融资需求): an enterprise publishes a need, banks serving its prefecture
 * take it (up to three, each an insert under a unique slot), each answers with an offer or a
 * decline before its promised time or its slot is freed, and the enterprise accepts one offer,
 * which becomes an application with that bank. Every decision is an insert under a unique key:
 * the take (`${demandId}:${slot}` + one per bank), the answer (take id), the enterprise's choice
 * (demand id) — FerretDB has no atomic read-modify-write.
 */

/** Answer deadline when a bank has no published product to take its promise from. */
export const DEFAULT_ANSWER_DAYS = 3;
/**
 * A lapsed take is deleted only this long after its deadline: an answer checked just before the
 * deadline and written just after it cannot be lost to a bank that retakes the slot meanwhile.
 */
const LAPSE_GRACE_MS = 60_000;
/** A first writer that left an answer or a choice without finishing is taken over after this long. */
const ABANDONED_MS = 60_000;
const MAX_GRANT_MS = 366 * 86_400_000;
const BOARD_LIMIT = 200;
const MINE_LIMIT = 100;
/** Withdrawal is a choice of no offer: the same insert under the demand id settles it against an acceptance. */
const WITHDRAWN_CHOICE = "withdrawn";

export type DemandDeps = {
  consent: Pick<ConsentService, "grant">;
  applications: Pick<LoanApplicationService, "createFromDemandOffer">;
  /** The working-day calendar (weekends, the administrators' holidays and make-up days). */
  calendar: Pick<CalendarLoader, "current">;
  now?: () => Date;
};

type DemandRequest = z.output<typeof ZLoanDemandRequest>;
type AnswerRequest = z.output<typeof ZDemandAnswerRequest>;

type Viewer = { kind: "enterprise" } | { kind: "bank"; bankPartnerId: string };

const notFound = () => new AppError("NOT_FOUND", "融资需求不存在");

function endOfBeijingDay(date: string): Date {
  return new Date(`${date}T23:59:59.999+08:00`);
}

/** The id a demand published under this account and key gets: a retry inserts the same id, so one insert decides. */
function demandIdFor(userId: string, idempotencyKey: string): Types.ObjectId {
  return new Types.ObjectId(createHash("sha256").update(`loan-demand:${userId}:${idempotencyKey}`).digest("hex").slice(0, 24));
}

function sameRequest(d: LoanDemand, input: Omit<DemandRequest, "consent">, validUntil: Date, subjectId: Types.ObjectId): boolean {
  return (
    d.subjectId.equals(subjectId) &&
    d.amountWan === input.amountWan &&
    d.termMonths === input.termMonths &&
    d.purpose === input.purpose &&
    [...d.guaranteeModes].sort().join() === [...input.guaranteeModes].sort().join() &&
    d.contactName === input.contactName &&
    d.contactPhone === input.contactPhone &&
    d.consentValidUntil.getTime() === validUntil.getTime()
  );
}

function isLapsed(take: Pick<DemandTake, "status" | "answerDueAt">, now: Date, graceMs = 0): boolean {
  return take.status === "taken" && take.answerDueAt.getTime() + graceMs <= now.getTime();
}

function demandStatus(d: Pick<LoanDemand, "status" | "consentValidUntil">, now: Date): TLoanDemandStatus {
  // Past its consent a demand cannot be served: no bank could read the report any more.
  if (d.status === "open" && d.consentValidUntil.getTime() <= now.getTime()) return "expired";
  return d.status as TLoanDemandStatus;
}

/** Banks serving the enterprise's prefecture: listed for it, or serving the whole province. */
function inArea(bank: BankStaff, d: Pick<LoanDemand, "prefectureCode">): boolean {
  return !!bank.partner.provinceWide || bank.partner.prefectureCodes.includes(d.prefectureCode as TPrefectureCode);
}

function presentTake(t: DemandTake, bankNames: Map<string, string>, now: Date): TDemandTake {
  const status: TDemandTakeStatus = isLapsed(t, now) ? "lapsed" : (t.status as TDemandTakeStatus);
  return {
    id: t._id,
    slotNo: t.slotNo,
    bankPartnerId: t.bankPartnerId.toHexString(),
    bankName: bankNames.get(t.bankPartnerId.toHexString()) ?? "（已注销的机构）",
    status,
    takenAt: t.takenAt.toISOString(),
    answerDueAt: t.answerDueAt.toISOString(),
    ...(t.offer?.amountWan != null
      ? { offer: { amountWan: t.offer.amountWan, annualRate: t.offer.annualRate!, termMonths: t.offer.termMonths!, validUntil: t.offer.validUntil!.toISOString(), note: t.offer.note ?? "" } }
      : {}),
    ...(t.decline?.reason ? { decline: { reason: t.decline.reason, reasonLabel: LOAN_REJECTION_REASON_LABELS[t.decline.reason], text: t.decline.text ?? "" } } : {}),
    ...(t.applicationId ? { applicationId: t.applicationId.toHexString() } : {}),
  };
}

async function bankNamesOf(takes: DemandTake[]): Promise<Map<string, string>> {
  if (takes.length === 0) return new Map();
  const ids = [...new Set(takes.map((t) => t.bankPartnerId.toHexString()))];
  const partners = await PartnerModel.find({ _id: { $in: ids } }, { name: 1 }).lean();
  return new Map(partners.map((p) => [p._id.toHexString(), p.name]));
}

/** The enterprise sees every take and its contact; a bank only its own take, and the contact once it holds a live take. */
function presentDemand(d: LoanDemand, takes: DemandTake[], bankNames: Map<string, string>, viewer: Viewer, now: Date): TLoanDemand {
  const status = demandStatus(d, now);
  const live = takes.filter((t) => !isLapsed(t, now));
  const own = viewer.kind === "bank" ? takes.filter((t) => t.bankPartnerId.toHexString() === viewer.bankPartnerId) : takes;
  const showContact = viewer.kind === "enterprise" || own.some((t) => !isLapsed(t, now));
  return {
    id: d._id.toHexString(),
    enterpriseName: d.enterpriseName,
    prefectureCode: d.prefectureCode as TPrefectureCode,
    amountWan: d.amountWan,
    termMonths: d.termMonths,
    purpose: d.purpose,
    guaranteeModes: d.guaranteeModes as TLoanDemand["guaranteeModes"],
    contactName: showContact ? d.contactName : maskName(d.contactName),
    contactPhone: showContact ? d.contactPhone : maskPhone(d.contactPhone),
    ...(d.gradeAtPublication ? { grade: d.gradeAtPublication } : {}),
    status,
    createdAt: d.createdAt.toISOString(),
    slotsLeft: status === "open" ? Math.max(0, DEMAND_TAKE_SLOTS - live.length) : 0,
    takes: own.sort((a, b) => a.slotNo - b.slotNo).map((t) => presentTake(t, bankNames, now)),
  };
}

async function presentMany(demands: LoanDemand[], viewer: Viewer, now: Date): Promise<TLoanDemand[]> {
  const takes = demands.length ? await DemandTakeModel.find({ demandId: { $in: demands.map((d) => d._id) } }).lean<DemandTake[]>() : [];
  const names = await bankNamesOf(takes);
  const byDemand = new Map<string, DemandTake[]>();
  for (const t of takes) {
    const list = byDemand.get(t.demandId.toHexString());
    if (list) list.push(t);
    else byDemand.set(t.demandId.toHexString(), [t]);
  }
  return demands.map((d) => presentDemand(d, byDemand.get(d._id.toHexString()) ?? [], names, viewer, now));
}

export function createDemandService(deps: DemandDeps) {
  const clock = deps.now ?? (() => new Date());

  function enterpriseSubject(actor: Actor): Types.ObjectId {
    if (actor.role !== "enterprise") throw new AppError("FORBIDDEN", "融资需求仅限企业发布，请先切换为企业身份");
    if (!actor.subjectId) throw new AppError("SUBJECT_NOT_BOUND");
    return new Types.ObjectId(actor.subjectId);
  }

  async function ownDemand(actor: Actor, demandId: string): Promise<LoanDemand> {
    if (!actor.subjectId || !Types.ObjectId.isValid(demandId)) throw notFound();
    const demand = await LoanDemandModel.findOne({ _id: demandId, subjectId: new Types.ObjectId(actor.subjectId) }).lean<LoanDemand>();
    if (!demand) throw notFound();
    return demand;
  }

  async function presentOne(demand: LoanDemand, viewer: Viewer): Promise<TLoanDemand> {
    return (await presentMany([demand], viewer, clock()))[0]!;
  }

  /** The shortest first-response promise among the bank's published products: the pace it can answer at. */
  async function answerDays(bankPartnerId: Types.ObjectId): Promise<number> {
    const products = await LoanProductModel.find({ bankPartnerId, status: "published" }, { responseDays: 1 }).lean();
    return products.length ? Math.min(...products.map((p) => p.responseDays)) : DEFAULT_ANSWER_DAYS;
  }

  /**
   * Inserts the bank's take under a free slot, or under the slot of a take that lapsed (deleted
   * first, conditioned on its still being unanswered). A duplicate key is either the slot (another
   * bank was faster: try the next) or this bank's second take (one per bank): the re-read tells.
   */
  async function insertTake(demand: LoanDemand, bank: BankStaff, takenBy: Types.ObjectId, now: Date, answerDueAt: Date): Promise<DemandTake> {
    const bankPartnerId = bank.partnerId;
    for (let round = 0; round < DEMAND_TAKE_SLOTS + 1; round++) {
      const takes = await DemandTakeModel.find({ demandId: demand._id }).lean<DemandTake[]>();
      if (takes.some((t) => t.bankPartnerId.equals(bankPartnerId))) throw new AppError("LOAN_DEMAND_ALREADY_TAKEN");
      const used = new Set(takes.map((t) => t.slotNo));
      let candidates = Array.from({ length: DEMAND_TAKE_SLOTS }, (_, i) => i + 1).filter((n) => !used.has(n));
      if (candidates.length === 0) {
        for (const stale of takes.filter((t) => isLapsed(t, now, LAPSE_GRACE_MS))) {
          // An answer written just before the deadline whose take update is still on its way keeps the slot.
          if (await DemandAnswerModel.exists({ _id: stale._id })) continue;
          const freed = await DemandTakeModel.deleteOne({ _id: stale._id, status: "taken", bankPartnerId: stale.bankPartnerId, takenAt: stale.takenAt });
          if (freed.deletedCount === 1) {
            candidates = [stale.slotNo];
            break;
          }
        }
        if (candidates.length === 0) throw new AppError("LOAN_DEMAND_FULL");
      }
      for (const slotNo of candidates) {
        try {
          const created = await DemandTakeModel.create({ _id: `${demand._id.toHexString()}:${slotNo}`, demandId: demand._id, slotNo, bankPartnerId, takenBy, takenAt: now, answerDueAt, status: "taken" });
          return created.toObject() as DemandTake;
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err;
          if (await DemandTakeModel.exists({ demandId: demand._id, bankPartnerId })) throw new AppError("LOAN_DEMAND_ALREADY_TAKEN");
        }
      }
    }
    throw new AppError("LOAN_DEMAND_FULL");
  }

  return {
    async publish(actor: Actor, input: DemandRequest, idempotencyKey: string): Promise<TLoanDemand> {
      const subjectId = enterpriseSubject(actor);
      const now = clock();
      const day = beijingDate(new Date(input.consent.validUntil));
      const validUntil = endOfBeijingDay(day);
      if (day <= beijingDate(now) || validUntil.getTime() - now.getTime() > MAX_GRANT_MS) {
        const message = "授权截止日期须在今天之后、一年之内";
        throw new AppError("VALIDATION_FAILED", message, { issues: [{ path: "body.consent.validUntil", message }] });
      }
      await assertSensitiveConsent(actor.userId);
      const subject = await SubjectModel.findById(subjectId).lean();
      if (!subject || subject.kind !== "enterprise") throw new AppError("FORBIDDEN", "融资需求仅限企业发布，请先切换为企业身份");
      const standing = await SubjectStandingModel.findById(subjectId, { grade: 1 }).lean();

      const id = demandIdFor(actor.userId, idempotencyKey);
      try {
        await LoanDemandModel.create({
          _id: id,
          subjectId,
          enterpriseName: subject.name,
          applicantKind: applicantKindOf(subject),
          createdBy: new Types.ObjectId(actor.userId),
          prefectureCode: subject.prefectureCode,
          amountWan: input.amountWan,
          termMonths: input.termMonths,
          purpose: input.purpose,
          guaranteeModes: input.guaranteeModes,
          contactName: input.contactName,
          contactPhone: input.contactPhone,
          ...(standing?.grade ? { gradeAtPublication: standing.grade } : {}),
          consentValidUntil: validUntil,
          status: "open",
          idempotencyKey,
        });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const earlier = await LoanDemandModel.findById(id).lean<LoanDemand>();
        if (!earlier || !sameRequest(earlier, input, validUntil, subjectId)) {
          throw idempotencyKeyReused();
        }
        return presentOne(earlier, { kind: "enterprise" });
      }
      await audit(actor, { action: "loan_demand.publish", target: `loan_demand:${id.toHexString()}`, details: { amountWan: input.amountWan, termMonths: input.termMonths, consentValidUntil: validUntil.toISOString() } });
      return presentOne((await LoanDemandModel.findById(id).lean<LoanDemand>())!, { kind: "enterprise" });
    },

    /** The demands of the subject this session acts for, with every bank's take. */
    async mine(actor: Actor): Promise<TLoanDemand[]> {
      if (!actor.subjectId) return [];
      const demands = await LoanDemandModel.find({ subjectId: new Types.ObjectId(actor.subjectId) }).sort({ createdAt: -1 }).limit(MINE_LIMIT).lean<LoanDemand[]>();
      return presentMany(demands, { kind: "enterprise" }, clock());
    },

    async withdraw(actor: Actor, demandId: string): Promise<TLoanDemand> {
      const demand = await ownDemand(actor, demandId);
      const now = clock();
      if (demandStatus(demand, now) !== "open") throw new AppError("LOAN_DEMAND_CLOSED");
      try {
        await DemandChoiceModel.create({ _id: demand._id, takeId: WITHDRAWN_CHOICE, at: now });
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new AppError("LOAN_DEMAND_CLOSED");
        throw err;
      }
      await LoanDemandModel.updateOne({ _id: demand._id }, { $set: { status: "withdrawn" } });
      await audit(actor, { action: "loan_demand.withdraw", target: `loan_demand:${demandId}` });
      return presentOne((await LoanDemandModel.findById(demand._id).lean<LoanDemand>())!, { kind: "enterprise" });
    },

    /** The bank's board: open demands of its service area (contact masked until taken) and every demand it took. */
    async board(actor: Actor): Promise<TLoanDemand[]> {
      const bank = await requireBankStaff(actor);
      const now = clock();
      const bankPartnerId = bank.partnerId;
      const area = bank.partner.provinceWide ? {} : { prefectureCode: { $in: bank.partner.prefectureCodes } };
      const [open, ownTakes] = await Promise.all([
        LoanDemandModel.find({ ...area, status: "open", consentValidUntil: { $gt: now } }).sort({ createdAt: -1 }).limit(BOARD_LIMIT).lean<LoanDemand[]>(),
        DemandTakeModel.find({ bankPartnerId }, { demandId: 1 }).sort({ takenAt: -1 }).limit(BOARD_LIMIT).lean(),
      ]);
      const seen = new Set(open.map((d) => d._id.toHexString()));
      const missing = ownTakes.map((t) => t.demandId).filter((id) => !seen.has(id.toHexString()));
      const taken = missing.length ? await LoanDemandModel.find({ _id: { $in: missing } }).lean<LoanDemand[]>() : [];
      const all = [...open, ...taken].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      return presentMany(all, { kind: "bank", bankPartnerId: bank.partnerId.toHexString() }, now);
    },

    /**
     * A bank takes a demand of its area. Its answer is due within its shortest promise (working
     * days); the enterprise's consent given at publication covers banks that take the demand, so
     * the take records a loan-review grant for this bank under that consent.
     */
    async take(actor: Actor, demandId: string): Promise<TLoanDemand> {
      const bank = await requireBankStaff(actor);
      const now = clock();
      if (!Types.ObjectId.isValid(demandId)) throw notFound();
      const demand = await LoanDemandModel.findById(demandId).lean<LoanDemand>();
      const bankPartnerId = bank.partnerId;
      const own = demand ? await DemandTakeModel.exists({ demandId: demand._id, bankPartnerId }) : null;
      if (!demand || (!inArea(bank, demand) && !own)) throw notFound();
      if (own) throw new AppError("LOAN_DEMAND_ALREADY_TAKEN");
      if (demandStatus(demand, now) !== "open" || (await DemandChoiceModel.exists({ _id: demand._id }))) throw new AppError("LOAN_DEMAND_CLOSED");

      const answerDueAt = addWorkingDays(now, await answerDays(bankPartnerId), await deps.calendar.current());
      const take = await insertTake(demand, bank, bank.userId, now, answerDueAt);
      const release = () => DemandTakeModel.deleteOne({ _id: take._id, bankPartnerId, takenAt: take.takenAt });
      // An acceptance or withdrawal that landed while we were inserting closes the demand for us too.
      if (await DemandChoiceModel.exists({ _id: demand._id })) {
        await release();
        throw new AppError("LOAN_DEMAND_CLOSED");
      }
      try {
        // The grant is the enterprise's (given at publication), for this bank, until the demand's consent ends.
        const grantor: Actor = { userId: demand.createdBy.toHexString(), role: "enterprise", subjectId: demand.subjectId.toHexString() };
        await deps.consent.grant(grantor, { partnerId: bank.partnerId.toHexString(), purpose: "loan_review", validUntil: beijingDate(demand.consentValidUntil) });
      } catch (err) {
        await release();
        // The publisher withdrew the sensitive-information consent since: the demand's consent no longer stands.
        if (err instanceof AppError && err.code === "PRIVACY_CONSENT_REQUIRED") throw new AppError("LOAN_DEMAND_CLOSED", "该企业已撤回授权，融资需求已结束对接");
        throw err;
      }
      await audit(actor, { action: "loan_demand.take", target: `loan_demand:${demandId}`, details: { slotNo: take.slotNo, answerDueAt: answerDueAt.toISOString() } });
      return presentOne(demand, { kind: "bank", bankPartnerId: bank.partnerId.toHexString() });
    },

    /** The bank's answer to its take: an offer or a decline, before its deadline; the first answer stands. */
    async answer(actor: Actor, demandId: string, request: AnswerRequest): Promise<TLoanDemand> {
      const bank = await requireBankStaff(actor);
      const now = clock();
      if (!Types.ObjectId.isValid(demandId)) throw notFound();
      const bankPartnerId = bank.partnerId;
      const take = await DemandTakeModel.findOne({ demandId: new Types.ObjectId(demandId), bankPartnerId }).lean<DemandTake>();
      const demand = take ? await LoanDemandModel.findById(demandId).lean<LoanDemand>() : null;
      if (!take || !demand) throw notFound();
      if (demandStatus(demand, now) !== "open" || (await DemandChoiceModel.exists({ _id: demand._id }))) throw new AppError("LOAN_DEMAND_CLOSED");
      if (isLapsed(take, now)) throw new AppError("LOAN_DEMAND_CLOSED", "答复期限已过，该需求已释放给其他银行");
      if (take.status !== "taken") throw new AppError("LOAN_TRANSITION_INVALID", "本行已答复过该融资需求");
      if (request.answer === "offer" && new Date(request.offer.validUntil).getTime() <= now.getTime()) {
        throw new AppError("VALIDATION_FAILED", "报价有效期须晚于现在", { issues: [{ path: "body.offer.validUntil", message: "报价有效期须晚于现在" }] });
      }

      try {
        await DemandAnswerModel.create({ _id: take._id, answer: request.answer, at: now });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const earlier = await DemandAnswerModel.findById(take._id).lean();
        const current = await DemandTakeModel.findById(take._id, { status: 1 }).lean();
        // Only a first writer that never finished (the take still unanswered, long after) is taken over.
        const abandoned = earlier && current?.status === "taken" && earlier.answer === request.answer && now.getTime() - earlier.at.getTime() > ABANDONED_MS;
        if (!abandoned) throw new AppError("LOAN_TRANSITION_INVALID", "本行已答复过该融资需求");
      }
      const set =
        request.answer === "offer"
          ? { status: "offered", offer: { ...request.offer, note: request.offer.note, validUntil: new Date(request.offer.validUntil) }, answeredAt: now }
          : { status: "declined", decline: { reason: request.reason, text: request.text }, answeredAt: now };
      const updated = await DemandTakeModel.updateOne({ _id: take._id, bankPartnerId, takenAt: take.takenAt }, { $set: set });
      if (updated.matchedCount === 0) {
        // The take lapsed and was retaken between our check and our answer: the answer is not ours to keep.
        await DemandAnswerModel.deleteOne({ _id: take._id, at: now });
        throw new AppError("LOAN_DEMAND_CLOSED", "答复期限已过，该需求已释放给其他银行");
      }
      await audit(actor, { action: `loan_demand.${request.answer}`, target: `loan_demand:${demandId}`, details: { takeId: take._id } });
      return presentOne(demand, { kind: "bank", bankPartnerId: bank.partnerId.toHexString() });
    },

    /**
     * The enterprise accepts one offer: the choice is an insert under the demand id (a second
     * acceptance, or one racing a withdrawal, finds it taken), then the offer becomes an
     * application with that bank, and the other banks' takes are not chosen.
     */
    async accept(actor: Actor, demandId: string, takeId: string): Promise<TLoanApplication> {
      const demand = await ownDemand(actor, demandId);
      const now = clock();
      const take = await DemandTakeModel.findOne({ _id: takeId, demandId: demand._id }).lean<DemandTake>();
      if (!take) throw new AppError("NOT_FOUND", "该银行接单不存在");
      if (demandStatus(demand, now) !== "open") throw new AppError("LOAN_DEMAND_CLOSED");
      if (take.status !== "offered" || !take.offer?.validUntil) throw new AppError("LOAN_TRANSITION_INVALID", "只能选择银行已报价的接单");
      if (take.offer.validUntil.getTime() <= now.getTime()) throw new AppError("LOAN_TRANSITION_INVALID", "该报价已过有效期");
      try {
        await DemandChoiceModel.create({ _id: demand._id, takeId: take._id, at: now });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const earlier = await DemandChoiceModel.findById(demand._id).lean();
        // The same choice left unfinished by a request that died is completed; anything else was decided before.
        const abandoned = earlier?.takeId === take._id && !take.applicationId && now.getTime() - earlier.at.getTime() > ABANDONED_MS;
        if (!abandoned) throw new AppError("LOAN_DEMAND_CLOSED");
      }
      const application = await deps.applications.createFromDemandOffer({ demand, take, acceptedBy: actor });
      await DemandTakeModel.updateOne({ _id: take._id }, { $set: { status: "accepted", applicationId: new Types.ObjectId(application.id) } });
      await DemandTakeModel.updateMany({ demandId: demand._id, _id: { $ne: take._id }, status: { $in: ["taken", "offered"] } }, { $set: { status: "not_chosen" } });
      await LoanDemandModel.updateOne({ _id: demand._id }, { $set: { status: "matched" } });
      await audit(actor, { action: "loan_demand.accept", target: `loan_demand:${demandId}`, details: { takeId: take._id, applicationId: application.id } });
      return application;
    },
  };
}

export type DemandService = ReturnType<typeof createDemandService>;
