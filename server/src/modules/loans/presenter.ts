import {
  describeRule,
  LOAN_REJECTION_REASON_LABELS,
  type TEligibilityRule,
  type TIndicativeTerms,
  type TLoanApplication,
  type TLoanApplicationEvent,
  type TLoanApplicationStatus,
  type TLoanGradeTier,
  type TLoanProduct,
  type TLoanRejectionReason,
} from "@xinyi/shared";
import type { LoanApplication, LoanProduct } from "./model";

type Range = { min: number; max: number };
/** A product as stored: the ranges are required by the schema, which Mongoose's inferred type does not carry for nested paths. */
export type StoredProduct = Omit<LoanProduct, "amountWan" | "termMonths" | "annualRate"> & { amountWan: Range; termMonths: Range; annualRate: Range };

export function presentProduct(p: StoredProduct, bankName: string): TLoanProduct {
  return {
    id: p._id.toHexString(),
    bankPartnerId: p.bankPartnerId.toHexString(),
    bankName,
    name: p.name,
    description: p.description ?? "",
    guaranteeModes: p.guaranteeModes as TLoanProduct["guaranteeModes"],
    applicantKinds: p.applicantKinds as TLoanProduct["applicantKinds"],
    amountWan: { min: p.amountWan.min, max: p.amountWan.max },
    termMonths: { min: p.termMonths.min, max: p.termMonths.max },
    annualRate: { min: p.annualRate.min, max: p.annualRate.max },
    repaymentModes: p.repaymentModes as TLoanProduct["repaymentModes"],
    provinceWide: p.provinceWide ?? false,
    prefectureCodes: p.prefectureCodes as TLoanProduct["prefectureCodes"],
    rule: p.rule as TEligibilityRule,
    ruleSummary: describeRule(p.rule as TEligibilityRule),
    gradeTiers: (p.gradeTiers ?? []) as TLoanGradeTier[],
    materials: p.materials ?? [],
    responseDays: p.responseDays,
    status: p.status,
    version: p.version,
    ...(p.rejectionReason ? { rejectionReason: p.rejectionReason } : {}),
    createdAt: p.createdAt.toISOString(),
    ...(p.publishedAt ? { publishedAt: p.publishedAt.toISOString() } : {}),
  };
}

/** The terms a grade gets: its tier where the product has one, else the product's whole range. */
export function indicativeTermsFor(p: Pick<StoredProduct, "amountWan" | "annualRate" | "termMonths" | "gradeTiers">, grade: string | null): TIndicativeTerms {
  const tier = grade ? ((p.gradeTiers ?? []) as TLoanGradeTier[]).find((t) => t.grades.includes(grade)) : undefined;
  return {
    maxAmountWan: tier ? tier.maxAmountWan : p.amountWan.max,
    minRate: tier ? tier.minRate : p.annualRate.min,
    maxRate: p.annualRate.max,
    termMonths: { min: p.termMonths.min, max: p.termMonths.max },
    ...(tier && grade ? { grade } : {}),
  };
}

/** True when the first response came late, or has not come and the promise has passed. */
export function isResponseOverdue(a: Pick<LoanApplication, "firstResponseAt" | "responseDueAt">, now: Date): boolean {
  return (a.firstResponseAt ?? now).getTime() > a.responseDueAt.getTime();
}

export type StoredEvent = { version: number; action: string; from?: string | null; to: string; actorLabel: string; note?: string | null; at: Date };

export function presentEvent(e: StoredEvent): TLoanApplicationEvent {
  return {
    version: e.version,
    action: e.action as TLoanApplicationEvent["action"],
    ...(e.from ? { from: e.from as TLoanApplicationStatus } : {}),
    to: e.to as TLoanApplicationStatus,
    actorLabel: e.actorLabel,
    ...(e.note ? { note: e.note } : {}),
    at: e.at.toISOString(),
  };
}

export function presentApplication(
  a: LoanApplication,
  context: { bankName: string; officer?: { id: string; displayName: string } | undefined; events: StoredEvent[]; now: Date },
): TLoanApplication {
  const approved = a.approved?.amountWan !== undefined && a.approved.amountWan !== null ? a.approved : null;
  const rejection = a.rejection?.reason ? a.rejection : null;
  const disbursed = a.disbursed?.amountWan !== undefined && a.disbursed.amountWan !== null ? a.disbursed : null;
  return {
    id: a._id.toHexString(),
    ...(a.productId ? { productId: a.productId.toHexString() } : {}),
    productName: a.productName,
    bankPartnerId: a.bankPartnerId.toHexString(),
    bankName: context.bankName,
    source: a.source,
    applicantKind: a.applicantKind,
    applicantName: a.applicantName,
    amountWan: a.amountWan,
    termMonths: a.termMonths,
    purpose: a.purpose,
    ...(a.repaymentMode ? { repaymentMode: a.repaymentMode } : {}),
    contactName: a.contactName,
    contactPhone: a.contactPhone,
    status: a.status,
    version: a.version,
    ...(a.gradeAtApplication ? { gradeAtApplication: a.gradeAtApplication } : {}),
    ...(a.indicativeTerms ? { indicativeTerms: a.indicativeTerms as TIndicativeTerms } : {}),
    submittedAt: a.submittedAt.toISOString(),
    responseDueAt: a.responseDueAt.toISOString(),
    ...(a.firstResponseAt ? { firstResponseAt: a.firstResponseAt.toISOString() } : {}),
    responseOverdue: isResponseOverdue(a, context.now),
    ...(context.officer ? { assignedOfficer: context.officer } : {}),
    ...(approved
      ? { approved: { amountWan: approved.amountWan!, annualRate: approved.annualRate!, termMonths: approved.termMonths!, offerValidUntil: approved.offerValidUntil!.toISOString() } }
      : {}),
    ...(rejection
      ? { rejection: { reason: rejection.reason as TLoanRejectionReason, reasonLabel: LOAN_REJECTION_REASON_LABELS[rejection.reason as TLoanRejectionReason], text: rejection.text ?? "" } }
      : {}),
    ...(disbursed ? { disbursed: { amountWan: disbursed.amountWan!, date: disbursed.date!.toISOString() } } : {}),
    firstLoan: a.firstLoan ?? false,
    consentValidUntil: a.consentValidUntil.toISOString(),
    timeline: [...context.events].sort((x, y) => x.version - y.version).map(presentEvent),
  };
}
