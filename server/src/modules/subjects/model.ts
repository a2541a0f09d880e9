import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { PREFECTURE_CODES, SUBJECT_KINDS } from "@xinyi/shared";

const sealedSchema = new Schema({ kid: String, iv: String, ct: String, tag: String }, { _id: false });

/**
 * A credit subject: a citizen (自然人) or an enterprise (法人/其他组织). Citizens'
 * ID numbers exist here only encrypted (idSealed), as a keyed hash inside `key`,
 * and masked for display. `key` ("C:<hash>" or "E:<USCC>") is unique.
 */
const subjectSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    kind: { type: String, enum: SUBJECT_KINDS, required: true },
    name: { type: String, required: true },
    prefectureCode: { type: String, enum: PREFECTURE_CODES, required: true },
    idSealed: { type: sealedSchema },
    idMasked: { type: String },
    uscc: { type: String },
    /** False for pilot-era codes that fail the GB 32100 checksum. */
    usccValid: { type: Boolean },
    usccReview: { reason: String, by: String, at: Date },
    legalRepName: { type: String },
    legalRepIdHash: { type: String },
    legalRepIdSealed: { type: sealedSchema },
    legalRepIdMasked: { type: String },
    /** Created from an applicant's statement (a mandate request), not registration data; registration data corrects it. */
    applicantStated: { type: Boolean },
  },
  { timestamps: true },
);
subjectSchema.index({ prefectureCode: 1, kind: 1 });
subjectSchema.index({ idMasked: 1 });
subjectSchema.index({ uscc: 1 });
subjectSchema.index({ name: 1 });

export type Subject = InferSchemaType<typeof subjectSchema> & { _id: Types.ObjectId; createdAt: Date };
export const SubjectModel = mongoose.model("Subject", subjectSchema, "subjects");

/** One subject per mini-program account: _id is the user id. */
const accountSubjectSchema = new Schema({ _id: { type: Schema.Types.ObjectId }, subjectId: { type: Schema.Types.ObjectId, required: true }, at: Date });
export const AccountSubjectModel = mongoose.model("AccountSubject", accountSubjectSchema, "account_subjects");

/** One account per citizen subject: _id is the subject id. */
const citizenOwnerSchema = new Schema({ _id: { type: Schema.Types.ObjectId }, userId: { type: Schema.Types.ObjectId, required: true }, at: Date });
export const CitizenOwnerModel = mongoose.model("CitizenOwner", citizenOwnerSchema, "citizen_owners");
