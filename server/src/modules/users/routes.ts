import { MINIAPP_ROLES, ZMe, ZUpdateProfileRequest, type TMe } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { Actor } from "../../http/context";
import { PartnerModel } from "../partners/model";
import { UserModel } from "./model";
import { getMe, updateProfile } from "./service";

/**
 * The console shows a bank's operators the loan screens of their post: add the partner's kind
 * and, for a bank, the post as the bank routes read it (none stored counts as bank_manager, the
 * partner's first operator). Read from the store on every call, so a change of post shows at once.
 */
async function withBankPost(me: TMe, actor: Actor): Promise<TMe> {
  if (!me.partner) return me;
  const [partner, user] = await Promise.all([
    PartnerModel.findById(me.partner.id, { kind: 1 }).lean(),
    UserModel.findById(actor.userId, { staffRole: 1 }).lean(),
  ]);
  if (!partner) return me;
  const partnerWithKind = { ...me.partner, kind: partner.kind };
  if (partner.kind !== "bank") return { ...me, partner: partnerWithKind };
  return { ...me, partner: partnerWithKind, staffRole: user?.staffRole ?? "bank_manager" };
}

export function registerUserRoutes(api: ApiRouter): void {
  api.route({
    method: "get",
    path: "/me",
    tag: "users",
    summary: "The signed-in account",
    access: "any-signed-in",
    response: ZMe,
    handler: async ({ actor }) => withBankPost(await getMe(actor), actor),
  });

  api.route({
    method: "patch",
    path: "/me",
    tag: "users",
    summary: "Update the signed-in mini-program user's name or prefecture",
    access: MINIAPP_ROLES,
    body: ZUpdateProfileRequest,
    response: ZMe,
    handler: ({ actor, body }) => updateProfile(actor, body),
  });
}
