import { describeRule, type TBenefit, type TEligibilityRule, type TPerSubjectLimit, type TScenario } from "@xinyi/shared";
import type { Scenario } from "./model";

export type ScenarioCounts = { claimed: number; redeemed: number; cancelled: number };

export function presentScenario(s: Scenario, counts: ScenarioCounts, ownerName?: string): TScenario {
  const live = counts.claimed - counts.cancelled;
  return {
    id: s._id.toHexString(),
    title: s.title,
    category: s.category,
    description: s.description ?? "",
    terms: s.terms ?? "",
    ...(s.ownerPartnerId ? { ownerPartnerId: s.ownerPartnerId.toHexString() } : {}),
    ...(ownerName ? { ownerPartnerName: ownerName } : {}),
    provinceWide: s.provinceWide ?? false,
    prefectureCodes: s.prefectureCodes as TScenario["prefectureCodes"],
    rule: s.rule as TEligibilityRule,
    ruleSummary: describeRule(s.rule as TEligibilityRule),
    benefit: s.benefit as TBenefit,
    quota: s.quota,
    perSubjectLimit: s.perSubjectLimit as TPerSubjectLimit,
    redemptionHours: s.redemptionHours,
    claimedCount: live,
    redeemedCount: counts.redeemed,
    remaining: Math.max(s.quota - live, 0),
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    status: s.status,
    version: s.version,
    ...(s.rejectionReason ? { rejectionReason: s.rejectionReason } : {}),
    createdAt: s.createdAt.toISOString(),
    ...(s.publishedAt ? { publishedAt: s.publishedAt.toISOString() } : {}),
  };
}
