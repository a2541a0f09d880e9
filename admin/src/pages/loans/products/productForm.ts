import type { TGuaranteeMode, TLoanApplicantKind, TLoanProduct, TMe, TPrefectureCode, TRepaymentMode } from "@xinyi/shared";
import { emptyGroup, fromRule, nodeIdForPath, toRule, type TRuleGroup } from "../../../lib/ruleTree";

/** The product editor's values, and how they become a request and how issues find their field. */

export interface TierValues {
  grades?: string[];
  maxAmountWan?: number | null;
  minRate?: number | null;
}

export interface ProductFormValues {
  name?: string;
  description?: string;
  guaranteeModes?: TGuaranteeMode[];
  applicantKinds?: TLoanApplicantKind[];
  amountMin?: number | null;
  amountMax?: number | null;
  termMin?: number | null;
  termMax?: number | null;
  rateMin?: number | null;
  rateMax?: number | null;
  repaymentModes?: TRepaymentMode[];
  provinceWide?: boolean;
  prefectureCodes?: TPrefectureCode[];
  rule?: TRuleGroup;
  gradeTiers?: TierValues[];
  materials?: string[];
  responseDays?: number | null;
}

/** Materials banks commonly ask for, offered as suggestions (any other may be typed). */
export const MATERIAL_SUGGESTIONS = [
  "营业执照",
  "法定代表人身份证",
  "近12个月纳税证明",
  "近一年财务报表",
  "近6个月银行流水",
  "经营场所证明",
  "身份证",
  "收入证明",
  "婚姻状况证明",
];

const RANGE_FIELDS = { amountWan: ["amountMin", "amountMax"], termMonths: ["termMin", "termMax"], annualRate: ["rateMin", "rateMax"] } as const;
const TIER_FIELDS = ["grades", "maxAmountWan", "minRate"];
const PLAIN_FIELDS = ["name", "description", "guaranteeModes", "applicantKinds", "repaymentModes", "provinceWide", "prefectureCodes", "materials", "responseDays"];

/**
 * Issue path (client zod or server `body.*`, without "body") → form field key: plain fields by name,
 * ranges as `amountMin`…, tier cells as `gradeTiers.<i>.<field>`, rule nodes as `rule:<node id>`.
 */
export function productFieldKey(segments: string[], rule: TRuleGroup): string | undefined {
  const [first, second, third] = segments;
  if (first === undefined) return undefined;
  if (PLAIN_FIELDS.includes(first)) return first;
  if (first in RANGE_FIELDS) {
    const [min, max] = RANGE_FIELDS[first as keyof typeof RANGE_FIELDS];
    return second === "max" ? max : min;
  }
  if (first === "gradeTiers") {
    if (second !== undefined && /^\d+$/.test(second) && third !== undefined && TIER_FIELDS.includes(third)) return `gradeTiers.${second}.${third}`;
    return undefined;
  }
  if (first === "rule") return `rule:${nodeIdForPath(rule, segments.slice(1)) ?? rule.id}`;
  return undefined;
}

export function valuesFromProduct(p: TLoanProduct): ProductFormValues {
  return {
    name: p.name,
    description: p.description,
    guaranteeModes: p.guaranteeModes,
    applicantKinds: p.applicantKinds,
    amountMin: p.amountWan.min,
    amountMax: p.amountWan.max,
    termMin: p.termMonths.min,
    termMax: p.termMonths.max,
    rateMin: p.annualRate.min,
    rateMax: p.annualRate.max,
    repaymentModes: p.repaymentModes,
    provinceWide: p.provinceWide,
    prefectureCodes: p.prefectureCodes,
    rule: fromRule(p.rule),
    gradeTiers: p.gradeTiers.map((t) => ({ grades: t.grades, maxAmountWan: t.maxAmountWan, minRate: t.minRate })),
    materials: p.materials,
    responseDays: p.responseDays,
  };
}

/** A new product starts in the bank's own area, on credit, for enterprises, answering within 3 working days. */
export function newProductValues(user: TMe): ProductFormValues {
  const bank = user.partner;
  return {
    description: "",
    guaranteeModes: ["credit"],
    applicantKinds: ["enterprise"],
    repaymentModes: ["equal_installment"],
    provinceWide: bank?.provinceWide ?? false,
    prefectureCodes: bank && !bank.provinceWide && bank.prefectureCodes.length === 1 ? [...bank.prefectureCodes] : [],
    rule: emptyGroup(),
    gradeTiers: [],
    materials: ["营业执照", "法定代表人身份证"],
    responseDays: 3,
  };
}

/** The definition to validate and send; empty numbers go as undefined so zod names what is missing. */
export function definitionFrom(values: ProductFormValues) {
  const n = (v: number | null | undefined) => (v === null ? undefined : v);
  const wide = values.provinceWide ?? false;
  return {
    name: values.name ?? "",
    description: values.description ?? "",
    guaranteeModes: values.guaranteeModes ?? [],
    applicantKinds: values.applicantKinds ?? [],
    amountWan: { min: n(values.amountMin), max: n(values.amountMax) },
    termMonths: { min: n(values.termMin), max: n(values.termMax) },
    annualRate: { min: n(values.rateMin), max: n(values.rateMax) },
    repaymentModes: values.repaymentModes ?? [],
    provinceWide: wide,
    prefectureCodes: wide ? [] : (values.prefectureCodes ?? []),
    rule: toRule(values.rule ?? emptyGroup()),
    gradeTiers: (values.gradeTiers ?? []).map((t) => ({ grades: t.grades ?? [], maxAmountWan: n(t.maxAmountWan), minRate: n(t.minRate) })),
    materials: (values.materials ?? []).map((m) => m.trim()).filter((m) => m.length > 0),
    responseDays: n(values.responseDays),
  };
}
