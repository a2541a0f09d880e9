import Taro from "@tarojs/taro";
import type { TMessage, TMessageKind } from "@xinyi/shared";
import { ROUTES } from "./nav";

/**
 * Where a message leads: the server names a page key (`link.page`, see shared/src/schemas/messages.ts)
 * and an id. Each key the server sends is mapped here to its page; a key this build does not know
 * (an older app, a newer server) leaves the person on 消息 rather than opening a broken page.
 */
const LINK_PAGES = {
  objection: ROUTES.objection,
  repair: ROUTES.repair,
  creditRecord: ROUTES.creditRecord,
  commitment: ROUTES.commitment,
  loanApplication: ROUTES.loanApplication,
  voucher: ROUTES.voucher,
} as const satisfies Record<string, string>;

export type MessageLinkPage = keyof typeof LINK_PAGES;

/** The page URL a message opens, or undefined when it leads nowhere this app knows. */
export function messageLinkUrl(link: TMessage["link"]): string | undefined {
  // Not Object.hasOwn: older mini-program runtimes lack it.
  if (!link || !Object.prototype.hasOwnProperty.call(LINK_PAGES, link.page)) return undefined;
  const route = LINK_PAGES[link.page as MessageLinkPage];
  return link.id ? `${route}?id=${encodeURIComponent(link.id)}` : route;
}

export function openMessageLink(link: TMessage["link"]): Promise<unknown> | undefined {
  const url = messageLinkUrl(link);
  return url ? Taro.navigateTo({ url }) : undefined;
}

export function openMessages(): Promise<unknown> {
  return Taro.navigateTo({ url: ROUTES.messages });
}

/** The badge text: 99+ past two digits, nothing at zero. */
export function badgeText(unread: number): string {
  if (unread <= 0) return "";
  return unread > 99 ? "99+" : String(unread);
}

/** The small coloured mark before a message's kind. */
export const MESSAGE_KIND_TONES: Record<TMessageKind, string> = {
  objection: "blue",
  repair: "green",
  commitment: "orange",
  loan: "blue",
  voucher: "purple",
  record: "red",
};
