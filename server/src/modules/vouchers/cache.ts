import type { Types } from "mongoose";
import type { Redis, RedisKeys } from "../../infra/redis";
import { ClaimModel, type Claim } from "../claims/model";

/** What a counter check needs of a voucher. */
export type VoucherView = Pick<Claim, "scenarioTitle" | "benefit" | "holderName" | "status"> & {
  claimId: string;
  scenarioId: string;
  ownerPartnerId?: string;
  expiresAt: string;
  redeemedAt?: string;
};

function toView(c: Claim): VoucherView {
  return {
    claimId: c._id.toHexString(),
    scenarioId: c.scenarioId.toHexString(),
    ...(c.ownerPartnerId ? { ownerPartnerId: c.ownerPartnerId.toHexString() } : {}),
    scenarioTitle: c.scenarioTitle,
    benefit: c.benefit,
    holderName: c.holderName,
    status: c.status,
    expiresAt: c.expiresAt.toISOString(),
    ...(c.redeemedAt ? { redeemedAt: c.redeemedAt.toISOString() } : {}),
  };
}

/**
 * Vouchers as counters check them, in Redis (written when a claim is made,
 * redeemed or cancelled); a miss reads the claim from the store. Redemption
 * itself never trusts this: it inserts the outcome under a unique id.
 */
export function createVoucherCache(redis: Redis, keys: RedisKeys) {
  return {
    async put(claim: Claim): Promise<void> {
      const ttl = Math.max(60, Math.ceil((claim.expiresAt.getTime() - Date.now()) / 1000) + 86_400);
      await redis.set(keys.voucher(claim._id.toHexString()), JSON.stringify(toView(claim)), { EX: ttl }).catch(() => undefined);
    },

    async get(claimId: Types.ObjectId | string): Promise<VoucherView | null> {
      const id = typeof claimId === "string" ? claimId : claimId.toHexString();
      const cached = await redis.get(keys.voucher(id)).catch(() => null);
      if (cached) return JSON.parse(cached) as VoucherView;
      const claim = await ClaimModel.findById(id).lean<Claim>();
      if (!claim) return null;
      await this.put(claim);
      return toView(claim);
    },
  };
}

export type VoucherCache = ReturnType<typeof createVoucherCache>;
