import {
  ZIdParams,
  ZOperator,
  ZOperatorCreateRequest,
  ZOperatorList,
  ZPartnerApplicationRequest,
  ZPartnerDecisionRequest,
  ZPartnerDetail,
  ZPartnerDetailList,
} from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { PartnerService } from "./service";

export function registerPartnerRoutes(api: ApiRouter, partners: PartnerService): void {
  api.publicRoute({
    method: "post",
    path: "/partner-applications",
    tag: "partners",
    summary: "A partner organisation applies; its first operator account waits for approval",
    body: ZPartnerApplicationRequest,
    response: ZPartnerDetail,
    status: 201,
    errors: ["CONFLICT", "RATE_LIMITED"],
    handler: ({ body, ctx }) => partners.apply(body, ctx.ip),
  });

  api.route({
    method: "get",
    path: "/partner-applications",
    tag: "partners",
    summary: "Applications this administrator decides",
    access: ["platform_admin", "regional_admin"],
    response: ZPartnerDetailList,
    handler: async ({ actor }) => ({ items: await partners.listApplications(actor) }),
  });

  api.route({
    method: "post",
    path: "/partner-applications/:id/decision",
    tag: "partners",
    summary: "Approve or reject an application (once)",
    access: ["platform_admin", "regional_admin"],
    params: ZIdParams,
    body: ZPartnerDecisionRequest,
    response: ZPartnerDetail,
    errors: ["NOT_FOUND", "CONFLICT"],
    handler: ({ actor, params, body }) => partners.decide(actor, params.id, body.decision, body.reason),
  });

  api.route({
    method: "get",
    path: "/partners/mine/operators",
    tag: "partners",
    summary: "The operators of the signed-in operator's partner",
    access: ["partner_operator"],
    response: ZOperatorList,
    handler: async ({ actor }) => ({ items: await partners.operators(actor) }),
  });

  api.route({
    method: "post",
    path: "/partners/mine/operators",
    tag: "partners",
    summary: "Add an operator to the signed-in operator's partner (a bank's with a post: loan officer or bank manager)",
    access: ["partner_operator"],
    accessNote: "At a bank, only a bank manager adds operators; staffRole is required there and refused elsewhere.",
    body: ZOperatorCreateRequest,
    response: ZOperator,
    status: 201,
    errors: ["CONFLICT"],
    handler: ({ actor, body }) => partners.addOperator(actor, body),
  });
}
