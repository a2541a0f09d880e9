import { ZCreditRecord, ZCreditRecordCreateRequest, ZIdParams, ZRecordHistory, ZRecordStatusChangeRequest } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { CreditRecordService } from "./service";

const ADMINS = ["platform_admin", "regional_admin"] as const;

export function registerCreditRecordRoutes(api: ApiRouter, records: CreditRecordService): void {
  api.route({
    method: "post",
    path: "/credit-records",
    tag: "credit",
    summary: "Enter one credit record (the subject is found or created by ID number or USCC)",
    access: ADMINS,
    body: ZCreditRecordCreateRequest,
    response: ZCreditRecord,
    status: 201,
    errors: ["CONFLICT"],
    handler: ({ actor, body }) => records.create(actor, body),
  });

  api.route({
    method: "post",
    path: "/credit-records/:id/status",
    tag: "credit",
    summary: "Change a record's status (frozen, repaired, revoked…) with a reason; send the version you saw",
    access: ADMINS,
    params: ZIdParams,
    body: ZRecordStatusChangeRequest,
    response: ZCreditRecord,
    errors: ["NOT_FOUND", "VERSION_CONFLICT"],
    handler: ({ actor, params, body }) => records.changeStatus(actor, params.id, body),
  });

  api.route({
    method: "get",
    path: "/credit-records/:id/history",
    tag: "credit",
    summary: "Every change of a record",
    access: ADMINS,
    params: ZIdParams,
    response: ZRecordHistory,
    errors: ["NOT_FOUND"],
    handler: async ({ actor, params }) => ({ items: await records.history(actor, params.id) }),
  });
}
