import Taro from "@tarojs/taro";
import type { TCommitmentCase, TCommitmentStatus } from "@xinyi/shared";
import { ROUTES } from "./nav";

/** 我的承诺: how a case's state reads and looks, and where its pages are. */

/** The `loan-tag--<tone>` pill colour of a status: orange while the subject must act, red when broken. */
export type CommitmentTone = "unverified" | "progress" | "ok" | "fail" | "done";

export function commitmentTone(status: TCommitmentStatus): CommitmentTone {
  switch (status) {
    case "pending_signature":
      return "unverified";
    case "signed":
      return "progress";
    case "kept":
      return "ok";
    case "broken":
      return "fail";
    case "terminated":
      return "done";
  }
}

/** An open case the subject still has something to do for. */
export function isOpen(c: Pick<TCommitmentCase, "status">): boolean {
  return c.status === "pending_signature" || c.status === "signed";
}

/**
 * The 容缺 due date as a person reads it: "2026年12月31日前补齐 · 还剩 3 天", "今天是最后一天",
 * "已过期限"; "" for 告知承诺 and closed cases, which have no date to keep.
 */
export function dueText(c: Pick<TCommitmentCase, "type" | "status" | "dueDate" | "daysLeft" | "overdue">): string {
  if (c.type !== "tolerate_missing" || !c.dueDate || !isOpen(c)) return "";
  const day = chineseDay(c.dueDate);
  if (c.overdue || (c.daysLeft ?? 0) < 0) return `补齐期限 ${day} · 已过期限`;
  if (c.daysLeft === 0) return `补齐期限 ${day} · 今天是最后一天`;
  return `补齐期限 ${day} · 还剩 ${c.daysLeft} 天`;
}

/** The deadline is near (three days or less) or past: the card and page show it in orange. */
export function dueUrgent(c: Pick<TCommitmentCase, "type" | "status" | "daysLeft" | "overdue">): boolean {
  return c.type === "tolerate_missing" && isOpen(c) && (c.overdue || (c.daysLeft !== undefined && c.daysLeft <= 3));
}

/** "2026-12-31" → "2026年12月31日". */
export function chineseDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : day;
}

export function openCommitments(): Promise<unknown> {
  return Taro.navigateTo({ url: ROUTES.commitments });
}

export function openCommitment(id: string): Promise<unknown> {
  return Taro.navigateTo({ url: `${ROUTES.commitment}?id=${encodeURIComponent(id)}` });
}
