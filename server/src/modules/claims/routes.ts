import { z } from "zod";
import { MINIAPP_ROLES, ZClaim, ZClaimList, ZIdParams } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import { AppError } from "../../http/app-error";
import type { AppContext } from "../../http/context";
import type { ClaimService } from "./service";

const ZIdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, "Idempotency-Key 应为8–128位字母、数字、- 或 _");

function idempotencyKeyOf(ctx: AppContext): string | undefined {
  const raw = ctx.get("idempotency-key");
  if (!raw) return undefined;
  const parsed = ZIdempotencyKey.safeParse(raw);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "headers.idempotency-key", message: parsed.error.issues[0]!.message }] });
  }
  return parsed.data;
}

export function registerClaimRoutes(api: ApiRouter, claims: ClaimService): void {
  api.route({
    method: "post",
    path: "/scenarios/:id/claims",
    tag: "claims",
    summary: "Claim a benefit (send an Idempotency-Key header so a retry returns the same claim)",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    response: ZClaim,
    status: 201,
    errors: ["CLAIM_ALREADY_CLAIMED", "CLAIM_QUOTA_EXHAUSTED", "CLAIM_NOT_ELIGIBLE", "CLAIM_OUT_OF_REGION", "SCENARIO_NOT_AVAILABLE", "NOT_FOUND"],
    handler: ({ actor, params, ctx }) => claims.claim(actor, params.id, idempotencyKeyOf(ctx)),
  });

  api.route({
    method: "get",
    path: "/me/claims",
    tag: "claims",
    summary: "我的权益: the signed-in subject's claims",
    access: MINIAPP_ROLES,
    response: ZClaimList,
    handler: async ({ actor }) => ({ items: await claims.mine(actor) }),
  });
}
