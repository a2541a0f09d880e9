import { CLAIM_STATUS_LABELS, type TClaim, type TClaimStatus } from "@xinyi/shared";
import { formatDateTime } from "./format";

/** Tabs of 我的权益: 待使用 (claimed), 已使用 (redeemed), 已失效 (expired and cancelled). */
export type BenefitTab = "unused" | "used" | "invalid";

export const BENEFIT_TABS: readonly { key: BenefitTab; label: string }[] = [
  { key: "unused", label: "待使用" },
  { key: "used", label: "已使用" },
  { key: "invalid", label: "已失效" },
];

export function isBenefitTab(value: unknown): value is BenefitTab {
  return value === "unused" || value === "used" || value === "invalid";
}

export function tabOf(status: TClaimStatus): BenefitTab {
  if (status === "claimed") return "unused";
  if (status === "redeemed") return "used";
  return "invalid";
}

export function claimStatusLabel(status: TClaimStatus): string {
  return CLAIM_STATUS_LABELS[status] ?? status;
}

/** Newest first within a tab: by the moment that put the voucher there. */
export function claimSortTime(c: TClaim): number {
  const at = c.status === "redeemed" ? c.redeemedAt : c.status === "cancelled" ? c.cancelledAt : c.status === "expired" ? c.expiresAt : c.claimedAt;
  const t = Date.parse(at ?? c.claimedAt);
  return Number.isNaN(t) ? 0 : t;
}

/** The line under a voucher that says when it happened (or until when it can be used). */
export function claimTimeText(c: TClaim): string {
  switch (c.status) {
    case "claimed":
      return `有效期至 ${formatDateTime(c.expiresAt)}`;
    case "redeemed":
      return c.redeemedAt ? `核销时间 ${formatDateTime(c.redeemedAt)}` : "已核销";
    case "cancelled":
      return c.cancelledAt ? `取消时间 ${formatDateTime(c.cancelledAt)}` : "已取消";
    case "expired":
      return `已于 ${formatDateTime(c.expiresAt)} 过期`;
  }
}

/** "ABCDEFGH" → ["ABCD", "EFGH"]: groups of four, easier to read aloud at a counter. */
export function shortCodeGroups(code: string): string[] {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += 4) groups.push(code.slice(i, i + 4));
  return groups;
}

/** Tokens live about 60 s; fetch the next one this long before the current one expires. */
const REFRESH_MARGIN_MS = 10_000;
const REFRESH_DEFAULT_MS = 50_000;
const REFRESH_MIN_MS = 5_000;

/**
 * Milliseconds until the QR token should be replaced. Based on the token's `expiresAt`, but a
 * device clock far off the server's would make that meaningless: then every 50 s.
 */
export function tokenRefreshDelay(expiresAt: string, now: number = Date.now()): number {
  const left = Date.parse(expiresAt) - now;
  if (Number.isNaN(left) || left <= REFRESH_MARGIN_MS || left > 5 * 60_000) return REFRESH_DEFAULT_MS;
  return Math.max(REFRESH_MIN_MS, Math.min(REFRESH_DEFAULT_MS, left - REFRESH_MARGIN_MS));
}

/** How often the voucher page asks whether the voucher was redeemed. */
export const VOUCHER_POLL_MS = 3_000;
