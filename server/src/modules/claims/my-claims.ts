import type { Types } from "mongoose";
import type { TAvailableScenario } from "@xinyi/shared";
import { ClaimModel, type Claim } from "./model";
import { effectiveStatus } from "./presenter";

/**
 * A subject's newest voucher of each of these scenarios that is not cancelled, as the
 * listing shows it: read only for the scenarios the subject is known to have claimed,
 * so a listing without claims costs no store read.
 */
export async function myClaimsOf(subjectId: Types.ObjectId | null, scenarioIds: Types.ObjectId[]): Promise<Map<string, NonNullable<TAvailableScenario["myClaim"]>>> {
  const mine = new Map<string, NonNullable<TAvailableScenario["myClaim"]>>();
  if (!subjectId || scenarioIds.length === 0) return mine;
  const claims = await ClaimModel.find({ subjectId, scenarioId: { $in: scenarioIds }, status: { $ne: "cancelled" } }, { scenarioId: 1, status: 1, benefit: 1, expiresAt: 1, claimedAt: 1 })
    .sort({ claimedAt: -1 })
    .lean<Pick<Claim, "_id" | "scenarioId" | "status" | "benefit" | "expiresAt">[]>();
  for (const c of claims) {
    const key = c.scenarioId.toHexString();
    if (!mine.has(key)) mine.set(key, { id: c._id.toHexString(), status: effectiveStatus(c), benefit: c.benefit });
  }
  return mine;
}
