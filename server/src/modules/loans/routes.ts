import {
  MINIAPP_ROLES,
  ZAvailableLoanProduct,
  ZAvailableLoanProductList,
  ZCalendarDayList,
  ZCalendarDaysQuery,
  ZCalendarYearParams,
  ZCalendarYearRequest,
  ZCreditReport,
  ZIdParams,
  ZLoanApplication,
  ZLoanApplicationList,
  ZLoanApplicationRequest,
  ZLoanApplicationTransitionRequest,
  ZLoanAssignRequest,
  ZLoanProduct,
  ZLoanProductCreateRequest,
  ZLoanProductList,
  ZLoanProductListQuery,
  ZLoanProductTransitionRequest,
  ZLoanProductUpdateRequest,
  ZLoanQueueQuery,
  ZLoanWithdrawRequest,
  ZMyLoanApplicationsQuery,
  ZScenarioHistory,
} from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { LoanApplicationService } from "./applications-service";
import type { CalendarLoader } from "./calendar";
import type { LoanProductService } from "./products-service";
import { idempotencyKeyOf } from "../idempotency/idempotency";

const CONSOLE = ["platform_admin", "regional_admin", "partner_operator"] as const;
const BANK = ["partner_operator"] as const;
const BANK_NOTE = "Bank staff only (an operator of an approved bank partner); another bank's item answers 404.";


export function registerLoanRoutes(api: ApiRouter, services: { products: LoanProductService; applications: LoanApplicationService; calendar: CalendarLoader }): void {
  const { products, applications, calendar } = services;

  // ---------------------------------------------------------------- working-day calendar

  api.route({
    method: "get",
    path: "/calendar/days",
    tag: "loans",
    summary: "Holidays and make-up working days (调休) that deadlines in working days follow",
    access: CONSOLE,
    query: ZCalendarDaysQuery,
    response: ZCalendarDayList,
    handler: async ({ query }) => ({ items: await calendar.list(query.year) }),
  });

  api.route({
    method: "put",
    path: "/calendar/days/:year",
    tag: "loans",
    summary: "Replace a year's holidays and make-up working days",
    access: ["platform_admin"],
    params: ZCalendarYearParams,
    body: ZCalendarYearRequest,
    response: ZCalendarDayList,
    handler: async ({ actor, params, body }) => ({ items: await calendar.replaceYear(actor, params.year, body) }),
  });

  // ---------------------------------------------------------------- applicants (registered before /loan-products/:id)

  api.route({
    method: "get",
    path: "/loan-products/available",
    tag: "loans",
    summary: "Published loan products of my region, eligible first, each with my indicative terms or the reasons and hints",
    access: MINIAPP_ROLES,
    response: ZAvailableLoanProductList,
    handler: ({ actor }) => products.available(actor),
  });

  api.route({
    method: "get",
    path: "/loan-products/:id/available",
    tag: "loans",
    summary: "One published loan product judged for me",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    response: ZAvailableLoanProduct,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => products.availableOne(actor, params.id),
  });

  api.route({
    method: "post",
    path: "/loan-products/:id/applications",
    tag: "loans",
    summary: "Apply for a loan, granting the bank the loan-review consent in the same step. Send an Idempotency-Key header",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    body: ZLoanApplicationRequest,
    response: ZLoanApplication,
    status: 201,
    errors: ["NOT_FOUND", "IDENTITY_REQUIRED", "LOAN_NOT_ELIGIBLE", "LOAN_TERMS_OUT_OF_RANGE", "LOAN_APPLICATION_OPEN", "PRIVACY_CONSENT_REQUIRED", "CONFLICT"],
    handler: ({ actor, params, body, ctx }) => applications.apply(actor, params.id, body, idempotencyKeyOf(ctx)),
  });

  api.route({
    method: "get",
    path: "/me/loan-applications",
    tag: "loans",
    summary: "我的贷款: applications of the subject I act for, with their timelines",
    access: MINIAPP_ROLES,
    query: ZMyLoanApplicationsQuery,
    response: ZLoanApplicationList,
    handler: ({ actor, query }) => applications.mine(actor, query),
  });

  api.route({
    method: "get",
    path: "/me/loan-applications/:id",
    tag: "loans",
    summary: "One of my applications with its timeline",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    response: ZLoanApplication,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => applications.mineOne(actor, params.id),
  });

  api.route({
    method: "post",
    path: "/me/loan-applications/:id/withdraw",
    tag: "loans",
    summary: "Withdraw my application until the bank decides",
    access: MINIAPP_ROLES,
    params: ZIdParams,
    body: ZLoanWithdrawRequest,
    response: ZLoanApplication,
    errors: ["NOT_FOUND", "VERSION_CONFLICT", "LOAN_TRANSITION_INVALID"],
    handler: ({ actor, params, body }) => applications.withdraw(actor, params.id, body.expectedVersion),
  });

  // ---------------------------------------------------------------- products in the console

  api.route({
    method: "get",
    path: "/loan-products",
    tag: "loans",
    summary: "Loan products: a bank's own, a prefecture's and the province-wide ones for its administrator, all for the platform",
    access: CONSOLE,
    query: ZLoanProductListQuery,
    response: ZLoanProductList,
    handler: async ({ actor, query }) => ({ items: await products.list(actor, query.status) }),
  });

  api.route({
    method: "post",
    path: "/loan-products",
    tag: "loans",
    summary: "Create a loan product as a draft of the bank",
    access: BANK,
    accessNote: "Bank managers only.",
    body: ZLoanProductCreateRequest,
    response: ZLoanProduct,
    status: 201,
    handler: ({ actor, body }) => products.create(actor, body),
  });

  api.route({
    method: "get",
    path: "/loan-products/:id",
    tag: "loans",
    summary: "One loan product",
    access: CONSOLE,
    params: ZIdParams,
    response: ZLoanProduct,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => products.get(actor, params.id),
  });

  api.route({
    method: "put",
    path: "/loan-products/:id",
    tag: "loans",
    summary: "Edit a draft or rejected loan product (a new version)",
    access: BANK,
    accessNote: "The owning bank's managers only.",
    params: ZIdParams,
    body: ZLoanProductUpdateRequest,
    response: ZLoanProduct,
    errors: ["NOT_FOUND", "VERSION_CONFLICT", "SCENARIO_TRANSITION_INVALID"],
    handler: ({ actor, params, body }) => products.update(actor, params.id, body),
  });

  api.route({
    method: "post",
    path: "/loan-products/:id/transitions",
    tag: "loans",
    summary: "Move a loan product through review: submit, approve, reject, publish, pause, resume, end",
    access: CONSOLE,
    accessNote: "Submit: the bank's managers. Approve/reject: the prefecture's administrator for a one-prefecture product, the platform otherwise.",
    params: ZIdParams,
    body: ZLoanProductTransitionRequest,
    response: ZLoanProduct,
    errors: ["NOT_FOUND", "VERSION_CONFLICT", "SCENARIO_TRANSITION_INVALID"],
    handler: ({ actor, params, body }) => products.transition(actor, params.id, body),
  });

  api.route({
    method: "get",
    path: "/loan-products/:id/history",
    tag: "loans",
    summary: "Every version of a loan product",
    access: CONSOLE,
    params: ZIdParams,
    response: ZScenarioHistory,
    errors: ["NOT_FOUND"],
    handler: async ({ actor, params }) => ({ items: await products.history(actor, params.id) }),
  });

  // ---------------------------------------------------------------- the bank's review queue

  api.route({
    method: "get",
    path: "/loan-applications",
    tag: "loans",
    summary: "The bank's review queue, newest first, 20 a page",
    access: BANK,
    accessNote: BANK_NOTE,
    query: ZLoanQueueQuery,
    response: ZLoanApplicationList,
    handler: ({ actor, query }) => applications.queue(actor, query),
  });

  api.route({
    method: "get",
    path: "/loan-applications/:id",
    tag: "loans",
    summary: "One application of the bank, with its timeline",
    access: BANK,
    accessNote: BANK_NOTE,
    params: ZIdParams,
    response: ZLoanApplication,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => applications.get(actor, params.id),
  });

  api.route({
    method: "post",
    path: "/loan-applications/:id/assign",
    tag: "loans",
    summary: "Give an open application to one of the bank's officers",
    access: BANK,
    accessNote: `${BANK_NOTE} Bank managers only.`,
    params: ZIdParams,
    body: ZLoanAssignRequest,
    response: ZLoanApplication,
    errors: ["NOT_FOUND", "VERSION_CONFLICT", "LOAN_TRANSITION_INVALID"],
    handler: ({ actor, params, body }) => applications.assign(actor, params.id, body),
  });

  api.route({
    method: "post",
    path: "/loan-applications/:id/transitions",
    tag: "loans",
    summary: "Decide: accept (受理), approve (授信), reject, disburse (放款), close (结清)",
    access: BANK,
    accessNote: BANK_NOTE,
    params: ZIdParams,
    body: ZLoanApplicationTransitionRequest,
    response: ZLoanApplication,
    errors: ["NOT_FOUND", "VERSION_CONFLICT", "LOAN_TRANSITION_INVALID", "LOAN_TERMS_OUT_OF_RANGE"],
    handler: ({ actor, params, body }) => applications.transition(actor, params.id, body),
  });

  api.route({
    method: "get",
    path: "/loan-applications/:id/report",
    tag: "loans",
    summary: "The applicant's credit report under the consent given with the application (recorded for the applicant)",
    access: BANK,
    accessNote: BANK_NOTE,
    params: ZIdParams,
    response: ZCreditReport,
    errors: ["NOT_FOUND", "CONSENT_REQUIRED"],
    handler: ({ actor, params }) => applications.report(actor, params.id),
  });
}
