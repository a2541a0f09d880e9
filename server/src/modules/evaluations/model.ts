import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { SUBJECT_KINDS } from "@xinyi/shared";

/**
 * Every evaluation ever made, with the model version it used. Never rewritten:
 * a new model or a changed record adds a new evaluation.
 */
const evaluationSchema = new Schema({
  subjectId: { type: Schema.Types.ObjectId, required: true },
  subjectKind: { type: String, enum: SUBJECT_KINDS, required: true },
  modelVersion: { type: Number, required: true },
  score: { type: Number, required: true },
  grade: { type: String, required: true },
  gradeLabel: { type: String, required: true },
  blacklisted: { type: Boolean, required: true },
  base: { type: Number, required: true },
  /** The scale the score is on; evaluations made before it was stored take it from their model version. */
  scale: { type: Schema.Types.Mixed },
  factors: { type: Schema.Types.Mixed, default: [] },
  nextBand: { type: Schema.Types.Mixed },
  improvements: { type: Schema.Types.Mixed, default: [] },
  evaluatedAt: { type: Date, required: true },
});
evaluationSchema.index({ subjectId: 1, evaluatedAt: -1 });

export type Evaluation = InferSchemaType<typeof evaluationSchema> & { _id: Types.ObjectId };
export const EvaluationModel = mongoose.model("Evaluation", evaluationSchema, "evaluations");

/**
 * A subject's standing as of its latest evaluation, keyed by the subject id: what
 * eligibility checks and lists read. It is replaced in bulk (delete + insert) when
 * subjects are re-evaluated, which the embedded store does far faster than
 * one update per subject; a reader that falls into the gap reads the evaluations.
 */
const subjectStandingSchema = new Schema({
  _id: { type: Schema.Types.ObjectId },
  evaluationId: { type: Schema.Types.ObjectId, required: true },
  score: { type: Number, required: true },
  grade: { type: String, required: true },
  gradeLabel: { type: String, required: true },
  blacklisted: { type: Boolean, required: true },
  /** An active red-list record counts: rules may require it. */
  redListed: { type: Boolean, default: false },
  modelVersion: { type: Number, required: true },
  evaluatedAt: { type: Date, required: true },
});
export type SubjectStanding = InferSchemaType<typeof subjectStandingSchema> & { _id: Types.ObjectId };
export const SubjectStandingModel = mongoose.model("SubjectStanding", subjectStandingSchema, "subject_standings");
