import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * Append-only audit log. Each entry's hash covers its content and the previous
 * entry's hash, so a changed, removed or reordered entry breaks the chain from
 * there on. `seq` is unique: concurrent writers race for the next number and
 * exactly one wins each.
 */
const auditEntrySchema = new Schema({
  seq: { type: Number, required: true, unique: true },
  at: { type: Date, required: true },
  actorId: { type: String },
  actorRole: { type: String },
  action: { type: String, required: true },
  target: { type: String, required: true },
  details: { type: Schema.Types.Mixed, default: {} },
  prevHash: { type: String, required: true },
  hash: { type: String, required: true },
});
auditEntrySchema.index({ action: 1, seq: -1 });

export type AuditEntry = InferSchemaType<typeof auditEntrySchema>;
export const AuditEntryModel = mongoose.model("AuditEntry", auditEntrySchema, "audit_log");
