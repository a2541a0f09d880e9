import { z } from "zod";
import { PENALTY_SEVERITIES, RECORD_KINDS, SUBJECT_KINDS, type TRecordKind } from "../credit/records";
import { ZAttachment, ZAttachmentUpload, ZAttachmentUploads } from "./attachments";
import { ZCleanText, ZObjectId, ZPrefectureCode, ZQueryInt, ZTimestamp } from "./common";
import { ZCreditRecord } from "./credit";

/**
 * 异议: a subject disputes one of their records. The record is frozen at once (it stops
 * counting until decided); the prefecture's administrator accepts, may forward it to the
 * source department, and decides: corrected (withdrawn or amended) or upheld. A repeat of an
 * upheld objection with nothing new may be declined. Deadlines are working days from the
 * credit-rights settings. Facts: ../shared/domain/LOANS-AND-CREDIT-RIGHTS.md.
 */

// ------------------------------------------------------------------ vocabularies

export const OBJECTION_GROUNDS = ["wrong", "incomplete", "duplicate", "should_not_publish", "beyond_period", "differs_from_decision"] as const;
export type TObjectionGround = (typeof OBJECTION_GROUNDS)[number];
export const OBJECTION_GROUND_LABELS: Record<TObjectionGround, string> = {
  wrong: "记录内容有误",
  incomplete: "记录内容不完整",
  duplicate: "记录重复",
  should_not_publish: "不应公示",
  beyond_period: "超过公示期限仍在公示",
  differs_from_decision: "与部门原始决定不一致",
};

export const OBJECTION_STATUSES = ["submitted", "accepted", "forwarded", "answered", "corrected", "upheld", "declined"] as const;
export type TObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const OBJECTION_STATUS_LABELS: Record<TObjectionStatus, string> = {
  submitted: "已提交，待受理",
  accepted: "已受理，核查中",
  forwarded: "已转来源部门核查",
  answered: "来源部门已答复",
  corrected: "异议成立，已更正",
  upheld: "异议不成立，维持原记录",
  declined: "不予受理",
};
export const OPEN_OBJECTION_STATUSES = ["submitted", "accepted", "forwarded", "answered"] as const satisfies readonly TObjectionStatus[];

export const OBJECTION_ACTIONS = ["accept", "forward", "answer", "correct", "uphold", "decline"] as const;
export type TObjectionAction = (typeof OBJECTION_ACTIONS)[number];
export const OBJECTION_ACTION_LABELS: Record<TObjectionAction, string> = {
  accept: "受理",
  forward: "转来源部门核查",
  answer: "录入部门答复",
  correct: "异议成立，更正记录",
  uphold: "异议不成立，维持记录",
  decline: "不予受理（重复异议）",
};

/**
 * submitted → accepted → (forwarded → answered) → corrected | upheld; or declined. The decision
 * follows the administrator's own check (accepted) or the department's answer (answered).
 * Decline is only for a repeat of an upheld objection with no new ground and no new file.
 */
export const OBJECTION_TRANSITIONS: Record<TObjectionAction, { from: readonly TObjectionStatus[]; to: TObjectionStatus }> = {
  accept: { from: ["submitted"], to: "accepted" },
  forward: { from: ["accepted"], to: "forwarded" },
  answer: { from: ["forwarded"], to: "answered" },
  correct: { from: ["accepted", "answered"], to: "corrected" },
  uphold: { from: ["accepted", "answered"], to: "upheld" },
  decline: { from: ["submitted", "accepted"], to: "declined" },
};

/** Records that count against their subject, the only ones an objection is for. */
export function isAdverseRecord(r: { kind: TRecordKind | string; taxGrade?: string | null | undefined }): boolean {
  if (r.kind === "penalty" || r.kind === "black_list" || r.kind === "broken_commitment") return true;
  return r.kind === "tax_grade" && (r.taxGrade === "C" || r.taxGrade === "D");
}
export const ADVERSE_RECORDS_LABEL = "行政处罚、失信黑名单、违背信用承诺、纳税信用C级或D级";

/** Which deadline an open case is running against. */
export const OBJECTION_DUE_KINDS = ["accept", "decide", "answer"] as const;
export type TObjectionDueKind = (typeof OBJECTION_DUE_KINDS)[number];
export const OBJECTION_DUE_LABELS: Record<TObjectionDueKind, string> = { accept: "受理期限", decide: "办结期限", answer: "部门答复期限" };

// ------------------------------------------------------------------ settings (shared with 信用修复)

/** Working days for each step of an objection; the defaults follow 上海市社会信用条例 arts. 36–38. */
export const ZObjectionDeadlines = z.object({
  /** Accept (and mark) a submission; the record is frozen at once, at submission. */
  acceptDays: z.number().int().min(1, "至少1个工作日").max(10, "最多10个工作日"),
  /** Decide after acceptance, or after the department's answer. */
  decideDays: z.number().int().min(1, "至少1个工作日").max(30, "最多30个工作日"),
  /** Forward to the source department, if at all, within this many days of acceptance. */
  forwardDays: z.number().int().min(1, "至少1个工作日").max(10, "最多10个工作日"),
  /** The department answers within this many days of being asked. */
  answerDays: z.number().int().min(1, "至少1个工作日").max(30, "最多30个工作日"),
});
export type TObjectionDeadlines = z.infer<typeof ZObjectionDeadlines>;

export const ZRepairLimits = z.object({
  /** Working days the prefecture's administrator has to decide a repair application. */
  reviewDays: z.number().int().min(1, "至少1个工作日").max(60, "最多60个工作日"),
  /** No repair within this many months of the subject's last granted repair (0: no limit). */
  minMonthsBetween: z.number().int().min(0, "不能小于0").max(60, "最多60个月"),
  /** At most this many granted repairs in any five years. */
  maxIn5Years: z.number().int().min(1, "至少1次").max(20, "最多20次"),
});
export type TRepairLimits = z.infer<typeof ZRepairLimits>;

export const DEFAULT_CREDIT_RIGHTS_SETTINGS = {
  objection: { acceptDays: 1, decideDays: 5, forwardDays: 2, answerDays: 5 },
  repair: { reviewDays: 10, minMonthsBetween: 12, maxIn5Years: 2 },
} as const satisfies { objection: TObjectionDeadlines; repair: TRepairLimits };

export const ZCreditRightsSettings = z
  .object({
    /** 0 while the defaults apply (nobody has saved settings yet). */
    version: z.number().int().min(0),
    objection: ZObjectionDeadlines,
    repair: ZRepairLimits,
    updatedAt: ZTimestamp.optional(),
    updatedBy: z.string().optional(),
  })
  .meta({ id: "CreditRightsSettings" });
export type TCreditRightsSettings = z.infer<typeof ZCreditRightsSettings>;

export const ZCreditRightsSettingsUpdate = z.object({
  /** The version the editor saw; a stale one is refused with 409 so no edit is lost. */
  expectedVersion: z.number().int().min(0),
  objection: ZObjectionDeadlines,
  repair: ZRepairLimits,
});
export type TCreditRightsSettingsUpdate = z.infer<typeof ZCreditRightsSettingsUpdate>;

// ------------------------------------------------------------------ requests

export const ZObjectionRequest = z.object({
  recordId: ZObjectId,
  ground: z.enum(OBJECTION_GROUNDS, { error: "请选择异议理由" }),
  explanation: ZCleanText(10, 1000, { min: "请说明异议的具体情况，至少10个字", max: "说明最多1000字", multiline: true }),
  attachments: ZAttachmentUploads.default([]),
});
export type TObjectionRequest = z.input<typeof ZObjectionRequest>;

/** Fields a correction may change; the record returns to "active" with them. */
export const ZObjectionAmendment = z
  .object({
    title: ZCleanText(2, 200, { min: "事由至少2个字", max: "事由最多200字" }).optional(),
    severity: z.enum(PENALTY_SEVERITIES, { error: "处罚严重程度应为 minor 或 serious" }).optional(),
    decidedAt: z.iso.date({ error: "应为日期，如 2026-11-27" }).optional(),
    publishedAt: z.iso.date({ error: "应为日期，如 2026-11-27" }).optional(),
    validUntil: z.iso.date({ error: "应为日期，如 2026-11-27" }).optional(),
  })
  .refine((a) => Object.values(a).some((v) => v !== undefined), { message: "请至少更正一项内容" });
export type TObjectionAmendment = z.infer<typeof ZObjectionAmendment>;

export const ZObjectionTransitionRequest = z.object({
  action: z.enum(OBJECTION_ACTIONS, { error: "不是有效的操作" }),
  /** The case version the administrator saw; a stale one (or a concurrent decision) is refused with 409. */
  expectedVersion: z.number().int().min(1),
  /** Required to decide (correct, uphold, decline): the subject reads it. */
  reason: ZCleanText(2, 500, { min: "请说明理由", max: "理由最多500字", multiline: true }).optional(),
  /** forward: the source department asked to check the record. */
  department: ZCleanText(2, 60, { min: "请填写来源部门", max: "部门名称最多60字" }).optional(),
  /** answer: the department's answer, typed… */
  answerText: ZCleanText(2, 2000, { min: "请填写部门答复", max: "答复最多2000字", multiline: true }).optional(),
  /** …or its letter, uploaded (PDF, JPG or PNG). */
  answerAttachment: ZAttachmentUpload.optional(),
  /** correct: the record's corrected fields; without it the record is withdrawn (撤销). */
  amend: ZObjectionAmendment.optional(),
});
export type TObjectionTransitionRequest = z.input<typeof ZObjectionTransitionRequest>;

export const ZObjectionQueueQuery = z.object({
  status: z.enum(OBJECTION_STATUSES).optional(),
  overdue: z.enum(["true", "false"]).optional(),
  /** Platform administrators may narrow the queue to one prefecture. */
  prefectureCode: ZPrefectureCode.optional(),
  page: ZQueryInt(1, 1000).default(1),
});
export const ZMyObjectionsQuery = z.object({ page: ZQueryInt(1, 1000).default(1) });

// ------------------------------------------------------------------ responses

/** Timestamps carry the Beijing offset (2026-12-01T09:30:00+08:00); `dueDate` is the last working day, Beijing. */
const ZDue = z.object({
  dueAt: ZTimestamp,
  dueDate: z.string(),
  dueKind: z.enum(OBJECTION_DUE_KINDS),
  dueLabel: z.string(),
  overdue: z.boolean(),
});

/** The disputed record as it is now (frozen while the case is open), with its labels. */
export const ZObjectionRecord = ZCreditRecord.extend({ kindLabel: z.string(), statusLabel: z.string() });

export const ZObjectionStep = z.object({
  version: z.number().int(),
  action: z.enum(["submit", ...OBJECTION_ACTIONS]),
  status: z.enum(OBJECTION_STATUSES),
  /** What happened, in words: "已受理", "已转 大理州市场监督管理局 核查"… */
  label: z.string(),
  /** Who acted, as the viewer may see it (the subject sees the office, the console the person too). */
  actorLabel: z.string(),
  reason: z.string().optional(),
  at: ZTimestamp,
});
export type TObjectionStep = z.infer<typeof ZObjectionStep>;

export const ZObjectionDecision = z.object({
  outcome: z.enum(["corrected", "upheld", "declined"]),
  /** corrected: withdrawn (撤销) or amended (更正后恢复). */
  correction: z.enum(["withdrawn", "amended"]).optional(),
  amended: ZObjectionAmendment.optional(),
  reason: z.string(),
  at: ZTimestamp,
});

const caseCommon = {
  id: ZObjectId,
  status: z.enum(OBJECTION_STATUSES),
  statusLabel: z.string(),
  version: z.number().int(),
  ground: z.enum(OBJECTION_GROUNDS),
  groundLabel: z.string(),
  explanation: z.string(),
  prefectureCode: ZPrefectureCode,
  prefectureName: z.string(),
  record: ZObjectionRecord,
  attachments: z.array(ZAttachment),
  submittedAt: ZTimestamp,
  /** Open cases: the step's deadline. */
  due: ZDue.optional(),
  department: z.string().optional(),
  decision: ZObjectionDecision.optional(),
  steps: z.array(ZObjectionStep),
};

/** What the subject sees of their case. */
export const ZMyObjection = z.object(caseCommon).meta({ id: "MyObjection" });
export type TMyObjection = z.infer<typeof ZMyObjection>;
export const ZMyObjectionPage = z.object({ items: z.array(ZMyObjection), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** The console's case page: the subject masked, the department's answer, the actions open now. */
export const ZObjectionCase = z
  .object({
    ...caseCommon,
    subject: z.object({ id: ZObjectId, kind: z.enum(SUBJECT_KINDS), name: z.string(), idMasked: z.string().optional(), uscc: z.string().optional() }),
    answer: z.object({ text: z.string().optional(), attachment: ZAttachment.optional(), at: ZTimestamp }).optional(),
    /** A repeat of an upheld objection on the same record, same ground, no new file: it may be declined. */
    repeatOf: z.object({ id: ZObjectId, decidedAt: ZTimestamp }).optional(),
    forwardDueAt: ZTimestamp.optional(),
    actions: z.array(z.enum(OBJECTION_ACTIONS)),
  })
  .meta({ id: "ObjectionCase" });
export type TObjectionCase = z.infer<typeof ZObjectionCase>;

export const ZObjectionQueueRow = z
  .object({
    id: ZObjectId,
    status: z.enum(OBJECTION_STATUSES),
    statusLabel: z.string(),
    version: z.number().int(),
    ground: z.enum(OBJECTION_GROUNDS),
    groundLabel: z.string(),
    record: z.object({ id: ZObjectId, kind: z.enum(RECORD_KINDS), kindLabel: z.string(), title: z.string() }),
    subject: z.object({ kind: z.enum(SUBJECT_KINDS), name: z.string() }),
    prefectureCode: ZPrefectureCode,
    prefectureName: z.string(),
    submittedAt: ZTimestamp,
    due: ZDue.optional(),
    repeat: z.boolean(),
  })
  .meta({ id: "ObjectionQueueRow" });
export type TObjectionQueueRow = z.infer<typeof ZObjectionQueueRow>;
export const ZObjectionQueue = z.object({ items: z.array(ZObjectionQueueRow), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
