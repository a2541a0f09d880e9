import { z } from "zod";
import { ZTimestamp } from "./common";

/**
 * Personal information protection (PIPL): the documents a person accepts, the separate
 * consent for sensitive personal information (arts. 28–29), withdrawal and account
 * closure, and the fixed purposes a consent grant to a partner may name.
 */

// ---------------------------------------------------------------- purposes of a consent grant

/**
 * What a partner may read a credit report for. A grant names one; a lookup states one and is
 * refused when no valid grant names the same. Free text is not accepted: "门票优惠核验" must not
 * let a bank read the report for a loan.
 */
export const CONSENT_PURPOSES = ["scenario_verification", "loan_review", "rental_deposit_waiver", "travel_service", "fast_track_approval"] as const;
export type TConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_PURPOSE_LABELS: Record<TConsentPurpose, string> = {
  scenario_verification: "权益核验",
  loan_review: "贷款审批",
  rental_deposit_waiver: "免押租赁",
  travel_service: "信用出行",
  fast_track_approval: "行政审批容缺受理",
};

/** One line each, shown where a person chooses the purpose. */
export const CONSENT_PURPOSE_HINTS: Record<TConsentPurpose, string> = {
  scenario_verification: "核验您是否符合信易+权益条件，如景区门票优惠、守信乘客折扣",
  loan_review: "银行审核您的信用贷款、信易贷申请",
  rental_deposit_waiver: "租车、租房、共享设备等免收押金的信用审核",
  travel_service: "公交地铁、共享单车等信用出行服务",
  fast_track_approval: "政务服务“信易批”容缺受理、告知承诺审核",
};

export const ZConsentPurpose = z.enum(CONSENT_PURPOSES, { error: "请从列表中选择查询用途" });

// ---------------------------------------------------------------- documents

/** user_agreement 用户协议, privacy_notice 隐私政策, sensitive_info 敏感个人信息处理规则 (its own, separate consent). */
export const PRIVACY_DOCUMENT_KINDS = ["user_agreement", "privacy_notice", "sensitive_info"] as const;
export type TPrivacyDocumentKind = (typeof PRIVACY_DOCUMENT_KINDS)[number];
export const PRIVACY_DOCUMENT_TITLES: Record<TPrivacyDocumentKind, string> = {
  user_agreement: "用户协议",
  privacy_notice: "隐私政策",
  sensitive_info: "敏感个人信息处理规则",
};

export const ZPrivacyDocument = z
  .object({
    kind: z.enum(PRIVACY_DOCUMENT_KINDS),
    version: z.number().int(),
    title: z.string(),
    /** Plain text; paragraphs separated by blank lines, headings on lines of their own. */
    text: z.string(),
    publishedAt: ZTimestamp,
  })
  .meta({ id: "PrivacyDocument" });
export type TPrivacyDocument = z.infer<typeof ZPrivacyDocument>;
export const ZPrivacyDocumentList = z.object({ items: z.array(ZPrivacyDocument) });
export type TPrivacyDocumentList = z.infer<typeof ZPrivacyDocumentList>;

export const ZPrivacyAcceptance = z.object({
  kind: z.enum(PRIVACY_DOCUMENT_KINDS),
  currentVersion: z.number().int(),
  /** The version this account last accepted, if any (after a withdrawal: none). */
  acceptedVersion: z.number().int().optional(),
  acceptedAt: ZTimestamp.optional(),
  withdrawnAt: ZTimestamp.optional(),
  /** Accepted, and at the current version. */
  current: z.boolean(),
});
export type TPrivacyAcceptance = z.infer<typeof ZPrivacyAcceptance>;

/** GET /me/privacy. */
export const ZPrivacyStatus = z
  .object({
    items: z.array(ZPrivacyAcceptance),
    /** The user agreement or the privacy notice is not accepted at its current version: show the agreement page. */
    mustAccept: z.boolean(),
    /** The sensitive-information consent is given at the current version (real-name binding and credit features). */
    sensitiveConsent: z.boolean(),
    /** The person consented to an older version of the sensitive-information rules: ask again. */
    sensitiveRenewal: z.boolean(),
  })
  .meta({ id: "PrivacyStatus" });
export type TPrivacyStatus = z.infer<typeof ZPrivacyStatus>;

/**
 * Accept the versions the person read. The user agreement and the privacy notice go together;
 * the sensitive-information consent is separate and optional (the app works without it, except
 * real-name binding and credit features).
 */
export const ZPrivacyConsentRequest = z
  .object({
    userAgreementVersion: z.number().int().min(1).optional(),
    privacyNoticeVersion: z.number().int().min(1).optional(),
    sensitiveInfoVersion: z.number().int().min(1).optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.userAgreementVersion === undefined) !== (r.privacyNoticeVersion === undefined)) {
      const path = r.userAgreementVersion === undefined ? "userAgreementVersion" : "privacyNoticeVersion";
      ctx.addIssue({ code: "custom", path: [path], message: "用户协议和隐私政策须一并同意" });
    }
    if (r.userAgreementVersion === undefined && r.privacyNoticeVersion === undefined && r.sensitiveInfoVersion === undefined) {
      ctx.addIssue({ code: "custom", path: ["userAgreementVersion"], message: "请选择要同意的文件" });
    }
  });
export type TPrivacyConsentRequest = z.infer<typeof ZPrivacyConsentRequest>;

/** Account closure (注销账号): the person confirms having read what is deleted and what is kept. */
export const ZAccountCloseRequest = z.object({
  confirm: z.literal(true, { error: "请确认已了解注销后删除和保留的内容" }),
});
export type TAccountCloseRequest = z.infer<typeof ZAccountCloseRequest>;

export const ZAccountCloseResult = z.object({ closedAt: ZTimestamp }).meta({ id: "AccountCloseResult" });
export type TAccountCloseResult = z.infer<typeof ZAccountCloseResult>;

/**
 * What closure deletes and what the law makes us keep: one text, shown on the closure screen and
 * matching what the server does (server/src/modules/privacy/closure.ts, docs/privacy.md).
 */
export const ACCOUNT_CLOSURE_DELETES = [
  "手机号、微信标识（openid）等登录信息：注销后该手机号可重新注册新账号",
  "全部登录会话：所有设备立即退出",
  "账号与信用主体（本人实名身份、企业）的绑定关系，以及实名核验结果",
  "您向合作机构作出的全部信用报告查询授权：立即终止",
  "昵称、所在州市等账号资料；未使用的权益券将无法再出示",
] as const;

export const ACCOUNT_CLOSURE_KEEPS = [
  "公共信用记录：由政府部门依法归集和公示，不属于本账号数据，注销后仍由来源部门管理；如有异议可向来源部门申请更正或信用修复",
  "审计日志和信用报告查询记录：依《网络安全法》等规定留存，保存3年（不少于6个月的法定要求），仅用于安全审计和依法查询",
  "您同意、撤回用户协议、隐私政策及敏感个人信息处理规则的记录：保存至注销后3年，用于证明处理活动合法",
] as const;
