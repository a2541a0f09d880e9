import { MINIAPP_ROLES, ZMessageIdParams, ZMessageList, ZMessageListQuery, ZMessageReadResult, ZMessagesReadAllResult, ZUnreadCount } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { MessageService } from "./service";

const ACTING_NOTE = "the messages of the subject the session acts for: a citizen's own, or the enterprise's for its legal representative and agents; read state per account";

export function registerMessageRoutes(api: ApiRouter, messages: MessageService): void {
  api.route({
    method: "get",
    path: "/me/messages",
    tag: "messages",
    summary: "消息: my messages (objections, repairs, commitments, loan steps, vouchers), newest or unread first, each with its read flag",
    access: MINIAPP_ROLES,
    accessNote: ACTING_NOTE,
    query: ZMessageListQuery,
    response: ZMessageList,
    handler: ({ actor, query }) => messages.list(actor, query),
  });

  api.route({
    method: "get",
    path: "/me/messages/unread-count",
    tag: "messages",
    summary: "How many of my messages this account has not read (the badge)",
    access: MINIAPP_ROLES,
    accessNote: ACTING_NOTE,
    response: ZUnreadCount,
    handler: ({ actor }) => messages.unreadCount(actor),
  });

  api.route({
    method: "post",
    path: "/me/messages/read-all",
    tag: "messages",
    summary: "Mark all my messages read",
    access: MINIAPP_ROLES,
    accessNote: ACTING_NOTE,
    response: ZMessagesReadAllResult,
    handler: ({ actor }) => messages.readAll(actor),
  });

  api.route({
    method: "post",
    path: "/me/messages/:id/read",
    tag: "messages",
    summary: "Mark one of my messages read (its id is the notice key, URL-encoded); answers the message and the unread count",
    access: MINIAPP_ROLES,
    accessNote: ACTING_NOTE,
    params: ZMessageIdParams,
    response: ZMessageReadResult,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => messages.markRead(actor, params.id),
  });
}
