import { randomUUID } from "node:crypto";
import { Types } from "mongoose";
import type { TBankStaffRole, TLoanApplicationRequest, TLoanProduct, TLoanProductCreateRequest, TPrefectureCode } from "@xinyi/shared";
import { PartnerModel } from "../src/modules/partners/model";
import { UserModel } from "../src/modules/users/model";
import type { TestServer } from "./harness";

/**
 * Banks and their staff made by the test itself (the demo seed's banks may change), and loan
 * products published through the real workflow.
 */

export type BankStaffFixture = { token: string; userId: string; displayName: string };

export async function createBank(spec: { name?: string; prefectureCodes?: TPrefectureCode[]; provinceWide?: boolean } = {}) {
  const bank = await PartnerModel.create({
    name: spec.name ?? `测试银行${randomUUID().slice(0, 6)}`,
    kind: "bank",
    provinceWide: spec.provinceWide ?? false,
    prefectureCodes: spec.provinceWide ? [] : (spec.prefectureCodes ?? ["530100"]),
    status: "approved",
    decidedAt: new Date(),
  });
  return { id: bank._id.toHexString(), name: bank.name };
}

/**
 * An operator of a partner with the given post (none: the partner's first operator). Signed in by
 * token rather than the login form, so a file may hold many without meeting the login rate limit;
 * the post is read from the store on each bank route either way.
 */
export async function createStaff(t: TestServer, partnerId: string, staffRole: TBankStaffRole | null, displayName = `员工${randomUUID().slice(0, 4)}`): Promise<BankStaffFixture> {
  const user = await UserModel.create({
    role: "partner_operator",
    username: `staff_${randomUUID().replace(/-/g, "").slice(0, 12)}`,
    displayName,
    partnerId: new Types.ObjectId(partnerId),
    ...(staffRole ? { staffRole } : {}),
  });
  const token = t.services.accessTokens.sign({ userId: user._id.toHexString(), role: "partner_operator", partnerId }, "test-family").token;
  return { token, userId: user._id.toHexString(), displayName };
}

/** A bank of 昆明 with a manager and an officer. */
export async function createBankWithStaff(t: TestServer, spec: Parameters<typeof createBank>[0] = {}) {
  const bank = await createBank(spec);
  return { bank, manager: await createStaff(t, bank.id, "bank_manager", "经理甲"), officer: await createStaff(t, bank.id, "loan_officer", "王信贷") };
}

/** A citizens' credit product in 昆明: 1–30万, 6–60 months, 3.6–6%, score 650 or more. */
export function productBody(overrides: Partial<TLoanProductCreateRequest> = {}): TLoanProductCreateRequest {
  return {
    name: `测试贷${randomUUID().slice(0, 6)}`,
    guaranteeModes: ["credit"],
    applicantKinds: ["citizen"],
    amountWan: { min: 1, max: 30 },
    termMonths: { min: 6, max: 60 },
    annualRate: { min: 3.6, max: 6 },
    repaymentModes: ["equal_installment"],
    prefectureCodes: ["530100"],
    rule: { type: "minScore", subjectKind: "citizen", score: 650 },
    responseDays: 2,
    ...overrides,
  };
}

async function step(t: TestServer, token: string, method: string, path: string, body: unknown, what: string) {
  const res = await t.api(method, path, { token, body });
  if (res.status !== 200 && res.status !== 201) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Created by the bank's manager, submitted, approved by the given administrator, published by the manager. */
export async function publishedProduct(t: TestServer, managerToken: string, approverToken: string, overrides: Partial<TLoanProductCreateRequest> = {}): Promise<TLoanProduct> {
  const created = await step(t, managerToken, "POST", "/loan-products", productBody(overrides), "create product");
  const submitted = await step(t, managerToken, "POST", `/loan-products/${created.id}/transitions`, { action: "submit", expectedVersion: created.version }, "submit product");
  const approved = await step(t, approverToken, "POST", `/loan-products/${created.id}/transitions`, { action: "approve", expectedVersion: submitted.version }, "approve product");
  return step(t, managerToken, "POST", `/loan-products/${created.id}/transitions`, { action: "publish", expectedVersion: approved.version }, "publish product");
}

/** 10万 for 12 months, consent for 90 days. */
export function applicationBody(overrides: Partial<TLoanApplicationRequest> = {}): TLoanApplicationRequest {
  return {
    amountWan: 10,
    termMonths: 12,
    purpose: "购置经营设备",
    contactName: "联系人",
    contactPhone: "13912345678",
    consent: { accepted: true, validUntil: new Date(Date.now() + 90 * 86_400_000).toISOString() },
    ...overrides,
  };
}

export const applyFor = (t: TestServer, token: string, productId: string, body: TLoanApplicationRequest = applicationBody(), key: string = randomUUID()) =>
  t.api("POST", `/loan-products/${productId}/applications`, { token, body, headers: { "idempotency-key": key } });
