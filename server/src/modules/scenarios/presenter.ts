import type { TScenario } from "@xinyi/shared";
import type { Scenario } from "./model";

export function presentScenario(s: Scenario, claimedCount: number): TScenario {
  return {
    id: s._id.toHexString(),
    title: s.title,
    category: s.category,
    description: s.description ?? "",
    prefectureCodes: s.prefectureCodes as TScenario["prefectureCodes"],
    minCreditScore: s.minCreditScore,
    quota: s.quota,
    claimedCount,
    remaining: Math.max(s.quota - claimedCount, 0),
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    status: s.status,
    createdAt: s.createdAt.toISOString(),
    ...(s.publishedAt ? { publishedAt: s.publishedAt.toISOString() } : {}),
  };
}
