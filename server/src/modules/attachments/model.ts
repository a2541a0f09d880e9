import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { ATTACHMENT_OWNER_KINDS, ATTACHMENT_TYPES } from "@xinyi/shared";

/**
 * A file attached to a case (an objection's evidence, a repair's proofs), one document per
 * file so each stays far below the store's document limit. Who may read it is the owning
 * case's business: the owner module registers that check (see service.ts).
 */
const attachmentSchema = new Schema({
  ownerKind: { type: String, enum: ATTACHMENT_OWNER_KINDS, required: true },
  ownerId: { type: Schema.Types.ObjectId, required: true },
  fileName: { type: String, required: true },
  contentType: { type: String, enum: ATTACHMENT_TYPES, required: true },
  size: { type: Number, required: true },
  data: { type: Buffer, required: true },
  at: { type: Date, required: true },
});
attachmentSchema.index({ ownerKind: 1, ownerId: 1 });
export type Attachment = InferSchemaType<typeof attachmentSchema> & { _id: Types.ObjectId };
export const AttachmentModel = mongoose.model("Attachment", attachmentSchema, "attachments");
