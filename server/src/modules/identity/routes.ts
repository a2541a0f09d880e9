import {
  MINIAPP_ROLES,
  ZIdentityVerifyRequest,
  ZIdParams,
  ZLegalRepBindRequest,
  ZMandate,
  ZMandateDecisionRequest,
  ZMandateList,
  ZMandatePage,
  ZMandateQueueQuery,
  ZMandateRequest,
  ZMandateRevokeRequest,
  ZMe,
} from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { MandateService } from "./mandates";
import type { IdentityService } from "./service";

const ADMINS = ["platform_admin", "regional_admin"] as const;

/** The mandate request carries the letter (up to 2 MB, base64): app.ts gives this path a larger body limit. */
export const MANDATE_REQUEST_PATH = "/me/enterprise-mandates";

export function registerIdentityRoutes(api: ApiRouter, identity: IdentityService, mandates: MandateService): void {
  api.route({
    method: "post",
    path: "/me/real-name",
    tag: "identity",
    summary: "实名认证: the identity service checks name and ID number; only then is the account bound to the citizen",
    access: MINIAPP_ROLES,
    body: ZIdentityVerifyRequest,
    response: ZMe,
    errors: ["IDENTITY_NOT_VERIFIED", "SUBJECT_ALREADY_BOUND", "SUBJECT_BOUND_ELSEWHERE", "RATE_LIMITED"],
    handler: ({ actor, body, ctx }) => identity.verifyRealName(actor, body, ctx.ip),
  });

  api.route({
    method: "post",
    path: "/me/enterprises",
    tag: "identity",
    summary: "Bind an enterprise as its registered legal representative (the verified holder's ID must be the one on file)",
    access: MINIAPP_ROLES,
    body: ZLegalRepBindRequest,
    response: ZMe,
    errors: ["IDENTITY_REQUIRED", "ENTERPRISE_REVIEW_REQUIRED", "ENTERPRISE_AUTHORITY_REQUIRED"],
    handler: ({ actor, body }) => identity.bindAsLegalRep(actor, body),
  });

  api.route({
    method: "post",
    path: MANDATE_REQUEST_PATH,
    tag: "identity",
    summary: "Ask to act for an enterprise (经办人授权), approved by its legal representative or, with a letter, an administrator",
    access: MINIAPP_ROLES,
    body: ZMandateRequest,
    response: ZMandate,
    status: 201,
    errors: ["IDENTITY_REQUIRED", "ENTERPRISE_REVIEW_REQUIRED", "CONFLICT"],
    handler: ({ actor, body }) => mandates.request(actor, body),
  });

  api.route({
    method: "get",
    path: "/me/enterprise-mandates",
    tag: "identity",
    summary: "My authorization requests",
    access: MINIAPP_ROLES,
    response: ZMandateList,
    handler: async ({ actor }) => ({ items: await mandates.mine(actor) }),
  });

  api.route({
    method: "get",
    path: "/me/enterprises/:id/mandates",
    tag: "identity",
    summary: "For the legal representative: pending requests and the accounts acting for the enterprise",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    response: ZMandateList,
    errors: ["NOT_FOUND"],
    handler: async ({ actor, params }) => ({ items: await mandates.ofEnterprise(actor, params.id) }),
  });

  api.route({
    method: "get",
    path: "/enterprise-mandates",
    tag: "identity",
    summary: "Authorization requests with letters waiting for an administrator of the prefecture",
    access: ADMINS,
    query: ZMandateQueueQuery,
    response: ZMandatePage,
    handler: ({ actor, query }) => mandates.queue(actor, query),
  });

  api.route({
    method: "post",
    path: "/enterprise-mandates/:id/decision",
    tag: "identity",
    summary: "Approve or reject: the legal representative in the app, or an administrator of the prefecture with a reason",
    access: [...MINIAPP_ROLES, ...ADMINS],
    params: ZIdParams,
    body: ZMandateDecisionRequest,
    response: ZMandate,
    errors: ["NOT_FOUND", "MANDATE_TRANSITION_INVALID"],
    handler: ({ actor, params, body }) => mandates.decide(actor, params.id, body),
  });

  api.route({
    method: "post",
    path: "/enterprise-mandates/:id/revoke",
    tag: "identity",
    summary: "Revoke (legal representative, administrator) or withdraw (the agent): the agent stops acting for the enterprise at once",
    access: [...MINIAPP_ROLES, ...ADMINS],
    params: ZIdParams,
    body: ZMandateRevokeRequest,
    response: ZMandate,
    errors: ["NOT_FOUND", "MANDATE_TRANSITION_INVALID"],
    handler: ({ actor, params, body }) => mandates.revoke(actor, params.id, body),
  });

  api.route({
    method: "get",
    path: "/enterprise-mandates/:id/letter",
    tag: "identity",
    summary: "Download the authorization letter (administrators of the prefecture and the requester only)",
    access: [...MINIAPP_ROLES, ...ADMINS],
    params: ZIdParams,
    download: { contentType: "application/octet-stream", fileName: (p) => `授权书-${p.id}` },
    errors: ["NOT_FOUND"],
    handler: async ({ actor, params }) => (await mandates.letter(actor, params.id)).data,
  });
}
