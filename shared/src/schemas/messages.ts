import { z } from "zod";
import { ZQueryInt, ZTimestamp } from "./common";

/**
 * The message center (消息): what the platform tells a credit subject. Messages are written by the
 * background worker from the notices features record (server/src/modules/messages/outbox.ts), never on
 * the request path of the event; each message's id is its notice key, so the same fact is one message.
 */
export const MESSAGE_KINDS = ["objection", "repair", "commitment", "loan", "voucher", "record"] as const;
export type TMessageKind = (typeof MESSAGE_KINDS)[number];
export const MESSAGE_KIND_LABELS: Record<TMessageKind, string> = {
  objection: "异议处理",
  repair: "信用修复",
  commitment: "信用承诺",
  loan: "信易贷",
  voucher: "权益券",
  record: "信用记录",
};

/** A notice key, e.g. `loan:<applicationId>:3` or `voucher:<claimId>:expiring`. */
export const ZMessageId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9:_.-]{0,159}$/, "不是有效的消息编号");
export const ZMessageIdParams = z.object({ id: ZMessageId });

export const MESSAGE_ORDERS = ["newest", "unread_first"] as const;
export const MESSAGE_PAGE_SIZE = 20;

export const ZMessageListQuery = z.object({
  page: ZQueryInt(1, 1000).default(1),
  /** newest: newest first (default); unread_first: unread ones first, each part newest first. */
  order: z.enum(MESSAGE_ORDERS).default("newest"),
  kind: z.enum(MESSAGE_KINDS).optional(),
});

/** Where a message leads in the mini-program: a page key of miniapp/src/lib/nav.ts ROUTES and an id. */
export const ZMessageLink = z.object({ page: z.string(), id: z.string().optional() });

export const ZMessage = z.object({
  id: ZMessageId,
  kind: z.enum(MESSAGE_KINDS),
  kindLabel: z.string(),
  title: z.string(),
  body: z.string(),
  link: ZMessageLink.optional(),
  /** When the fact happened. */
  at: ZTimestamp,
  /** The same instant in Beijing time, as shown: "2026-12-01 09:30". */
  atText: z.string(),
  /** Read by this account (read state is per account: an enterprise's legal representative and agents each have their own). */
  read: z.boolean(),
});
export type TMessage = z.infer<typeof ZMessage>;

export const ZMessageList = z.object({
  items: z.array(ZMessage),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  /** Unread messages of the subject I act for, of every kind (the badge). */
  unread: z.number().int(),
});
export type TMessageList = z.infer<typeof ZMessageList>;

export const ZUnreadCount = z.object({ unread: z.number().int() });
export type TUnreadCount = z.infer<typeof ZUnreadCount>;

export const ZMessageReadResult = z.object({ message: ZMessage, unread: z.number().int() });
export type TMessageReadResult = z.infer<typeof ZMessageReadResult>;

export const ZMessagesReadAllResult = z.object({ marked: z.number().int(), unread: z.number().int() });
export type TMessagesReadAllResult = z.infer<typeof ZMessagesReadAllResult>;
