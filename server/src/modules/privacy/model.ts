import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { PRIVACY_DOCUMENT_KINDS } from "@xinyi/shared";

/** A published version of a document; the highest version of a kind is the current one. */
const privacyDocumentSchema = new Schema({
  kind: { type: String, enum: PRIVACY_DOCUMENT_KINDS, required: true },
  version: { type: Number, required: true },
  title: { type: String, required: true },
  text: { type: String, required: true },
  publishedAt: { type: Date, required: true },
});
privacyDocumentSchema.index({ kind: 1, version: 1 }, { unique: true });
export type PrivacyDocument = InferSchemaType<typeof privacyDocumentSchema> & { _id: Types.ObjectId };
export const PrivacyDocumentModel = mongoose.model("PrivacyDocument", privacyDocumentSchema, "privacy_documents");

/**
 * Every acceptance and withdrawal, inserted and never changed: the proof that processing
 * rested on consent (PIPL art. 14). The latest event of a kind is the account's state. Kept
 * after account closure (userId then points at the closed account's tombstone).
 */
const privacyConsentEventSchema = new Schema({
  userId: { type: Schema.Types.ObjectId, required: true },
  kind: { type: String, enum: PRIVACY_DOCUMENT_KINDS, required: true },
  version: { type: Number, required: true },
  action: { type: String, enum: ["accept", "withdraw"], required: true },
  at: { type: Date, required: true },
  ip: { type: String },
  userAgent: { type: String },
  /** For withdrawals made by closing the account. */
  reason: { type: String },
});
privacyConsentEventSchema.index({ userId: 1, at: -1 });
export type PrivacyConsentEvent = InferSchemaType<typeof privacyConsentEventSchema> & { _id: Types.ObjectId };
export const PrivacyConsentEventModel = mongoose.model("PrivacyConsentEvent", privacyConsentEventSchema, "privacy_consent_events");

/** One per closed account (_id is the user id): a second closure request finds it and changes nothing. */
const accountClosureSchema = new Schema({
  _id: { type: Schema.Types.ObjectId },
  at: { type: Date, required: true },
  ip: { type: String },
  userAgent: { type: String },
});
export const AccountClosureModel = mongoose.model("AccountClosure", accountClosureSchema, "account_closures");
