import { z } from "zod";
import { ZCleanText, ZObjectId, ZPrefectureCode, ZQueryInt, ZTimestamp } from "./common";
import { ZCitizenIdNumber, ZPersonName, ZUscc } from "./credit";

/**
 * Who is who: verified citizens, the enterprises an account may act for, and the
 * subject the current session acts for. The account's own identity is verified by
 * an identity service (name + ID number); authority for an enterprise comes from
 * being its registered legal representative or from a mandate (经办人授权) that the
 * legal representative, or an administrator of the prefecture, approved.
 */

// ---------------------------------------------------------------- real-name verification

/** Name + ID number, checked by the identity service before the account is bound to a citizen subject. */
export const ZIdentityVerifyRequest = z.object({ idNumber: ZCitizenIdNumber, name: ZPersonName });
export type TIdentityVerifyRequest = z.input<typeof ZIdentityVerifyRequest>;

// ---------------------------------------------------------------- enterprises an account acts for

export const AUTHORITY_KINDS = ["self", "legal_rep", "agent"] as const;
export type TAuthorityKind = (typeof AUTHORITY_KINDS)[number];
export const AUTHORITY_LABELS: Record<TAuthorityKind, string> = { self: "本人", legal_rep: "法定代表人", agent: "经办人" };

/** A subject this account may act for: its own citizen identity, or an enterprise. */
export const ZActingIdentity = z
  .object({
    subjectId: ZObjectId,
    kind: z.enum(["citizen", "enterprise"]),
    name: z.string(),
    /** Masked ID number (citizen) or the USCC (enterprise). */
    idMasked: z.string().optional(),
    uscc: z.string().optional(),
    prefectureCode: ZPrefectureCode,
    authority: z.enum(AUTHORITY_KINDS),
  })
  .meta({ id: "ActingIdentity" });
export type TActingIdentity = z.infer<typeof ZActingIdentity>;

/** Bind an enterprise as its registered legal representative (the verified holder's ID must be the one on file). */
export const ZLegalRepBindRequest = z.object({ uscc: ZUscc });
export type TLegalRepBindRequest = z.input<typeof ZLegalRepBindRequest>;

/** Switch the session to act for another of the account's identities; answers a new session. */
export const ZActAsRequest = z.object({ refreshToken: z.string().min(1).max(256), subjectId: ZObjectId });
export type TActAsRequest = z.infer<typeof ZActAsRequest>;

// ---------------------------------------------------------------- mandates (经办人授权)

export const MANDATE_APPROVERS = ["legal_rep", "administrator"] as const;
export type TMandateApprover = (typeof MANDATE_APPROVERS)[number];

export const MANDATE_STATUSES = ["pending", "active", "rejected", "revoked", "withdrawn"] as const;
export type TMandateStatus = (typeof MANDATE_STATUSES)[number];
export const MANDATE_STATUS_LABELS: Record<TMandateStatus, string> = {
  pending: "待审核",
  active: "已生效",
  rejected: "未通过",
  revoked: "已撤销",
  withdrawn: "已撤回",
};

/** Authorization letters: images or PDF, checked by content on the server. */
export const MANDATE_LETTER_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export const MANDATE_LETTER_MAX_BYTES = 2 * 1024 * 1024;

export const ZMandateLetterUpload = z.object({
  fileName: z.string().trim().min(1).max(100),
  contentType: z.enum(MANDATE_LETTER_TYPES, { error: "授权书须为 PDF、JPG 或 PNG 文件" }),
  /** The file, base64; at most 2 MB once decoded. */
  dataBase64: z
    .string()
    .max(Math.ceil((MANDATE_LETTER_MAX_BYTES * 4) / 3) + 4, "授权书文件不能超过 2MB")
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, "文件内容不是有效的 base64"),
});
export type TMandateLetterUpload = z.infer<typeof ZMandateLetterUpload>;

/**
 * A verified citizen asks to act for an enterprise. approver "legal_rep": the registered
 * legal representative approves in their own app; "administrator": an administrator of the
 * enterprise's prefecture approves after reading the uploaded letter (the only way for an
 * enterprise with no legal representative on file).
 */
export const ZMandateRequest = z
  .object({
    uscc: ZUscc,
    enterpriseName: ZCleanText(2, 100, { min: "企业名称至少2个字" }),
    /** For enterprises the platform does not know yet: where it is registered. */
    prefectureCode: ZPrefectureCode.optional(),
    approver: z.enum(MANDATE_APPROVERS),
    letter: ZMandateLetterUpload.optional(),
    note: ZCleanText(0, 200, { multiline: true }).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.approver === "administrator" && !r.letter) {
      ctx.addIssue({ code: "custom", path: ["letter"], message: "由管理员审核时须上传加盖公章的授权书" });
    }
  });
export type TMandateRequest = z.input<typeof ZMandateRequest>;

export const ZMandateDecisionRequest = z.object({
  decision: z.enum(["approve", "reject"]),
  /** Required for administrators (they record why), optional for the legal representative. */
  reason: ZCleanText(0, 200, { multiline: true }).optional(),
});
export type TMandateDecisionRequest = z.infer<typeof ZMandateDecisionRequest>;

export const ZMandateRevokeRequest = z.object({ reason: ZCleanText(0, 200, { multiline: true }).optional() });
export type TMandateRevokeRequest = z.infer<typeof ZMandateRevokeRequest>;

export const ZMandate = z
  .object({
    id: ZObjectId,
    status: z.enum(MANDATE_STATUSES),
    approver: z.enum(MANDATE_APPROVERS),
    enterprise: z.object({ subjectId: ZObjectId, name: z.string(), uscc: z.string(), prefectureCode: ZPrefectureCode }),
    /** The verified person asking to act for the enterprise (masked). */
    agent: z.object({ userId: ZObjectId, name: z.string(), idMasked: z.string(), phoneMasked: z.string().optional() }),
    note: z.string().optional(),
    hasLetter: z.boolean(),
    requestedAt: ZTimestamp,
    decidedAt: ZTimestamp.optional(),
    decidedBy: z.enum(["legal_rep", "administrator", "agent"]).optional(),
    reason: z.string().optional(),
  })
  .meta({ id: "Mandate" });
export type TMandate = z.infer<typeof ZMandate>;

export const ZMandateList = z.object({ items: z.array(ZMandate) });
export type TMandateList = z.infer<typeof ZMandateList>;

export const ZMandateQueueQuery = z.object({
  status: z.enum(MANDATE_STATUSES).optional(),
  page: ZQueryInt(1, 1000).default(1),
});

export const ZMandatePage = z.object({ items: z.array(ZMandate), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type TMandatePage = z.infer<typeof ZMandatePage>;
