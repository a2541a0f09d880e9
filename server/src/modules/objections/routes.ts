import {
  MINIAPP_ROLES,
  ZCreditRightsSettings,
  ZCreditRightsSettingsUpdate,
  ZIdParams,
  ZMyObjection,
  ZMyObjectionPage,
  ZMyObjectionsQuery,
  ZObjectionCase,
  ZObjectionQueue,
  ZObjectionQueueQuery,
  ZObjectionRequest,
  ZObjectionTransitionRequest,
} from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import { acceptUploadsAt } from "../attachments/routes";
import { idempotencyKeyOf } from "../idempotency/idempotency";
import type { ObjectionService } from "./service";

const ADMINS = ["platform_admin", "regional_admin"] as const;
const SUBMIT_PATH = "/me/objections";
const TRANSITION_PATH = "/objections/:id/transitions";

export function registerObjectionRoutes(api: ApiRouter, objections: ObjectionService): void {
  // Both carry files (evidence; the department's answer): the larger body limit applies to them.
  acceptUploadsAt(SUBMIT_PATH);
  acceptUploadsAt(TRANSITION_PATH);

  api.route({
    method: "post",
    path: SUBMIT_PATH,
    tag: "objections",
    summary: "异议: dispute one of my records (frozen at once: it stops counting until decided). Send an Idempotency-Key header",
    access: MINIAPP_ROLES,
    accessNote: "Only the caller's own subject's records that count against it (penalty, black list, broken commitment, tax grade C/D), while active",
    body: ZObjectionRequest,
    response: ZMyObjection,
    status: 201,
    errors: ["SUBJECT_NOT_BOUND", "NOT_FOUND", "OBJECTION_NOT_ALLOWED", "OBJECTION_OPEN", "PAYLOAD_TOO_LARGE"],
    handler: ({ actor, body, ctx }) => objections.submit(actor, body, idempotencyKeyOf(ctx)),
  });

  api.route({
    method: "get",
    path: "/me/objections",
    tag: "objections",
    summary: "My objections, newest first, with each step, deadline and outcome",
    access: MINIAPP_ROLES,
    query: ZMyObjectionsQuery,
    response: ZMyObjectionPage,
    handler: ({ actor, query }) => objections.mine(actor, query.page),
  });

  api.route({
    method: "get",
    path: "/me/objections/:id",
    tag: "objections",
    summary: "One of my objections: the record, my files, each step with its reason, the decision",
    access: MINIAPP_ROLES,
    accessNote: "Only the case's subject; anyone else's case: 404",
    params: ZIdParams,
    response: ZMyObjection,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => objections.mineOne(actor, params.id),
  });

  api.route({
    method: "get",
    path: "/objections",
    tag: "objections",
    summary: "The objection queue: open cases first, soonest deadline first, overdue ones flagged",
    access: ADMINS,
    accessNote: "Regional administrators: their prefecture's records; the platform: all",
    query: ZObjectionQueueQuery,
    response: ZObjectionQueue,
    handler: ({ actor, query }) => objections.queue(actor, query),
  });

  api.route({
    method: "get",
    path: "/objections/:id",
    tag: "objections",
    summary: "An objection's case page: the record, the subject (masked), files, timeline, the department's answer, actions open now",
    access: ADMINS,
    accessNote: "Regional administrators of the record's prefecture and the platform; others: 404",
    params: ZIdParams,
    response: ZObjectionCase,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => objections.caseOf(actor, params.id),
  });

  api.route({
    method: "post",
    path: TRANSITION_PATH,
    tag: "objections",
    summary: "Move an objection on: accept, forward (department), answer (text or file), correct (withdraw, or amend), uphold, decline (repeats only)",
    access: ADMINS,
    accessNote: "Regional administrators of the record's prefecture and the platform; others: 404. Of two deciding the same version, one wins, the other gets 409",
    params: ZIdParams,
    body: ZObjectionTransitionRequest,
    response: ZObjectionCase,
    errors: ["NOT_FOUND", "VERSION_CONFLICT", "OBJECTION_TRANSITION_INVALID", "PAYLOAD_TOO_LARGE"],
    handler: ({ actor, params, body }) => objections.transition(actor, params.id, body),
  });

  api.route({
    method: "get",
    path: "/credit-rights/settings",
    tag: "objections",
    summary: "Credit-rights settings: objection deadlines and repair limits (working days, months, counts)",
    access: ADMINS,
    response: ZCreditRightsSettings,
    handler: () => objections.settings(),
  });

  api.route({
    method: "put",
    path: "/credit-rights/settings",
    tag: "objections",
    summary: "Save the credit-rights settings (a new version; a stale expectedVersion is refused with 409)",
    access: ["platform_admin"],
    body: ZCreditRightsSettingsUpdate,
    response: ZCreditRightsSettings,
    errors: ["VERSION_CONFLICT"],
    handler: ({ actor, body }) => objections.saveSettings(actor, body),
  });
}
