import mongoose, { Schema, type InferSchemaType, type Types } from "mongoose";
import { MESSAGE_KINDS } from "@xinyi/shared";

/**
 * The message center in the store. Every "only once" is an insert under a key that says what it is for
 * (FerretDB gives no atomic read-modify-write): a message's `_id` is its notice's key, so a job run twice
 * or two workers racing leave one message; a read is `${messageId}:${userId}`; a delivery attempt is
 * `${messageId}:${userId}` too, so one account is pushed one WeChat message per notice at most.
 */

const messageSchema = new Schema({
  _id: { type: String },
  /** The credit subject told: a citizen, or an enterprise (seen by its legal representative and agents acting for it). */
  subjectId: { type: Schema.Types.ObjectId, required: true },
  kind: { type: String, enum: MESSAGE_KINDS, required: true },
  title: { type: String, required: true },
  body: { type: String, required: true },
  link: { page: String, id: String },
  /** When the fact happened (the notice's time). */
  at: { type: Date, required: true },
  /** When the worker wrote the message. */
  createdAt: { type: Date, required: true },
});
messageSchema.index({ subjectId: 1, at: -1 });
export type Message = InferSchemaType<typeof messageSchema> & { _id: string };
export const MessageModel = mongoose.model("Message", messageSchema, "messages");

/** One account has read one message: `_id` = `${messageId}:${userId}`. */
const messageReadSchema = new Schema({
  _id: { type: String },
  messageId: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  /** The message's subject, so an account's unread count for the subject it acts for is two counts. */
  subjectId: { type: Schema.Types.ObjectId, required: true },
  at: { type: Date, required: true },
});
messageReadSchema.index({ userId: 1, subjectId: 1 });
export const MessageReadModel = mongoose.model("MessageRead", messageReadSchema, "message_reads");

export const readId = (messageId: string, userId: Types.ObjectId | string) => `${messageId}:${String(userId)}`;

export const DELIVERY_STATUSES = ["sending", "sent", "skipped", "failed"] as const;

/**
 * A push of a message to one account through the configured deliverer (WeChat subscription messages in
 * production): `_id` = `${messageId}:${userId}`. Inserted before sending, so of two workers only one sends.
 */
const messageDeliverySchema = new Schema({
  _id: { type: String },
  messageId: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  channel: { type: String, required: true },
  status: { type: String, enum: DELIVERY_STATUSES, required: true },
  /** Why it was skipped or failed (no WeChat account, no template for the kind, the provider's answer). */
  reason: { type: String },
  at: { type: Date, required: true },
  doneAt: { type: Date },
});
messageDeliverySchema.index({ messageId: 1 });
export const MessageDeliveryModel = mongoose.model("MessageDelivery", messageDeliverySchema, "message_deliveries");

export const deliveryId = readId;

/**
 * How far a sweep that follows another collection has read (e.g. loan application events): `_id` is the
 * sweep's name. Only moved forward with $max; a sweep reads again from a little before it, and the notice
 * keys make what it sees twice a no-op, so a lost or raced update costs only a re-read.
 */
const sweepCursorSchema = new Schema({ _id: { type: String }, at: { type: Date, required: true } });
export const SweepCursorModel = mongoose.model("SweepCursor", sweepCursorSchema, "message_sweep_cursors");
