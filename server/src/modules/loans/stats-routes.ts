import { ZBankResponseTimes, ZLateLoanResponses, ZLateLoanResponsesQuery, ZLoanStats, ZLoanStatsQuery } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { LoanStatsService } from "./stats-service";

export function registerLoanStatsRoutes(api: ApiRouter, stats: LoanStatsService): void {
  api.route({
    method: "get",
    path: "/loan-stats",
    tag: "loans",
    summary: "信易贷 numbers per bank × product × prefecture × month of submission (Beijing time), and their total; default the last 12 months, at most 36",
    access: ["partner_operator", "regional_admin", "platform_admin"],
    accessNote: "a bank manager: own bank; a regional administrator: own prefecture; the platform: all. A filter outside the scope is refused (403), not answered empty",
    query: ZLoanStatsQuery,
    response: ZLoanStats,
    errors: ["FORBIDDEN"],
    handler: ({ actor, query }) => stats.stats(actor, query),
  });

  api.route({
    method: "get",
    path: "/loan-stats/late-responses",
    tag: "loans",
    summary: "Applications of the region whose bank answered after its promised working days, or has not answered past them (last 180 days, newest first, at most 200)",
    access: ["regional_admin", "platform_admin"],
    accessNote: "a regional administrator: own prefecture; the platform: all. The applicant is not named",
    query: ZLateLoanResponsesQuery,
    response: ZLateLoanResponses,
    errors: ["FORBIDDEN"],
    handler: ({ actor, query }) => stats.lateResponses(actor, query),
  });

  api.publicRoute({
    method: "get",
    path: "/public/bank-response-times",
    tag: "loans",
    summary: "Every bank's response times over the last 12 months: applications, median hours to a first response, share answered within the promise, promised working days",
    response: ZBankResponseTimes,
    handler: () => stats.bankResponseTimes(),
  });
}
