import {
  MINIAPP_ROLES,
  ZConsentGrant,
  ZConsentGrantList,
  ZConsentGrantRequest,
  ZCreditReport,
  ZIdParams,
  ZPartnerList,
  ZReportAccessList,
  ZReportLookupRequest,
} from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { ConsentService } from "./service";

export function registerConsentRoutes(api: ApiRouter, consent: ConsentService): void {
  api.route({
    method: "get",
    path: "/partners",
    tag: "consent",
    summary: "Approved partner organisations (to grant report access to)",
    access: "any-signed-in",
    response: ZPartnerList,
    handler: async () => ({ items: await consent.listPartners() }),
  });

  api.route({
    method: "get",
    path: "/me/consents",
    tag: "consent",
    summary: "授权管理: the grants the signed-in subject gave",
    access: MINIAPP_ROLES,
    response: ZConsentGrantList,
    errors: ["SUBJECT_NOT_BOUND"],
    handler: async ({ actor }) => ({ items: await consent.list(actor) }),
  });

  api.route({
    method: "post",
    path: "/me/consents",
    tag: "consent",
    summary: "Grant a partner access to my credit report for a purpose until a date",
    access: MINIAPP_ROLES,
    body: ZConsentGrantRequest,
    response: ZConsentGrant,
    status: 201,
    errors: ["SUBJECT_NOT_BOUND"],
    handler: ({ actor, body }) => consent.grant(actor, body),
  });

  api.route({
    method: "post",
    path: "/me/consents/:id/revoke",
    tag: "consent",
    summary: "Revoke a grant",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    response: ZConsentGrant,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => consent.revoke(actor, params.id),
  });

  api.route({
    method: "get",
    path: "/me/report-accesses",
    tag: "consent",
    summary: "Who looked at my credit report, when and why (refused attempts too)",
    access: MINIAPP_ROLES,
    response: ZReportAccessList,
    errors: ["SUBJECT_NOT_BOUND"],
    handler: async ({ actor }) => ({ items: await consent.accesses(actor) }),
  });

  api.route({
    method: "post",
    path: "/reports/lookup",
    tag: "consent",
    summary: "A partner reads a subject's credit report under the subject's grant",
    access: ["partner_operator"],
    body: ZReportLookupRequest,
    response: ZCreditReport,
    errors: ["CONSENT_REQUIRED"],
    handler: ({ actor, body }) => consent.lookup(actor, body),
  });
}
