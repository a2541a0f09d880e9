import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { PARTNER_KINDS, PARTNER_STATUSES, PREFECTURE_CODES } from "@xinyi/shared";

/** A partner organisation (bank, tourism, rental, transport, agency) whose operators use the console. */
const partnerSchema = new Schema(
  {
    name: { type: String, required: true, unique: true },
    kind: { type: String, enum: PARTNER_KINDS, required: true },
    provinceWide: { type: Boolean, default: false },
    prefectureCodes: { type: [{ type: String, enum: PREFECTURE_CODES }], required: true },
    status: { type: String, enum: PARTNER_STATUSES, required: true },
    contactName: { type: String, default: "" },
    contactPhone: { type: String, default: "" },
    rejectionReason: { type: String },
    decidedAt: { type: Date },
  },
  { timestamps: true },
);
export type Partner = InferSchemaType<typeof partnerSchema> & { _id: Types.ObjectId; createdAt: Date };
export const PartnerModel = mongoose.model("Partner", partnerSchema, "partners");

/** One decision per application: _id is the partner id, so two administrators cannot both decide. */
const partnerDecisionSchema = new Schema({
  _id: { type: Schema.Types.ObjectId },
  decision: { type: String, enum: ["approve", "reject"], required: true },
  reason: { type: String },
  by: { type: String, required: true },
  at: { type: Date, required: true },
});
export const PartnerDecisionModel = mongoose.model("PartnerDecision", partnerDecisionSchema, "partner_decisions");
