import type { TMessageList, TMessageReadResult, TMessagesReadAllResult, TUnreadCount } from "@xinyi/shared";
import { request } from "./client";

/** 消息: what the platform has told the subject I act for; read state is this account's own. */

export function listMessages(page = 1): Promise<TMessageList> {
  return request<TMessageList>(`/me/messages${page > 1 ? `?page=${page}` : ""}`);
}

/** The badge on 我的. */
export async function unreadMessageCount(): Promise<number> {
  return (await request<TUnreadCount>("/me/messages/unread-count")).unread;
}

/** The id is a notice key with colons (`commitment:<id>:opened`): encoded as one path segment. */
export function markMessageRead(id: string): Promise<TMessageReadResult> {
  return request<TMessageReadResult>(`/me/messages/${encodeURIComponent(id)}/read`, { method: "POST" });
}

export function markAllMessagesRead(): Promise<TMessagesReadAllResult> {
  return request<TMessagesReadAllResult>("/me/messages/read-all", { method: "POST" });
}
