import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import {
  DEMAND_TAKE_STATUSES,
  GUARANTEE_MODES,
  LOAN_APPLICANT_KINDS,
  LOAN_APPLICATION_STATUSES,
  LOAN_DEMAND_STATUSES,
  LOAN_PRODUCT_STATUSES,
  LOAN_REJECTION_REASONS,
  PREFECTURE_CODES,
  REPAYMENT_MODES,
} from "@xinyi/shared";

/**
 * 信易贷 in the store. As everywhere, the guarantees are inserts under unique keys
 * (FerretDB gives no atomic read-modify-write): a version event per change, one
 * open-application slot per product and subject, three take slots per demand.
 */

const range = { min: { type: Number, required: true }, max: { type: Number, required: true } };

const loanProductSchema = new Schema(
  {
    bankPartnerId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    description: { type: String, default: "" },
    guaranteeModes: { type: [{ type: String, enum: GUARANTEE_MODES }], required: true },
    applicantKinds: { type: [{ type: String, enum: LOAN_APPLICANT_KINDS }], required: true },
    amountWan: range,
    termMonths: range,
    annualRate: range,
    repaymentModes: { type: [{ type: String, enum: REPAYMENT_MODES }], required: true },
    provinceWide: { type: Boolean, default: false },
    prefectureCodes: { type: [{ type: String, enum: PREFECTURE_CODES }], default: [] },
    rule: { type: Schema.Types.Mixed, required: true },
    gradeTiers: { type: Schema.Types.Mixed, default: [] },
    materials: { type: [String], default: [] },
    responseDays: { type: Number, required: true },
    status: { type: String, enum: LOAN_PRODUCT_STATUSES, required: true },
    version: { type: Number, required: true },
    rejectionReason: { type: String },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    publishedAt: { type: Date },
  },
  { timestamps: true },
);
loanProductSchema.index({ status: 1 });
loanProductSchema.index({ bankPartnerId: 1 });
export type LoanProduct = InferSchemaType<typeof loanProductSchema> & { _id: Types.ObjectId; createdAt: Date };
export const LoanProductModel = mongoose.model("LoanProduct", loanProductSchema, "loan_products");

/** Every version of a product; (productId, version) unique decides between concurrent writers. */
const loanProductEventSchema = new Schema({
  productId: { type: Schema.Types.ObjectId, required: true },
  version: { type: Number, required: true },
  kind: { type: String, enum: ["create", "edit", "transition"], required: true },
  from: { type: String, enum: LOAN_PRODUCT_STATUSES },
  to: { type: String, enum: LOAN_PRODUCT_STATUSES, required: true },
  reason: { type: String },
  actorId: { type: String, required: true },
  actorRole: { type: String, required: true },
  snapshot: { type: Schema.Types.Mixed },
  at: { type: Date, required: true },
});
loanProductEventSchema.index({ productId: 1, version: 1 }, { unique: true });
export const LoanProductEventModel = mongoose.model("LoanProductEvent", loanProductEventSchema, "loan_product_events");

const loanApplicationSchema = new Schema(
  {
    /** Absent for an application that came from an accepted offer on a financing demand. */
    productId: { type: Schema.Types.ObjectId },
    productName: { type: String, required: true },
    bankPartnerId: { type: Schema.Types.ObjectId, required: true },
    source: { type: String, enum: ["product", "demand"], required: true },
    demandId: { type: Schema.Types.ObjectId },
    subjectId: { type: Schema.Types.ObjectId, required: true },
    applicantKind: { type: String, enum: LOAN_APPLICANT_KINDS, required: true },
    /** Enterprise name in full; a citizen's name masked (the bank reads the full name in the report, under consent). */
    applicantName: { type: String, required: true },
    applicantUserId: { type: Schema.Types.ObjectId, required: true },
    prefectureCode: { type: String, enum: PREFECTURE_CODES, required: true },
    amountWan: { type: Number, required: true },
    termMonths: { type: Number, required: true },
    purpose: { type: String, required: true },
    repaymentMode: { type: String, enum: REPAYMENT_MODES },
    contactName: { type: String, required: true },
    contactPhone: { type: String, required: true },
    status: { type: String, enum: LOAN_APPLICATION_STATUSES, required: true },
    version: { type: Number, required: true },
    gradeAtApplication: { type: String },
    scoreAtApplication: { type: Number },
    indicativeTerms: { type: Schema.Types.Mixed },
    consentGrantId: { type: Schema.Types.ObjectId, required: true },
    consentValidUntil: { type: Date, required: true },
    idempotencyKey: { type: String },
    submittedAt: { type: Date, required: true },
    responseDays: { type: Number, required: true },
    responseDueAt: { type: Date, required: true },
    firstResponseAt: { type: Date },
    assignedOfficerId: { type: Schema.Types.ObjectId },
    approved: { amountWan: Number, annualRate: Number, termMonths: Number, offerValidUntil: Date },
    rejection: { reason: { type: String, enum: LOAN_REJECTION_REASONS }, text: String },
    disbursed: { amountWan: Number, date: Date },
    firstLoan: { type: Boolean, default: false },
    decidedAt: { type: Date },
  },
  { timestamps: true },
);
loanApplicationSchema.index({ bankPartnerId: 1, status: 1, submittedAt: -1 });
loanApplicationSchema.index({ subjectId: 1, submittedAt: -1 });
loanApplicationSchema.index({ prefectureCode: 1, submittedAt: -1 });
export type LoanApplication = InferSchemaType<typeof loanApplicationSchema> & { _id: Types.ObjectId; createdAt: Date };
export const LoanApplicationModel = mongoose.model("LoanApplication", loanApplicationSchema, "loan_applications");

/**
 * Every change of an application (submit, assign, each transition) is an insert under
 * (applicationId, version): of two officers deciding at once, one wins, the other gets 409.
 * The events are the applicant's timeline.
 */
const loanApplicationEventSchema = new Schema({
  applicationId: { type: Schema.Types.ObjectId, required: true },
  version: { type: Number, required: true },
  action: { type: String, required: true },
  from: { type: String, enum: LOAN_APPLICATION_STATUSES },
  to: { type: String, enum: LOAN_APPLICATION_STATUSES, required: true },
  actorId: { type: Schema.Types.ObjectId, required: true },
  actorRole: { type: String, required: true },
  actorLabel: { type: String, required: true },
  note: { type: String },
  /** The fields the change set, for the record. */
  set: { type: Schema.Types.Mixed },
  at: { type: Date, required: true },
});
loanApplicationEventSchema.index({ applicationId: 1, version: 1 }, { unique: true });
// The message center turns new events into notices, reading them in order of time.
loanApplicationEventSchema.index({ at: 1 });
export const LoanApplicationEventModel = mongoose.model("LoanApplicationEvent", loanApplicationEventSchema, "loan_application_events");

/**
 * One open application per product (or demand) and subject: `_id` = `${productId|demandId}:${subjectId}`.
 * Deleted when the application leaves the open statuses; a slot whose application is no longer
 * open (a crash between the two writes) is cleared by the next applicant.
 */
const openApplicationSlotSchema = new Schema({
  _id: { type: String },
  applicationId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
});
export const OpenApplicationSlotModel = mongoose.model("OpenApplicationSlot", openApplicationSlotSchema, "loan_open_slots");

/** The first disbursement to a subject on the platform (首贷): `_id` = subjectId, the insert decides. */
const firstLoanSchema = new Schema({ _id: { type: Schema.Types.ObjectId }, applicationId: { type: Schema.Types.ObjectId, required: true }, at: { type: Date, required: true } });
export const FirstLoanModel = mongoose.model("FirstLoan", firstLoanSchema, "loan_first_loans");

const loanDemandSchema = new Schema(
  {
    subjectId: { type: Schema.Types.ObjectId, required: true },
    enterpriseName: { type: String, required: true },
    applicantKind: { type: String, enum: LOAN_APPLICANT_KINDS, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    prefectureCode: { type: String, enum: PREFECTURE_CODES, required: true },
    amountWan: { type: Number, required: true },
    termMonths: { type: Number, required: true },
    purpose: { type: String, required: true },
    guaranteeModes: { type: [{ type: String, enum: GUARANTEE_MODES }], required: true },
    contactName: { type: String, required: true },
    contactPhone: { type: String, required: true },
    gradeAtPublication: { type: String },
    consentValidUntil: { type: Date, required: true },
    status: { type: String, enum: LOAN_DEMAND_STATUSES, required: true },
    idempotencyKey: { type: String },
  },
  { timestamps: true },
);
loanDemandSchema.index({ prefectureCode: 1, status: 1, createdAt: -1 });
loanDemandSchema.index({ subjectId: 1, createdAt: -1 });
export type LoanDemand = InferSchemaType<typeof loanDemandSchema> & { _id: Types.ObjectId; createdAt: Date };
export const LoanDemandModel = mongoose.model("LoanDemand", loanDemandSchema, "loan_demands");

/**
 * A bank taking a demand: `_id` = `${demandId}:${slotNo}` for slot 1..3, and (demandId, bankPartnerId)
 * unique, so one insert keeps both "at most three banks" and "each bank once". A take not answered
 * by `answerDueAt` has lapsed: the next bank may delete it (conditioned on its status) and take the slot.
 */
const demandTakeSchema = new Schema({
  _id: { type: String },
  demandId: { type: Schema.Types.ObjectId, required: true },
  slotNo: { type: Number, required: true },
  bankPartnerId: { type: Schema.Types.ObjectId, required: true },
  takenBy: { type: Schema.Types.ObjectId, required: true },
  takenAt: { type: Date, required: true },
  answerDueAt: { type: Date, required: true },
  status: { type: String, enum: DEMAND_TAKE_STATUSES, required: true },
  offer: { amountWan: Number, annualRate: Number, termMonths: Number, validUntil: Date, note: String },
  decline: { reason: { type: String, enum: LOAN_REJECTION_REASONS }, text: String },
  answeredAt: { type: Date },
  applicationId: { type: Schema.Types.ObjectId },
});
demandTakeSchema.index({ demandId: 1, bankPartnerId: 1 }, { unique: true });
export type DemandTake = InferSchemaType<typeof demandTakeSchema> & { _id: string };
export const DemandTakeModel = mongoose.model("DemandTake", demandTakeSchema, "loan_demand_takes");

/** Answers to a take are inserts too: `_id` = take id; the first answer stands. */
const demandAnswerSchema = new Schema({ _id: { type: String }, answer: { type: String, enum: ["offer", "decline"], required: true }, at: { type: Date, required: true } });
export const DemandAnswerModel = mongoose.model("DemandAnswer", demandAnswerSchema, "loan_demand_answers");

/** The enterprise's choice of one offer: `_id` = demandId; the insert decides. */
const demandChoiceSchema = new Schema({ _id: { type: Schema.Types.ObjectId }, takeId: { type: String, required: true }, at: { type: Date, required: true } });
export const DemandChoiceModel = mongoose.model("DemandChoice", demandChoiceSchema, "loan_demand_choices");

/** The administrators' holiday list: `_id` = yyyy-mm-dd. */
const calendarDaySchema = new Schema({ _id: { type: String }, kind: { type: String, enum: ["holiday", "workday"], required: true }, name: { type: String, required: true } });
export const CalendarDayModel = mongoose.model("CalendarDay", calendarDaySchema, "calendar_days");

/**
 * A first response that came (or is) past the promise, noticed once: `_id` = applicationId, the insert
 * decides, so the audit entry for the prefecture is written once however many screens show the flag.
 */
const loanOverdueNoticeSchema = new Schema({ _id: { type: Schema.Types.ObjectId }, at: { type: Date, required: true } });
export const LoanOverdueNoticeModel = mongoose.model("LoanOverdueNotice", loanOverdueNoticeSchema, "loan_overdue_notices");
