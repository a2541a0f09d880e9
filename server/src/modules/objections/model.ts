import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { OBJECTION_ACTIONS, OBJECTION_DUE_KINDS, OBJECTION_GROUNDS, OBJECTION_STATUSES, PREFECTURE_CODES, SUBJECT_KINDS } from "@xinyi/shared";

/**
 * 异议 in the store. The guarantees are inserts under unique keys (FerretDB gives no atomic
 * read-modify-write): one open case per record (the slot, `_id` the record id), one event
 * per case version (of two administrators deciding at once, one wins).
 */

const objectionSchema = new Schema({
  recordId: { type: Schema.Types.ObjectId, required: true },
  subjectId: { type: Schema.Types.ObjectId, required: true },
  subjectKind: { type: String, enum: SUBJECT_KINDS, required: true },
  /** The record's prefecture: its administrators handle the case. */
  prefectureCode: { type: String, enum: PREFECTURE_CODES, required: true },
  ground: { type: String, enum: OBJECTION_GROUNDS, required: true },
  explanation: { type: String, required: true },
  status: { type: String, enum: OBJECTION_STATUSES, required: true },
  /** Open or decided: sorts the queue (open first, soonest deadline first). */
  open: { type: Boolean, required: true },
  version: { type: Number, required: true },
  /** Set once the record has been frozen for the case (at submission; redone on a read if a crash came between). */
  recordFrozen: { type: Boolean, required: true },
  submittedBy: { type: Schema.Types.ObjectId, required: true },
  submittedAt: { type: Date, required: true },
  /** The running step's deadline (open cases only), with which step it is. */
  dueAt: { type: Date },
  dueKind: { type: String, enum: OBJECTION_DUE_KINDS },
  forwardDueAt: { type: Date },
  acceptedAt: { type: Date },
  forwardedAt: { type: Date },
  department: { type: String },
  answer: { text: String, attachmentId: Schema.Types.ObjectId, at: Date },
  decision: {
    outcome: { type: String, enum: ["corrected", "upheld", "declined"] },
    correction: { type: String, enum: ["withdrawn", "amended"] },
    amended: { type: Schema.Types.Mixed },
    reason: String,
    at: Date,
  },
  /** The upheld case this one repeats (same record, same ground, no new file). */
  repeatOf: { type: Schema.Types.ObjectId },
});
objectionSchema.index({ prefectureCode: 1, open: -1, dueAt: 1 });
objectionSchema.index({ subjectId: 1, submittedAt: -1 });
objectionSchema.index({ recordId: 1 });
export type Objection = InferSchemaType<typeof objectionSchema> & { _id: Types.ObjectId };
export const ObjectionModel = mongoose.model("Objection", objectionSchema, "objections");

/** Every version of a case; `set` holds what the step wrote, so a case left behind by a crash is rolled forward. */
const objectionEventSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, required: true },
  version: { type: Number, required: true },
  action: { type: String, enum: ["submit", ...OBJECTION_ACTIONS], required: true },
  from: { type: String, enum: OBJECTION_STATUSES },
  to: { type: String, enum: OBJECTION_STATUSES, required: true },
  actorId: { type: Schema.Types.ObjectId, required: true },
  actorRole: { type: String, required: true },
  /** The person's name, for the console's timeline (the subject sees the office). */
  actorName: { type: String, required: true },
  reason: { type: String },
  set: { type: Schema.Types.Mixed },
  at: { type: Date, required: true },
});
objectionEventSchema.index({ caseId: 1, version: 1 }, { unique: true });
export type ObjectionEvent = InferSchemaType<typeof objectionEventSchema>;
export const ObjectionEventModel = mongoose.model("ObjectionEvent", objectionEventSchema, "objection_events");

/** One open objection per record: `_id` is the record id; deleted when the case is decided. */
const objectionSlotSchema = new Schema({
  _id: { type: String },
  caseId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
});
export const ObjectionSlotModel = mongoose.model("ObjectionSlot", objectionSlotSchema, "objection_slots");
