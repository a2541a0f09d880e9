import {
  MESSAGE_PAGE_SIZE,
  ZMessageListQuery,
  type TMessageList,
  type TMessageReadResult,
  type TMessagesReadAllResult,
  type TUnreadCount,
} from "@xinyi/shared";
import type { Types } from "mongoose";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { registerSweep } from "../../infra/sweeps";
import { MessageModel, MessageReadModel, readId, type Message } from "./model";
import { readerOf, type MessageReader } from "./policy";
import { presentMessage } from "./presenter";
import { LOAN_STEPS_SWEEP, noticeLoanSteps, noticeNewAdverseRecords, RECORD_NOTICES_SWEEP, remindExpiringVouchers } from "./reminders";

export type MessageListQuery = z.output<typeof ZMessageListQuery>;

type Bound = MessageReader & { subjectId: Types.ObjectId };

async function readIdsOf(reader: Bound): Promise<string[]> {
  return (await MessageReadModel.find({ userId: reader.userId, subjectId: reader.subjectId }, { messageId: 1 }).lean()).map((r) => r.messageId);
}

/** Unread = the subject's messages less this account's reads of them (reads are only ever written for the subject's own messages). */
async function unreadOf(reader: Bound): Promise<number> {
  const [all, read] = await Promise.all([MessageModel.countDocuments({ subjectId: reader.subjectId }), MessageReadModel.countDocuments({ userId: reader.userId, subjectId: reader.subjectId })]);
  return Math.max(0, all - read);
}

/** Marks messages read for the account: inserts under `${messageId}:${userId}`, so a read twice is a no-op. */
async function insertReads(reader: Bound, messageIds: string[], at: Date): Promise<number> {
  if (messageIds.length === 0) return 0;
  const docs = messageIds.map((messageId) => ({ _id: readId(messageId, reader.userId), messageId, userId: reader.userId, subjectId: reader.subjectId, at }));
  try {
    const inserted = await MessageReadModel.insertMany(docs, { ordered: false });
    return inserted.length;
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
    if (!isDuplicateKeyError(err) && !writeErrors) throw err;
    if (writeErrors?.some((e) => (e.code ?? e.err?.code) !== 11000)) throw err;
    return docs.length - (writeErrors?.length ?? docs.length);
  }
}

const LISTED = { _id: 1, kind: 1, title: 1, body: 1, link: 1, at: 1 } as const;
type Listed = Pick<Message, "_id" | "kind" | "title" | "body" | "link" | "at">;

export function createMessageService(deps: { now?: () => Date } = {}) {
  const now = deps.now ?? (() => new Date());

  // The message center's own periodic work, run by the worker's sweep job with the other features' sweeps.
  registerSweep({ name: "voucher-expiry-reminders", run: remindExpiringVouchers });
  registerSweep({ name: LOAN_STEPS_SWEEP, run: noticeLoanSteps });
  registerSweep({ name: RECORD_NOTICES_SWEEP, run: noticeNewAdverseRecords });

  async function bound(actor: Actor): Promise<Bound | null> {
    const reader = await readerOf(actor);
    return reader.subjectId ? { ...reader, subjectId: reader.subjectId } : null;
  }

  return {
    /** 消息: newest first, or unread first; each with this account's read flag, and the unread count for the badge. */
    async list(actor: Actor, query: MessageListQuery): Promise<TMessageList> {
      const reader = await bound(actor);
      const empty = { items: [], page: query.page, pageSize: MESSAGE_PAGE_SIZE, total: 0, unread: 0 };
      if (!reader) return empty;
      const filter = { subjectId: reader.subjectId, ...(query.kind ? { kind: query.kind } : {}) };
      const readIds = await readIdsOf(reader);
      const read = new Set(readIds);
      const skip = (query.page - 1) * MESSAGE_PAGE_SIZE;
      const newest = { at: -1, _id: -1 } as const;
      let items: Listed[];
      if (query.order === "unread_first") {
        const unreadFilter = { ...filter, _id: { $nin: readIds } };
        const unreadTotal = await MessageModel.countDocuments(unreadFilter);
        const fromUnread = skip < unreadTotal ? await MessageModel.find(unreadFilter, LISTED).sort(newest).skip(skip).limit(MESSAGE_PAGE_SIZE).lean<Listed[]>() : [];
        const rest = MESSAGE_PAGE_SIZE - fromUnread.length;
        const fromRead =
          rest > 0 && readIds.length > 0
            ? await MessageModel.find({ ...filter, _id: { $in: readIds } }, LISTED).sort(newest).skip(Math.max(0, skip - unreadTotal)).limit(rest).lean<Listed[]>()
            : [];
        items = [...fromUnread, ...fromRead];
      } else {
        items = await MessageModel.find(filter, LISTED).sort(newest).skip(skip).limit(MESSAGE_PAGE_SIZE).lean<Listed[]>();
      }
      const [total, unread] = await Promise.all([MessageModel.countDocuments(filter), unreadOf(reader)]);
      return { items: items.map((m) => presentMessage(m, read.has(m._id))), page: query.page, pageSize: MESSAGE_PAGE_SIZE, total, unread };
    },

    async unreadCount(actor: Actor): Promise<TUnreadCount> {
      const reader = await bound(actor);
      return { unread: reader ? await unreadOf(reader) : 0 };
    },

    /** Marks one message read; another subject's message (or none) is 404, whatever its id. */
    async markRead(actor: Actor, id: string): Promise<TMessageReadResult> {
      const reader = await bound(actor);
      const message = reader ? await MessageModel.findOne({ _id: id, subjectId: reader.subjectId }, LISTED).lean<Listed>() : null;
      if (!reader || !message) throw new AppError("NOT_FOUND", "消息不存在");
      await insertReads(reader, [message._id], now());
      return { message: presentMessage(message, true), unread: await unreadOf(reader) };
    },

    /** 全部已读: every message of the subject I act for, read by this account. */
    async readAll(actor: Actor): Promise<TMessagesReadAllResult> {
      const reader = await bound(actor);
      if (!reader) return { marked: 0, unread: 0 };
      const readIds = await readIdsOf(reader);
      const unreadIds = (await MessageModel.find({ subjectId: reader.subjectId, _id: { $nin: readIds } }, { _id: 1 }).lean()).map((m) => String(m._id));
      const marked = await insertReads(reader, unreadIds, now());
      return { marked, unread: await unreadOf(reader) };
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;
