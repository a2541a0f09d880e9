import type { z } from "zod";
import type {
  TAvailableLoanProduct,
  TBankResponseTimes,
  TLoanApplication,
  TLoanApplicationRequest,
  TLoanDemand,
  TLoanDemandRequest,
  ZAvailableLoanProductList,
  ZLoanApplicationList,
} from "@xinyi/shared";
import { request, withRetries } from "./client";

/** 信易贷 for applicants: products with my terms, applications with consent, financing demands (enterprises). */

export type TAvailableLoanProductList = z.infer<typeof ZAvailableLoanProductList>;
export type TLoanApplicationList = z.infer<typeof ZLoanApplicationList>;

const enc = encodeURIComponent;

/** Published products open to the subject I act for, in my region, judged against my standing now. */
export function listAvailableLoanProducts(): Promise<TAvailableLoanProductList> {
  return request<TAvailableLoanProductList>("/loan-products/available");
}

/** Every bank's response times: public, the same table the console and the banks see. */
export function bankResponseTimes(): Promise<TBankResponseTimes> {
  return request<TBankResponseTimes>("/public/bank-response-times", { auth: false });
}

export function getAvailableLoanProduct(id: string): Promise<TAvailableLoanProduct> {
  return request<TAvailableLoanProduct>(`/loan-products/${enc(id)}/available`);
}

/**
 * Applies, granting the bank the loan-review consent in the same request. `idempotencyKey` belongs
 * to one submission of the form: retries (automatic, or the person tapping again after a lost
 * answer) resend it, so the server creates at most one application.
 */
export function applyForLoan(productId: string, body: TLoanApplicationRequest, idempotencyKey: string): Promise<TLoanApplication> {
  return withRetries(() =>
    request<TLoanApplication>(`/loan-products/${enc(productId)}/applications`, { method: "POST", body, headers: { "Idempotency-Key": idempotencyKey } }),
  );
}

/** My applications (the subject I act for), newest first. */
export function listMyLoanApplications(page = 1): Promise<TLoanApplicationList> {
  return request<TLoanApplicationList>(`/me/loan-applications${page > 1 ? `?page=${page}` : ""}`);
}

export function getMyLoanApplication(id: string): Promise<TLoanApplication> {
  return request<TLoanApplication>(`/me/loan-applications/${enc(id)}`);
}

/** Withdraws until the bank decides; a stale `expectedVersion` is refused with VERSION_CONFLICT. */
export function withdrawLoanApplication(id: string, expectedVersion: number): Promise<TLoanApplication> {
  return request<TLoanApplication>(`/me/loan-applications/${enc(id)}/withdraw`, { method: "POST", body: { expectedVersion } });
}

/** 融资需求 (enterprise accounts only): the same one-key-per-submission rule as applying. */
export function publishLoanDemand(body: TLoanDemandRequest, idempotencyKey: string): Promise<TLoanDemand> {
  return withRetries(() => request<TLoanDemand>("/me/loan-demands", { method: "POST", body, headers: { "Idempotency-Key": idempotencyKey } }));
}

/** My demands with every bank's take, offer or decline. */
export async function listMyLoanDemands(): Promise<TLoanDemand[]> {
  return (await request<{ items: TLoanDemand[] }>("/me/loan-demands")).items;
}

export function withdrawLoanDemand(id: string): Promise<TLoanDemand> {
  return request<TLoanDemand>(`/me/loan-demands/${enc(id)}/withdraw`, { method: "POST" });
}

/** Accepts one bank's offer: it becomes an application with that bank (status accepted). */
export function acceptDemandOffer(demandId: string, takeId: string): Promise<TLoanApplication> {
  return request<TLoanApplication>(`/me/loan-demands/${enc(demandId)}/takes/${enc(takeId)}/accept`, { method: "POST" });
}
