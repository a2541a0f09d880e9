import type { TCommitmentAction, TCommitmentCase, TCommitmentStatus } from "@xinyi/shared";
import { ApiError } from "../../api/client";

/** 信易批 screens: what a department may do to a case, and the due date as a person reads it (who may open them: lib/roles). */


export const COMMITMENT_STATUS_COLORS: Record<TCommitmentStatus, string> = {
  pending_signature: "gold",
  signed: "processing",
  kept: "success",
  broken: "error",
  terminated: "default",
};

/** What a department may do to a case now (the server judges again; this only decides which buttons show). */
export function caseActionsFor(c: TCommitmentCase): TCommitmentAction[] {
  const open = c.status === "pending_signature" || c.status === "signed";
  if (!open) return [];
  const actions: TCommitmentAction[] = [];
  if (c.status === "signed" && !c.overdue) {
    if (c.type === "tolerate_missing") actions.push("supply");
    actions.push("verify");
  }
  // Past its due date a signed 容缺 case is a breach the sweep records: it may not be ended quietly.
  if (!(c.status === "signed" && c.overdue)) actions.push("terminate");
  return actions;
}

export const CASE_ACTION_LABELS: Record<TCommitmentAction, string> = { verify: "登记核查", supply: "登记补齐材料", terminate: "终止办理" };

/** The 容缺 due date with the days left, as the list and the case page show it. */
export function dueText(c: Pick<TCommitmentCase, "dueDate" | "daysLeft" | "overdue" | "status">): { text: string; tone: "danger" | "warning" | "secondary" | undefined } {
  if (!c.dueDate) return { text: "—", tone: "secondary" };
  const open = c.status === "pending_signature" || c.status === "signed";
  if (!open || c.daysLeft === undefined) return { text: c.dueDate, tone: "secondary" };
  if (c.overdue || c.daysLeft < 0) return { text: `${c.dueDate}（已逾期 ${Math.max(1, -c.daysLeft)} 天）`, tone: "danger" };
  if (c.daysLeft === 0) return { text: `${c.dueDate}（今日到期）`, tone: "danger" };
  return { text: `${c.dueDate}（剩余 ${c.daysLeft} 天）`, tone: c.daysLeft <= 3 ? "warning" : undefined };
}

/** A case changed by someone else meanwhile (the applicant signed, another department acted, the deadline passed). */
export function isStaleCaseError(err: unknown): boolean {
  return err instanceof ApiError && (err.code === "VERSION_CONFLICT" || err.code === "COMMITMENT_TRANSITION_INVALID");
}

/** The 信用承诺书 a department starts from; it edits it to the matter before opening the case. */
export function commitmentTemplate(matter: string, type: TCommitmentCase["type"]): string {
  const what = matter.trim() || "本次申请事项";
  const missing = type === "tolerate_missing" ? "对尚欠缺的材料，本人承诺在约定期限内补齐；逾期未补齐的，同意终止办理。" : "";
  return (
    `本人（单位）申请办理“${what}”，现郑重承诺：已知晓审批部门告知的全部条件和要求；所提交的材料真实、准确、完整，符合告知的条件。${missing}` +
    "如有虚假承诺或未履行承诺，愿意承担相应法律责任，同意将违背承诺的情况记入信用记录并依法接受失信惩戒。"
  );
}
