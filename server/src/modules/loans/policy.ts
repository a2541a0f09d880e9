import { Types } from "mongoose";
import { LOAN_APPLICANT_KIND_LABELS, prefectureName, type TBankStaffRole, type TJudgement, type TLoanApplicantKind } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { PartnerModel, type Partner } from "../partners/model";
import { inScope, judge, type SubjectView } from "../scenarios/eligibility";
import type { Scenario } from "../scenarios/model";
import { scenarioPolicy } from "../scenarios/policy";
import { UserModel } from "../users/model";
import type { LoanProduct } from "./model";

/** A bank operator as the store has them now: the post is read per request, so a change of post applies at once. */
export type BankStaff = {
  userId: Types.ObjectId;
  displayName: string;
  partnerId: Types.ObjectId;
  partner: Partner;
  staffRole: TBankStaffRole;
};

/**
 * The bank staff behind an actor, or null when the actor is not one: a partner operator whose
 * partner is an approved bank. A bank operator without a post is the bank's manager (the first
 * operator, created with the partner's application, has none).
 */
export async function bankStaffOf(actor: Actor): Promise<BankStaff | null> {
  if (actor.role !== "partner_operator" || !actor.partnerId) return null;
  const [user, partner] = await Promise.all([
    UserModel.findById(actor.userId, { displayName: 1, staffRole: 1, partnerId: 1, disabledAt: 1 }).lean(),
    PartnerModel.findById(actor.partnerId).lean<Partner>(),
  ]);
  if (!user || user.disabledAt || !partner || partner.kind !== "bank" || partner.status !== "approved") return null;
  if (user.partnerId?.toHexString() !== partner._id.toHexString()) return null;
  return { userId: user._id, displayName: user.displayName, partnerId: partner._id, partner, staffRole: (user.staffRole as TBankStaffRole | undefined) ?? "bank_manager" };
}

export async function requireBankStaff(actor: Actor): Promise<BankStaff> {
  const staff = await bankStaffOf(actor);
  if (!staff) throw new AppError("FORBIDDEN", "仅限银行工作人员操作");
  return staff;
}

export async function requireBankManager(actor: Actor): Promise<BankStaff> {
  const staff = await requireBankStaff(actor);
  if (staff.staffRole !== "bank_manager") throw new AppError("FORBIDDEN", "仅限银行管理员操作");
  return staff;
}

/** A product seen through the scenarios' policy: the bank is the owning partner. */
function asScope(p: Pick<LoanProduct, "bankPartnerId" | "provinceWide" | "prefectureCodes">) {
  return { ownerPartnerId: p.bankPartnerId, provinceWide: p.provinceWide ?? false, prefectureCodes: p.prefectureCodes };
}

/**
 * Who sees and changes which loan products: the scenarios' rules with the bank as owner.
 * - A bank's staff see their bank's products; its managers own them.
 * - Approval: the prefecture's administrator for a product of one prefecture, the platform
 *   for multi-prefecture and province-wide ones. Administrators see the products of their region.
 */
export const loanProductPolicy = {
  canView(actor: Actor, p: Pick<LoanProduct, "bankPartnerId" | "provinceWide" | "prefectureCodes">): boolean {
    return scenarioPolicy.canView(actor, asScope(p));
  },
  canApprove(actor: Actor, p: Pick<LoanProduct, "bankPartnerId" | "provinceWide" | "prefectureCodes">): boolean {
    return actor.role !== "partner_operator" && scenarioPolicy.canApprove(actor, asScope(p));
  },
  /** The managers of the owning bank (the post is checked by the caller, from the store). */
  isOwner(staff: BankStaff | null, p: Pick<LoanProduct, "bankPartnerId">): boolean {
    return !!staff && staff.staffRole === "bank_manager" && staff.partnerId.equals(p.bankPartnerId);
  },
  listFilter(actor: Actor): Record<string, unknown> | null {
    const filter = scenarioPolicy.listFilter(actor);
    if (!filter) return null;
    if ("ownerPartnerId" in filter) return { bankPartnerId: new Types.ObjectId(actor.partnerId) };
    return filter;
  },
};

/**
 * Which kind of applicant a subject is: a citizen, or for an enterprise subject an individual business
 * (个体工商户) when its USCC carries registration type 92 (2nd–3rd characters), else an enterprise.
 */
export function applicantKindOf(subject: { kind: string; uscc?: string | null | undefined }): TLoanApplicantKind {
  if (subject.kind === "citizen") return "citizen";
  return subject.uscc?.slice(1, 3) === "92" ? "individual_business" : "enterprise";
}

/**
 * A product judged for an applicant: in their region, open to their kind, and its rule by the
 * scenarios' judge (the same judgeEligibility, the black list always refusing).
 */
export function judgeProduct(
  product: Pick<LoanProduct, "rule" | "provinceWide" | "prefectureCodes" | "applicantKinds">,
  view: SubjectView,
  applicantKind: TLoanApplicantKind | null,
): TJudgement {
  if (!view.subjectId) return judge({ rule: product.rule } as Pick<Scenario, "rule"> as Scenario, view);
  if (!inScope({ provinceWide: product.provinceWide ?? false, prefectureCodes: product.prefectureCodes }, view.prefectureCode)) {
    return { eligible: false, reasons: [`该产品不面向您所在的地区（${view.prefectureCode ? (prefectureName(view.prefectureCode) ?? view.prefectureCode) : "未设置"}）`] };
  }
  if (applicantKind && !product.applicantKinds.includes(applicantKind)) {
    return { eligible: false, reasons: [`该产品仅面向${product.applicantKinds.map((k) => LOAN_APPLICANT_KIND_LABELS[k as TLoanApplicantKind]).join("、")}申请`] };
  }
  return judge({ rule: product.rule } as Pick<Scenario, "rule"> as Scenario, view);
}
