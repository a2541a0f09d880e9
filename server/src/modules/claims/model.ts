import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { BENEFIT_CATEGORIES, CLAIM_STATUSES } from "@xinyi/shared";

/**
 * Quota seats: a scenario with quota N has seats 1..N; a claim holds one. The id
 * "<scenarioId>:<seatNo>" is unique, and that is what makes overselling impossible,
 * on FerretDB and MongoDB alike, whatever Redis says. (Ids rather than a compound
 * index: the embedded store looks documents up quickly by id only.)
 */
export const seatId = (scenarioId: Types.ObjectId, seatNo: number) => `${scenarioId.toHexString()}:${seatNo}`;
const quotaSeatSchema = new Schema({
  _id: { type: String },
  scenarioId: { type: Schema.Types.ObjectId, required: true },
  seatNo: { type: Number, required: true },
  claimId: { type: Schema.Types.ObjectId, required: true },
  takenAt: { type: Date, required: true },
});
quotaSeatSchema.index({ scenarioId: 1 });
export const QuotaSeatModel = mongoose.model("QuotaSeat", quotaSeatSchema, "quota_seats");

/**
 * Per-subject limits: slots 1..K per (scenario, subject, period), id
 * "<scenarioId>:<subjectId>:<period>:<slotNo>". The period "all" holds the total
 * limit; "D:2026-11-27", "W:2026-48" or "M:2026-11" the limit per day, week or
 * month (Beijing time). A cancelled claim gives its slots back.
 */
export const slotId = (scenarioId: Types.ObjectId, subjectId: Types.ObjectId, periodKey: string, slotNo: number) =>
  `${scenarioId.toHexString()}:${subjectId.toHexString()}:${periodKey}:${slotNo}`;
const subjectSlotSchema = new Schema({
  _id: { type: String },
  scenarioId: { type: Schema.Types.ObjectId, required: true },
  subjectId: { type: Schema.Types.ObjectId, required: true },
  periodKey: { type: String, required: true },
  slotNo: { type: Number, required: true },
  claimId: { type: Schema.Types.ObjectId, required: true },
  takenAt: { type: Date, required: true },
});
subjectSlotSchema.index({ claimId: 1 });
export const SubjectSlotModel = mongoose.model("SubjectSlot", subjectSlotSchema, "subject_slots");

/** A claim is also the voucher shown at the counter. */
const claimSchema = new Schema({
  scenarioId: { type: Schema.Types.ObjectId, required: true },
  /** The credit subject (citizen or enterprise) the claim counts against. */
  subjectId: { type: Schema.Types.ObjectId, required: true },
  /** The account that made the claim. */
  userId: { type: Schema.Types.ObjectId, required: true },
  scenarioTitle: { type: String, required: true },
  category: { type: String, enum: BENEFIT_CATEGORIES, required: true },
  /**
   * The benefit as granted at claim time, with the grade it was granted for and that
   * tier's discount: a later grade change or scenario edit does not change a voucher.
   */
  benefit: { type: String, required: true },
  benefitGrade: { type: String },
  discountPercent: { type: Number },
  /** Masked (张**): what a counter may see of the holder. */
  holderName: { type: String, required: true },
  ownerPartnerId: { type: Schema.Types.ObjectId },
  seatNo: { type: Number, required: true },
  ruleVersion: { type: Number, required: true },
  shortCode: { type: String, required: true, unique: true },
  status: { type: String, enum: CLAIM_STATUSES, required: true },
  idempotencyKey: { type: String },
  claimedAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  redeemedAt: { type: Date },
  cancelledAt: { type: Date },
});
claimSchema.index({ subjectId: 1, claimedAt: -1 });
claimSchema.index({ scenarioId: 1 });
// The message center's reminder of vouchers about to expire reads by these every minute.
claimSchema.index({ status: 1, expiresAt: 1 });

export type Claim = InferSchemaType<typeof claimSchema> & { _id: Types.ObjectId };
export const ClaimModel = mongoose.model("Claim", claimSchema, "claims");

/**
 * A voucher's one final outcome: redeemed or cancelled. _id is the claim id, so of
 * two counters redeeming at once, or a redemption racing a cancellation, exactly
 * one wins. The operator, time and place of a redemption are recorded here.
 */
const voucherOutcomeSchema = new Schema({
  _id: { type: Schema.Types.ObjectId },
  outcome: { type: String, enum: ["redeemed", "cancelled"], required: true },
  at: { type: Date, required: true },
  by: { type: String, required: true },
  partnerId: { type: Schema.Types.ObjectId },
  place: { type: String },
});
export type VoucherOutcome = InferSchemaType<typeof voucherOutcomeSchema> & { _id: Types.ObjectId };
export const VoucherOutcomeModel = mongoose.model("VoucherOutcome", voucherOutcomeSchema, "voucher_outcomes");
