import { MESSAGE_KIND_LABELS, type TMessage, type TMessageKind } from "@xinyi/shared";
import type { Message } from "./model";

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** An instant as people in Yunnan read it: "2026-12-01 09:30" (Beijing time, no daylight saving). */
export function beijingTimeText(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** "12月2日 18:00" in Beijing time: for the text of a message. */
export function beijingShortText(at: Date): string {
  const text = beijingTimeText(at);
  return `${Number(text.slice(5, 7))}月${Number(text.slice(8, 10))}日 ${text.slice(11)}`;
}

export function presentMessage(m: Pick<Message, "_id" | "kind" | "title" | "body" | "link" | "at">, read: boolean): TMessage {
  const kind = m.kind as TMessageKind;
  return {
    id: m._id,
    kind,
    kindLabel: MESSAGE_KIND_LABELS[kind],
    title: m.title,
    body: m.body,
    ...(m.link?.page ? { link: { page: m.link.page, ...(m.link.id ? { id: m.link.id } : {}) } } : {}),
    at: m.at.toISOString(),
    atText: beijingTimeText(m.at),
    read,
  };
}
