import { MINIAPP_ROLES, ZClaim, ZClaimList, ZIdParams, ZVoucherToken } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import { idempotencyKeyOf } from "../idempotency/idempotency";
import type { ClaimService } from "./service";

export function registerClaimRoutes(api: ApiRouter, claims: ClaimService): void {
  api.route({
    method: "post",
    path: "/scenarios/:id/claims",
    tag: "claims",
    summary: "Claim a benefit. Send an Idempotency-Key header: a retry with the same key returns the same answer",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    response: ZClaim,
    status: 201,
    errors: ["CLAIM_ALREADY_CLAIMED", "CLAIM_LIMIT_REACHED", "CLAIM_QUOTA_EXHAUSTED", "CLAIM_NOT_ELIGIBLE", "CLAIM_OUT_OF_REGION", "SCENARIO_NOT_AVAILABLE", "NOT_FOUND", "CONFLICT", "CLAIM_BUSY"],
    handler: ({ actor, params, ctx }) => claims.claim(actor, params.id, idempotencyKeyOf(ctx)),
  });

  api.route({
    method: "get",
    path: "/me/claims",
    tag: "claims",
    summary: "我的权益: the signed-in subject's vouchers",
    access: MINIAPP_ROLES,
    response: ZClaimList,
    handler: async ({ actor }) => ({ items: await claims.mine(actor) }),
  });

  api.route({
    method: "get",
    path: "/me/claims/:id/voucher",
    tag: "claims",
    summary: "A fresh QR token for an unused voucher (valid about a minute)",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    response: ZVoucherToken,
    errors: ["NOT_FOUND", "VOUCHER_NOT_REDEEMABLE"],
    handler: ({ actor, params }) => claims.voucherToken(actor, params.id),
  });

  api.route({
    method: "post",
    path: "/me/claims/:id/cancel",
    tag: "claims",
    summary: "Cancel an unused voucher; the quota place comes back",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    response: ZClaim,
    errors: ["NOT_FOUND", "VOUCHER_ALREADY_REDEEMED", "VOUCHER_ALREADY_CANCELLED", "VOUCHER_NOT_REDEEMABLE"],
    handler: ({ actor, params }) => claims.cancel(actor, params.id),
  });
}
