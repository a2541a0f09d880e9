import { z } from "zod";
import { RECORD_KINDS, SUBJECT_KINDS } from "../credit/records";
import { ZCleanText, ZObjectId, ZPrefectureCode, ZQueryInt } from "./common";
import { ZCitizenIdNumber, ZDate, ZRegisteredUscc } from "./credit";

/**
 * 信易批: approvals on a commitment instead of proof (国办发〔2019〕35号, 〔2020〕42号). An approving
 * department — a prefecture's credit administrator or a partner of kind agency (政务服务) — opens a
 * case for a subject; the subject signs the commitment in the app; the department verifies it later
 * (告知承诺) or records the missing items supplied (容缺受理). A broken commitment, or 容缺 items not
 * supplied by the due date, ends the case with a negative record (违背信用承诺) that the score counts.
 * Facts: ../shared/domain/LOANS-AND-CREDIT-RIGHTS.md.
 */

// ------------------------------------------------------------------ vocabularies

export const COMMITMENT_TYPES = ["notify_commit", "tolerate_missing"] as const;
export type TCommitmentType = (typeof COMMITMENT_TYPES)[number];
export const COMMITMENT_TYPE_LABELS: Record<TCommitmentType, string> = { notify_commit: "告知承诺", tolerate_missing: "容缺受理" };

/**
 * pending_signature → signed → kept | broken; pending_signature | signed → terminated.
 * kept, broken and terminated are final.
 */
export const COMMITMENT_STATUSES = ["pending_signature", "signed", "kept", "broken", "terminated"] as const;
export type TCommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
export const OPEN_COMMITMENT_STATUSES = ["pending_signature", "signed"] as const satisfies readonly TCommitmentStatus[];

/** The label a person reads: a signed 告知承诺 waits for the department's check, a signed 容缺 for the missing items. */
export function commitmentStatusLabel(type: TCommitmentType, status: TCommitmentStatus): string {
  switch (status) {
    case "pending_signature":
      return "待签署承诺";
    case "signed":
      return type === "tolerate_missing" ? "待补齐材料" : "已承诺，待核查";
    case "kept":
      return type === "tolerate_missing" ? "材料已补齐，已办结" : "核查守诺，已办结";
    case "broken":
      return "违背承诺，已办结";
    case "terminated":
      return "已终止";
  }
}

/** How the department checked the commitment (国办发〔2020〕42号: 书面、网络、现场、公示). */
export const VERIFICATION_METHODS = ["written", "online", "site_visit", "public_notice"] as const;
export type TVerificationMethod = (typeof VERIFICATION_METHODS)[number];
export const VERIFICATION_METHOD_LABELS: Record<TVerificationMethod, string> = {
  written: "书面核查",
  online: "网络核查",
  site_visit: "现场核查",
  public_notice: "公示核查",
};

export const VERIFICATION_RESULTS = ["kept", "broken"] as const;
export type TVerificationResult = (typeof VERIFICATION_RESULTS)[number];
export const VERIFICATION_RESULT_LABELS: Record<TVerificationResult, string> = { kept: "守诺", broken: "违诺" };

/** What the department does to a case. */
export const COMMITMENT_ACTIONS = ["verify", "supply", "terminate"] as const;
export type TCommitmentAction = (typeof COMMITMENT_ACTIONS)[number];

/** Every step of a case's timeline: opened by the department, signed by the subject, the department's actions, and the deadline passing. */
export const COMMITMENT_EVENT_ACTIONS = ["open", "sign", ...COMMITMENT_ACTIONS, "lapse"] as const;
export type TCommitmentEventAction = (typeof COMMITMENT_EVENT_ACTIONS)[number];
export const COMMITMENT_EVENT_ACTION_LABELS: Record<TCommitmentEventAction, string> = {
  open: "受理并发起承诺",
  sign: "签署承诺",
  verify: "核查",
  supply: "补齐材料",
  terminate: "终止办理",
  lapse: "期限届满",
};

/** 容缺: the due date is at most this many calendar days from the day the case is opened. */
export const TOLERATE_MISSING_MAX_DAYS = 60;
/** Reminders go out this many days before a 容缺 due date. */
export const COMMITMENT_REMINDER_DAYS = 3;

// ------------------------------------------------------------------ requests

/** The subject as the department knows it from the application: a citizen's ID number or an enterprise's USCC. */
export const ZCommitmentSubjectRef = z.discriminatedUnion(
  "kind",
  [z.object({ kind: z.literal("citizen"), idNumber: ZCitizenIdNumber }), z.object({ kind: z.literal("enterprise"), uscc: ZRegisteredUscc })],
  { error: "请选择主体类型（citizen 或 enterprise）" },
);
export type TCommitmentSubjectRef = z.input<typeof ZCommitmentSubjectRef>;

const ZCommitmentTypeField = z.enum(COMMITMENT_TYPES, { error: "承诺类型应为 notify_commit（告知承诺）或 tolerate_missing（容缺受理）" });

/** 逢办必查 before opening a case: may this subject be offered this type? Nothing is written. */
export const ZCommitmentEligibilityRequest = z.object({ subject: ZCommitmentSubjectRef, type: ZCommitmentTypeField });
export type TCommitmentEligibilityRequest = z.input<typeof ZCommitmentEligibilityRequest>;

export const ZCommitmentCaseCreateRequest = z
  .object({
    subject: ZCommitmentSubjectRef,
    matter: ZCleanText(2, 100, { min: "请填写办理事项", max: "办理事项最多100字" }),
    type: ZCommitmentTypeField,
    /** The 信用承诺书 the subject reads and signs, kept verbatim. */
    commitmentText: ZCleanText(20, 5000, { min: "承诺书内容至少20字", max: "承诺书内容最多5000字", multiline: true }),
    /** 容缺 only: what is missing, each supplied later. */
    missingItems: z.array(z.object({ name: ZCleanText(1, 60, { min: "请填写材料名称", max: "材料名称最多60字" }) })).max(20, "容缺材料最多20项").optional(),
    /** 容缺 only (required): the last day (Beijing time) to supply the items; at most 60 days ahead. */
    dueDate: ZDate.optional(),
    /** Where the matter is handled, for an agency serving several prefectures; a regional administrator's own prefecture otherwise. */
    prefectureCode: ZPrefectureCode.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.type === "tolerate_missing") {
      if (!r.missingItems?.length) ctx.addIssue({ code: "custom", path: ["missingItems"], message: "容缺受理须列明所缺材料" });
      if (!r.dueDate) ctx.addIssue({ code: "custom", path: ["dueDate"], message: "容缺受理须写明补齐期限" });
      const seen = new Set<string>();
      (r.missingItems ?? []).forEach((item, i) => {
        if (seen.has(item.name)) ctx.addIssue({ code: "custom", path: ["missingItems", i, "name"], message: "同一材料只能列一次" });
        seen.add(item.name);
      });
    } else {
      if (r.missingItems?.length) ctx.addIssue({ code: "custom", path: ["missingItems"], message: "告知承诺不列容缺材料" });
      if (r.dueDate) ctx.addIssue({ code: "custom", path: ["dueDate"], message: "告知承诺无补齐期限" });
    }
  });
export type TCommitmentCaseCreateRequest = z.input<typeof ZCommitmentCaseCreateRequest>;

/** The subject agrees to the text shown (the case's text, which never changes after opening). */
export const ZCommitmentSignRequest = z.object({ accepted: z.literal(true, { error: "请阅读并同意信用承诺书" }) });
export type TCommitmentSignRequest = z.input<typeof ZCommitmentSignRequest>;

export const ZCommitmentTransitionRequest = z
  .object({
    action: z.enum(COMMITMENT_ACTIONS, { error: "操作应为 verify、supply 或 terminate" }),
    /** The version the caller saw; of two departments deciding at once one wins, the other gets 409. */
    expectedVersion: z.number().int().min(1),
    /** verify */
    method: z.enum(VERIFICATION_METHODS, { error: "核查方式应为 written、online、site_visit 或 public_notice" }).optional(),
    /** verify: the day of the check (not after today). */
    date: ZDate.optional(),
    /** verify */
    result: z.enum(VERIFICATION_RESULTS, { error: "核查结果应为 kept（守诺）或 broken（违诺）" }).optional(),
    /** supply: the names of the items supplied now; all outstanding ones when omitted. */
    items: z.array(ZCleanText(1, 60)).min(1, "请选择已补齐的材料").max(20).optional(),
    /** verify (required when broken: the subject reads it), supply (optional), terminate (required: the reason). */
    note: ZCleanText(0, 500, { max: "说明最多500字", multiline: true }).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.action === "verify") {
      if (!r.method) ctx.addIssue({ code: "custom", path: ["method"], message: "请选择核查方式" });
      if (!r.date) ctx.addIssue({ code: "custom", path: ["date"], message: "请填写核查日期" });
      if (!r.result) ctx.addIssue({ code: "custom", path: ["result"], message: "请选择核查结果" });
      if (r.result === "broken" && (r.note ?? "").length < 2) ctx.addIssue({ code: "custom", path: ["note"], message: "违诺须说明事实，申请人将看到这段说明" });
    }
    if (r.action === "terminate" && (r.note ?? "").length < 2) ctx.addIssue({ code: "custom", path: ["note"], message: "请说明终止办理的原因" });
  });
export type TCommitmentTransitionRequest = z.input<typeof ZCommitmentTransitionRequest>;

/** The departments' list: newest first, 20 a page. `overdue`: 容缺 cases past their due date still open. */
export const ZCommitmentCaseQuery = z.object({
  status: z.enum(COMMITMENT_STATUSES).optional(),
  type: z.enum(COMMITMENT_TYPES).optional(),
  overdue: z.enum(["true", "false"]).optional(),
  page: ZQueryInt(1, 1000).default(1),
});
/** 我的承诺: the subject's own cases, newest first. */
export const ZMyCommitmentsQuery = z.object({ status: z.enum(COMMITMENT_STATUSES).optional(), page: ZQueryInt(1, 1000).default(1) });

// ------------------------------------------------------------------ responses

/** A record that stands in the way of 告知承诺, as the department may see it (public credit information). */
export const ZCommitmentBlockingRecord = z.object({
  id: ZObjectId,
  kind: z.enum(RECORD_KINDS),
  kindLabel: z.string(),
  title: z.string(),
  decidedAt: z.string(),
});

export const ZCommitmentSubject = z.object({
  id: ZObjectId,
  kind: z.enum(SUBJECT_KINDS),
  /** A citizen's name masked (张*) for the department; the subject's own view shows it whole. */
  name: z.string(),
  /** Citizens: 5329**********2349. Never the full number. */
  idMasked: z.string().optional(),
  uscc: z.string().optional(),
  prefectureCode: ZPrefectureCode,
  prefectureName: z.string(),
  /** Someone can sign in the mini-program for this subject (a verified citizen, an enterprise's legal representative or agent). */
  signableInApp: z.boolean(),
});

export const ZCommitmentEligibility = z
  .object({
    type: z.enum(COMMITMENT_TYPES),
    eligible: z.boolean(),
    /** Why not, in plain words (empty when eligible). */
    reasons: z.array(z.string()),
    blockingRecords: z.array(ZCommitmentBlockingRecord),
    subject: ZCommitmentSubject,
    checkedAt: z.string(),
  })
  .meta({ id: "CommitmentEligibility" });
export type TCommitmentEligibility = z.infer<typeof ZCommitmentEligibility>;

export const ZCommitmentEvent = z.object({
  version: z.number().int(),
  action: z.enum(COMMITMENT_EVENT_ACTIONS),
  actionLabel: z.string(),
  from: z.enum(COMMITMENT_STATUSES).optional(),
  to: z.enum(COMMITMENT_STATUSES),
  /** Who acted, as the subject may see it: the department's name, "承诺人", "系统". */
  actorLabel: z.string(),
  note: z.string().optional(),
  at: z.string(),
});
export type TCommitmentEvent = z.infer<typeof ZCommitmentEvent>;

export const ZCommitmentCase = z
  .object({
    id: ZObjectId,
    type: z.enum(COMMITMENT_TYPES),
    typeLabel: z.string(),
    matter: z.string(),
    commitmentText: z.string(),
    status: z.enum(COMMITMENT_STATUSES),
    statusLabel: z.string(),
    version: z.number().int(),
    subject: ZCommitmentSubject,
    department: z.object({ kind: z.enum(["prefecture", "agency"]), name: z.string(), partnerId: ZObjectId.optional() }),
    prefectureCode: ZPrefectureCode,
    prefectureName: z.string(),
    missingItems: z.array(z.object({ name: z.string(), supplied: z.boolean(), suppliedAt: z.string().optional() })),
    /** 容缺: the last day to supply the items (Beijing date) and the instant it ends. */
    dueDate: z.string().optional(),
    dueAt: z.string().optional(),
    /** 容缺, open: whole Beijing days left until the due date (0 on the day itself, negative once past). */
    daysLeft: z.number().int().optional(),
    /** 容缺, open and past its due date (the sweep closes it within a minute or so). */
    overdue: z.boolean(),
    /** What happens next, in a sentence for the screens: "请在 2026-12-31 前补齐：营业执照副本". */
    nextStep: z.string(),
    signature: z.object({ signedAt: z.string(), signerLabel: z.string(), textSha256: z.string() }).optional(),
    verification: z
      .object({ method: z.enum(VERIFICATION_METHODS), methodLabel: z.string(), date: z.string(), result: z.enum(VERIFICATION_RESULTS), resultLabel: z.string(), note: z.string().optional(), byLabel: z.string(), at: z.string() })
      .optional(),
    /** How it ended (kept, broken, terminated), with the reason the subject sees. */
    outcome: z.object({ status: z.enum(["kept", "broken", "terminated"]), label: z.string(), reason: z.string(), at: z.string() }).optional(),
    /** The 违背信用承诺 record a broken commitment created. */
    brokenRecordId: ZObjectId.optional(),
    createdAt: z.string(),
    timeline: z.array(ZCommitmentEvent),
  })
  .meta({ id: "CommitmentCase" });
export type TCommitmentCase = z.infer<typeof ZCommitmentCase>;
export const ZCommitmentCaseList = z.object({ items: z.array(ZCommitmentCase), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type TCommitmentCaseList = z.infer<typeof ZCommitmentCaseList>;
