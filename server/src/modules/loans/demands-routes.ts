import { z } from "zod";
import { MINIAPP_ROLES, ZDemandAnswerRequest, ZIdParams, ZLoanApplication, ZLoanDemand, ZLoanDemandList, ZLoanDemandRequest, ZObjectId } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import { idempotencyKeyOf } from "../idempotency/idempotency";
import type { DemandService } from "./demands-service";

const ZTakeParams = z.object({ id: ZObjectId, takeId: z.string().regex(/^[a-f0-9]{24}:[1-9]$/, "不是有效的接单编号") });

export function registerDemandRoutes(api: ApiRouter, demands: DemandService): void {
  api.route({
    method: "post",
    path: "/me/loan-demands",
    tag: "loans",
    summary: "Publish a financing demand (enterprises). Send an Idempotency-Key header: a retry with the same key returns the same demand",
    access: MINIAPP_ROLES,
    accessNote: "accounts acting for an enterprise only; a citizen gets 403",
    body: ZLoanDemandRequest,
    response: ZLoanDemand,
    status: 201,
    errors: ["FORBIDDEN", "SUBJECT_NOT_BOUND", "PRIVACY_CONSENT_REQUIRED", "CONFLICT"],
    handler: ({ actor, body, ctx }) => demands.publish(actor, body, idempotencyKeyOf(ctx)),
  });

  api.route({
    method: "get",
    path: "/me/loan-demands",
    tag: "loans",
    summary: "My financing demands, with every bank's take, offer or decline",
    access: MINIAPP_ROLES,
    response: ZLoanDemandList,
    handler: async ({ actor }) => ({ items: await demands.mine(actor) }),
  });

  api.route({
    method: "post",
    path: "/me/loan-demands/:id/withdraw",
    tag: "loans",
    summary: "Withdraw an open financing demand",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    response: ZLoanDemand,
    errors: ["NOT_FOUND", "LOAN_DEMAND_CLOSED"],
    handler: ({ actor, params }) => demands.withdraw(actor, params.id),
  });

  api.route({
    method: "post",
    path: "/me/loan-demands/:id/takes/:takeId/accept",
    tag: "loans",
    summary: "Accept one bank's offer: it becomes an application with that bank (source demand, status accepted); the other takes are not chosen",
    access: MINIAPP_ROLES,
    params: ZTakeParams,
    response: ZLoanApplication,
    status: 201,
    errors: ["NOT_FOUND", "LOAN_DEMAND_CLOSED", "LOAN_TRANSITION_INVALID"],
    handler: ({ actor, params }) => demands.accept(actor, params.id, params.takeId),
  });

  api.route({
    method: "get",
    path: "/loan-demands",
    tag: "loans",
    summary: "The demands board: open demands of the bank's service area (contact masked until taken) and the demands it took",
    access: ["partner_operator"],
    accessNote: "staff of an approved bank",
    response: ZLoanDemandList,
    errors: ["FORBIDDEN"],
    handler: async ({ actor }) => ({ items: await demands.board(actor) }),
  });

  api.route({
    method: "post",
    path: "/loan-demands/:id/takes",
    tag: "loans",
    summary: "Take a demand (at most three banks, once each); the answer is due within the bank's shortest promised response time",
    access: ["partner_operator"],
    accessNote: "staff of an approved bank serving the demand's prefecture",
    params: ZIdParams,
    response: ZLoanDemand,
    status: 201,
    errors: ["FORBIDDEN", "NOT_FOUND", "LOAN_DEMAND_FULL", "LOAN_DEMAND_ALREADY_TAKEN", "LOAN_DEMAND_CLOSED"],
    handler: ({ actor, params }) => demands.take(actor, params.id),
  });

  api.route({
    method: "post",
    path: "/loan-demands/:id/takes/mine/answer",
    tag: "loans",
    summary: "Answer the bank's own take with an offer or a decline, before its deadline; the first answer stands",
    access: ["partner_operator"],
    accessNote: "staff of the bank that took the demand",
    params: ZIdParams,
    body: ZDemandAnswerRequest,
    response: ZLoanDemand,
    errors: ["FORBIDDEN", "NOT_FOUND", "LOAN_DEMAND_CLOSED", "LOAN_TRANSITION_INVALID"],
    handler: ({ actor, params, body }) => demands.answer(actor, params.id, body),
  });
}
