import { z } from "zod";
import { ZBenefit, ZEligibilityRule } from "../credit/eligibility";
import { BANK_STAFF_ROLES, PARTNER_KINDS } from "../roles";
import { cleanText, ZCleanText, ZMainlandPhone, ZObjectId, ZPrefectureCode, ZQueryInt, ZTimestamp } from "./common";

export const BENEFIT_CATEGORIES = ["loan", "approval", "rental", "travel", "tourism", "other"] as const;
export type TBenefitCategory = (typeof BENEFIT_CATEGORIES)[number];
export const ZBenefitCategory = z.enum(BENEFIT_CATEGORIES, { error: "请选择权益类别" });

export const BENEFIT_CATEGORY_LABELS: Record<TBenefitCategory, string> = {
  loan: "信易贷",
  approval: "信易批",
  rental: "信易租",
  travel: "信易行",
  tourism: "信易游",
  other: "其他",
};

/**
 * draft → submitted → approved / rejected → published → paused → ended.
 * Partners submit; the prefecture's administrator approves; administrators may
 * publish their own scenarios straight from draft.
 */
export const SCENARIO_STATUSES = ["draft", "submitted", "approved", "rejected", "published", "paused", "ended"] as const;
export type TScenarioStatus = (typeof SCENARIO_STATUSES)[number];
export const SCENARIO_STATUS_LABELS: Record<TScenarioStatus, string> = {
  draft: "草稿",
  submitted: "待审核",
  approved: "已通过",
  rejected: "已驳回",
  published: "已发布",
  paused: "已暂停",
  ended: "已结束",
};

export const SCENARIO_ACTIONS = ["submit", "approve", "reject", "publish", "pause", "resume", "end"] as const;
export type TScenarioAction = (typeof SCENARIO_ACTIONS)[number];
export const SCENARIO_ACTION_LABELS: Record<TScenarioAction, string> = {
  submit: "提交审核",
  approve: "审核通过",
  reject: "驳回",
  publish: "发布",
  pause: "暂停",
  resume: "恢复",
  end: "结束",
};

/** Credit scores are on a 0–1000 scale (福州茉莉分-style bands). */
export const CREDIT_SCORE_MAX = 1000;

export const LIMIT_PERIODS = ["day", "week", "month"] as const;
export type TLimitPeriod = (typeof LIMIT_PERIODS)[number];
export const LIMIT_PERIOD_LABELS: Record<TLimitPeriod, string> = { day: "每天", week: "每周", month: "每月" };

export const ZPerSubjectLimit = z.object({
  /** Claims one subject may ever hold of this scenario (cancelled ones give their place back). */
  total: z.number().int().min(1, "每人总次数至少为1").max(1000),
  perPeriod: z.object({ period: z.enum(LIMIT_PERIODS), count: z.number().int().min(1).max(1000) }).optional(),
});
export type TPerSubjectLimit = z.infer<typeof ZPerSubjectLimit>;

const scenarioFields = {
  title: ZCleanText(2, 60, { min: "标题至少2个字", max: "标题最多60个字" }),
  category: ZBenefitCategory,
  description: ZCleanText(0, 2000, { max: "说明最多2000字", multiline: true }).default(""),
  terms: ZCleanText(0, 2000, { max: "使用条款最多2000字", multiline: true }).default(""),
  /** Whole province, or the listed prefectures. */
  provinceWide: z.boolean().default(false),
  prefectureCodes: z
    .array(ZPrefectureCode)
    .max(16)
    .refine((codes) => new Set(codes).size === codes.length, "适用地区不能重复")
    .default([]),
  rule: ZEligibilityRule.default({ type: "all", rules: [] }),
  benefit: ZBenefit,
  quota: z.number({ error: "请输入名额" }).int("名额应为整数").min(1, "名额至少为1").max(1_000_000, "名额不能超过1000000"),
  perSubjectLimit: ZPerSubjectLimit.default({ total: 1 }),
  startsAt: ZTimestamp,
  endsAt: ZTimestamp,
  /** How long a claimed voucher can be redeemed. */
  redemptionHours: z.number().int().min(1, "核销有效期至少1小时").max(24 * 365).default(72),
};

function checkScenario(s: { startsAt: string; endsAt: string; provinceWide: boolean; prefectureCodes: string[] }, ctx: z.RefinementCtx) {
  if (Date.parse(s.endsAt) <= Date.parse(s.startsAt)) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "结束时间必须晚于开始时间" });
  if (!s.provinceWide && s.prefectureCodes.length === 0) ctx.addIssue({ code: "custom", path: ["prefectureCodes"], message: "至少选择一个适用地区，或选择全省" });
}

export const ZScenarioCreateRequest = z.object({ ...scenarioFields, ownerPartnerId: ZObjectId.optional() }).superRefine(checkScenario);
export type TScenarioCreateRequest = z.input<typeof ZScenarioCreateRequest>;
/** Edits replace the whole definition (drafts and rejected scenarios only); every edit is a new version. */
export const ZScenarioUpdateRequest = z.object({ ...scenarioFields, expectedVersion: z.number().int().min(1) }).superRefine(checkScenario);
export type TScenarioUpdateRequest = z.input<typeof ZScenarioUpdateRequest>;

export const ZScenarioTransitionRequest = z.object({
  action: z.enum(SCENARIO_ACTIONS),
  /** Required to reject. */
  reason: ZCleanText(0, 500, { multiline: true }).optional(),
  expectedVersion: z.number().int().min(1),
});
export type TScenarioTransitionRequest = z.infer<typeof ZScenarioTransitionRequest>;

export const ZScenario = z
  .object({
    id: ZObjectId,
    title: z.string(),
    category: ZBenefitCategory,
    description: z.string(),
    terms: z.string(),
    ownerPartnerId: z.string().optional(),
    ownerPartnerName: z.string().optional(),
    provinceWide: z.boolean(),
    prefectureCodes: z.array(ZPrefectureCode),
    rule: ZEligibilityRule,
    ruleSummary: z.string(),
    benefit: ZBenefit,
    quota: z.number().int(),
    perSubjectLimit: ZPerSubjectLimit,
    redemptionHours: z.number().int(),
    claimedCount: z.number().int(),
    redeemedCount: z.number().int(),
    remaining: z.number().int(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: z.enum(SCENARIO_STATUSES),
    version: z.number().int(),
    rejectionReason: z.string().optional(),
    createdAt: z.string(),
    publishedAt: z.string().optional(),
  })
  .meta({ id: "Scenario" });
export type TScenario = z.infer<typeof ZScenario>;
export const ZScenarioList = z.object({ items: z.array(ZScenario) });
export const ZScenarioListQuery = z.object({ status: z.enum(SCENARIO_STATUSES).optional() });

export const ZScenarioEvent = z.object({
  version: z.number().int(),
  kind: z.enum(["create", "edit", "transition"]),
  from: z.enum(SCENARIO_STATUSES).optional(),
  to: z.enum(SCENARIO_STATUSES),
  reason: z.string().optional(),
  actorRole: z.string(),
  at: z.string(),
});
export type TScenarioEvent = z.infer<typeof ZScenarioEvent>;
export const ZScenarioHistory = z.object({ items: z.array(ZScenarioEvent) });

/** Dry run: who in scope qualifies today, by grade, and how fast the quota would go. */
export const ZScenarioDryRun = z.object({
  subjectsInScope: z.number().int(),
  eligible: z.number().int(),
  byGrade: z.array(z.object({ grade: z.string(), eligible: z.number().int(), benefit: z.string() })),
  /** Assumed share of eligible subjects claiming per day, and the days until the quota is gone at that rate. */
  assumedDailyUptake: z.number(),
  daysToExhaustQuota: z.number().nullable(),
});
export type TScenarioDryRun = z.infer<typeof ZScenarioDryRun>;

export const ZScenarioStats = z.object({ claimed: z.number().int(), redeemed: z.number().int(), cancelled: z.number().int(), expired: z.number().int(), remaining: z.number().int() });
export type TScenarioStats = z.infer<typeof ZScenarioStats>;

export const CLAIM_STATUSES = ["claimed", "redeemed", "expired", "cancelled"] as const;
export type TClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_STATUS_LABELS: Record<TClaimStatus, string> = { claimed: "待使用", redeemed: "已核销", expired: "已过期", cancelled: "已取消" };

/** A published scenario as a subject sees it, judged against their standing now. */
export const ZAvailableScenario = ZScenario.omit({ rule: true, rejectionReason: true })
  .extend({
    eligible: z.boolean(),
    /** The benefit this subject's grade gets, and that grade. */
    myBenefit: z.string(),
    myGrade: z.string().optional(),
    /** Why not, in plain Chinese, when not eligible. */
    reasons: z.array(z.string()),
    /** What would change it: records weighing most, repair, dates records stop counting. */
    hints: z.array(z.string()),
    /** First of `reasons` (kept for simple cards). */
    ineligibleReason: z.string().optional(),
    claimedByMe: z.boolean(),
    /** My newest voucher of it that is not cancelled, with the benefit it was granted (not today's). */
    myClaim: z.object({ id: ZObjectId, status: z.enum(CLAIM_STATUSES), benefit: z.string() }).optional(),
    /** The account has no verified identity (or enterprise) yet: it must verify before anything can be judged. */
    needsIdentity: z.boolean(),
  })
  .meta({ id: "AvailableScenario" });
export type TAvailableScenario = z.infer<typeof ZAvailableScenario>;
export const ZAvailableScenarioList = z.object({
  items: z.array(ZAvailableScenario),
  total: z.number().int(),
  eligibleCount: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type TAvailableScenarioList = z.infer<typeof ZAvailableScenarioList>;
export const ZAvailableQuery = z.object({ category: ZBenefitCategory.optional(), page: ZQueryInt(1, 1000).default(1) });

// ------------------------------------------------------------------ claims and vouchers

export const ZClaim = z
  .object({
    id: ZObjectId,
    scenarioId: ZObjectId,
    scenarioTitle: z.string(),
    category: ZBenefitCategory,
    /** The benefit as granted when claimed, kept whatever the holder's grade or the scenario's tiers later become. */
    benefit: z.string(),
    /** The grade it was granted for, and that tier's discount. */
    benefitGrade: z.string().optional(),
    discountPercent: z.number().optional(),
    status: z.enum(CLAIM_STATUSES),
    /** 8 characters to read aloud at the counter. */
    shortCode: z.string(),
    ruleVersion: z.number().int(),
    claimedAt: z.string(),
    expiresAt: z.string(),
    redeemedAt: z.string().optional(),
    cancelledAt: z.string().optional(),
  })
  .meta({ id: "Claim" });
export type TClaim = z.infer<typeof ZClaim>;
export const ZClaimList = z.object({ items: z.array(ZClaim) });

/** The QR code's content: a signed token valid for about a minute. */
export const ZVoucherToken = z.object({ token: z.string(), expiresAt: z.string(), shortCode: z.string() });
export type TVoucherToken = z.infer<typeof ZVoucherToken>;

/**
 * A code as a person types it from the phone: the short code shown in groups ("W672 VS5D"),
 * in lower case, with full-width characters from a Chinese IME, spaces or hyphens, becomes
 * "W672VS5D". A scanned QR token (it has a ".") is case-sensitive and only loses outer
 * whitespace.
 */
export function normalizeVoucherCode(input: string): string {
  const text = cleanText(input).normalize("NFKC").trim();
  if (text.includes(".")) return text;
  return text.replace(/[\s\-‐‑‒–—―_·・]+/gu, "").toUpperCase();
}

export const ZVoucherCodeRequest = z.object({
  /** The scanned QR token, or the short code read aloud. */
  code: z.string().transform(normalizeVoucherCode).pipe(z.string().min(6, "请扫描二维码或输入券码").max(600)),
  /** Where the counter is, recorded with a redemption. */
  place: ZCleanText(0, 100).optional(),
});
export type TVoucherCodeRequest = z.output<typeof ZVoucherCodeRequest>;

/** Only what a counter needs: never the score, never the ID number. */
export const ZVoucherCheck = z
  .object({
    valid: z.boolean(),
    /** Why not valid, in plain Chinese. */
    reason: z.string().optional(),
    claimId: z.string().optional(),
    status: z.enum(CLAIM_STATUSES).optional(),
    scenarioTitle: z.string().optional(),
    benefit: z.string().optional(),
    holderName: z.string().optional(),
    expiresAt: z.string().optional(),
    redeemedAt: z.string().optional(),
  })
  .meta({ id: "VoucherCheck" });
export type TVoucherCheck = z.infer<typeof ZVoucherCheck>;

export const ZVoucherPublicKey = z.object({ alg: z.literal("Ed25519"), kid: z.string(), jwk: z.record(z.string(), z.string()), pem: z.string() });
export type TVoucherPublicKey = z.infer<typeof ZVoucherPublicKey>;

// ------------------------------------------------------------------ partners

export const PARTNER_STATUSES = ["pending", "approved", "rejected"] as const;
export const PARTNER_STATUS_LABELS: Record<(typeof PARTNER_STATUSES)[number], string> = { pending: "待审核", approved: "已入驻", rejected: "已驳回" };

export const ZPartnerApplicationRequest = z
  .object({
    name: ZCleanText(2, 100, { min: "机构名称至少2个字" }),
    kind: z.enum(PARTNER_KINDS, { error: "请选择机构类型" }),
    provinceWide: z.boolean().default(false),
    prefectureCodes: z.array(ZPrefectureCode).max(16).default([]),
    contactName: ZCleanText(2, 30, { min: "请填写联系人" }),
    contactPhone: ZMainlandPhone,
    operator: z.object({
      username: z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_]{3,31}$/, "用户名为4–32位小写字母、数字或下划线，以字母开头"),
      password: z.string().min(10, "密码至少10位").max(128),
      displayName: ZCleanText(2, 30),
    }),
  })
  .superRefine((a, ctx) => {
    if (!a.provinceWide && a.prefectureCodes.length === 0) ctx.addIssue({ code: "custom", path: ["prefectureCodes"], message: "至少选择一个服务地区，或选择全省" });
  });
export type TPartnerApplicationRequest = z.input<typeof ZPartnerApplicationRequest>;

export const ZPartnerDetail = z
  .object({
    id: ZObjectId,
    name: z.string(),
    kind: z.enum(PARTNER_KINDS),
    provinceWide: z.boolean(),
    prefectureCodes: z.array(ZPrefectureCode),
    status: z.enum(PARTNER_STATUSES),
    contactName: z.string(),
    contactPhoneMasked: z.string(),
    rejectionReason: z.string().optional(),
    appliedAt: z.string(),
    decidedAt: z.string().optional(),
  })
  .meta({ id: "PartnerDetail" });
export type TPartnerDetail = z.infer<typeof ZPartnerDetail>;
export const ZPartnerDetailList = z.object({ items: z.array(ZPartnerDetail) });
export const ZPartnerDecisionRequest = z.object({ decision: z.enum(["approve", "reject"]), reason: ZCleanText(0, 500, { multiline: true }).optional() });
export type TPartnerDecisionRequest = z.infer<typeof ZPartnerDecisionRequest>;
export type TPartnerStatus = (typeof PARTNER_STATUSES)[number];

export const ZOperator = z.object({ id: ZObjectId, username: z.string(), displayName: z.string(), disabled: z.boolean(), staffRole: z.enum(BANK_STAFF_ROLES).optional() });
export type TOperator = z.infer<typeof ZOperator>;
export const ZOperatorList = z.object({ items: z.array(ZOperator) });
export const ZOperatorCreateRequest = z.object({
  username: z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_]{3,31}$/, "用户名为4–32位小写字母、数字或下划线，以字母开头"),
  password: z.string().min(10, "密码至少10位").max(128),
  displayName: ZCleanText(2, 30),
  /** Required for a bank's operators, refused for other partners'. */
  staffRole: z.enum(BANK_STAFF_ROLES, { error: "请选择岗位" }).optional(),
});

/** The workflow: which statuses each action leaves from and where it leads. */
export const SCENARIO_TRANSITIONS: Record<TScenarioAction, { from: readonly TScenarioStatus[]; to: TScenarioStatus }> = {
  submit: { from: ["draft", "rejected"], to: "submitted" },
  approve: { from: ["submitted"], to: "approved" },
  reject: { from: ["submitted"], to: "rejected" },
  publish: { from: ["approved", "draft"], to: "published" },
  pause: { from: ["published"], to: "paused" },
  resume: { from: ["paused"], to: "published" },
  end: { from: ["published", "paused"], to: "ended" },
};
