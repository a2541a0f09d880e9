import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { BENEFIT_CATEGORIES, CLAIM_STATUSES } from "@xinyi/shared";

/**
 * Quota seats: a scenario with quota N has seats 1..N; a claim holds one. The
 * unique (scenarioId, seatNo) index is what makes overselling impossible, on
 * FerretDB and MongoDB alike, whatever Redis says.
 */
const quotaSeatSchema = new Schema({
  scenarioId: { type: Schema.Types.ObjectId, required: true },
  seatNo: { type: Number, required: true },
  claimId: { type: Schema.Types.ObjectId, required: true },
  takenAt: { type: Date, required: true },
});
quotaSeatSchema.index({ scenarioId: 1, seatNo: 1 }, { unique: true });
export const QuotaSeatModel = mongoose.model("QuotaSeat", quotaSeatSchema, "quota_seats");

/**
 * Per-subject limit: slots 1..K per (scenario, subject, period). With limit 1 and
 * the period "all", a subject can hold one claim of a scenario, ever.
 */
const subjectSlotSchema = new Schema({
  scenarioId: { type: Schema.Types.ObjectId, required: true },
  subjectId: { type: Schema.Types.ObjectId, required: true },
  periodKey: { type: String, required: true },
  slotNo: { type: Number, required: true },
  claimId: { type: Schema.Types.ObjectId, required: true },
  takenAt: { type: Date, required: true },
});
subjectSlotSchema.index({ scenarioId: 1, subjectId: 1, periodKey: 1, slotNo: 1 }, { unique: true });
export const SubjectSlotModel = mongoose.model("SubjectSlot", subjectSlotSchema, "subject_slots");

const claimSchema = new Schema({
  scenarioId: { type: Schema.Types.ObjectId, required: true },
  /** The credit subject (citizen or enterprise) the claim counts against. */
  subjectId: { type: Schema.Types.ObjectId, required: true },
  /** The account that made the claim. */
  userId: { type: Schema.Types.ObjectId, required: true },
  scenarioTitle: { type: String, required: true },
  category: { type: String, enum: BENEFIT_CATEGORIES, required: true },
  seatNo: { type: Number, required: true },
  status: { type: String, enum: CLAIM_STATUSES, required: true },
  idempotencyKey: { type: String },
  claimedAt: { type: Date, required: true },
});
claimSchema.index({ subjectId: 1, claimedAt: -1 });
claimSchema.index({ userId: 1, idempotencyKey: 1 });
claimSchema.index({ scenarioId: 1 });

export type Claim = InferSchemaType<typeof claimSchema> & { _id: Types.ObjectId };
export const ClaimModel = mongoose.model("Claim", claimSchema, "claims");
