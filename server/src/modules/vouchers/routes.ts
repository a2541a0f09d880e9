import { ZVoucherCheck, ZVoucherCodeRequest, ZVoucherPublicKey } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { VoucherService } from "./service";

export function registerVoucherRoutes(api: ApiRouter, vouchers: VoucherService): void {
  api.route({
    method: "post",
    path: "/vouchers/verify",
    tag: "vouchers",
    summary: "Check a voucher at the counter: valid or not, which benefit, masked name, expiry (never score or ID)",
    access: ["partner_operator", "platform_admin", "regional_admin"],
    accessNote: "Operators check their partner's vouchers; administrators those of scenarios they may view (platform: all; regional: scenarios open in their prefecture).",
    body: ZVoucherCodeRequest,
    response: ZVoucherCheck,
    handler: ({ actor, body }) => vouchers.verify(actor, body.code),
  });

  api.route({
    method: "post",
    path: "/vouchers/redeem",
    tag: "vouchers",
    summary: "Redeem a voucher, once; the operator, time and place are recorded",
    access: ["partner_operator", "platform_admin", "regional_admin"],
    accessNote:
      "Only the scenario's owner redeems: operators of the partner that runs it; a scenario launched by administrators, the platform administrator or the regional administrator of its one prefecture. Others get VOUCHER_WRONG_PARTNER.",
    body: ZVoucherCodeRequest,
    response: ZVoucherCheck,
    errors: ["VOUCHER_INVALID", "VOUCHER_ALREADY_REDEEMED", "VOUCHER_NOT_REDEEMABLE", "VOUCHER_WRONG_PARTNER"],
    handler: ({ actor, body }) => vouchers.redeem(actor, body.code, body.place),
  });

  api.publicRoute({
    method: "get",
    path: "/vouchers/public-key",
    tag: "vouchers",
    summary: "The Ed25519 public key voucher tokens are signed with, for checks without the network",
    response: ZVoucherPublicKey,
    handler: async () => vouchers.publicKey(),
  });
}
