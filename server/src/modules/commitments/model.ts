import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { COMMITMENT_EVENT_ACTIONS, COMMITMENT_STATUSES, COMMITMENT_TYPES, PREFECTURE_CODES, ROLES, SUBJECT_KINDS, VERIFICATION_METHODS, VERIFICATION_RESULTS } from "@xinyi/shared";

/**
 * A 信易批 case: a department accepts a matter on the subject's commitment (告知承诺) or with items
 * missing (容缺受理). `status` and `version` only ever follow the case's events: the event insert
 * under (caseId, version) decides between concurrent writers (two departments, a department and the
 * deadline sweep, two sweeps), and only its writer updates this document.
 */
const commitmentCaseSchema = new Schema({
  type: { type: String, enum: COMMITMENT_TYPES, required: true },
  matter: { type: String, required: true },
  commitmentText: { type: String, required: true },
  subjectId: { type: Schema.Types.ObjectId, required: true },
  subjectKind: { type: String, enum: SUBJECT_KINDS, required: true },
  /** Where the matter is handled: the regional administrators of this prefecture see and act on the case. */
  prefectureCode: { type: String, enum: PREFECTURE_CODES, required: true },
  /** The approving department: a prefecture's credit administration or an agency partner (its operators act on the case). */
  department: {
    type: new Schema({ kind: { type: String, enum: ["prefecture", "agency"], required: true }, name: { type: String, required: true }, partnerId: { type: Schema.Types.ObjectId } }, { _id: false }),
    required: true,
  },
  missingItems: { type: [{ _id: false, name: { type: String, required: true }, suppliedAt: { type: Date } }], default: [] },
  /** 容缺: the last day (Beijing) to supply the items, and the instant it ends (what the sweep compares). */
  dueDate: { type: String },
  dueAt: { type: Date },
  status: { type: String, enum: COMMITMENT_STATUSES, required: true },
  version: { type: Number, required: true },
  signature: {
    userId: { type: Schema.Types.ObjectId },
    signerLabel: { type: String },
    at: { type: Date },
    /** The text agreed to, verbatim, and its SHA-256 (hex). */
    text: { type: String },
    textSha256: { type: String },
  },
  verification: {
    method: { type: String, enum: VERIFICATION_METHODS },
    date: { type: String },
    result: { type: String, enum: VERIFICATION_RESULTS },
    note: { type: String },
    byUserId: { type: Schema.Types.ObjectId },
    byLabel: { type: String },
    at: { type: Date },
  },
  outcome: { reason: { type: String }, at: { type: Date } },
  /** The day the commitment was found broken (the check's date, or the 容缺 due date): the record's decision date. */
  brokenOn: { type: String },
  /** The 违背信用承诺 record, once written (its natural key is derived from the case id, so it is written once). */
  brokenRecordId: { type: Schema.Types.ObjectId },
  /** The due-soon reminder was recorded (its notice key makes it once-only; this only spares the sweep a retry). */
  remindedAt: { type: Date },
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, required: true },
});
commitmentCaseSchema.index({ subjectId: 1, createdAt: -1 });
commitmentCaseSchema.index({ prefectureCode: 1, createdAt: -1 });
commitmentCaseSchema.index({ "department.partnerId": 1, createdAt: -1 });
commitmentCaseSchema.index({ status: 1, dueAt: 1 });

export type CommitmentCase = InferSchemaType<typeof commitmentCaseSchema> & { _id: Types.ObjectId };
export const CommitmentCaseModel = mongoose.model("CommitmentCase", commitmentCaseSchema, "commitment_cases");

/**
 * A case's history and its concurrency control: (caseId, version) is unique. `set` holds what the
 * step wrote onto the case, so a crash between this insert and the case's update is rolled forward.
 */
const commitmentEventSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, required: true },
  version: { type: Number, required: true },
  action: { type: String, enum: COMMITMENT_EVENT_ACTIONS, required: true },
  from: { type: String, enum: COMMITMENT_STATUSES },
  to: { type: String, enum: COMMITMENT_STATUSES, required: true },
  /** Absent for the deadline sweep. */
  actorId: { type: Schema.Types.ObjectId },
  actorRole: { type: String, enum: ROLES },
  actorLabel: { type: String, required: true },
  note: { type: String },
  set: { type: Schema.Types.Mixed },
  at: { type: Date, required: true },
});
commitmentEventSchema.index({ caseId: 1, version: 1 }, { unique: true });

export type CommitmentEvent = InferSchemaType<typeof commitmentEventSchema>;
export const CommitmentEventModel = mongoose.model("CommitmentEvent", commitmentEventSchema, "commitment_case_events");
