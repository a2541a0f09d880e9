import {
  MINIAPP_ROLES,
  ZCommitmentCase,
  ZCommitmentCaseCreateRequest,
  ZCommitmentCaseList,
  ZCommitmentCaseQuery,
  ZCommitmentEligibility,
  ZCommitmentEligibilityRequest,
  ZCommitmentSignRequest,
  ZCommitmentTransitionRequest,
  ZIdParams,
  ZMyCommitmentsQuery,
} from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { CommitmentService } from "./service";

/** Approving departments: a regional administrator, or an operator of an agency partner (checked in the service). */
const DEPARTMENTS = ["regional_admin", "partner_operator"] as const;
const CONSOLE = ["platform_admin", ...DEPARTMENTS] as const;
const DEPARTMENT_NOTE = "A regional administrator (cases handled in their prefecture) or an operator of an approved agency partner (its own cases); other partners are refused, another's case answers 404.";

export function registerCommitmentRoutes(api: ApiRouter, commitments: CommitmentService): void {
  // POST, not GET: the subject's full ID number must not end up in URLs and access logs.
  api.route({
    method: "post",
    path: "/commitment-cases/eligibility",
    tag: "commitments",
    summary: "逢办必查: may this subject be offered 告知承诺 (or 容缺受理)? The reasons and the records behind a refusal; nothing is written",
    access: DEPARTMENTS,
    accessNote: DEPARTMENT_NOTE,
    body: ZCommitmentEligibilityRequest,
    response: ZCommitmentEligibility,
    errors: ["COMMITMENT_SUBJECT_UNKNOWN"],
    handler: ({ actor, body }) => commitments.checkEligibility(actor, body),
  });

  api.route({
    method: "post",
    path: "/commitment-cases",
    tag: "commitments",
    summary: "Open a 信易批 case (告知承诺 or 容缺受理 with the missing items and a due date within 60 days), after the eligibility check; the subject is asked to sign",
    access: DEPARTMENTS,
    accessNote: DEPARTMENT_NOTE,
    body: ZCommitmentCaseCreateRequest,
    response: ZCommitmentCase,
    status: 201,
    errors: ["COMMITMENT_SUBJECT_UNKNOWN", "COMMITMENT_NOT_ELIGIBLE"],
    handler: ({ actor, body }) => commitments.open(actor, body),
  });

  api.route({
    method: "get",
    path: "/commitment-cases",
    tag: "commitments",
    summary: "Commitment cases: a prefecture's for its administrator, an agency's own, all for the platform; filter by status, type, overdue",
    access: CONSOLE,
    accessNote: DEPARTMENT_NOTE,
    query: ZCommitmentCaseQuery,
    response: ZCommitmentCaseList,
    handler: ({ actor, query }) => commitments.list(actor, query),
  });

  api.route({
    method: "get",
    path: "/commitment-cases/:id",
    tag: "commitments",
    summary: "One commitment case with its signature, verification, outcome and timeline",
    access: CONSOLE,
    accessNote: DEPARTMENT_NOTE,
    params: ZIdParams,
    response: ZCommitmentCase,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => commitments.get(actor, params.id),
  });

  api.route({
    method: "post",
    path: "/commitment-cases/:id/transitions",
    tag: "commitments",
    summary: "Verify the commitment (method, date, kept or broken), record 容缺 items supplied, or terminate; a broken commitment creates a 违背信用承诺 record",
    access: DEPARTMENTS,
    accessNote: DEPARTMENT_NOTE,
    params: ZIdParams,
    body: ZCommitmentTransitionRequest,
    response: ZCommitmentCase,
    errors: ["NOT_FOUND", "VERSION_CONFLICT", "COMMITMENT_TRANSITION_INVALID"],
    handler: ({ actor, params, body }) => commitments.transition(actor, params.id, body),
  });

  api.route({
    method: "get",
    path: "/me/commitments",
    tag: "commitments",
    summary: "我的承诺: the cases of the subject I act for, with what is due when and the outcome",
    access: MINIAPP_ROLES,
    query: ZMyCommitmentsQuery,
    response: ZCommitmentCaseList,
    handler: ({ actor, query }) => commitments.mine(actor, query),
  });

  api.route({
    method: "get",
    path: "/me/commitments/:id",
    tag: "commitments",
    summary: "One of my commitment cases, with the full text to sign",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    response: ZCommitmentCase,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => commitments.mineOne(actor, params.id),
  });

  api.route({
    method: "post",
    path: "/me/commitments/:id/sign",
    tag: "commitments",
    summary: "Sign the commitment shown (the text is stored verbatim with its hash); 告知承诺 is judged again now",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    body: ZCommitmentSignRequest,
    response: ZCommitmentCase,
    errors: ["NOT_FOUND", "VERSION_CONFLICT", "COMMITMENT_TRANSITION_INVALID", "COMMITMENT_NOT_ELIGIBLE"],
    handler: ({ actor, params }) => commitments.sign(actor, params.id),
  });
}
