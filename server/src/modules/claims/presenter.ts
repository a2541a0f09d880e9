import type { TClaim } from "@xinyi/shared";
import type { Claim } from "./model";

/** A claimed voucher past its redemption window reads as expired. */
export function effectiveStatus(c: Pick<Claim, "status" | "expiresAt">, now = new Date()): TClaim["status"] {
  return c.status === "claimed" && c.expiresAt <= now ? "expired" : c.status;
}

export function presentClaim(c: Claim): TClaim {
  return {
    id: c._id.toHexString(),
    scenarioId: c.scenarioId.toHexString(),
    scenarioTitle: c.scenarioTitle,
    category: c.category,
    benefit: c.benefit,
    ...(c.benefitGrade ? { benefitGrade: c.benefitGrade } : {}),
    ...(typeof c.discountPercent === "number" ? { discountPercent: c.discountPercent } : {}),
    status: effectiveStatus(c),
    shortCode: c.shortCode,
    ruleVersion: c.ruleVersion,
    claimedAt: c.claimedAt.toISOString(),
    expiresAt: c.expiresAt.toISOString(),
    ...(c.redeemedAt ? { redeemedAt: c.redeemedAt.toISOString() } : {}),
    ...(c.cancelledAt ? { cancelledAt: c.cancelledAt.toISOString() } : {}),
  };
}
