import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { BENEFIT_CATEGORIES, PREFECTURE_CODES, SCENARIO_STATUSES } from "@xinyi/shared";

const scenarioSchema = new Schema(
  {
    title: { type: String, required: true },
    category: { type: String, enum: BENEFIT_CATEGORIES, required: true },
    description: { type: String, default: "" },
    prefectureCodes: { type: [{ type: String, enum: PREFECTURE_CODES }], required: true },
    minCreditScore: { type: Number, required: true },
    quota: { type: Number, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    status: { type: String, enum: SCENARIO_STATUSES, required: true, default: "draft" },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    publishedAt: { type: Date },
    publishedBy: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
scenarioSchema.index({ status: 1, prefectureCodes: 1 });

export type Scenario = InferSchemaType<typeof scenarioSchema> & { _id: Types.ObjectId; createdAt: Date };
export const ScenarioModel = mongoose.model("Scenario", scenarioSchema, "scenarios");
