import mongoose, { Schema, type InferSchemaType } from "mongoose";
import { PARTNER_KINDS, PREFECTURE_CODES } from "@xinyi/shared";

/** A partner organisation (bank, tourism, rental, transport, agency) whose operators use the console. */
const partnerSchema = new Schema(
  {
    name: { type: String, required: true, unique: true },
    kind: { type: String, enum: PARTNER_KINDS, required: true },
    prefectureCodes: { type: [{ type: String, enum: PREFECTURE_CODES }], required: true },
    status: { type: String, enum: ["pending", "approved"], required: true },
  },
  { timestamps: true },
);
export type Partner = InferSchemaType<typeof partnerSchema>;
export const PartnerModel = mongoose.model("Partner", partnerSchema, "partners");
