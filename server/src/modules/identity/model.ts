import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { AUTHORITY_KINDS, MANDATE_APPROVERS, MANDATE_LETTER_TYPES, MANDATE_STATUSES, PREFECTURE_CODES } from "@xinyi/shared";

/**
 * An account's authority to act for an enterprise. `_id` is "<userId>:<subjectId>", so
 * holding an enterprise twice is a duplicate key (never read-modify-write), and the
 * check at use is one read by primary key. Ending the authority deletes the document.
 */
const subjectAuthoritySchema = new Schema({
  _id: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  subjectId: { type: Schema.Types.ObjectId, required: true, index: true },
  authority: { type: String, enum: AUTHORITY_KINDS.filter((k) => k !== "self"), required: true },
  /** For agents: the mandate that granted it. */
  mandateId: { type: Schema.Types.ObjectId },
  at: { type: Date, required: true },
});
export type SubjectAuthority = InferSchemaType<typeof subjectAuthoritySchema>;
export const SubjectAuthorityModel = mongoose.model("SubjectAuthority", subjectAuthoritySchema, "subject_authorities");

export function authorityId(userId: string | Types.ObjectId, subjectId: string | Types.ObjectId): string {
  return `${String(userId)}:${String(subjectId)}`;
}

/** A request to act for an enterprise (经办人授权). Status changes are decided by MandateEvent inserts. */
const mandateSchema = new Schema({
  enterpriseId: { type: Schema.Types.ObjectId, required: true, index: true },
  /** Copied from the enterprise so the administrators' queue filters by prefecture. */
  prefectureCode: { type: String, enum: PREFECTURE_CODES, required: true },
  agentUserId: { type: Schema.Types.ObjectId, required: true, index: true },
  agentSubjectId: { type: Schema.Types.ObjectId, required: true },
  approver: { type: String, enum: MANDATE_APPROVERS, required: true },
  status: { type: String, enum: MANDATE_STATUSES, required: true },
  version: { type: Number, required: true },
  note: { type: String },
  hasLetter: { type: Boolean, required: true },
  requestedAt: { type: Date, required: true },
  decidedAt: { type: Date },
  decidedBy: { type: String, enum: ["legal_rep", "administrator", "agent"] },
  reason: { type: String },
});
mandateSchema.index({ prefectureCode: 1, approver: 1, status: 1 });
export type Mandate = InferSchemaType<typeof mandateSchema> & { _id: Types.ObjectId };
export const MandateModel = mongoose.model("Mandate", mandateSchema, "enterprise_mandates");

/** One event per mandate version: the unique (mandateId, version) lets one of two concurrent deciders win. */
const mandateEventSchema = new Schema({
  mandateId: { type: Schema.Types.ObjectId, required: true },
  version: { type: Number, required: true },
  status: { type: String, enum: MANDATE_STATUSES, required: true },
  by: { type: String, enum: ["agent", "legal_rep", "administrator"], required: true },
  actorId: { type: Schema.Types.ObjectId, required: true },
  reason: { type: String },
  at: { type: Date, required: true },
});
mandateEventSchema.index({ mandateId: 1, version: 1 }, { unique: true });
export const MandateEventModel = mongoose.model("MandateEvent", mandateEventSchema, "mandate_events");

/** The uploaded authorization letter; `_id` is the mandate id. Only the case's people read it. */
const mandateLetterSchema = new Schema({
  _id: { type: Schema.Types.ObjectId },
  fileName: { type: String, required: true },
  contentType: { type: String, enum: MANDATE_LETTER_TYPES, required: true },
  data: { type: Buffer, required: true },
  at: { type: Date, required: true },
});
export const MandateLetterModel = mongoose.model("MandateLetter", mandateLetterSchema, "mandate_letters");
