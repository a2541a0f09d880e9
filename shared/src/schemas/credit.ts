import { z } from "zod";
import { checkCitizenId, checkRegisteredUscc, checkUscc } from "../identifiers";
import { PARTNER_KINDS } from "../roles";
import { ZScoringModelParams } from "../credit/model";
import { ZCreditScale } from "../credit/scales";
import { PENALTY_SEVERITIES, RECORD_KINDS, RECORD_STATUSES, SUBJECT_KINDS, TAX_GRADES } from "../credit/records";
import { ZCleanText, ZObjectId, ZPrefectureCode, ZQueryInt } from "./common";
import { CONSENT_PURPOSES, ZConsentPurpose } from "./privacy";

// ---------------------------------------------------------------- identifiers

export const ZCitizenIdNumber = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((value, ctx) => {
    const result = checkCitizenId(value);
    if (!result.ok) ctx.addIssue({ code: "custom", message: result.reason });
  });

export const ZUscc = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((value, ctx) => {
    const result = checkUscc(value);
    if (!result.ok) ctx.addIssue({ code: "custom", message: result.reason });
  });

/** A USCC that may fail its checksum (pilot-era codes): only the charset and length are enforced. */
export const ZUsccLoose = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, "统一社会信用代码应为18位，且不含 I、O、S、V、Z");

/** A USCC as registration data brings it: valid, or a pilot-era code (flagged for review when stored). */
export const ZRegisteredUscc = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((value, ctx) => {
    const result = checkRegisteredUscc(value);
    if (!result.ok) ctx.addIssue({ code: "custom", message: result.reason });
  });

export const ZPersonName = z
  .string()
  .trim()
  .min(2, "姓名至少2个字")
  .max(30, "姓名最多30个字")
  .regex(/^[\u4e00-\u9fa5·•A-Za-z .]+$/, "姓名只能包含汉字、字母、间隔号");

export const ZDate = z.iso.date({ error: "应为日期，如 2026-11-27" });

// ---------------------------------------------------------------- subjects

export const ZSubject = z
  .object({
    id: ZObjectId,
    kind: z.enum(SUBJECT_KINDS),
    name: z.string(),
    /** Citizens: 1101**********119X. Never the full number. */
    idMasked: z.string().optional(),
    uscc: z.string().optional(),
    /** A pilot-era code that fails the checksum, accepted by an administrator. */
    usccReview: z.object({ reason: z.string(), acceptedAt: z.string() }).optional(),
    legalRepName: z.string().optional(),
    prefectureCode: ZPrefectureCode,
    prefectureName: z.string(),
    score: z.number().int().optional(),
    grade: z.string().optional(),
    gradeLabel: z.string().optional(),
    blacklisted: z.boolean(),
    modelVersion: z.number().int().optional(),
    createdAt: z.string(),
  })
  .meta({ id: "Subject" });
export type TSubject = z.infer<typeof ZSubject>;

export const ZSubjectSearchQuery = z.object({
  /** Name, masked ID (1101**********119X), full ID number or USCC. */
  q: z.string().trim().max(60).optional(),
  kind: z.enum(SUBJECT_KINDS).optional(),
  prefectureCode: ZPrefectureCode.optional(),
  page: z.number().int().min(1).max(1000).default(1),
});
export const ZSubjectPage = z.object({ items: z.array(ZSubject), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type TSubjectPage = z.infer<typeof ZSubjectPage>;

/** An administrator accepts a pilot-era USCC that fails its checksum. */
export const ZUsccReviewRequest = z.object({ reason: ZCleanText(2, 500, { min: "请说明确认理由", multiline: true }) });
export type TUsccReviewRequest = z.infer<typeof ZUsccReviewRequest>;

// ---------------------------------------------------------------- records

const recordDetails = {
  kind: z.enum(RECORD_KINDS, { error: "不是有效的信用记录类型" }),
  /** Penalties only. */
  severity: z.enum(PENALTY_SEVERITIES, { error: "处罚严重程度应为 minor 或 serious" }).optional(),
  /** Tax credit grade records only. */
  taxGrade: z.enum(TAX_GRADES, { error: "纳税信用等级应为 A、B、M、C 或 D" }).optional(),
  title: ZCleanText(2, 200, { min: "事由至少2个字", max: "事由最多200字" }),
  sourceDept: ZCleanText(2, 60, { min: "请填写来源部门" }),
  /** Document number (文书号); with the source department, the natural key of a record. */
  docNo: ZCleanText(1, 80, { min: "请填写文书号" }),
  decidedAt: ZDate,
  /** When the record was published (双公示); more than 7 working days after the decision is late. */
  publishedAt: ZDate.optional(),
  /** End of the publication period. */
  validUntil: ZDate.optional(),
};

function checkRecordShape(r: { kind: string; severity?: string | undefined; taxGrade?: string | undefined; decidedAt: string; validUntil?: string | undefined; publishedAt?: string | undefined }, ctx: z.RefinementCtx) {
  if (r.kind === "penalty" && !r.severity) ctx.addIssue({ code: "custom", path: ["severity"], message: "行政处罚须注明严重程度" });
  if (r.kind === "tax_grade" && !r.taxGrade) ctx.addIssue({ code: "custom", path: ["taxGrade"], message: "纳税信用记录须注明等级" });
  if (r.validUntil && r.validUntil <= r.decidedAt) ctx.addIssue({ code: "custom", path: ["validUntil"], message: "公示截止日期须晚于决定日期" });
  if (r.publishedAt && r.publishedAt < r.decidedAt) ctx.addIssue({ code: "custom", path: ["publishedAt"], message: "公示日期不能早于决定日期" });
}

export const ZRecordSubjectRef = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("citizen"), idNumber: ZCitizenIdNumber, name: ZPersonName }),
  z
    .object({
      kind: z.literal("enterprise"),
      uscc: ZRegisteredUscc,
      name: ZCleanText(2, 100, { min: "企业名称至少2个字" }),
      /** The registered legal representative (登记的法定代表人), stored like every ID number. */
      legalRepName: ZPersonName.optional(),
      legalRepIdNumber: ZCitizenIdNumber.optional(),
    })
    .superRefine((r, ctx) => {
      if (!r.legalRepName !== !r.legalRepIdNumber) {
        ctx.addIssue({ code: "custom", path: [r.legalRepName ? "legalRepIdNumber" : "legalRepName"], message: "法定代表人姓名与身份证号码须一并填写" });
      }
    }),
]);

export const ZCreditRecordCreateRequest = z
  .object({ subject: ZRecordSubjectRef, prefectureCode: ZPrefectureCode, ...recordDetails })
  .superRefine(checkRecordShape);
export type TCreditRecordCreateRequest = z.input<typeof ZCreditRecordCreateRequest>;

/** One row of a batch import file (CSV columns or JSON keys, flat). */
export const ZCreditRecordImportRow = z
  .object({
    subjectKind: z.enum(SUBJECT_KINDS, { error: "主体类型应为 citizen 或 enterprise" }),
    idNumber: z.string().trim().optional(),
    uscc: z.string().trim().optional(),
    name: ZCleanText(2, 100, { min: "请填写主体名称" }),
    prefectureCode: ZPrefectureCode,
    ...recordDetails,
    severity: z.preprocess((v) => (v === "" ? undefined : v), recordDetails.severity),
    taxGrade: z.preprocess((v) => (v === "" ? undefined : v), recordDetails.taxGrade),
    publishedAt: z.preprocess((v) => (v === "" ? undefined : v), recordDetails.publishedAt),
    validUntil: z.preprocess((v) => (v === "" ? undefined : v), recordDetails.validUntil),
    legalRepName: z.preprocess((v) => (v === "" ? undefined : v), ZPersonName.optional()),
    legalRepIdNumber: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().toUpperCase().optional()),
  })
  .superRefine((r, ctx) => {
    if (r.subjectKind === "citizen") {
      const check = checkCitizenId(r.idNumber ?? "");
      if (!check.ok) ctx.addIssue({ code: "custom", path: ["idNumber"], message: check.reason });
    } else {
      const check = checkRegisteredUscc(r.uscc ?? "");
      if (!check.ok) ctx.addIssue({ code: "custom", path: ["uscc"], message: check.reason });
      if (!r.legalRepName !== !r.legalRepIdNumber) {
        ctx.addIssue({ code: "custom", path: [r.legalRepName ? "legalRepIdNumber" : "legalRepName"], message: "法定代表人姓名与身份证号码须一并填写" });
      } else if (r.legalRepIdNumber) {
        const rep = checkCitizenId(r.legalRepIdNumber);
        if (!rep.ok) ctx.addIssue({ code: "custom", path: ["legalRepIdNumber"], message: rep.reason });
      }
    }
    checkRecordShape(r, ctx);
  });
export type TCreditRecordImportRow = z.output<typeof ZCreditRecordImportRow>;
export const IMPORT_COLUMNS = ["subjectKind", "idNumber", "uscc", "name", "prefectureCode", "kind", "severity", "taxGrade", "title", "sourceDept", "docNo", "decidedAt", "publishedAt", "validUntil", "legalRepName", "legalRepIdNumber"] as const;

export const ZCreditRecord = z
  .object({
    id: ZObjectId,
    subjectId: ZObjectId,
    kind: z.enum(RECORD_KINDS),
    severity: z.enum(PENALTY_SEVERITIES).optional(),
    taxGrade: z.enum(TAX_GRADES).optional(),
    title: z.string(),
    sourceDept: z.string(),
    docNo: z.string(),
    decidedAt: z.string(),
    publishedAt: z.string().optional(),
    validUntil: z.string().optional(),
    status: z.enum(RECORD_STATUSES),
    /** 双公示 published more than 7 working days after the decision. */
    late: z.boolean(),
    prefectureCode: ZPrefectureCode,
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: "CreditRecord" });
export type TCreditRecord = z.infer<typeof ZCreditRecord>;
export const ZCreditRecordList = z.object({ items: z.array(ZCreditRecord) });

export const ZRecordStatusChangeRequest = z.object({
  status: z.enum(RECORD_STATUSES, { error: "不是有效的记录状态" }),
  reason: ZCleanText(2, 500, { min: "请说明变更原因", multiline: true }),
  /** The version the caller saw; a stale one is refused with 409 so no change is lost. */
  expectedVersion: z.number().int().min(1),
});
export type TRecordStatusChangeRequest = z.infer<typeof ZRecordStatusChangeRequest>;

export const ZRecordEvent = z.object({
  version: z.number().int(),
  status: z.enum(RECORD_STATUSES),
  reason: z.string(),
  actorName: z.string(),
  at: z.string(),
});
export type TRecordEvent = z.infer<typeof ZRecordEvent>;
export const ZRecordHistory = z.object({ items: z.array(ZRecordEvent) });

// ---------------------------------------------------------------- imports

export const IMPORT_STATUSES = ["running", "completed", "failed"] as const;
export const ZImportJob = z
  .object({
    id: ZObjectId,
    fileName: z.string(),
    format: z.enum(["csv", "json"]),
    status: z.enum(IMPORT_STATUSES),
    totalRows: z.number().int(),
    processedRows: z.number().int(),
    acceptedRows: z.number().int(),
    unchangedRows: z.number().int(),
    rejectedRows: z.number().int(),
    lateRows: z.number().int(),
    createdAt: z.string(),
    finishedAt: z.string().optional(),
    error: z.string().optional(),
  })
  .meta({ id: "ImportJob" });
export type TImportJob = z.infer<typeof ZImportJob>;
export const ZImportJobList = z.object({ items: z.array(ZImportJob) });
export const ZImportQuery = z.object({ fileName: z.string().trim().min(1).max(200).regex(/\.(csv|json)$/i, "文件须为 .csv 或 .json") });

// ---------------------------------------------------------------- scoring models and evaluations

export const ZScoringModel = z
  .object({
    version: z.number().int(),
    status: z.enum(["draft", "published"]),
    note: z.string(),
    params: ZScoringModelParams,
    createdAt: z.string(),
    publishedAt: z.string().optional(),
  })
  .meta({ id: "ScoringModel" });
export type TScoringModel = z.infer<typeof ZScoringModel>;
export const ZScoringModelList = z.object({ items: z.array(ZScoringModel) });
export const ZScoringModelDraftRequest = z.object({ note: ZCleanText(0, 200).default(""), params: ZScoringModelParams });
export const ZVersionParams = z.object({ version: ZQueryInt(1, 1_000_000) });

export const ZGradeDistribution = z.object({ grade: z.string(), label: z.string(), current: z.number().int(), draft: z.number().int() });
export const ZScoringPreview = z.object({
  subjects: z.number().int(),
  changed: z.number().int(),
  citizen: z.array(ZGradeDistribution),
  enterprise: z.array(ZGradeDistribution),
  /** The draft's scales: the grades above are on them. */
  scales: z.object({ citizen: ZCreditScale, enterprise: ZCreditScale }),
});
export type TScoringPreview = z.infer<typeof ZScoringPreview>;

export const ZFactor = z.object({
  recordId: z.string(),
  kind: z.enum(RECORD_KINDS),
  title: z.string(),
  /** Whole points; with the base they add up to the score unless the score was held at the scale's bounds. */
  contribution: z.number().int(),
  counts: z.boolean(),
  note: z.string().optional(),
  stopsCountingOn: z.string().optional(),
});
export const ZImprovement = z.object({
  recordId: z.string(),
  title: z.string(),
  scoreAfter: z.number(),
  gain: z.number(),
  via: z.enum(["expiry", "repair"]),
  date: z.string().optional(),
});
export const ZEvaluation = z
  .object({
    id: ZObjectId,
    subjectId: ZObjectId,
    subjectKind: z.enum(SUBJECT_KINDS),
    modelVersion: z.number().int(),
    score: z.number().int(),
    grade: z.string(),
    gradeLabel: z.string(),
    blacklisted: z.boolean(),
    base: z.number(),
    /** The scale the score is on: citizens and enterprises are scored on different ones. */
    scale: ZCreditScale,
    factors: z.array(ZFactor),
    nextBand: z.object({ grade: z.string(), label: z.string(), min: z.number(), gap: z.number() }).optional(),
    improvements: z.array(ZImprovement),
    evaluatedAt: z.string(),
  })
  .meta({ id: "Evaluation" });
export type TEvaluation = z.infer<typeof ZEvaluation>;
export const ZEvaluationList = z.object({ items: z.array(ZEvaluation) });

/** 我的信用 and the administrator's subject detail. */
export const ZCreditProfile = z
  .object({ subject: ZSubject, evaluation: ZEvaluation.optional(), records: z.array(ZCreditRecord) })
  .meta({ id: "CreditProfile" });
export type TCreditProfile = z.infer<typeof ZCreditProfile>;

// ---------------------------------------------------------------- partners, consent, reports

export const ZPartner = z.object({ id: ZObjectId, name: z.string(), kind: z.enum(PARTNER_KINDS) });
export type TPartner = z.infer<typeof ZPartner>;
export const ZPartnerList = z.object({ items: z.array(ZPartner) });

export const ZConsentGrantRequest = z.object({
  partnerId: ZObjectId,
  purpose: ZConsentPurpose,
  validUntil: ZDate,
});
export type TConsentGrantRequest = z.input<typeof ZConsentGrantRequest>;

export const ZConsentGrant = z
  .object({
    id: ZObjectId,
    partnerId: ZObjectId,
    partnerName: z.string(),
    purpose: z.enum(CONSENT_PURPOSES),
    purposeLabel: z.string(),
    grantedAt: z.string(),
    validUntil: z.string(),
    revokedAt: z.string().optional(),
    status: z.enum(["active", "expired", "revoked"]),
  })
  .meta({ id: "ConsentGrant" });
export type TConsentGrant = z.infer<typeof ZConsentGrant>;
export const ZConsentGrantList = z.object({ items: z.array(ZConsentGrant) });

export const ZReportAccess = z.object({
  id: ZObjectId,
  partnerName: z.string(),
  purpose: z.enum(CONSENT_PURPOSES),
  purposeLabel: z.string(),
  at: z.string(),
  granted: z.boolean(),
});
export type TReportAccess = z.infer<typeof ZReportAccess>;
export const ZReportAccessList = z.object({ items: z.array(ZReportAccess) });

export const ZReportLookupRequest = z.object({
  subject: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("citizen"), idNumber: ZCitizenIdNumber }),
    z.object({ kind: z.literal("enterprise"), uscc: ZUsccLoose }),
  ]),
  purpose: ZConsentPurpose,
});
export type TReportLookupRequest = z.input<typeof ZReportLookupRequest>;

/** What a partner sees under a valid grant. */
export const ZCreditReport = z
  .object({
    subject: z.object({ kind: z.enum(SUBJECT_KINDS), name: z.string(), idMasked: z.string().optional(), uscc: z.string().optional(), prefectureName: z.string() }),
    score: z.number().int().optional(),
    grade: z.string().optional(),
    gradeLabel: z.string().optional(),
    blacklisted: z.boolean(),
    modelVersion: z.number().int().optional(),
    evaluatedAt: z.string().optional(),
    records: z.array(ZCreditRecord.pick({ kind: true, severity: true, taxGrade: true, title: true, sourceDept: true, decidedAt: true, validUntil: true, status: true })),
    grant: z.object({ purpose: z.enum(CONSENT_PURPOSES), purposeLabel: z.string(), validUntil: z.string() }),
  })
  .meta({ id: "CreditReport" });
export type TCreditReport = z.infer<typeof ZCreditReport>;

// ---------------------------------------------------------------- audit

export const ZAuditEntry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actorId: z.string().optional(),
    actorRole: z.string().optional(),
    action: z.string(),
    target: z.string(),
    details: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: "AuditEntry" });
export type TAuditEntry = z.infer<typeof ZAuditEntry>;
export const ZAuditQuery = z.object({
  action: z.string().trim().max(60).optional(),
  beforeSeq: ZQueryInt(1, Number.MAX_SAFE_INTEGER).optional(),
});
export const ZAuditPage = z.object({ items: z.array(ZAuditEntry), nextBeforeSeq: z.number().int().optional() });
export type TAuditPage = z.infer<typeof ZAuditPage>;
export const ZAuditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).optional(),
});
export type TAuditVerifyResult = z.infer<typeof ZAuditVerifyResult>;
