import { z } from "zod";
import { ZEligibilityRule } from "../credit/eligibility";
import { SCENARIO_STATUSES, SCENARIO_STATUS_LABELS, type TScenarioStatus } from "./scenarios";
import { ZCleanText, ZMainlandPhone, ZObjectId, ZPrefectureCode, ZQueryInt, ZTimestamp } from "./common";

/**
 * 信易贷: banks' loan products, applications with consent, banks' decisions, and
 * enterprises' financing demands. Amounts are in 万元 (two decimals), rates are
 * annual percentages (two decimals), terms are months. Facts and states:
 * ../shared/domain/LOANS-AND-CREDIT-RIGHTS.md.
 */

// ------------------------------------------------------------------ vocabularies

export const GUARANTEE_MODES = ["credit", "mortgage", "guarantee", "pledge"] as const;
export type TGuaranteeMode = (typeof GUARANTEE_MODES)[number];
export const GUARANTEE_MODE_LABELS: Record<TGuaranteeMode, string> = { credit: "信用", mortgage: "抵押", guarantee: "保证", pledge: "质押" };

/** Who may apply. An individual business (个体工商户) is an enterprise subject whose USCC carries registration type 92. */
export const LOAN_APPLICANT_KINDS = ["citizen", "individual_business", "enterprise"] as const;
export type TLoanApplicantKind = (typeof LOAN_APPLICANT_KINDS)[number];
export const LOAN_APPLICANT_KIND_LABELS: Record<TLoanApplicantKind, string> = { citizen: "个人", individual_business: "个体工商户", enterprise: "企业" };

export const REPAYMENT_MODES = ["equal_installment", "equal_principal", "interest_first", "bullet", "revolving"] as const;
export type TRepaymentMode = (typeof REPAYMENT_MODES)[number];
export const REPAYMENT_MODE_LABELS: Record<TRepaymentMode, string> = {
  equal_installment: "等额本息",
  equal_principal: "等额本金",
  interest_first: "先息后本",
  bullet: "到期一次还本付息",
  revolving: "随借随还",
};

/** Reasons a bank may give for a refusal; the applicant sees the label and the bank's own words. */
export const LOAN_REJECTION_REASONS = [
  "credit_standing",
  "repayment_capacity",
  "materials_incomplete",
  "purpose_not_supported",
  "outside_product_policy",
  "applicant_unreachable",
  "other",
] as const;
export type TLoanRejectionReason = (typeof LOAN_REJECTION_REASONS)[number];
export const LOAN_REJECTION_REASON_LABELS: Record<TLoanRejectionReason, string> = {
  credit_standing: "信用状况不符合要求",
  repayment_capacity: "还款能力不足",
  materials_incomplete: "申请材料不全",
  purpose_not_supported: "贷款用途不符合规定",
  outside_product_policy: "不符合产品准入条件",
  applicant_unreachable: "无法联系申请人",
  other: "其他原因",
};

// ------------------------------------------------------------------ numbers

/**
 * At most two decimals. Compared with a tolerance: 4.35 * 100 is 434.99999999999994 in binary
 * floating point, so an exact comparison refused 4.35%, 1.15万 and the like.
 */
const hasAtMostTwoDecimals = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;

/** 万元 with at most two decimals (i.e. to the 100 yuan). */
export const ZAmountWan = z
  .number({ error: "请输入金额（万元）" })
  .positive("金额必须大于0")
  .max(100_000, "金额不能超过100000万元")
  .refine(hasAtMostTwoDecimals, "金额最多保留两位小数");
/** Annual rate in percent, 0–36 (the judicial ceiling), two decimals. */
export const ZAnnualRate = z
  .number({ error: "请输入年利率（%）" })
  .min(0, "利率不能为负")
  .max(36, "年利率不能超过36%")
  .refine(hasAtMostTwoDecimals, "利率最多保留两位小数");
export const ZTermMonths = z.number({ error: "请输入期限（月）" }).int("期限应为整数月").min(1, "期限至少1个月").max(360, "期限不能超过360个月");

const ZRange = <T extends z.ZodType<number>>(n: T) => z.object({ min: n, max: n });

// ------------------------------------------------------------------ products

/** The terms a grade gets: e.g. A — up to 300万 from 3.45%. */
export const ZLoanGradeTier = z.object({
  grades: z.array(z.string().min(1)).min(1, "至少选择一个信用等级"),
  maxAmountWan: ZAmountWan,
  minRate: ZAnnualRate,
});
export type TLoanGradeTier = z.infer<typeof ZLoanGradeTier>;

/** Product workflow: the same statuses and transitions as scenarios (a bank's product always goes through review). */
export const LOAN_PRODUCT_STATUSES = SCENARIO_STATUSES;
export type TLoanProductStatus = TScenarioStatus;
export const LOAN_PRODUCT_STATUS_LABELS = SCENARIO_STATUS_LABELS;

const productFields = {
  name: ZCleanText(2, 40, { min: "产品名称至少2个字", max: "产品名称最多40个字" }),
  description: ZCleanText(0, 2000, { max: "产品说明最多2000字", multiline: true }).default(""),
  guaranteeModes: z.array(z.enum(GUARANTEE_MODES)).min(1, "至少选择一种担保方式"),
  applicantKinds: z.array(z.enum(LOAN_APPLICANT_KINDS)).min(1, "至少选择一类申请人"),
  amountWan: ZRange(ZAmountWan),
  termMonths: ZRange(ZTermMonths),
  annualRate: ZRange(ZAnnualRate),
  repaymentModes: z.array(z.enum(REPAYMENT_MODES)).min(1, "至少选择一种还款方式"),
  provinceWide: z.boolean().default(false),
  prefectureCodes: z.array(ZPrefectureCode).max(16).default([]),
  rule: ZEligibilityRule.default({ type: "all", rules: [] }),
  gradeTiers: z.array(ZLoanGradeTier).max(10).default([]),
  materials: z.array(ZCleanText(1, 60)).max(20).default([]),
  /** The bank's promise: first response within this many working days (Beijing time, holidays excluded). */
  responseDays: z.number({ error: "请输入承诺响应时间" }).int().min(1, "承诺响应时间至少1个工作日").max(30, "承诺响应时间不超过30个工作日"),
};

function checkProduct(
  p: { amountWan: { min: number; max: number }; termMonths: { min: number; max: number }; annualRate: { min: number; max: number }; provinceWide: boolean; prefectureCodes: string[]; gradeTiers: TLoanGradeTier[] },
  ctx: z.RefinementCtx,
) {
  for (const key of ["amountWan", "termMonths", "annualRate"] as const) {
    if (p[key].max < p[key].min) ctx.addIssue({ code: "custom", path: [key, "max"], message: "上限不能小于下限" });
  }
  if (!p.provinceWide && p.prefectureCodes.length === 0) ctx.addIssue({ code: "custom", path: ["prefectureCodes"], message: "至少选择一个服务地区，或选择全省" });
  p.gradeTiers.forEach((t, i) => {
    if (t.maxAmountWan > p.amountWan.max) ctx.addIssue({ code: "custom", path: ["gradeTiers", i, "maxAmountWan"], message: "不能超过产品的最高额度" });
    if (t.minRate < p.annualRate.min || t.minRate > p.annualRate.max) ctx.addIssue({ code: "custom", path: ["gradeTiers", i, "minRate"], message: "应在产品的利率区间内" });
  });
}

export const ZLoanProductCreateRequest = z.object(productFields).superRefine(checkProduct);
export type TLoanProductCreateRequest = z.input<typeof ZLoanProductCreateRequest>;
/** Edits replace the whole definition (drafts and rejected products only); every edit is a new version. */
export const ZLoanProductUpdateRequest = z.object({ ...productFields, expectedVersion: z.number().int().min(1) }).superRefine(checkProduct);
export type TLoanProductUpdateRequest = z.input<typeof ZLoanProductUpdateRequest>;
/** Same actions as scenarios: submit, approve, reject (reason required), publish, pause, resume, end. */
export { ZScenarioTransitionRequest as ZLoanProductTransitionRequest } from "./scenarios";

export const ZLoanProduct = z
  .object({
    id: ZObjectId,
    bankPartnerId: ZObjectId,
    bankName: z.string(),
    name: z.string(),
    description: z.string(),
    guaranteeModes: z.array(z.enum(GUARANTEE_MODES)),
    applicantKinds: z.array(z.enum(LOAN_APPLICANT_KINDS)),
    amountWan: z.object({ min: z.number(), max: z.number() }),
    termMonths: z.object({ min: z.number().int(), max: z.number().int() }),
    annualRate: z.object({ min: z.number(), max: z.number() }),
    repaymentModes: z.array(z.enum(REPAYMENT_MODES)),
    provinceWide: z.boolean(),
    prefectureCodes: z.array(ZPrefectureCode),
    rule: ZEligibilityRule,
    ruleSummary: z.string(),
    gradeTiers: z.array(ZLoanGradeTier),
    materials: z.array(z.string()),
    responseDays: z.number().int(),
    status: z.enum(LOAN_PRODUCT_STATUSES),
    version: z.number().int(),
    rejectionReason: z.string().optional(),
    createdAt: z.string(),
    publishedAt: z.string().optional(),
  })
  .meta({ id: "LoanProduct" });
export type TLoanProduct = z.infer<typeof ZLoanProduct>;
export const ZLoanProductList = z.object({ items: z.array(ZLoanProduct) });
export const ZLoanProductListQuery = z.object({ status: z.enum(LOAN_PRODUCT_STATUSES).optional() });

/** The terms this applicant would get, from the product's range and their grade's tier. */
export const ZIndicativeTerms = z.object({
  maxAmountWan: z.number(),
  minRate: z.number(),
  maxRate: z.number(),
  termMonths: z.object({ min: z.number().int(), max: z.number().int() }),
  /** The grade the terms were worked out for, when a tier applied. */
  grade: z.string().optional(),
});
export type TIndicativeTerms = z.infer<typeof ZIndicativeTerms>;

/** A published product as an applicant sees it, judged against their standing now (as available scenarios are). */
export const ZAvailableLoanProduct = ZLoanProduct.omit({ rule: true, rejectionReason: true, version: true, status: true })
  .extend({
    eligible: z.boolean(),
    myTerms: ZIndicativeTerms.optional(),
    reasons: z.array(z.string()),
    hints: z.array(z.string()),
    /** My open application of it, if any (one per product and subject). */
    myOpenApplicationId: ZObjectId.optional(),
    needsIdentity: z.boolean(),
  })
  .meta({ id: "AvailableLoanProduct" });
export type TAvailableLoanProduct = z.infer<typeof ZAvailableLoanProduct>;
export const ZAvailableLoanProductList = z.object({ items: z.array(ZAvailableLoanProduct), total: z.number().int(), eligibleCount: z.number().int() });

// ------------------------------------------------------------------ applications

/**
 * submitted → accepted (受理) → approved (授信) / rejected → disbursed (放款) → closed.
 * The applicant may withdraw until a decision (from submitted or accepted).
 * Open (one per product and subject): submitted, accepted, approved.
 */
export const LOAN_APPLICATION_STATUSES = ["submitted", "accepted", "approved", "rejected", "disbursed", "closed", "withdrawn"] as const;
export type TLoanApplicationStatus = (typeof LOAN_APPLICATION_STATUSES)[number];
export const LOAN_APPLICATION_STATUS_LABELS: Record<TLoanApplicationStatus, string> = {
  submitted: "已提交",
  accepted: "已受理",
  approved: "已授信",
  rejected: "未通过",
  disbursed: "已放款",
  closed: "已结清",
  withdrawn: "已撤回",
};
export const OPEN_LOAN_APPLICATION_STATUSES = ["submitted", "accepted", "approved"] as const satisfies readonly TLoanApplicationStatus[];

export const LOAN_APPLICATION_ACTIONS = ["accept", "approve", "reject", "disburse", "close", "withdraw"] as const;
export type TLoanApplicationAction = (typeof LOAN_APPLICATION_ACTIONS)[number];
export const LOAN_APPLICATION_ACTION_LABELS: Record<TLoanApplicationAction, string> = {
  accept: "受理",
  approve: "授信",
  reject: "拒绝",
  disburse: "放款",
  close: "结清",
  withdraw: "撤回申请",
};
/** Which statuses each action leaves from and where it leads; withdraw is the applicant's, the rest the bank's. */
export const LOAN_APPLICATION_TRANSITIONS: Record<TLoanApplicationAction, { from: readonly TLoanApplicationStatus[]; to: TLoanApplicationStatus }> = {
  accept: { from: ["submitted"], to: "accepted" },
  approve: { from: ["accepted"], to: "approved" },
  reject: { from: ["submitted", "accepted"], to: "rejected" },
  disburse: { from: ["approved"], to: "disbursed" },
  close: { from: ["disbursed"], to: "closed" },
  withdraw: { from: ["submitted", "accepted"], to: "withdrawn" },
};

/** Consent granted with the application: the bank may read the report for 贷款审批 until this date. */
export const LOAN_CONSENT_DAYS_DEFAULT = 90;

export const ZLoanApplicationRequest = z.object({
  amountWan: ZAmountWan,
  termMonths: ZTermMonths,
  purpose: ZCleanText(2, 200, { min: "请说明贷款用途", multiline: true }),
  repaymentMode: z.enum(REPAYMENT_MODES).optional(),
  contactName: ZCleanText(2, 30, { min: "请填写联系人" }),
  contactPhone: ZMainlandPhone,
  /** The applicant's consent to the bank reading their credit report for 贷款审批, until this date (at most one year). */
  consent: z.object({ accepted: z.literal(true, { error: "请阅读并同意授权银行查询信用报告" }), validUntil: ZTimestamp }),
});
export type TLoanApplicationRequest = z.input<typeof ZLoanApplicationRequest>;

export const ZLoanApplicationTransitionRequest = z
  .object({
    action: z.enum(LOAN_APPLICATION_ACTIONS),
    expectedVersion: z.number().int().min(1),
    /** approve */
    approved: z.object({ amountWan: ZAmountWan, annualRate: ZAnnualRate, termMonths: ZTermMonths, offerValidUntil: ZTimestamp }).optional(),
    /** reject */
    rejection: z.object({ reason: z.enum(LOAN_REJECTION_REASONS, { error: "请选择拒绝原因" }), text: ZCleanText(0, 500, { multiline: true }).default("") }).optional(),
    /** disburse: may be less than approved, never more. */
    disbursed: z.object({ amountWan: ZAmountWan, date: ZTimestamp }).optional(),
    note: ZCleanText(0, 500, { multiline: true }).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.action === "approve" && !r.approved) ctx.addIssue({ code: "custom", path: ["approved"], message: "请填写授信金额、利率、期限和有效期" });
    if (r.action === "reject" && !r.rejection) ctx.addIssue({ code: "custom", path: ["rejection", "reason"], message: "请选择拒绝原因" });
    if (r.action === "disburse" && !r.disbursed) ctx.addIssue({ code: "custom", path: ["disbursed"], message: "请填写放款金额和日期" });
  });
export type TLoanApplicationTransitionRequest = z.input<typeof ZLoanApplicationTransitionRequest>;

export const ZLoanAssignRequest = z.object({ officerId: ZObjectId, expectedVersion: z.number().int().min(1) });
/** The applicant withdraws (until a decision). */
export const ZLoanWithdrawRequest = z.object({ expectedVersion: z.number().int().min(1) });

export const ZLoanApplicationEvent = z.object({
  version: z.number().int(),
  action: z.enum(["submit", ...LOAN_APPLICATION_ACTIONS, "assign"]),
  from: z.enum(LOAN_APPLICATION_STATUSES).optional(),
  to: z.enum(LOAN_APPLICATION_STATUSES),
  /** Who acted, as the applicant may see it: "申请人", the bank's name, "信贷员 王某". */
  actorLabel: z.string(),
  note: z.string().optional(),
  at: z.string(),
});
export type TLoanApplicationEvent = z.infer<typeof ZLoanApplicationEvent>;

export const ZLoanApplication = z
  .object({
    id: ZObjectId,
    productId: ZObjectId.optional(),
    productName: z.string(),
    bankPartnerId: ZObjectId,
    bankName: z.string(),
    /** How it started: an application to a product, or an accepted offer on a financing demand. */
    source: z.enum(["product", "demand"]),
    applicantKind: z.enum(LOAN_APPLICANT_KINDS),
    /** Enterprise name, or the citizen's masked name. */
    applicantName: z.string(),
    amountWan: z.number(),
    termMonths: z.number().int(),
    purpose: z.string(),
    repaymentMode: z.enum(REPAYMENT_MODES).optional(),
    contactName: z.string(),
    /** Full to the bank handling it, masked to everyone else. */
    contactPhone: z.string(),
    status: z.enum(LOAN_APPLICATION_STATUSES),
    version: z.number().int(),
    /** The applicant's grade and indicative terms when they applied. */
    gradeAtApplication: z.string().optional(),
    indicativeTerms: ZIndicativeTerms.optional(),
    submittedAt: z.string(),
    /** The promised first response (accept or reject), in working days from submission. */
    responseDueAt: z.string(),
    firstResponseAt: z.string().optional(),
    /** True when the first response came late, or has not come and the promise has passed. */
    responseOverdue: z.boolean(),
    assignedOfficer: z.object({ id: ZObjectId, displayName: z.string() }).optional(),
    approved: z.object({ amountWan: z.number(), annualRate: z.number(), termMonths: z.number().int(), offerValidUntil: z.string() }).optional(),
    rejection: z.object({ reason: z.enum(LOAN_REJECTION_REASONS), reasonLabel: z.string(), text: z.string() }).optional(),
    disbursed: z.object({ amountWan: z.number(), date: z.string() }).optional(),
    /** 首贷: the first disbursement to this subject on the platform. */
    firstLoan: z.boolean(),
    consentValidUntil: z.string(),
    timeline: z.array(ZLoanApplicationEvent),
  })
  .meta({ id: "LoanApplication" });
export type TLoanApplication = z.infer<typeof ZLoanApplication>;
export const ZLoanApplicationList = z.object({ items: z.array(ZLoanApplication), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
/** 我的贷款: the applicant's own applications, newest first. */
export const ZMyLoanApplicationsQuery = z.object({ status: z.enum(LOAN_APPLICATION_STATUSES).optional(), page: ZQueryInt(1, 1000).default(1) });
export const ZLoanQueueQuery = z.object({
  status: z.enum(LOAN_APPLICATION_STATUSES).optional(),
  assignee: z.union([ZObjectId, z.literal("me"), z.literal("none")]).optional(),
  overdue: z.enum(["true", "false"]).optional(),
  productId: ZObjectId.optional(),
  page: ZQueryInt(1, 1000).default(1),
});

// ------------------------------------------------------------------ financing demands (融资需求)

/** Up to this many banks may take one demand; each take is an insert under a unique slot. */
export const DEMAND_TAKE_SLOTS = 3;

export const LOAN_DEMAND_STATUSES = ["open", "matched", "withdrawn", "expired"] as const;
export type TLoanDemandStatus = (typeof LOAN_DEMAND_STATUSES)[number];
export const LOAN_DEMAND_STATUS_LABELS: Record<TLoanDemandStatus, string> = { open: "对接中", matched: "已选定银行", withdrawn: "已撤回", expired: "已过期" };

export const DEMAND_TAKE_STATUSES = ["taken", "offered", "declined", "lapsed", "accepted", "not_chosen"] as const;
export type TDemandTakeStatus = (typeof DEMAND_TAKE_STATUSES)[number];
export const DEMAND_TAKE_STATUS_LABELS: Record<TDemandTakeStatus, string> = {
  taken: "银行已接单",
  offered: "银行已报价",
  declined: "银行已婉拒",
  lapsed: "超时未答复",
  accepted: "已选定",
  not_chosen: "未选定",
};

export const ZLoanDemandRequest = z.object({
  amountWan: ZAmountWan,
  termMonths: ZTermMonths,
  purpose: ZCleanText(2, 200, { min: "请说明融资用途", multiline: true }),
  guaranteeModes: z.array(z.enum(GUARANTEE_MODES)).min(1, "至少选择一种可接受的担保方式"),
  contactName: ZCleanText(2, 30, { min: "请填写联系人" }),
  contactPhone: ZMainlandPhone,
  /** Banks serving the enterprise's prefecture may read its report for 贷款审批 until this date, once they take the demand. */
  consent: z.object({ accepted: z.literal(true, { error: "请阅读并同意授权接单银行查询信用报告" }), validUntil: ZTimestamp }),
});
export type TLoanDemandRequest = z.input<typeof ZLoanDemandRequest>;

export const ZDemandOffer = z.object({ amountWan: ZAmountWan, annualRate: ZAnnualRate, termMonths: ZTermMonths, validUntil: ZTimestamp, note: ZCleanText(0, 500, { multiline: true }).default("") });
export const ZDemandAnswerRequest = z.discriminatedUnion("answer", [
  z.object({ answer: z.literal("offer"), offer: ZDemandOffer }),
  z.object({ answer: z.literal("decline"), reason: z.enum(LOAN_REJECTION_REASONS, { error: "请选择婉拒原因" }), text: ZCleanText(0, 500, { multiline: true }).default("") }),
]);
export type TDemandAnswerRequest = z.input<typeof ZDemandAnswerRequest>;

export const ZDemandTake = z.object({
  id: z.string(),
  slotNo: z.number().int(),
  bankPartnerId: ZObjectId,
  bankName: z.string(),
  status: z.enum(DEMAND_TAKE_STATUSES),
  takenAt: z.string(),
  answerDueAt: z.string(),
  offer: z.object({ amountWan: z.number(), annualRate: z.number(), termMonths: z.number().int(), validUntil: z.string(), note: z.string() }).optional(),
  decline: z.object({ reason: z.enum(LOAN_REJECTION_REASONS), reasonLabel: z.string(), text: z.string() }).optional(),
  /** The application the accepted offer became. */
  applicationId: ZObjectId.optional(),
});
export type TDemandTake = z.infer<typeof ZDemandTake>;

export const ZLoanDemand = z
  .object({
    id: ZObjectId,
    enterpriseName: z.string(),
    prefectureCode: ZPrefectureCode,
    amountWan: z.number(),
    termMonths: z.number().int(),
    purpose: z.string(),
    guaranteeModes: z.array(z.enum(GUARANTEE_MODES)),
    /** Shown to the enterprise and to banks that took it; masked to other banks. */
    contactName: z.string(),
    contactPhone: z.string(),
    grade: z.string().optional(),
    status: z.enum(LOAN_DEMAND_STATUSES),
    createdAt: z.string(),
    /** Free slots left for banks. */
    slotsLeft: z.number().int(),
    /** All takes for the enterprise; only its own take for a bank. */
    takes: z.array(ZDemandTake),
  })
  .meta({ id: "LoanDemand" });
export type TLoanDemand = z.infer<typeof ZLoanDemand>;
export const ZLoanDemandList = z.object({ items: z.array(ZLoanDemand) });

// ------------------------------------------------------------------ numbers

export const ZLoanStatsQuery = z.object({
  /** yyyy-mm, Beijing time; both inclusive. */
  from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "应为 yyyy-mm").optional(),
  to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "应为 yyyy-mm").optional(),
  bankPartnerId: ZObjectId.optional(),
  productId: ZObjectId.optional(),
  prefectureCode: ZPrefectureCode.optional(),
});

export const ZLoanFunnel = z.object({
  applications: z.number().int(),
  accepted: z.number().int(),
  approved: z.number().int(),
  approvedAmountWan: z.number(),
  disbursed: z.number().int(),
  disbursedAmountWan: z.number(),
  /** Mean annual rate of approvals, null without any. */
  averageApprovedRate: z.number().nullable(),
  /** Hours from submission to the first response (accept or reject). */
  firstResponseHoursMedian: z.number().nullable(),
  firstResponseHoursP90: z.number().nullable(),
  /** Share of first responses within the promised working days, 0–1, null without any. */
  answeredWithinPromiseShare: z.number().nullable(),
  firstLoanShare: z.number().nullable(),
  rejectionReasons: z.array(z.object({ reason: z.enum(LOAN_REJECTION_REASONS), label: z.string(), count: z.number().int() })),
});
export type TLoanFunnel = z.infer<typeof ZLoanFunnel>;

export const ZLoanStats = z
  .object({
    total: ZLoanFunnel,
    /** One row per bank × product × prefecture × month (yyyy-mm, Beijing time). */
    rows: z.array(ZLoanFunnel.extend({ month: z.string(), bankPartnerId: ZObjectId, bankName: z.string(), productId: ZObjectId.optional(), productName: z.string(), prefectureCode: ZPrefectureCode })),
  })
  .meta({ id: "LoanStats" });
export type TLoanStats = z.infer<typeof ZLoanStats>;

/** Public: every bank's response times, for everyone (no platform we know of publishes one). */
export const ZBankResponseTimes = z.object({
  items: z.array(
    z.object({
      bankPartnerId: ZObjectId,
      bankName: z.string(),
      applications: z.number().int(),
      firstResponseHoursMedian: z.number().nullable(),
      answeredWithinPromiseShare: z.number().nullable(),
      promisedDays: z.object({ min: z.number().int(), max: z.number().int() }).nullable(),
    }),
  ),
  since: z.string(),
});
export type TBankResponseTimes = z.infer<typeof ZBankResponseTimes>;

/**
 * The prefecture's (or the platform's) watch on the banks' promise: applications of its region whose
 * first response is overdue or came late, newest first. The applicant is not named: the watch is on the bank.
 */
export const ZLateLoanResponsesQuery = z.object({
  /** "unanswered": still waiting past the promise; "late": answered after it; default both. */
  kind: z.enum(["unanswered", "late"]).optional(),
  bankPartnerId: ZObjectId.optional(),
});
export const ZLateLoanResponses = z
  .object({
    items: z.array(
      z.object({
        applicationId: ZObjectId,
        bankPartnerId: ZObjectId,
        bankName: z.string(),
        productName: z.string(),
        prefectureCode: ZPrefectureCode,
        applicantKind: z.enum(LOAN_APPLICANT_KINDS),
        status: z.enum(LOAN_APPLICATION_STATUSES),
        submittedAt: z.string(),
        responseDueAt: z.string(),
        firstResponseAt: z.string().optional(),
        /** Hours past the promise: until the first response, or until now while there is none. */
        hoursLate: z.number(),
      }),
    ),
    /** Applications of the last 180 days looked at. */
    since: z.string(),
  })
  .meta({ id: "LateLoanResponses" });
export type TLateLoanResponses = z.infer<typeof ZLateLoanResponses>;

// ------------------------------------------------------------------ working days

/** A day that differs from the Monday–Friday rule: a holiday on a weekday, or a make-up working day (调休) on a weekend. */
export const ZCalendarDay = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "应为 yyyy-mm-dd"),
  kind: z.enum(["holiday", "workday"]),
  name: ZCleanText(1, 30),
});
export type TCalendarDay = z.infer<typeof ZCalendarDay>;
export const ZCalendarDayList = z.object({ items: z.array(ZCalendarDay) });
/** The whole list for a year replaces the one before. */
export const ZCalendarYearRequest = z.object({ items: z.array(ZCalendarDay).max(60) });
const ZYear = z.string().regex(/^20\d{2}$/, "应为四位年份，如 2026");
export const ZCalendarDaysQuery = z.object({ year: ZYear.optional() });
export const ZCalendarYearParams = z.object({ year: ZYear });
