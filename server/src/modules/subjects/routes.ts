import { Types } from "mongoose";
import {
  MINIAPP_ROLES,
  ZCreditProfile,
  ZEvaluationList,
  ZIdParams,
  ZSubject,
  ZSubjectPage,
  ZSubjectSearchQuery,
  ZUsccReviewRequest,
} from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import { AppError } from "../../http/app-error";
import { audit } from "../audit/service";
import type { EvaluationService } from "../evaluations/service";
import type { BindingService } from "./binding";
import type { SubjectService } from "./service";

const ADMINS = ["platform_admin", "regional_admin"] as const;

export function registerSubjectRoutes(api: ApiRouter, subjects: SubjectService, bindings: BindingService, evaluations: EvaluationService): void {
  api.route({
    method: "get",
    path: "/me/credit",
    tag: "subjects",
    summary: "我的信用: score, grade, factors, what would change it, and the records behind it",
    access: MINIAPP_ROLES,
    response: ZCreditProfile,
    errors: ["SUBJECT_NOT_BOUND"],
    handler: ({ actor }) => bindings.myCredit(actor),
  });

  // POST, not GET: a full ID number typed into the search must not end up in URLs and access logs.
  api.route({
    method: "post",
    path: "/subjects/search",
    tag: "subjects",
    summary: "Search subjects by name, masked ID, full ID number or USCC",
    access: ADMINS,
    body: ZSubjectSearchQuery,
    response: ZSubjectPage,
    handler: ({ actor, body }) => subjects.search(actor, body),
  });

  api.route({
    method: "get",
    path: "/subjects/:id",
    tag: "subjects",
    summary: "A subject's credit profile (recorded in the audit log)",
    access: ADMINS,
    params: ZIdParams,
    response: ZCreditProfile,
    errors: ["NOT_FOUND"],
    handler: async ({ actor, params }) => {
      const subject = await subjects.findVisible(actor, params.id);
      await audit(actor, { action: "report.read", target: `subject:${params.id}`, details: { by: "administrator", subject: subject.idMasked ?? subject.uscc } });
      const profile = await evaluations.profile(subject._id);
      if (!profile) throw new AppError("NOT_FOUND");
      return profile;
    },
  });

  api.route({
    method: "get",
    path: "/subjects/:id/evaluations",
    tag: "subjects",
    summary: "A subject's evaluations, newest first, each with its model version",
    access: ADMINS,
    params: ZIdParams,
    response: ZEvaluationList,
    errors: ["NOT_FOUND"],
    handler: async ({ actor, params }) => {
      await subjects.findVisible(actor, params.id);
      return { items: await evaluations.history(new Types.ObjectId(params.id)) };
    },
  });

  api.route({
    method: "post",
    path: "/subjects/:id/uscc-review",
    tag: "subjects",
    summary: "Accept a pilot-era USCC that fails its checksum, with a reason",
    access: ADMINS,
    params: ZIdParams,
    body: ZUsccReviewRequest,
    response: ZSubject,
    errors: ["NOT_FOUND", "CONFLICT"],
    handler: ({ actor, params, body }) => subjects.acceptPilotUscc(actor, params.id, body.reason),
  });
}
