import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { BENEFIT_CATEGORIES, PREFECTURE_CODES, SCENARIO_STATUSES } from "@xinyi/shared";

const scenarioSchema = new Schema(
  {
    title: { type: String, required: true },
    category: { type: String, enum: BENEFIT_CATEGORIES, required: true },
    description: { type: String, default: "" },
    terms: { type: String, default: "" },
    /** The partner that runs it; none for scenarios launched by administrators. */
    ownerPartnerId: { type: Schema.Types.ObjectId },
    provinceWide: { type: Boolean, default: false },
    prefectureCodes: { type: [{ type: String, enum: PREFECTURE_CODES }], default: [] },
    rule: { type: Schema.Types.Mixed, required: true },
    benefit: { type: Schema.Types.Mixed, required: true },
    quota: { type: Number, required: true },
    perSubjectLimit: { type: Schema.Types.Mixed, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    redemptionHours: { type: Number, required: true },
    status: { type: String, enum: SCENARIO_STATUSES, required: true },
    /** Bumped by every edit and transition; claims record the version they were judged under. */
    version: { type: Number, required: true },
    rejectionReason: { type: String },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    publishedAt: { type: Date },
  },
  { timestamps: true },
);
scenarioSchema.index({ status: 1 });

export type Scenario = InferSchemaType<typeof scenarioSchema> & { _id: Types.ObjectId; createdAt: Date };
export const ScenarioModel = mongoose.model("Scenario", scenarioSchema, "scenarios");

/**
 * Every version of a scenario. (scenarioId, version) is unique: of two concurrent
 * changes to the same version one wins, the other is told to reload. The events
 * are the history the console shows, with a snapshot of the definition.
 */
const scenarioEventSchema = new Schema({
  scenarioId: { type: Schema.Types.ObjectId, required: true },
  version: { type: Number, required: true },
  kind: { type: String, enum: ["create", "edit", "transition"], required: true },
  from: { type: String, enum: SCENARIO_STATUSES },
  to: { type: String, enum: SCENARIO_STATUSES, required: true },
  reason: { type: String },
  actorId: { type: String, required: true },
  actorRole: { type: String, required: true },
  snapshot: { type: Schema.Types.Mixed },
  at: { type: Date, required: true },
});
scenarioEventSchema.index({ scenarioId: 1, version: 1 }, { unique: true });
export const ScenarioEventModel = mongoose.model("ScenarioEvent", scenarioEventSchema, "scenario_events");
