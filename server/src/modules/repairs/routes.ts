import {
  MINIAPP_ROLES,
  ROLES,
  ZIdParams,
  ZMyRepairsQuery,
  ZPartnerCreditEventPage,
  ZPartnerCreditEventsQuery,
  ZRecordRights,
  ZRecordRightsList,
  ZRepair,
  ZRepairApplyRequest,
  ZRepairCommitmentText,
  ZRepairPage,
  ZRepairQueueQuery,
  ZRepairRules,
  ZRepairRulesUpdateRequest,
  ZRepairTransitionRequest,
} from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import { acceptUploadsAt } from "../attachments/routes";
import { idempotencyKeyOf } from "../idempotency/idempotency";
import { partnerCreditEvents } from "./partner-events";
import { presentRules, rulesInForce, saveRules } from "./rules";
import type { RepairService } from "./service";

const ADMINS = ["platform_admin", "regional_admin"] as const;
const REVIEW_NOTE = "The administrator of the record's prefecture; the platform sees all. Another prefecture's repair answers 404.";
export const REPAIR_APPLY_PATH = "/me/repairs";

export function registerRepairRoutes(api: ApiRouter, repairs: RepairService): void {
  // ---------------------------------------------------------------- rules and the commitment text

  api.route({
    method: "get",
    path: "/repair-rules",
    tag: "repairs",
    summary: "信用修复 period rules in force: per record kind and severity, the minimum and maximum months and whether early repair is possible",
    access: ROLES,
    response: ZRepairRules,
    handler: async () => presentRules(await rulesInForce()),
  });

  api.route({
    method: "put",
    path: "/repair-rules",
    tag: "repairs",
    summary: "Replace the period rules (send the version you saw); every record's dates follow at once",
    access: ["platform_admin"],
    body: ZRepairRulesUpdateRequest,
    response: ZRepairRules,
    errors: ["VERSION_CONFLICT"],
    handler: ({ actor, body }) => saveRules(actor, body),
  });

  api.route({
    method: "get",
    path: "/repair-commitment-text",
    tag: "repairs",
    summary: "The 信用承诺书 signed with a repair application: show it, and send its version with the application",
    access: ROLES,
    response: ZRepairCommitmentText,
    handler: async () => repairs.commitmentText(),
  });

  // ---------------------------------------------------------------- the subject

  api.route({
    method: "get",
    path: "/me/records/rights",
    tag: "repairs",
    summary: "我的信用: for each record that counts against me, when it may be repaired, when it stops counting, and whether I may object or apply now",
    access: MINIAPP_ROLES,
    response: ZRecordRightsList,
    errors: ["SUBJECT_NOT_BOUND"],
    handler: async ({ actor }) => ({ items: await repairs.rights(actor) }),
  });

  api.route({
    method: "get",
    path: "/me/records/:id/rights",
    tag: "repairs",
    summary: "One of my records: its repair dates, and whether (or why not) I may object or apply for repair now",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    response: ZRecordRights,
    errors: ["NOT_FOUND", "SUBJECT_NOT_BOUND"],
    handler: async ({ actor, params }) => (await repairs.rights(actor, params.id))[0]!,
  });

  acceptUploadsAt(REPAIR_APPLY_PATH);
  api.route({
    method: "post",
    path: REPAIR_APPLY_PATH,
    tag: "repairs",
    summary: "Apply for 信用修复 of one of my records: proofs (PDF/JPG/PNG), the signed commitment, optionally a training certificate. Send an Idempotency-Key header",
    access: MINIAPP_ROLES,
    body: ZRepairApplyRequest,
    response: ZRepair,
    status: 201,
    errors: ["NOT_FOUND", "SUBJECT_NOT_BOUND", "REPAIR_NOT_REPAIRABLE", "REPAIR_NOT_YET_ALLOWED", "REPAIR_TOO_SOON", "REPAIR_LIMIT_REACHED", "REPAIR_ALREADY_OPEN", "REPAIR_COMMITMENT_OUTDATED", "CONFLICT"],
    handler: ({ actor, body, ctx }) => repairs.apply(actor, body, idempotencyKeyOf(ctx)),
  });

  api.route({
    method: "get",
    path: "/me/repairs",
    tag: "repairs",
    summary: "My repair applications, newest first, with their timelines",
    access: MINIAPP_ROLES,
    query: ZMyRepairsQuery,
    response: ZRepairPage,
    handler: ({ actor, query }) => repairs.mine(actor, query),
  });

  api.route({
    method: "get",
    path: "/me/repairs/:id",
    tag: "repairs",
    summary: "One of my repair applications",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    response: ZRepair,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => repairs.mineOne(actor, params.id),
  });

  // ---------------------------------------------------------------- review

  api.route({
    method: "get",
    path: "/repairs",
    tag: "repairs",
    summary: "Repair review queue: undecided ones by due date when filtered by status=submitted, else newest first; each with its due date and overdue flag",
    access: ADMINS,
    accessNote: REVIEW_NOTE,
    query: ZRepairQueueQuery,
    response: ZRepairPage,
    handler: ({ actor, query }) => repairs.queue(actor, query),
  });

  api.route({
    method: "get",
    path: "/repairs/:id",
    tag: "repairs",
    summary: "A repair case: the record, the subject (masked), proofs, the signed commitment, the timeline",
    access: ADMINS,
    accessNote: REVIEW_NOTE,
    params: ZIdParams,
    response: ZRepair,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => repairs.get(actor, params.id),
  });

  api.route({
    method: "post",
    path: "/repairs/:id/transitions",
    tag: "repairs",
    summary: "Grant (the record is repaired, the score recomputed, partners told) or reject, with a reason the subject reads; send the version you saw",
    access: ADMINS,
    accessNote: REVIEW_NOTE,
    params: ZIdParams,
    body: ZRepairTransitionRequest,
    response: ZRepair,
    errors: ["NOT_FOUND", "VERSION_CONFLICT", "REPAIR_TRANSITION_INVALID", "REPAIR_TOO_SOON", "REPAIR_LIMIT_REACHED"],
    handler: ({ actor, params, body }) => repairs.transition(actor, params.id, body),
  });

  // ---------------------------------------------------------------- partners

  api.route({
    method: "get",
    path: "/partners/mine/credit-events",
    tag: "repairs",
    summary: "Credit events of subjects who hold a consent with my organisation (a granted repair), newest first: copies you keep must follow them",
    access: ["partner_operator"],
    accessNote: "Operators of the partner; each partner sees only its own events.",
    query: ZPartnerCreditEventsQuery,
    response: ZPartnerCreditEventPage,
    handler: ({ actor, query }) => partnerCreditEvents(actor, query.page),
  });
}
