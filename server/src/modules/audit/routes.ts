import { ZAuditPage, ZAuditQuery, ZAuditVerifyResult } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import { audit, listAudit, verifyAuditChain } from "./service";

export function registerAuditRoutes(api: ApiRouter): void {
  api.route({
    method: "get",
    path: "/audit",
    tag: "audit",
    summary: "The audit log, newest first",
    access: ["platform_admin"],
    query: ZAuditQuery,
    response: ZAuditPage,
    handler: ({ query }) => listAudit(query),
  });

  api.route({
    method: "post",
    path: "/audit/verify",
    tag: "audit",
    summary: "Check the audit log's hash chain; names the first broken entry",
    access: ["platform_admin"],
    response: ZAuditVerifyResult,
    handler: async ({ actor }) => {
      const result = await verifyAuditChain();
      await audit(actor, { action: "audit.verify", target: "audit_log", details: { ok: result.ok, checked: result.checked } });
      return result;
    },
  });
}
