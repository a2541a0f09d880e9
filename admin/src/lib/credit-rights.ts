import {
  OBJECTION_ACTION_LABELS,
  type TObjectionAction,
  type TObjectionStatus,
  type TRepairStatus,
  type WorkingCalendar,
} from "@xinyi/shared";
import { ApiError } from "../api/client";
import { dueCountdown, type TDueCountdown } from "./loans";

/** 异议 and 信用修复 screens: colours and deadlines as an administrator reads them (who may open them: lib/roles). */


export const OBJECTION_STATUS_COLORS: Record<TObjectionStatus, string> = {
  submitted: "processing",
  accepted: "cyan",
  forwarded: "purple",
  answered: "geekblue",
  corrected: "success",
  upheld: "default",
  declined: "default",
};

export const REPAIR_STATUS_COLORS: Record<TRepairStatus, string> = { submitted: "processing", granted: "success", rejected: "error" };

/** The order the case page offers the next steps in: moving on first, deciding after. */
const ACTION_ORDER: readonly TObjectionAction[] = ["accept", "forward", "answer", "correct", "uphold", "decline"];
export function orderedActions(actions: readonly TObjectionAction[]): TObjectionAction[] {
  return ACTION_ORDER.filter((a) => actions.includes(a));
}

/** Short button labels; the dialog's title says the full step. */
export const OBJECTION_ACTION_BUTTONS: Record<TObjectionAction, string> = {
  accept: "受理",
  forward: "转来源部门核查",
  answer: "录入部门答复",
  correct: "异议成立",
  uphold: "异议不成立",
  decline: "不予受理",
};
export { OBJECTION_ACTION_LABELS };

/** What each step does, said before the administrator confirms it. */
export const OBJECTION_ACTION_HINTS: Record<TObjectionAction, string> = {
  accept: "受理后开始计算办结期限。记录自提交起已冻结，处理期间不计入信用评价。",
  forward: "需要来源部门核实时转交，请填写部门名称；部门答复期限按设置的工作日计算。",
  answer: "录入来源部门的书面答复：可直接填写，也可上传答复函（PDF、JPG 或 PNG）。",
  correct: "异议成立：不填写更正内容则撤销该记录；填写则按更正后的内容恢复计入。理由将告知信用主体。",
  uphold: "异议不成立：记录恢复计入信用评价。理由将告知信用主体。",
  decline: "仅适用于对同一记录、以相同理由再次提出且没有新材料的异议。理由将告知信用主体。",
};

/** The case changed meanwhile (another administrator acted): reload and say so. */
export const STALE_CASE_CODES = ["VERSION_CONFLICT", "OBJECTION_TRANSITION_INVALID", "REPAIR_TRANSITION_INVALID"] as const;
export function isStaleCaseError(err: unknown): boolean {
  return err instanceof ApiError && (STALE_CASE_CODES as readonly string[]).includes(err.code);
}

/**
 * A deadline as the queue shows it. The server's `overdue` is the truth (its clock); the
 * working days left are counted here with the holiday list.
 */
export function deadlineOf(due: { dueAt: string; overdue: boolean }, now: Date, calendar: WorkingCalendar): TDueCountdown {
  const c = dueCountdown(due.dueAt, now, calendar);
  if (due.overdue && !c.overdue) return { kind: "due", overdue: true, daysLate: 1, text: "已超期" };
  return c.overdue ? { ...c, text: `已超期 ${c.daysLate} 天` } : c;
}

/** File sizes as people read them. */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${Math.round(size / 1024)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

/** A picked file as an upload the shared schema checks (base64 without the data-URL prefix). */
export function fileToUpload(file: File): Promise<{ fileName: string; contentType: string; dataBase64: string }> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const text = String(reader.result ?? "");
      resolve({ fileName: file.name, contentType: file.type, dataBase64: text.slice(text.indexOf(",") + 1) });
    };
    reader.onerror = () => reject(reader.error ?? new Error("read failed"));
    reader.readAsDataURL(file);
  });
}
