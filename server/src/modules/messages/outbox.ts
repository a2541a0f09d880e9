import mongoose, { Schema, type Types } from "mongoose";
import { MESSAGE_KINDS, type TMessageKind } from "@xinyi/shared";
import { isDuplicateKeyError } from "../../infra/store";

/**
 * The message center's outbox. A feature that has something to tell a subject (an objection
 * decided, a repair granted, a commitment due, a loan step…) records a notice here, on its own
 * request path; background jobs turn notices into messages and deliveries, never the request.
 *
 * `_id` is the notice's key, chosen by the caller so that the same fact is told once
 * (e.g. `objection:<caseId>:decided`): a retry or a second process recording it again is a no-op.
 */
export const NOTICE_KINDS = MESSAGE_KINDS;
export type TNoticeKind = TMessageKind;

const noticeSchema = new Schema({
  _id: { type: String },
  subjectId: { type: Schema.Types.ObjectId, required: true },
  kind: { type: String, enum: NOTICE_KINDS, required: true },
  title: { type: String, required: true },
  body: { type: String, required: true },
  /** Where the message leads in the mini-program: a page key of miniapp/src/lib/nav.ts ROUTES and an id. */
  link: { page: String, id: String },
  at: { type: Date, required: true },
  /** Set by the job that turned the notice into a message; unset notices are swept up again. */
  processedAt: { type: Date },
});
noticeSchema.index({ processedAt: 1, at: 1 });
export const NoticeModel = mongoose.model("Notice", noticeSchema, "message_outbox");

export type Notice = {
  key: string;
  subjectId: Types.ObjectId;
  kind: TNoticeKind;
  title: string;
  body: string;
  link?: { page: string; id?: string };
  at?: Date;
};

type NoticeListener = (key: string) => void;
const listeners = new Set<NoticeListener>();

/**
 * Called with the key of every notice this process records (not with retries of one already there).
 * The background jobs listen to queue the notice at once; a listener that fails, or a Redis that loses
 * the job, costs only time: the sweep re-queues notices left unprocessed. Returns the unsubscribe.
 */
export function onNoticeRecorded(listener: NoticeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Records a notice once per key. Cheap and safe on a request path: one insert, nothing else awaited. */
export async function recordNotice(notice: Notice): Promise<void> {
  try {
    await NoticeModel.create({ _id: notice.key, subjectId: notice.subjectId, kind: notice.kind, title: notice.title, body: notice.body, ...(notice.link ? { link: notice.link } : {}), at: notice.at ?? new Date() });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return;
  }
  for (const listener of listeners) {
    try {
      listener(notice.key);
    } catch {
      // The sweep picks the notice up; the caller's request must not fail for it.
    }
  }
}
