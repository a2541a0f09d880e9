import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { PENALTY_SEVERITIES, PREFECTURE_CODES, RECORD_KINDS, REPAIR_ACTIONS, REPAIR_RULE_KINDS, REPAIR_STATUSES, SUBJECT_KINDS } from "@xinyi/shared";

/**
 * The period rules, one document per saved version (_id = version number). Saving inserts version
 * v+1: of two administrators saving on top of the same version, one wins and the other is told to
 * reload. The newest version is in force; older ones are the history.
 */
const repairRuleVersionSchema = new Schema({
  _id: { type: Number },
  items: [
    {
      _id: false,
      kind: { type: String, enum: REPAIR_RULE_KINDS, required: true },
      severity: { type: String, enum: PENALTY_SEVERITIES },
      minMonths: { type: Number, required: true },
      maxMonths: { type: Number, required: true },
      repairable: { type: Boolean, required: true },
    },
  ],
  by: { type: String, required: true },
  byName: { type: String, required: true },
  at: { type: Date, required: true },
});
export type RepairRuleVersion = InferSchemaType<typeof repairRuleVersionSchema> & { _id: number };
export const RepairRuleVersionModel = mongoose.model("RepairRuleVersion", repairRuleVersionSchema, "repair_rule_versions");

/**
 * A repair application. Its status follows the events (repairId, version): only the writer of
 * version v+1 updates it. The 信用承诺书 is kept verbatim as the subject agreed to it.
 */
const repairSchema = new Schema({
  recordId: { type: Schema.Types.ObjectId, required: true },
  subjectId: { type: Schema.Types.ObjectId, required: true },
  subjectKind: { type: String, enum: SUBJECT_KINDS, required: true },
  /** The record's prefecture: its administrator reviews. */
  prefectureCode: { type: String, enum: PREFECTURE_CODES, required: true },
  recordKind: { type: String, enum: RECORD_KINDS, required: true },
  recordTitle: { type: String, required: true },
  status: { type: String, enum: REPAIR_STATUSES, required: true },
  version: { type: Number, required: true },
  commitment: {
    textVersion: { type: String, required: true },
    title: { type: String, required: true },
    text: { type: String, required: true },
    acceptedAt: { type: Date, required: true },
  },
  proofIds: { type: [Schema.Types.ObjectId], default: [] },
  trainingCertificateId: { type: Schema.Types.ObjectId },
  applicantUserId: { type: Schema.Types.ObjectId, required: true },
  idempotencyKey: { type: String, required: true },
  submittedAt: { type: Date, required: true },
  reviewDays: { type: Number, required: true },
  reviewDueAt: { type: Date, required: true },
  decidedAt: { type: Date },
  decidedBy: { type: Schema.Types.ObjectId },
  decisionReason: { type: String },
  /** Set once every partner holding a consent has its credit event (the fan-out sweep); unset ones are swept again. */
  fannedOutAt: { type: Date },
});
repairSchema.index({ subjectId: 1, submittedAt: -1 });
repairSchema.index({ prefectureCode: 1, status: 1, submittedAt: -1 });
repairSchema.index({ status: 1, fannedOutAt: 1 });
export type Repair = InferSchemaType<typeof repairSchema> & { _id: Types.ObjectId };
export const RepairModel = mongoose.model("Repair", repairSchema, "repairs");

const repairEventSchema = new Schema({
  repairId: { type: Schema.Types.ObjectId, required: true },
  version: { type: Number, required: true },
  action: { type: String, enum: REPAIR_ACTIONS, required: true },
  to: { type: String, enum: REPAIR_STATUSES, required: true },
  actorId: { type: Schema.Types.ObjectId, required: true },
  actorRole: { type: String, required: true },
  actorLabel: { type: String, required: true },
  reason: { type: String },
  /** What the event set on the repair: a crash before the repair's update is rolled forward from it. */
  set: { type: Schema.Types.Mixed },
  at: { type: Date, required: true },
});
repairEventSchema.index({ repairId: 1, version: 1 }, { unique: true });
export type RepairEvent = InferSchemaType<typeof repairEventSchema>;
export const RepairEventModel = mongoose.model("RepairEvent", repairEventSchema, "repair_events");

/** One open application per record: _id is the record id, removed when the application is decided. */
const repairOpenSlotSchema = new Schema({ _id: { type: String }, repairId: { type: Schema.Types.ObjectId, required: true }, at: { type: Date, required: true } });
export const RepairOpenSlotModel = mongoose.model("RepairOpenSlot", repairOpenSlotSchema, "repair_open_slots");

/**
 * A subject's granted repairs, numbered: _id is "<subjectId>:<n>". A grant takes the next number
 * after checking the limits (months since the last, count in five years) on the grants numbered
 * before it, so two grants for one subject at once cannot both pass a limit only one of them fits.
 */
const repairGrantSlotSchema = new Schema({
  _id: { type: String },
  subjectId: { type: Schema.Types.ObjectId, required: true },
  repairId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
});
repairGrantSlotSchema.index({ subjectId: 1 });
export type RepairGrantSlot = InferSchemaType<typeof repairGrantSlotSchema> & { _id: string };
export const RepairGrantSlotModel = mongoose.model("RepairGrantSlot", repairGrantSlotSchema, "repair_grant_slots");

/**
 * What a partner is told about a subject it holds a consent from: _id "<repairId>:<partnerId>", so
 * each partner hears of each repair once however often the fan-out runs.
 */
const partnerCreditEventSchema = new Schema({
  _id: { type: String },
  partnerId: { type: Schema.Types.ObjectId, required: true },
  kind: { type: String, enum: ["record_repaired"], required: true },
  repairId: { type: Schema.Types.ObjectId, required: true },
  subjectId: { type: Schema.Types.ObjectId, required: true },
  recordId: { type: Schema.Types.ObjectId, required: true },
  /** As the partner is shown them, written with the event: a citizen's name is masked. */
  subject: { kind: { type: String, required: true }, name: { type: String, required: true }, idMasked: String, uscc: String },
  record: { kind: { type: String, required: true }, title: { type: String, required: true }, sourceDept: { type: String, required: true }, decidedAt: { type: String, required: true } },
  effectiveAt: { type: Date, required: true },
  at: { type: Date, required: true },
});
partnerCreditEventSchema.index({ partnerId: 1, at: -1 });
export type PartnerCreditEvent = InferSchemaType<typeof partnerCreditEventSchema> & { _id: string };
export const PartnerCreditEventModel = mongoose.model("PartnerCreditEvent", partnerCreditEventSchema, "partner_credit_events");

/** A reminders run finished for a Beijing day under a rules version: _id "<date>:<rulesVersion>". Later runs that day skip. */
const repairReminderRunSchema = new Schema({ _id: { type: String }, at: { type: Date, required: true }, count: { type: Number, required: true } });
export const RepairReminderRunModel = mongoose.model("RepairReminderRun", repairReminderRunSchema, "repair_reminder_runs");
