import { BENEFIT_CATEGORY_LABELS, type TAvailableScenario, type TBenefitCategory } from "@xinyi/shared";

export type ScenarioStateKey = "claimed" | "eligible" | "ineligible" | "soldout";

export interface ScenarioState {
  key: ScenarioStateKey;
  label: string;
}

/** What the citizen can do with a scenario, as far as the last listing tells (the server decides on claim). */
export function scenarioState(s: TAvailableScenario): ScenarioState {
  if (s.claimedByMe) return { key: "claimed", label: "已领取" };
  if (!s.eligible) return { key: "ineligible", label: "不符合条件" };
  if (s.remaining <= 0) return { key: "soldout", label: "名额已领完" };
  return { key: "eligible", label: "可领取" };
}

export function categoryLabel(category: TBenefitCategory): string {
  return BENEFIT_CATEGORY_LABELS[category] ?? "其他";
}

/** Last listing, so the detail page can paint at once while it refreshes. */
const cache = new Map<string, TAvailableScenario>();

export function rememberScenarios(items: TAvailableScenario[]): void {
  cache.clear();
  for (const item of items) cache.set(item.id, item);
}

export function rememberScenario(item: TAvailableScenario): void {
  cache.set(item.id, item);
}

export function cachedScenario(id: string): TAvailableScenario | undefined {
  return cache.get(id);
}
