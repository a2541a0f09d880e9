import {
  beijingDate,
  maskName,
  OBJECTION_DUE_LABELS,
  OBJECTION_GROUND_LABELS,
  OBJECTION_STATUS_LABELS,
  OBJECTION_TRANSITIONS,
  prefectureName,
  RECORD_KIND_LABELS,
  RECORD_STATUS_LABELS,
  type TAttachment,
  type TMyObjection,
  type TObjectionAction,
  type TObjectionAmendment,
  type TObjectionCase,
  type TObjectionDueKind,
  type TObjectionGround,
  type TObjectionQueueRow,
  type TObjectionStatus,
  type TObjectionStep,
  type TPrefectureCode,
  type TRecordKind,
  type TRecordStatus,
  type TSubjectKind,
} from "@xinyi/shared";
import type { CreditRecord } from "../credit-records/model";
import { presentRecord } from "../credit-records/presenter";
import type { Subject } from "../subjects/model";
import type { Objection, ObjectionEvent } from "./model";

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** An instant as Beijing wall-clock time with its offset: 2026-12-01T09:30:00.000+08:00. */
export function beijingIso(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().replace("Z", "+08:00");
}

/** The office that acts on a case, as the subject sees it. */
export function officeOf(role: string, prefectureCode: string): string {
  return role === "platform_admin" ? "云南省信用信息平台" : `${prefectureName(prefectureCode) ?? prefectureCode}信用主管部门`;
}

export function isOverdue(c: Pick<Objection, "open" | "dueAt">, now: Date): boolean {
  return !!c.open && !!c.dueAt && c.dueAt.getTime() <= now.getTime();
}

function dueOf(c: Objection, now: Date) {
  if (!c.open || !c.dueAt || !c.dueKind) return undefined;
  const kind = c.dueKind as TObjectionDueKind;
  // dueAt is the midnight ending the last working day: the date people read is the day before it.
  return { dueAt: beijingIso(c.dueAt), dueDate: beijingDate(new Date(c.dueAt.getTime() - 1)), dueKind: kind, dueLabel: OBJECTION_DUE_LABELS[kind], overdue: isOverdue(c, now) };
}

/** The decision's words for the subject and the console alike. */
function stepLabel(e: ObjectionEvent, c: Objection): string {
  switch (e.action) {
    case "submit":
      return "提交异议，记录已冻结，处理期间暂不计入信用评价";
    case "accept":
      return "已受理，正在核查";
    case "forward":
      return `已转${(e.set as { department?: string } | undefined)?.department ?? c.department ?? "来源部门"}核查`;
    case "answer":
      return `${c.department ?? "来源部门"}已答复`;
    case "correct":
      return (e.set as { decision?: { correction?: string } } | undefined)?.decision?.correction === "amended" ? "异议成立，记录已更正" : "异议成立，记录已撤销";
    case "uphold":
      return "异议不成立，维持原记录，记录恢复计入";
    case "decline":
      return "重复异议，不予受理，记录恢复计入";
    default:
      return OBJECTION_STATUS_LABELS[e.to as TObjectionStatus];
  }
}

export type Viewer = "subject" | "console";

function presentSteps(c: Objection, events: ObjectionEvent[], viewer: Viewer, subjectName: string): TObjectionStep[] {
  return events.map((e) => {
    const office = officeOf(e.actorRole, c.prefectureCode);
    const actorLabel = e.action === "submit" ? (viewer === "subject" ? "您" : subjectName) : viewer === "console" ? `${office} · ${e.actorName}` : office;
    return {
      version: e.version,
      action: e.action as TObjectionStep["action"],
      status: e.to as TObjectionStatus,
      label: stepLabel(e, c),
      actorLabel,
      ...(e.reason ? { reason: e.reason } : {}),
      at: beijingIso(e.at),
    };
  });
}

function presentRecordOf(r: CreditRecord) {
  return { ...presentRecord(r), kindLabel: RECORD_KIND_LABELS[r.kind as TRecordKind], statusLabel: RECORD_STATUS_LABELS[r.status as TRecordStatus] };
}

/** How other parties see the subject: a citizen's name masked, an enterprise's in full (it is public). */
export function subjectNameFor(subject: Pick<Subject, "kind" | "name"> | null | undefined): string {
  if (!subject) return "（已注销的主体）";
  return subject.kind === "citizen" ? maskName(subject.name) : subject.name;
}

export type CaseParts = {
  record: CreditRecord;
  subject: Subject | null;
  events: ObjectionEvent[];
  attachments: TAttachment[];
  now: Date;
};

function common(c: Objection, parts: CaseParts, viewer: Viewer, files: TAttachment[]) {
  const due = dueOf(c, parts.now);
  const decision = c.decision?.outcome
    ? {
        outcome: c.decision.outcome as "corrected" | "upheld" | "declined",
        ...(c.decision.correction ? { correction: c.decision.correction as "withdrawn" | "amended" } : {}),
        ...(c.decision.amended ? { amended: c.decision.amended as TObjectionAmendment } : {}),
        reason: c.decision.reason ?? "",
        at: beijingIso(c.decision.at!),
      }
    : undefined;
  return {
    id: c._id.toHexString(),
    status: c.status as TObjectionStatus,
    statusLabel: OBJECTION_STATUS_LABELS[c.status as TObjectionStatus],
    version: c.version,
    ground: c.ground as TObjectionGround,
    groundLabel: OBJECTION_GROUND_LABELS[c.ground as TObjectionGround],
    explanation: c.explanation,
    prefectureCode: c.prefectureCode as TPrefectureCode,
    prefectureName: prefectureName(c.prefectureCode) ?? c.prefectureCode,
    record: presentRecordOf(parts.record),
    attachments: files,
    submittedAt: beijingIso(c.submittedAt),
    ...(due ? { due } : {}),
    ...(c.department ? { department: c.department } : {}),
    ...(decision ? { decision } : {}),
    steps: presentSteps(c, parts.events, viewer, subjectNameFor(parts.subject)),
  };
}

/**
 * The subject's view. The department's answer is working material between the offices: the
 * subject reads the decision and its reason, not the answer or its file.
 */
export function presentMine(c: Objection, parts: CaseParts): TMyObjection {
  const answerFile = c.answer?.attachmentId?.toHexString();
  return common(c, parts, "subject", parts.attachments.filter((a) => a.id !== answerFile));
}

export function actionsOpen(c: Pick<Objection, "status" | "repeatOf">): TObjectionAction[] {
  return (Object.keys(OBJECTION_TRANSITIONS) as TObjectionAction[]).filter(
    (a) => OBJECTION_TRANSITIONS[a].from.includes(c.status as TObjectionStatus) && (a !== "decline" || !!c.repeatOf),
  );
}

export function presentCase(c: Objection, parts: CaseParts & { repeatOf?: Objection | null }): TObjectionCase {
  const answerFile = c.answer?.attachmentId?.toHexString();
  const subject = parts.subject;
  return {
    ...common(c, parts, "console", parts.attachments.filter((a) => a.id !== answerFile)),
    subject: {
      id: c.subjectId.toHexString(),
      kind: c.subjectKind as TSubjectKind,
      name: subjectNameFor(subject),
      ...(subject?.idMasked ? { idMasked: subject.idMasked } : {}),
      ...(subject?.uscc ? { uscc: subject.uscc } : {}),
    },
    ...(c.answer?.at
      ? {
          answer: {
            ...(c.answer.text ? { text: c.answer.text } : {}),
            ...(answerFile && parts.attachments.some((a) => a.id === answerFile) ? { attachment: parts.attachments.find((a) => a.id === answerFile)! } : {}),
            at: beijingIso(c.answer.at),
          },
        }
      : {}),
    ...(c.repeatOf && parts.repeatOf?.decision?.at ? { repeatOf: { id: c.repeatOf.toHexString(), decidedAt: beijingIso(parts.repeatOf.decision.at) } } : {}),
    ...(c.open && c.forwardDueAt && c.status === "accepted" ? { forwardDueAt: beijingIso(c.forwardDueAt) } : {}),
    actions: actionsOpen(c),
  };
}

export function presentRow(c: Objection, parts: { record: Pick<CreditRecord, "_id" | "kind" | "title"> | null; subject: Subject | null; now: Date }): TObjectionQueueRow {
  const due = dueOf(c, parts.now);
  const kind = (parts.record?.kind ?? "penalty") as TRecordKind;
  return {
    id: c._id.toHexString(),
    status: c.status as TObjectionStatus,
    statusLabel: OBJECTION_STATUS_LABELS[c.status as TObjectionStatus],
    version: c.version,
    ground: c.ground as TObjectionGround,
    groundLabel: OBJECTION_GROUND_LABELS[c.ground as TObjectionGround],
    record: { id: c.recordId.toHexString(), kind, kindLabel: RECORD_KIND_LABELS[kind], title: parts.record?.title ?? "（记录已删除）" },
    subject: { kind: c.subjectKind as TSubjectKind, name: subjectNameFor(parts.subject) },
    prefectureCode: c.prefectureCode as TPrefectureCode,
    prefectureName: prefectureName(c.prefectureCode) ?? c.prefectureCode,
    submittedAt: beijingIso(c.submittedAt),
    ...(due ? { due } : {}),
    repeat: !!c.repeatOf,
  };
}
