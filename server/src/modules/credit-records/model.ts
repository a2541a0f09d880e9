import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { PENALTY_SEVERITIES, PREFECTURE_CODES, RECORD_KINDS, RECORD_STATUSES, SUBJECT_KINDS, TAX_GRADES } from "@xinyi/shared";

/**
 * Public credit records. `naturalKey` (source department + document number +
 * subject) is unique: importing the same file twice adds nothing.
 * Dates are kept as YYYY-MM-DD strings: they are calendar dates, not instants.
 */
const creditRecordSchema = new Schema({
  subjectId: { type: Schema.Types.ObjectId, required: true },
  subjectKind: { type: String, enum: SUBJECT_KINDS, required: true },
  prefectureCode: { type: String, enum: PREFECTURE_CODES, required: true },
  kind: { type: String, enum: RECORD_KINDS, required: true },
  severity: { type: String, enum: PENALTY_SEVERITIES },
  taxGrade: { type: String, enum: TAX_GRADES },
  title: { type: String, required: true },
  sourceDept: { type: String, required: true },
  docNo: { type: String, required: true },
  naturalKey: { type: String, required: true, unique: true },
  decidedAt: { type: String, required: true },
  publishedAt: { type: String },
  validUntil: { type: String },
  late: { type: Boolean, required: true },
  status: { type: String, enum: RECORD_STATUSES, required: true },
  version: { type: Number, required: true },
  importJobId: { type: Schema.Types.ObjectId },
  createdBy: { type: String },
  createdAt: { type: Date, required: true },
});
creditRecordSchema.index({ subjectId: 1 });
creditRecordSchema.index({ prefectureCode: 1, kind: 1 });
// The message center tells subjects of new records, reading them in order of entry.
creditRecordSchema.index({ createdAt: 1 });

export type CreditRecord = InferSchemaType<typeof creditRecordSchema> & { _id: Types.ObjectId };
export const CreditRecordModel = mongoose.model("CreditRecord", creditRecordSchema, "credit_records");

/**
 * A record's history. (recordId, version) is unique: of two administrators
 * changing the same version, one wins and the other is told to reload.
 */
const recordEventSchema = new Schema({
  recordId: { type: Schema.Types.ObjectId, required: true },
  version: { type: Number, required: true },
  status: { type: String, enum: RECORD_STATUSES, required: true },
  reason: { type: String, required: true },
  actorId: { type: String },
  actorName: { type: String, required: true },
  at: { type: Date, required: true },
});
recordEventSchema.index({ recordId: 1, version: 1 }, { unique: true });
export type RecordEvent = InferSchemaType<typeof recordEventSchema>;
export const RecordEventModel = mongoose.model("RecordEvent", recordEventSchema, "credit_record_events");
