import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";

/** A subject's authorization (授权) for a partner to read their credit report, for a purpose, until a date. */
const consentGrantSchema = new Schema({
  subjectId: { type: Schema.Types.ObjectId, required: true },
  partnerId: { type: Schema.Types.ObjectId, required: true },
  /** One of CONSENT_PURPOSES. */
  purpose: { type: String, required: true },
  /** The free text of a grant made before purposes were a fixed list (see migratePurposes). */
  legacyPurpose: { type: String },
  grantedAt: { type: Date, required: true },
  /** Valid through the end of this day (Beijing time). */
  validUntil: { type: Date, required: true },
  grantedBy: { type: Schema.Types.ObjectId, required: true },
});
consentGrantSchema.index({ subjectId: 1, partnerId: 1 });
consentGrantSchema.index({ grantedBy: 1 });
export type ConsentGrant = InferSchemaType<typeof consentGrantSchema> & { _id: Types.ObjectId };
export const ConsentGrantModel = mongoose.model("ConsentGrant", consentGrantSchema, "consent_grants");

/** Revocation is an insert keyed by the grant: it cannot be lost to a concurrent write. */
const consentRevocationSchema = new Schema({
  _id: { type: Schema.Types.ObjectId },
  at: { type: Date, required: true },
  by: { type: Schema.Types.ObjectId },
  /** Set when the grant ended with the sensitive-information consent or the account, not by the person's revoking it. */
  reason: { type: String },
});
export const ConsentRevocationModel = mongoose.model("ConsentRevocation", consentRevocationSchema, "consent_revocations");

/** Every attempt to read a subject's report, allowed or refused: what the subject sees under 查询记录. */
const reportAccessSchema = new Schema({
  subjectId: { type: Schema.Types.ObjectId, required: true },
  partnerId: { type: Schema.Types.ObjectId, required: true },
  operatorId: { type: Schema.Types.ObjectId, required: true },
  purpose: { type: String, required: true },
  legacyPurpose: { type: String },
  granted: { type: Boolean, required: true },
  grantId: { type: Schema.Types.ObjectId },
  at: { type: Date, required: true },
});
reportAccessSchema.index({ subjectId: 1, at: -1 });
export type ReportAccess = InferSchemaType<typeof reportAccessSchema> & { _id: Types.ObjectId };
export const ReportAccessModel = mongoose.model("ReportAccess", reportAccessSchema, "report_accesses");
