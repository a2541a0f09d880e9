import { MINIAPP_ROLES, ZAccountCloseRequest, ZAccountCloseResult, ZPrivacyConsentRequest, ZPrivacyDocumentList, ZPrivacyStatus } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import { withdrawConsent, type CloseAccount } from "./account";
import { acceptDocuments, listDocuments, originOf, privacyStatus } from "./service";

export function registerPrivacyRoutes(api: ApiRouter, closeAccount: CloseAccount): void {
  api.publicRoute({
    method: "get",
    path: "/privacy/documents",
    tag: "privacy",
    summary: "The current user agreement, privacy notice and sensitive-information rules, with their versions",
    response: ZPrivacyDocumentList,
    handler: async () => ({ items: await listDocuments() }),
  });

  api.route({
    method: "get",
    path: "/me/privacy",
    tag: "privacy",
    summary: "Which versions this account accepted, and whether it must accept again",
    access: MINIAPP_ROLES,
    response: ZPrivacyStatus,
    handler: ({ actor }) => privacyStatus(actor.userId),
  });

  api.route({
    method: "post",
    path: "/me/privacy/consents",
    tag: "privacy",
    summary: "Accept the current versions (user agreement with privacy notice; the sensitive-information consent separately); each acceptance is recorded",
    access: MINIAPP_ROLES,
    body: ZPrivacyConsentRequest,
    response: ZPrivacyStatus,
    status: 201,
    errors: ["VERSION_CONFLICT"],
    handler: ({ actor, body, ctx }) => acceptDocuments(actor.userId, body, originOf(ctx)),
  });

  api.route({
    method: "post",
    path: "/me/privacy/withdraw",
    tag: "privacy",
    summary: "Withdraw the sensitive-information consent: real-name binding and new grants stop, the grants given end",
    access: MINIAPP_ROLES,
    response: ZPrivacyStatus,
    handler: ({ actor, ctx }) => withdrawConsent(actor, originOf(ctx)),
  });

  api.route({
    method: "post",
    path: "/me/close",
    tag: "privacy",
    summary: "Close the account (注销): sessions end at once, login identifiers, bindings and grants are deleted or ended; audit and consent records are kept",
    access: MINIAPP_ROLES,
    body: ZAccountCloseRequest,
    response: ZAccountCloseResult,
    handler: ({ actor, ctx }) => closeAccount(actor, originOf(ctx)),
  });
}
