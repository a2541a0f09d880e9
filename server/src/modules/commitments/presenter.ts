import {
  beijingDate,
  COMMITMENT_EVENT_ACTION_LABELS,
  COMMITMENT_TYPE_LABELS,
  commitmentStatusLabel,
  maskName,
  prefectureName,
  VERIFICATION_METHOD_LABELS,
  VERIFICATION_RESULT_LABELS,
  type TCommitmentCase,
  type TCommitmentEvent,
  type TCommitmentEventAction,
  type TCommitmentStatus,
  type TCommitmentType,
  type TVerificationMethod,
  type TVerificationResult,
} from "@xinyi/shared";
import type { Subject } from "../subjects/model";
import type { CommitmentCase } from "./model";

/** Who is looking: the department (another party: a citizen's name is masked) or the subject itself. */
export type Viewer = "department" | "subject";

export type StoredCommitmentEvent = { version: number; action: string; from?: string | null; to: string; actorLabel: string; note?: string | null; at: Date };

const DAY_MS = 86_400_000;
const OPEN: readonly string[] = ["pending_signature", "signed"];

export function presentCaseSubject(s: Pick<Subject, "_id" | "kind" | "name" | "idMasked" | "uscc" | "prefectureCode">, viewer: Viewer, signableInApp: boolean): TCommitmentCase["subject"] {
  return {
    id: s._id.toHexString(),
    kind: s.kind as "citizen" | "enterprise",
    name: s.kind === "citizen" && viewer === "department" ? maskName(s.name) : s.name,
    ...(s.idMasked ? { idMasked: s.idMasked } : {}),
    ...(s.uscc ? { uscc: s.uscc } : {}),
    prefectureCode: s.prefectureCode as TCommitmentCase["prefectureCode"],
    prefectureName: prefectureName(s.prefectureCode) ?? s.prefectureCode,
    signableInApp,
  };
}

export function outstandingItems(c: Pick<CommitmentCase, "missingItems">): string[] {
  return (c.missingItems ?? []).filter((i) => !i.suppliedAt).map((i) => i.name);
}

/** Open, 容缺, and past the end of its due date. */
export function isOverdue(c: Pick<CommitmentCase, "status" | "dueAt">, now: Date): boolean {
  return OPEN.includes(c.status) && !!c.dueAt && c.dueAt.getTime() < now.getTime();
}

function nextStep(c: CommitmentCase, viewer: Viewer, now: Date): string {
  const items = outstandingItems(c).join("、");
  switch (c.status as TCommitmentStatus) {
    case "pending_signature": {
      if (isOverdue(c, now)) return "已超过期限仍未签署，案件将终止办理";
      const due = c.type === "tolerate_missing" ? `，并在 ${c.dueDate} 前补齐：${items}` : "";
      return viewer === "subject" ? `请阅读并签署信用承诺书${due}` : `等待申请人签署信用承诺书${due}`;
    }
    case "signed":
      if (c.type === "notify_commit") return viewer === "subject" ? "承诺已签署，审批部门将核查承诺内容" : "请核查承诺的履行情况并登记结果";
      if (isOverdue(c, now)) return "已超过补齐期限，将按违背承诺处理";
      return viewer === "subject" ? `请在 ${c.dueDate} 前补齐：${items}` : `待申请人在 ${c.dueDate} 前补齐：${items}`;
    case "kept":
      return "已办结";
    case "broken":
      return viewer === "subject" ? "已办结：违背承诺，已记入您的信用记录；如有异议，可在“我的信用”中对该记录提出异议" : "已办结：违背承诺，已记入信用记录";
    case "terminated":
      return "已终止办理";
  }
}

export function presentCommitmentEvent(e: StoredCommitmentEvent): TCommitmentEvent {
  return {
    version: e.version,
    action: e.action as TCommitmentEventAction,
    actionLabel: COMMITMENT_EVENT_ACTION_LABELS[e.action as TCommitmentEventAction],
    ...(e.from ? { from: e.from as TCommitmentStatus } : {}),
    to: e.to as TCommitmentStatus,
    actorLabel: e.actorLabel,
    ...(e.note ? { note: e.note } : {}),
    at: e.at.toISOString(),
  };
}

export function presentCase(c: CommitmentCase, context: { subject: TCommitmentCase["subject"]; events: StoredCommitmentEvent[]; viewer: Viewer; now: Date }): TCommitmentCase {
  const { now } = context;
  const type = c.type as TCommitmentType;
  const status = c.status as TCommitmentStatus;
  const open = OPEN.includes(status);
  const signature = c.signature?.at ? c.signature : null;
  const verification = c.verification?.method ? c.verification : null;
  const daysLeft = open && c.dueDate ? Math.round((Date.parse(`${c.dueDate}T00:00:00Z`) - Date.parse(`${beijingDate(now)}T00:00:00Z`)) / DAY_MS) : undefined;
  return {
    id: c._id.toHexString(),
    type,
    typeLabel: COMMITMENT_TYPE_LABELS[type],
    matter: c.matter,
    commitmentText: c.commitmentText,
    status,
    statusLabel: commitmentStatusLabel(type, status),
    version: c.version,
    subject: context.subject,
    department: { kind: c.department.kind as "prefecture" | "agency", name: c.department.name, ...(c.department.partnerId ? { partnerId: c.department.partnerId.toHexString() } : {}) },
    prefectureCode: c.prefectureCode as TCommitmentCase["prefectureCode"],
    prefectureName: prefectureName(c.prefectureCode) ?? c.prefectureCode,
    missingItems: (c.missingItems ?? []).map((i) => ({ name: i.name, supplied: !!i.suppliedAt, ...(i.suppliedAt ? { suppliedAt: i.suppliedAt.toISOString() } : {}) })),
    ...(c.dueDate ? { dueDate: c.dueDate } : {}),
    ...(c.dueAt ? { dueAt: c.dueAt.toISOString() } : {}),
    ...(daysLeft !== undefined ? { daysLeft } : {}),
    overdue: isOverdue(c, now),
    nextStep: nextStep(c, context.viewer, now),
    ...(signature ? { signature: { signedAt: signature.at!.toISOString(), signerLabel: signature.signerLabel ?? "承诺人", textSha256: signature.textSha256 ?? "" } } : {}),
    ...(verification
      ? {
          verification: {
            method: verification.method as TVerificationMethod,
            methodLabel: VERIFICATION_METHOD_LABELS[verification.method as TVerificationMethod],
            date: verification.date!,
            result: verification.result as TVerificationResult,
            resultLabel: VERIFICATION_RESULT_LABELS[verification.result as TVerificationResult],
            ...(verification.note ? { note: verification.note } : {}),
            byLabel: verification.byLabel ?? c.department.name,
            at: verification.at!.toISOString(),
          },
        }
      : {}),
    ...(!open && c.outcome?.at
      ? { outcome: { status: status as "kept" | "broken" | "terminated", label: commitmentStatusLabel(type, status), reason: c.outcome.reason ?? "", at: c.outcome.at.toISOString() } }
      : {}),
    ...(c.brokenRecordId ? { brokenRecordId: c.brokenRecordId.toHexString() } : {}),
    createdAt: c.createdAt.toISOString(),
    timeline: [...context.events].sort((x, y) => x.version - y.version).map(presentCommitmentEvent),
  };
}
