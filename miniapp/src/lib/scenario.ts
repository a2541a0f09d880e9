import {
  BENEFIT_CATEGORIES,
  BENEFIT_CATEGORY_LABELS,
  LIMIT_PERIOD_LABELS,
  prefectureName,
  type TAvailableScenario,
  type TBenefitCategory,
} from "@xinyi/shared";

export type ScenarioStateKey = "claimed" | "eligible" | "ineligible" | "soldout" | "unverified";

export interface ScenarioState {
  key: ScenarioStateKey;
  label: string;
}

/** What the citizen can do with a scenario, as far as the last listing tells (the server decides on claim). */
export function scenarioState(s: TAvailableScenario): ScenarioState {
  if (s.needsIdentity) return { key: "unverified", label: "待实名认证" };
  if (s.claimedByMe) return { key: "claimed", label: s.myClaim?.status === "redeemed" ? "已使用" : "已领取" };
  if (!s.eligible) return { key: "ineligible", label: "不符合条件" };
  if (s.remaining <= 0) return { key: "soldout", label: "名额已领完" };
  return { key: "eligible", label: "可领取" };
}

/** What the scenario page's main button does, as far as the listing tells. */
export type ClaimAction =
  | { kind: "verify"; label: string }
  | { kind: "voucher"; label: string; claimId: string }
  | { kind: "claim"; label: string }
  | { kind: "disabled"; label: string; reason?: string };

/**
 * The button says what is true: verify first when the account has no verified identity; show the
 * voucher already held; disabled, with the reason, when not eligible or when the only claim
 * allowed is used. Sold out stays tappable: a cancelled voucher gives its place back, and the
 * server has the last word.
 */
export function claimAction(s: TAvailableScenario): ClaimAction {
  if (s.needsIdentity) return { kind: "verify", label: "去实名认证" };
  if (s.myClaim?.status === "claimed") return { kind: "voucher", label: "出示券码", claimId: s.myClaim.id };
  if (s.claimedByMe && s.perSubjectLimit.total <= 1) {
    return { kind: "disabled", label: s.myClaim?.status === "redeemed" ? "已使用" : "已领取", reason: "每人限领 1 次，您已领取过" };
  }
  if (!s.eligible) return { kind: "disabled", label: "暂不符合条件", reason: s.reasons[0] ?? s.ineligibleReason ?? "您暂不符合该权益的领取条件" };
  return { kind: "claim", label: "立即领取" };
}

export function categoryLabel(category: TBenefitCategory): string {
  return BENEFIT_CATEGORY_LABELS[category] ?? "其他";
}

/** Category filter of the home page: 全部 and the categories (test ids `category-<key>`). */
export type CategoryFilter = "all" | TBenefitCategory;
export const CATEGORY_FILTERS: readonly CategoryFilter[] = ["all", ...BENEFIT_CATEGORIES];

export function categoryFilterLabel(key: CategoryFilter): string {
  return key === "all" ? "全部" : categoryLabel(key);
}

/** Who offers it: the partner's name, or the credit authority for the government's own scenarios. */
export function ownerLabel(s: Pick<TAvailableScenario, "ownerPartnerName">): string {
  return s.ownerPartnerName || "信用主管部门";
}

/** "每人限领 1 次" or "每人限领 12 次，每月 1 次". */
export function perSubjectLimitText(s: Pick<TAvailableScenario, "perSubjectLimit">): string {
  const { total, perPeriod } = s.perSubjectLimit;
  const base = `每人限领 ${total} 次`;
  return perPeriod ? `${base}，${LIMIT_PERIOD_LABELS[perPeriod.period]} ${perPeriod.count} 次` : base;
}

/** How long a claimed voucher can be used: "领取后 3 天内有效" / "领取后 12 小时内有效". */
export function validityText(hours: number): string {
  if (hours >= 24 && hours % 24 === 0) return `领取后 ${hours / 24} 天内有效`;
  return `领取后 ${hours} 小时内有效`;
}

export function regionsText(s: Pick<TAvailableScenario, "provinceWide" | "prefectureCodes">): string {
  if (s.provinceWide) return "云南省全省";
  return s.prefectureCodes.map((c) => prefectureName(c) ?? c).join("、");
}

export interface TierRow {
  grades: string;
  benefit: string;
  /** The row whose benefit is mine (by the benefit text: the listing does not name my grade). */
  mine: boolean;
}

/** The benefit tiers as table rows: each tier, then the default for every other eligible grade. */
export function tierRows(s: Pick<TAvailableScenario, "benefit" | "myBenefit">): TierRow[] {
  const rows: TierRow[] = s.benefit.tiers.map((t) => ({ grades: t.grades.join("、"), benefit: t.summary, mine: false }));
  rows.push({ grades: rows.length ? "其他等级" : "所有等级", benefit: s.benefit.summary, mine: false });
  // With a single row there is nothing to point out.
  const mine = rows.length > 1 ? rows.findIndex((r) => r.benefit === s.myBenefit) : -1;
  if (mine >= 0) rows[mine]!.mine = true;
  return rows;
}

/** Last listing, so the detail page can paint at once while it refreshes. */
const cache = new Map<string, TAvailableScenario>();

export function rememberScenarios(items: TAvailableScenario[]): void {
  for (const item of items) cache.set(item.id, item);
}

export function rememberScenario(item: TAvailableScenario): void {
  cache.set(item.id, item);
}

export function cachedScenario(id: string): TAvailableScenario | undefined {
  return cache.get(id);
}
