import {
  ZCommitmentCase,
  ZCommitmentCaseList,
  ZCommitmentEligibility,
  ZPartnerCreditEventPage,
  type TCommitmentCase,
  type TCommitmentCaseCreateRequest,
  type TCommitmentCaseList,
  type TCommitmentEligibility,
  type TCommitmentEligibilityRequest,
  type TCommitmentStatus,
  type TCommitmentTransitionRequest,
  type TCommitmentType,
} from "@xinyi/shared";
import { requestJson } from "./client";
import { query, seg } from "./credit";

/** 信易批 in the console (approving departments: cases, eligibility, verification) and partners' credit events (issue 9). */

export type TPartnerCreditEventPage = ReturnType<typeof ZPartnerCreditEventPage.parse>;

// POST, not GET: the subject's full ID number must not end up in URLs (the server says the same).
export function checkCommitmentEligibility(body: TCommitmentEligibilityRequest): Promise<TCommitmentEligibility> {
  return requestJson("POST", "/commitment-cases/eligibility", ZCommitmentEligibility, { body });
}

export function openCommitmentCase(body: TCommitmentCaseCreateRequest): Promise<TCommitmentCase> {
  return requestJson("POST", "/commitment-cases", ZCommitmentCase, { body });
}

export interface TCommitmentCaseFilter {
  status?: TCommitmentStatus | undefined;
  type?: TCommitmentType | undefined;
  overdue?: boolean | undefined;
  page?: number | undefined;
}

export function listCommitmentCases(filter: TCommitmentCaseFilter = {}): Promise<TCommitmentCaseList> {
  const params = { status: filter.status, type: filter.type, overdue: filter.overdue ? "true" : undefined, page: filter.page };
  return requestJson("GET", `/commitment-cases${query(params)}`, ZCommitmentCaseList);
}

export function getCommitmentCase(id: string): Promise<TCommitmentCase> {
  return requestJson("GET", `/commitment-cases/${seg(id)}`, ZCommitmentCase);
}

export function transitionCommitmentCase(id: string, body: TCommitmentTransitionRequest): Promise<TCommitmentCase> {
  return requestJson("POST", `/commitment-cases/${seg(id)}/transitions`, ZCommitmentCase, { body });
}

/** A partner's (or bank's) credit events: repairs of subjects who hold a consent with it. */
export function listPartnerCreditEvents(page = 1): Promise<TPartnerCreditEventPage> {
  return requestJson("GET", `/partners/mine/credit-events${query({ page: page > 1 ? page : undefined })}`, ZPartnerCreditEventPage);
}
