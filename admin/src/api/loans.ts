import {
  ZBankResponseTimes,
  ZCalendarDayList,
  ZCreditReport,
  ZLateLoanResponses,
  ZLoanApplication,
  ZLoanApplicationList,
  ZLoanDemand,
  ZLoanDemandList,
  ZLoanProduct,
  ZLoanProductList,
  ZLoanStats,
  ZScenarioHistory,
  type TBankResponseTimes,
  type TCalendarDay,
  type TCreditReport,
  type TDemandAnswerRequest,
  type TLateLoanResponses,
  type TLoanApplication,
  type TLoanApplicationStatus,
  type TLoanApplicationTransitionRequest,
  type TLoanDemand,
  type TLoanProduct,
  type TLoanProductCreateRequest,
  type TLoanProductStatus,
  type TLoanProductUpdateRequest,
  type TLoanStats,
  type TScenarioTransitionRequest,
} from "@xinyi/shared";
import { requestJson } from "./client";
import { query, seg } from "./credit";

/** 信易贷 in the console: banks' products, the review queue, decisions, demands, numbers, the holiday list (issue 8). */

// shared/ names no types for these: take them from the schemas.
export type TLoanApplicationPage = ReturnType<typeof ZLoanApplicationList.parse>;
/** A product's versions and transitions: the same shape as a scenario's history. */
export type TLoanProductEvent = ReturnType<typeof ZScenarioHistory.parse>["items"][number];
export interface TLoanAssignRequest {
  officerId: string;
  expectedVersion: number;
}

// ---------------------------------------------------------------- products

export async function listLoanProducts(status?: TLoanProductStatus): Promise<TLoanProduct[]> {
  return (await requestJson("GET", `/loan-products${query({ status })}`, ZLoanProductList)).items;
}

export function getLoanProduct(id: string): Promise<TLoanProduct> {
  return requestJson("GET", `/loan-products/${seg(id)}`, ZLoanProduct);
}

export function createLoanProduct(body: TLoanProductCreateRequest): Promise<TLoanProduct> {
  return requestJson("POST", "/loan-products", ZLoanProduct, { body });
}

export function updateLoanProduct(id: string, body: TLoanProductUpdateRequest): Promise<TLoanProduct> {
  return requestJson("PUT", `/loan-products/${seg(id)}`, ZLoanProduct, { body });
}

export function transitionLoanProduct(id: string, body: TScenarioTransitionRequest): Promise<TLoanProduct> {
  return requestJson("POST", `/loan-products/${seg(id)}/transitions`, ZLoanProduct, { body });
}

export async function loanProductHistory(id: string): Promise<TLoanProductEvent[]> {
  return (await requestJson("GET", `/loan-products/${seg(id)}/history`, ZScenarioHistory)).items;
}

// ---------------------------------------------------------------- applications

export interface TLoanQueueFilter {
  status?: TLoanApplicationStatus | undefined;
  /** An officer's id, "me" or "none" (unassigned). */
  assignee?: string | undefined;
  overdue?: boolean | undefined;
  productId?: string | undefined;
  page?: number | undefined;
}

export function listLoanApplications(filter: TLoanQueueFilter = {}): Promise<TLoanApplicationPage> {
  const params = {
    status: filter.status,
    assignee: filter.assignee,
    overdue: filter.overdue === undefined ? undefined : String(filter.overdue),
    productId: filter.productId,
    page: filter.page,
  };
  return requestJson("GET", `/loan-applications${query(params)}`, ZLoanApplicationList);
}

export function getLoanApplication(id: string): Promise<TLoanApplication> {
  return requestJson("GET", `/loan-applications/${seg(id)}`, ZLoanApplication);
}

export function assignLoanApplication(id: string, body: TLoanAssignRequest): Promise<TLoanApplication> {
  return requestJson("POST", `/loan-applications/${seg(id)}/assign`, ZLoanApplication, { body });
}

export function transitionLoanApplication(id: string, body: TLoanApplicationTransitionRequest): Promise<TLoanApplication> {
  return requestJson("POST", `/loan-applications/${seg(id)}/transitions`, ZLoanApplication, { body });
}

/** The applicant's report, through their consent for 贷款审批; the server records the access. */
export function loanApplicationReport(id: string): Promise<TCreditReport> {
  return requestJson("GET", `/loan-applications/${seg(id)}/report`, ZCreditReport);
}

// ---------------------------------------------------------------- financing demands

export async function listLoanDemands(): Promise<TLoanDemand[]> {
  return (await requestJson("GET", "/loan-demands", ZLoanDemandList)).items;
}

export function takeLoanDemand(id: string): Promise<TLoanDemand> {
  return requestJson("POST", `/loan-demands/${seg(id)}/takes`, ZLoanDemand);
}

export function answerLoanDemand(id: string, body: TDemandAnswerRequest): Promise<TLoanDemand> {
  return requestJson("POST", `/loan-demands/${seg(id)}/takes/mine/answer`, ZLoanDemand, { body });
}

// ---------------------------------------------------------------- numbers

export interface TLoanStatsFilter {
  /** yyyy-mm, both inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  bankPartnerId?: string | undefined;
  productId?: string | undefined;
  prefectureCode?: string | undefined;
}

export function loanStats(filter: TLoanStatsFilter = {}): Promise<TLoanStats> {
  return requestJson("GET", `/loan-stats${query({ ...filter })}`, ZLoanStats);
}

/** Administrators: applications of their region the bank answered late or has not answered past its promise. */
export function lateLoanResponses(filter: { kind?: "unanswered" | "late" | undefined; bankPartnerId?: string | undefined } = {}): Promise<TLateLoanResponses> {
  return requestJson("GET", `/loan-stats/late-responses${query({ ...filter })}`, ZLateLoanResponses);
}

/** Public: every bank's response times (no sign-in needed). */
export function bankResponseTimes(): Promise<TBankResponseTimes> {
  return requestJson("GET", "/public/bank-response-times", ZBankResponseTimes, { auth: false });
}

// ---------------------------------------------------------------- working days

export async function listCalendarDays(year: number): Promise<TCalendarDay[]> {
  return (await requestJson("GET", `/calendar/days${query({ year })}`, ZCalendarDayList)).items;
}

export async function saveCalendarYear(year: number, items: TCalendarDay[]): Promise<TCalendarDay[]> {
  return (await requestJson("PUT", `/calendar/days/${year}`, ZCalendarDayList, { body: { items } })).items;
}
