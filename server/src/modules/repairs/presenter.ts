import {
  beijingDate,
  maskName,
  PENALTY_SEVERITY_LABELS,
  prefectureName,
  RECORD_KIND_LABELS,
  RECORD_STATUS_LABELS,
  REPAIR_ACTION_LABELS,
  REPAIR_STATUS_LABELS,
  repairPeriodsOf,
  type TAttachment,
  type TPartnerCreditEvent,
  type TRepair,
  type TRepairAction,
  type TRepairRule,
  type TRepairStatus,
} from "@xinyi/shared";
import type { CreditRecord } from "../credit-records/model";
import type { Notice } from "../messages/outbox";
import { beijingIso } from "../objections/presenter";
import type { Subject } from "../subjects/model";
import type { PartnerCreditEvent, Repair, RepairEvent } from "./model";

/** The last working day of a review ending at `dueAt` (a Beijing midnight). */
export function lastDayBefore(dueAt: Date): string {
  return beijingDate(new Date(dueAt.getTime() - 1));
}

/** Undecided past the due time, or decided after it. */
export function isReviewOverdue(r: Pick<Repair, "reviewDueAt" | "decidedAt">, now: Date): boolean {
  return (r.decidedAt ?? now).getTime() > r.reviewDueAt.getTime();
}

/** A subject as the console (and partners) see it: citizens by masked name and ID number, enterprises by name and USCC. */
export function subjectShownToOthers(s: Pick<Subject, "_id" | "kind" | "name" | "idMasked" | "uscc">) {
  return {
    kind: s.kind,
    name: s.kind === "citizen" ? maskName(s.name) : s.name,
    ...(s.idMasked ? { idMasked: s.idMasked } : {}),
    ...(s.kind === "enterprise" && s.uscc ? { uscc: s.uscc } : {}),
  };
}

export function presentRepair(
  repair: Repair,
  context: {
    record: CreditRecord | null;
    subject: Subject | null;
    attachments: TAttachment[];
    events: RepairEvent[];
    rules: readonly TRepairRule[];
    now: Date;
    /** The subject sees their own name; everyone else the masked one. */
    viewer: "subject" | "console";
  },
): TRepair {
  const { record, subject } = context;
  const periods = record ? repairPeriodsOf(record, context.rules) : null;
  const shown = subject
    ? context.viewer === "subject"
      ? { kind: subject.kind, name: subject.name, ...(subject.idMasked ? { idMasked: subject.idMasked } : {}), ...(subject.uscc ? { uscc: subject.uscc } : {}) }
      : subjectShownToOthers(subject)
    : { kind: repair.subjectKind, name: "（已注销的主体）" };
  const byId = new Map(context.attachments.map((a) => [a.id, a]));
  const certificate = repair.trainingCertificateId ? byId.get(repair.trainingCertificateId.toHexString()) : undefined;
  return {
    id: repair._id.toHexString(),
    status: repair.status as TRepairStatus,
    statusLabel: REPAIR_STATUS_LABELS[repair.status as TRepairStatus],
    version: repair.version,
    record: {
      id: repair.recordId.toHexString(),
      kind: (record?.kind ?? repair.recordKind) as TRepair["record"]["kind"],
      kindLabel: RECORD_KIND_LABELS[(record?.kind ?? repair.recordKind) as TRepair["record"]["kind"]],
      ...(record?.severity ? { severity: record.severity, severityLabel: PENALTY_SEVERITY_LABELS[record.severity] } : {}),
      title: record?.title ?? repair.recordTitle,
      sourceDept: record?.sourceDept ?? "",
      docNo: record?.docNo ?? "",
      decidedAt: record?.decidedAt ?? "",
      ...(record?.validUntil ? { validUntil: record.validUntil } : {}),
      status: record?.status ?? "revoked",
      statusLabel: RECORD_STATUS_LABELS[record?.status ?? "revoked"],
      ...(periods?.repairableFrom ? { repairableFrom: periods.repairableFrom } : {}),
      ...(periods?.stopsCountingOn ? { stopsCountingOn: periods.stopsCountingOn } : {}),
    },
    subject: { id: repair.subjectId.toHexString(), ...shown } as TRepair["subject"],
    prefectureCode: repair.prefectureCode as TRepair["prefectureCode"],
    prefectureName: prefectureName(repair.prefectureCode) ?? repair.prefectureCode,
    commitment: {
      textVersion: repair.commitment!.textVersion,
      title: repair.commitment!.title,
      text: repair.commitment!.text,
      acceptedAt: beijingIso(repair.commitment!.acceptedAt),
    },
    proofs: repair.proofIds.map((id) => byId.get(id.toHexString())).filter((a): a is TAttachment => !!a),
    ...(certificate ? { trainingCertificate: certificate } : {}),
    submittedAt: beijingIso(repair.submittedAt),
    reviewDueAt: beijingIso(repair.reviewDueAt),
    reviewDueDate: lastDayBefore(repair.reviewDueAt),
    overdue: isReviewOverdue(repair, context.now),
    ...(repair.decidedAt ? { decidedAt: beijingIso(repair.decidedAt) } : {}),
    ...(repair.decisionReason ? { decisionReason: repair.decisionReason } : {}),
    timeline: context.events.map((e) => ({
      version: e.version,
      action: e.action as TRepairAction,
      actionLabel: REPAIR_ACTION_LABELS[e.action as TRepairAction],
      to: e.to as TRepairStatus,
      actorLabel: e.actorLabel,
      ...(e.reason ? { reason: e.reason } : {}),
      at: beijingIso(e.at),
    })),
  };
}

export function presentPartnerEvent(e: PartnerCreditEvent): TPartnerCreditEvent {
  const kind = e.record!.kind as TPartnerCreditEvent["record"]["kind"];
  return {
    id: e._id,
    kind: "record_repaired",
    subject: {
      kind: e.subject!.kind as TPartnerCreditEvent["subject"]["kind"],
      name: e.subject!.name,
      ...(e.subject!.idMasked ? { idMasked: e.subject!.idMasked } : {}),
      ...(e.subject!.uscc ? { uscc: e.subject!.uscc } : {}),
    },
    record: { kind, kindLabel: RECORD_KIND_LABELS[kind], title: e.record!.title, sourceDept: e.record!.sourceDept, decidedAt: e.record!.decidedAt },
    change: `该${RECORD_KIND_LABELS[kind]}记录已完成信用修复，终止公示，不再用于信用评价和失信惩戒；请同步更新贵机构留存的信息`,
    effectiveAt: beijingIso(e.effectiveAt),
    at: beijingIso(e.at),
  };
}

/** What the subject is told of a decision; the key makes it once, whoever records it (the request, or the fan-out after a crash). */
export function decisionNotice(repair: Repair): Notice {
  const granted = repair.status === "granted";
  return {
    key: `repair:${repair._id.toHexString()}:${repair.status}`,
    subjectId: repair.subjectId,
    kind: "repair",
    title: granted ? "信用修复已通过" : "信用修复未通过",
    body: granted
      ? `「${repair.recordTitle}」已完成信用修复，终止公示，不再计入信用评价；持有您授权的合作机构将同步收到修复结果。审核意见：${repair.decisionReason ?? ""}`
      : `「${repair.recordTitle}」的信用修复申请未通过审核。原因：${repair.decisionReason ?? ""}`,
    link: { page: "repair", id: repair._id.toHexString() },
    ...(repair.decidedAt ? { at: repair.decidedAt } : {}),
  };
}
