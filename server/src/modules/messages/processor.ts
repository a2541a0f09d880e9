import type { Types } from "mongoose";
import type { TMessageKind } from "@xinyi/shared";
import type { Logger } from "../../infra/logger";
import { isDuplicateKeyError } from "../../infra/store";
import { SubjectAuthorityModel } from "../identity/model";
import { CitizenOwnerModel } from "../subjects/model";
import { UserModel } from "../users/model";
import type { DeliverableMessage, DeliveryOutcome, DeliveryRecipient, MessageDeliverer } from "./deliverer";
import { deliveryId, MessageDeliveryModel, MessageModel } from "./model";
import { NoticeModel } from "./outbox";

export type NoticeProcessorDeps = {
  deliverer: MessageDeliverer | null;
  logger: Logger;
  now?: () => Date;
};

/** A push failed in a way worth another try: the job is retried (the message itself is already written). */
export class RetryableDeliveryError extends Error {}

/** The accounts that read a subject's messages: a citizen's own account; an enterprise's legal representative and agents. */
export async function recipientsOf(subjectId: Types.ObjectId): Promise<DeliveryRecipient[]> {
  const [owner, authorities] = await Promise.all([CitizenOwnerModel.findById(subjectId, { userId: 1 }).lean(), SubjectAuthorityModel.find({ subjectId }, { userId: 1 }).lean()]);
  const userIds = [...(owner ? [owner.userId] : []), ...authorities.map((a) => a.userId)];
  if (userIds.length === 0) return [];
  const users = await UserModel.find({ _id: { $in: userIds } }, { wechatOpenId: 1, disabledAt: 1 }).lean();
  return users.filter((u) => !u.disabledAt).map((u) => ({ userId: u._id.toHexString(), ...(u.wechatOpenId ? { wechatOpenId: u.wechatOpenId } : {}) }));
}

/**
 * Pushes a message to one account once: the attempt is inserted under (message, account) before sending,
 * so of two workers only the one whose insert won sends. A retryable failure gives the slot back (unless it
 * is the last try) so that the retried job sends again.
 */
async function deliverOnce(deliverer: MessageDeliverer, message: DeliverableMessage, recipient: DeliveryRecipient, at: Date, finalAttempt: boolean): Promise<DeliveryOutcome | "taken"> {
  const _id = deliveryId(message.id, recipient.userId);
  try {
    await MessageDeliveryModel.create({ _id, messageId: message.id, userId: recipient.userId, channel: deliverer.channel, status: "sending", at });
  } catch (err) {
    if (isDuplicateKeyError(err)) return "taken";
    throw err;
  }
  const outcome = await deliverer.deliver(message, recipient);
  if (outcome.status === "failed" && outcome.retry && !finalAttempt) {
    await MessageDeliveryModel.deleteOne({ _id, status: "sending" });
    return outcome;
  }
  await MessageDeliveryModel.updateOne({ _id }, { $set: { status: outcome.status, ...("reason" in outcome ? { reason: outcome.reason } : {}), doneAt: new Date() } });
  return outcome;
}

/**
 * Turns one notice into its message and its pushes. Safe to run any number of times, at once in several
 * workers: the message is an insert under the notice's key, each push an insert under (message, account).
 * Answers "missing" for a key with no notice (nothing to do).
 */
export async function processNotice(key: string, deps: NoticeProcessorDeps, options: { finalAttempt?: boolean } = {}): Promise<"processed" | "missing"> {
  const now = (deps.now ?? (() => new Date()))();
  const notice = await NoticeModel.findById(key).lean();
  if (!notice) return "missing";
  const message: DeliverableMessage = {
    id: key,
    kind: notice.kind as TMessageKind,
    title: notice.title,
    body: notice.body,
    ...(notice.link?.page ? { link: { page: notice.link.page, ...(notice.link.id ? { id: notice.link.id } : {}) } } : {}),
    at: notice.at,
  };
  try {
    await MessageModel.create({ _id: message.id, subjectId: notice.subjectId, kind: message.kind, title: message.title, body: message.body, ...(message.link ? { link: message.link } : {}), at: message.at, createdAt: now });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }

  if (deps.deliverer) {
    const retry: string[] = [];
    for (const recipient of await recipientsOf(notice.subjectId)) {
      const outcome = await deliverOnce(deps.deliverer, message, recipient, now, options.finalAttempt ?? true);
      if (outcome !== "taken" && outcome.status === "failed") {
        deps.logger.warn({ messageId: message.id, userId: recipient.userId, reason: outcome.reason, willRetry: outcome.retry && !options.finalAttempt }, "message push failed");
        if (outcome.retry && !options.finalAttempt) retry.push(recipient.userId);
      }
    }
    if (retry.length) throw new RetryableDeliveryError(`push of ${message.id} to be retried for ${retry.length} account(s)`);
  }
  await NoticeModel.updateOne({ _id: key }, { $set: { processedAt: now } });
  return "processed";
}

/** Unprocessed notices recorded before `olderThan`: their jobs were lost (Redis flushed, a crash) or are failing. */
export async function staleNoticeKeys(olderThan: Date, limit = 500): Promise<string[]> {
  const stale = await NoticeModel.find({ processedAt: { $exists: false }, at: { $lt: olderThan } }, { _id: 1 }).sort({ at: 1 }).limit(limit).lean();
  return stale.map((n) => String(n._id));
}
