import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * Scoring model versions. `version` is unique, so two administrators creating a
 * draft at once get different numbers. Publishing inserts the version into
 * scoring_model_publications first: that insert is the one decision that counts.
 */
const scoringModelSchema = new Schema({
  version: { type: Number, required: true, unique: true },
  status: { type: String, enum: ["draft", "published"], required: true },
  note: { type: String, default: "" },
  params: { type: Schema.Types.Mixed, required: true },
  createdAt: { type: Date, required: true },
  createdBy: { type: String },
  publishedAt: { type: Date },
});
export type ScoringModelDoc = InferSchemaType<typeof scoringModelSchema>;
export const ScoringModelModel = mongoose.model("ScoringModel", scoringModelSchema, "scoring_models");

const publicationSchema = new Schema({ _id: { type: Number }, at: { type: Date, required: true }, by: String });
export const ScoringPublicationModel = mongoose.model("ScoringPublication", publicationSchema, "scoring_model_publications");
