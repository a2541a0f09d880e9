import type { TClaim } from "@xinyi/shared";
import type { Claim } from "./model";

export function presentClaim(c: Claim): TClaim {
  return {
    id: c._id.toHexString(),
    scenarioId: c.scenarioId.toHexString(),
    scenarioTitle: c.scenarioTitle,
    category: c.category,
    status: c.status,
    claimedAt: c.claimedAt.toISOString(),
  };
}
