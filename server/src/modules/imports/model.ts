import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { IMPORT_STATUSES } from "@xinyi/shared";

/**
 * A batch import. One process parses and writes it, so its counters have one
 * writer. A job whose process died stays "running" with an old heartbeat; the
 * same file can simply be imported again, since re-importing changes nothing.
 */
const importJobSchema = new Schema({
  fileName: { type: String, required: true },
  format: { type: String, enum: ["csv", "json"], required: true },
  status: { type: String, enum: IMPORT_STATUSES, required: true },
  /** Regional administrators import only their prefecture's rows. */
  prefectureScope: { type: String },
  totalRows: { type: Number, default: 0 },
  processedRows: { type: Number, default: 0 },
  acceptedRows: { type: Number, default: 0 },
  unchangedRows: { type: Number, default: 0 },
  rejectedRows: { type: Number, default: 0 },
  lateRows: { type: Number, default: 0 },
  createdBy: { type: String, required: true },
  createdAt: { type: Date, required: true },
  heartbeatAt: { type: Date },
  finishedAt: { type: Date },
  error: { type: String },
});
importJobSchema.index({ createdAt: -1 });

export type ImportJob = InferSchemaType<typeof importJobSchema> & { _id: Types.ObjectId };
export const ImportJobModel = mongoose.model("ImportJob", importJobSchema, "import_jobs");

/** Why a row was refused; the report never repeats the row's identifiers. */
const importRejectionSchema = new Schema({
  jobId: { type: Schema.Types.ObjectId, required: true },
  row: { type: Number, required: true },
  field: { type: String },
  message: { type: String, required: true },
});
importRejectionSchema.index({ jobId: 1, row: 1 });
export const ImportRejectionModel = mongoose.model("ImportRejection", importRejectionSchema, "import_rejections");
