import { z } from "zod";
import { PENALTY_SEVERITIES, RECORD_KINDS, RECORD_STATUSES, SUBJECT_KINDS } from "../credit/records";
import { REPAIR_RULE_KINDS } from "../credit/repair-periods";
import { ZAttachment, ZAttachmentUpload, ATTACHMENTS_MAX_COUNT } from "./attachments";
import { ZCleanText, ZObjectId, ZPrefectureCode, ZQueryInt, ZTimestamp } from "./common";

/**
 * 信用修复 (credit repair): a subject asks for a negative record to end its publication and use once
 * its minimum period has passed, with proof that the obligations are met and a signed 信用承诺书; the
 * record's prefecture reviews it within the configured working days. A granted repair takes the record
 * out of the score everywhere, and every partner holding a consent from the subject is told.
 * Period rules: ../credit/repair-periods.ts. Facts: ../shared/domain/LOANS-AND-CREDIT-RIGHTS.md.
 */

// ------------------------------------------------------------------ period rules

export const ZRepairRule = z
  .object({
    kind: z.enum(REPAIR_RULE_KINDS, { error: "只有行政处罚、失信黑名单、违背信用承诺记录适用修复期限" }),
    severity: z.enum(PENALTY_SEVERITIES, { error: "处罚严重程度应为 minor 或 serious" }).optional(),
    minMonths: z.number({ error: "请填写最短公示期（月）" }).int("应为整数月").min(0, "不能小于0").max(120, "不能超过120个月"),
    maxMonths: z.number({ error: "请填写最长公示期（月）" }).int("应为整数月").min(1, "至少1个月").max(120, "不能超过120个月"),
    repairable: z.boolean({ error: "请选择是否可提前修复" }),
  })
  .superRefine((r, ctx) => {
    if (r.kind === "penalty" && !r.severity) ctx.addIssue({ code: "custom", path: ["severity"], message: "行政处罚须按严重程度分别设置" });
    if (r.kind !== "penalty" && r.severity) ctx.addIssue({ code: "custom", path: ["severity"], message: "只有行政处罚区分严重程度" });
    if (r.minMonths > r.maxMonths) ctx.addIssue({ code: "custom", path: ["minMonths"], message: "最短公示期不能长于最长公示期" });
  });
export type TRepairRuleInput = z.input<typeof ZRepairRule>;

export const ZRepairRulesUpdateRequest = z
  .object({
    /** The version the editor saw: a stale one is refused with 409 so no edit is lost. */
    expectedVersion: z.number().int().min(0),
    items: z.array(ZRepairRule).max(10, "最多10条规则"),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.items.forEach((rule, i) => {
      const key = `${rule.kind}:${rule.severity ?? ""}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["items", i, "kind"], message: "同一类记录（及严重程度）只能设置一条规则" });
      seen.add(key);
    });
  });
export type TRepairRulesUpdateRequest = z.input<typeof ZRepairRulesUpdateRequest>;

export const ZRepairRules = z
  .object({
    /** 0: the defaults, never edited. */
    version: z.number().int(),
    items: z.array(
      z.object({
        kind: z.enum(REPAIR_RULE_KINDS),
        severity: z.enum(PENALTY_SEVERITIES).optional(),
        /** "行政处罚（一般）", "失信黑名单"… */
        label: z.string(),
        minMonths: z.number().int(),
        maxMonths: z.number().int(),
        repairable: z.boolean(),
      }),
    ),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: "RepairRules" });
export type TRepairRules = z.infer<typeof ZRepairRules>;

// ------------------------------------------------------------------ the commitment (信用承诺书)

export const ZRepairCommitmentText = z
  .object({ version: z.string(), title: z.string(), text: z.string() })
  .meta({ id: "RepairCommitmentText" });
export type TRepairCommitmentText = z.infer<typeof ZRepairCommitmentText>;

// ------------------------------------------------------------------ applications

export const REPAIR_STATUSES = ["submitted", "granted", "rejected"] as const;
export type TRepairStatus = (typeof REPAIR_STATUSES)[number];
export const REPAIR_STATUS_LABELS: Record<TRepairStatus, string> = { submitted: "审核中", granted: "已修复", rejected: "未通过" };

export const REPAIR_ACTIONS = ["submit", "grant", "reject"] as const;
export type TRepairAction = (typeof REPAIR_ACTIONS)[number];
export const REPAIR_ACTION_LABELS: Record<TRepairAction, string> = { submit: "提交申请", grant: "准予修复", reject: "不予修复" };

export const ZRepairApplyRequest = z.object({
  recordId: ZObjectId,
  /** Proof that the obligations are met (fine paid, correction made): at least one file. */
  proofs: z.array(ZAttachmentUpload).min(1, "请上传履行义务的证明材料").max(ATTACHMENTS_MAX_COUNT, `最多上传${ATTACHMENTS_MAX_COUNT}个附件`),
  /** The 信用承诺书 as GET /repair-commitment-text served it: read and agreed. */
  commitment: z.object({
    accepted: z.literal(true, { error: "请阅读并同意信用承诺书" }),
    textVersion: z.string().trim().min(1, "请注明所同意的承诺书版本").max(40),
  }),
  /** A credit-repair training certificate, where the locality asks for one. */
  trainingCertificate: ZAttachmentUpload.optional(),
});
export type TRepairApplyRequest = z.input<typeof ZRepairApplyRequest>;

export const ZRepairTransitionRequest = z.object({
  action: z.enum(["grant", "reject"], { error: "操作应为 grant 或 reject" }),
  expectedVersion: z.number().int().min(1),
  /** Shown to the subject, whichever way it goes. */
  reason: ZCleanText(2, 500, { min: "请说明审核意见", multiline: true }),
});
export type TRepairTransitionRequest = z.input<typeof ZRepairTransitionRequest>;

export const ZRepairEvent = z.object({
  version: z.number().int(),
  action: z.enum(REPAIR_ACTIONS),
  actionLabel: z.string(),
  to: z.enum(REPAIR_STATUSES),
  /** "申请人", "大理州信用办"… */
  actorLabel: z.string(),
  reason: z.string().optional(),
  at: ZTimestamp,
});
export type TRepairEvent = z.infer<typeof ZRepairEvent>;

export const ZRepairRecordView = z.object({
  id: ZObjectId,
  kind: z.enum(RECORD_KINDS),
  kindLabel: z.string(),
  severity: z.enum(PENALTY_SEVERITIES).optional(),
  severityLabel: z.string().optional(),
  title: z.string(),
  sourceDept: z.string(),
  docNo: z.string(),
  decidedAt: z.string(),
  validUntil: z.string().optional(),
  status: z.enum(RECORD_STATUSES),
  statusLabel: z.string(),
  /** Under the rules in force now. */
  repairableFrom: z.string().optional(),
  stopsCountingOn: z.string().optional(),
});

export const ZRepair = z
  .object({
    id: ZObjectId,
    status: z.enum(REPAIR_STATUSES),
    statusLabel: z.string(),
    version: z.number().int(),
    record: ZRepairRecordView,
    /** Console: the name masked (citizens), with the masked ID number or the USCC. */
    subject: z.object({ id: ZObjectId, kind: z.enum(SUBJECT_KINDS), name: z.string(), idMasked: z.string().optional(), uscc: z.string().optional() }),
    prefectureCode: ZPrefectureCode,
    prefectureName: z.string(),
    commitment: z.object({ textVersion: z.string(), title: z.string(), text: z.string(), acceptedAt: ZTimestamp }),
    proofs: z.array(ZAttachment),
    trainingCertificate: ZAttachment.optional(),
    submittedAt: ZTimestamp,
    /** The end of the last working day of the review (Beijing midnight). */
    reviewDueAt: ZTimestamp,
    /** That last working day, a Beijing date. */
    reviewDueDate: z.string(),
    /** Undecided past the due time, or decided after it. */
    overdue: z.boolean(),
    decidedAt: ZTimestamp.optional(),
    decisionReason: z.string().optional(),
    timeline: z.array(ZRepairEvent),
  })
  .meta({ id: "Repair" });
export type TRepair = z.infer<typeof ZRepair>;

export const ZRepairPage = z.object({ items: z.array(ZRepair), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type TRepairPage = z.infer<typeof ZRepairPage>;

export const ZRepairQueueQuery = z.object({
  status: z.enum(REPAIR_STATUSES).optional(),
  overdue: z.enum(["true", "false"]).optional(),
  page: ZQueryInt(1, 1000).default(1),
});
export const ZMyRepairsQuery = z.object({ status: z.enum(REPAIR_STATUSES).optional(), page: ZQueryInt(1, 1000).default(1) });

// ------------------------------------------------------------------ a record's rights, as its subject sees them

export const ZRecordRights = z
  .object({
    recordId: ZObjectId,
    kind: z.enum(RECORD_KINDS),
    kindLabel: z.string(),
    severity: z.enum(PENALTY_SEVERITIES).optional(),
    title: z.string(),
    status: z.enum(RECORD_STATUSES),
    statusLabel: z.string(),
    decidedAt: z.string(),
    /** The period rule in force for this kind of record, when there is one. */
    rule: z.object({ minMonths: z.number().int(), maxMonths: z.number().int(), repairable: z.boolean() }).optional(),
    /** First day repair may be applied for (Beijing date); absent when the record is never repaired early. */
    repairableFrom: z.string().optional(),
    /** The day the record stops counting by itself (Beijing date). */
    stopsCountingOn: z.string().optional(),
    mayRepair: z.boolean(),
    /** Why not, in plain words, when mayRepair is false ("可于 2027-03-01 起申请修复"). */
    repairNote: z.string().optional(),
    mayObject: z.boolean(),
    objectNote: z.string().optional(),
    openObjection: z.object({ id: ZObjectId, status: z.string(), statusLabel: z.string() }).optional(),
    openRepair: z.object({ id: ZObjectId, status: z.enum(REPAIR_STATUSES), statusLabel: z.string(), reviewDueDate: z.string() }).optional(),
  })
  .meta({ id: "RecordRights" });
export type TRecordRights = z.infer<typeof ZRecordRights>;
export const ZRecordRightsList = z.object({ items: z.array(ZRecordRights) });

// ------------------------------------------------------------------ partners: "repaired once, effective everywhere"

export const PARTNER_CREDIT_EVENT_KINDS = ["record_repaired"] as const;
export type TPartnerCreditEventKind = (typeof PARTNER_CREDIT_EVENT_KINDS)[number];

export const ZPartnerCreditEvent = z
  .object({
    id: z.string(),
    kind: z.enum(PARTNER_CREDIT_EVENT_KINDS),
    /** Citizens by masked name and masked ID number; enterprises by name and USCC. */
    subject: z.object({ kind: z.enum(SUBJECT_KINDS), name: z.string(), idMasked: z.string().optional(), uscc: z.string().optional() }),
    record: z.object({ kind: z.enum(RECORD_KINDS), kindLabel: z.string(), title: z.string(), sourceDept: z.string(), decidedAt: z.string() }),
    /** What changed, in plain words: copies the partner keeps must follow it. */
    change: z.string(),
    /** When the repair was granted. */
    effectiveAt: ZTimestamp,
    /** When the event was written for this partner. */
    at: ZTimestamp,
  })
  .meta({ id: "PartnerCreditEvent" });
export type TPartnerCreditEvent = z.infer<typeof ZPartnerCreditEvent>;
export const ZPartnerCreditEventPage = z.object({ items: z.array(ZPartnerCreditEvent), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const ZPartnerCreditEventsQuery = z.object({ page: ZQueryInt(1, 1000).default(1) });
