import {
  LOAN_APPLICATION_TRANSITIONS,
  SCENARIO_ACTIONS,
  beijingDate,
  type TLoanApplication,
  type TLoanApplicationAction,
  type TLoanApplicationStatus,
  type TLoanDemandStatus,
  type TDemandTakeStatus,
  type TLoanProduct,
  type TMe,
  type TScenarioAction,
  type WorkingCalendar,
} from "@xinyi/shared";
import { ApiError } from "../api/client";
import { bankPostOf } from "./roles";
import { SCENARIO_STATUS_COLORS, adminAnswersFor } from "./scenarios";

/** 信易贷 screens: who may do what, countdowns, and numbers as a bank reads them (万元, %, Beijing time). */

export const LOAN_PRODUCT_STATUS_COLORS = SCENARIO_STATUS_COLORS;

export const LOAN_APPLICATION_STATUS_COLORS: Record<TLoanApplicationStatus, string> = {
  submitted: "processing",
  accepted: "cyan",
  approved: "success",
  rejected: "error",
  disbursed: "green",
  closed: "default",
  withdrawn: "default",
};

export const LOAN_DEMAND_STATUS_COLORS: Record<TLoanDemandStatus, string> = { open: "processing", matched: "success", withdrawn: "default", expired: "default" };

export const DEMAND_TAKE_STATUS_COLORS: Record<TDemandTakeStatus, string> = {
  taken: "processing",
  offered: "cyan",
  declined: "default",
  lapsed: "error",
  accepted: "success",
  not_chosen: "default",
};

// ---------------------------------------------------------------- products

/** Where each product action starts from: as scenarios, except that a product never publishes from draft. */
const PRODUCT_ACTION_FROM: Record<TScenarioAction, readonly TLoanProduct["status"][]> = {
  submit: ["draft", "rejected"],
  approve: ["submitted"],
  reject: ["submitted"],
  publish: ["approved"],
  pause: ["published"],
  resume: ["paused"],
  end: ["published", "paused"],
};

export const PRODUCT_ACTION_HINTS: Record<TScenarioAction, string> = {
  submit: "提交后由服务地区的管理员审核（单一州市由该州市审核，多个州市或全省由平台审核），审核期间不能修改。",
  approve: "通过后银行即可发布该产品。",
  reject: "驳回后银行可修改并重新提交，驳回原因将告知银行。",
  publish: "发布后，服务地区内符合条件的个人和企业即可在小程序中看到并申请该产品。",
  pause: "暂停后不再接受新的申请，已提交的申请照常办理。",
  resume: "恢复后重新接受申请。",
  end: "结束后不能再恢复，不再接受新的申请，已提交的申请照常办理。",
};

/** A product changed by someone else meanwhile: reload what is shown. */
export const STALE_PRODUCT_CODES = ["VERSION_CONFLICT", "SCENARIO_TRANSITION_INVALID", "LOAN_TRANSITION_INVALID"] as const;

export function isStaleProductError(err: unknown): boolean {
  return err instanceof ApiError && (STALE_PRODUCT_CODES as readonly string[]).includes(err.code);
}

/** A bank manager's own product (the server lists only the bank's own anyway). */
function ownProduct(user: TMe, product: Pick<TLoanProduct, "bankPartnerId">): boolean {
  return bankPostOf(user) === "bank_manager" && (user.partnerId === undefined || user.partnerId === product.bankPartnerId);
}

/** The bank manages its product's life; the administrator answering for its region approves or rejects, and may pause or end it. */
export function productActionsFor(user: TMe, product: TLoanProduct): TScenarioAction[] {
  const possible = SCENARIO_ACTIONS.filter((a) => PRODUCT_ACTION_FROM[a].includes(product.status));
  if (ownProduct(user, product)) return possible.filter((a) => a !== "approve" && a !== "reject");
  if (!adminAnswersFor(user, product)) return [];
  return possible.filter((a) => a === "approve" || a === "reject" || a === "pause" || a === "resume" || a === "end");
}

export function canEditProduct(user: TMe, product: TLoanProduct): boolean {
  return (product.status === "draft" || product.status === "rejected") && ownProduct(user, product);
}

// ---------------------------------------------------------------- applications

/** The bank's decisions open from this status (withdraw is the applicant's). */
export function applicationActionsFor(status: TLoanApplicationStatus): TLoanApplicationAction[] {
  return (Object.keys(LOAN_APPLICATION_TRANSITIONS) as TLoanApplicationAction[]).filter(
    (a) => a !== "withdraw" && LOAN_APPLICATION_TRANSITIONS[a].from.includes(status),
  );
}

/** "What you see is out of date": reload and say so plainly. */
export function isStaleApplicationError(err: unknown): boolean {
  return err instanceof ApiError && (err.code === "VERSION_CONFLICT" || err.code === "LOAN_TRANSITION_INVALID");
}

const DAY_MS = 86_400_000;

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
}

export type TDueCountdown =
  | { kind: "due"; overdue: false; workingDaysLeft: number; text: string }
  | { kind: "due"; overdue: true; daysLate: number; text: string };

export type TCountdown = { kind: "answered"; late: boolean; text: string } | { kind: "closed"; text: string } | TDueCountdown;

/**
 * Time left until `dueAt`, the Beijing midnight ending the last promised working day: before it,
 * the working days left after today ("剩余 1 个工作日"; "今日到期" on the last one); past it, the
 * calendar days late ("已超时 2 天").
 */
export function dueCountdown(dueAt: string, now: Date, calendar: WorkingCalendar): TDueCountdown {
  const due = new Date(dueAt);
  const today = beijingDate(now);
  if (now.getTime() >= due.getTime()) {
    // The due instant is midnight, so its Beijing date is the first day past the promise.
    const firstLateDay = beijingDate(due);
    const daysLate = Math.max(1, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${firstLateDay}T00:00:00Z`)) / DAY_MS) + 1);
    return { kind: "due", overdue: true, daysLate, text: `已超时 ${daysLate} 天` };
  }
  const lastDay = beijingDate(new Date(due.getTime() - 1));
  let left = 0;
  for (let date = nextDate(today), guard = 0; date <= lastDay && guard < 400; date = nextDate(date), guard++) {
    if (calendar.isWorkingDay(date)) left += 1;
  }
  return { kind: "due", overdue: false, workingDaysLeft: left, text: left === 0 ? "今日到期" : `剩余 ${left} 个工作日` };
}

/** The first-response countdown of an application, until the bank's first answer (accept or reject). */
export function responseCountdown(
  app: Pick<TLoanApplication, "status" | "responseDueAt" | "firstResponseAt" | "responseOverdue">,
  now: Date,
  calendar: WorkingCalendar,
): TCountdown {
  if (app.firstResponseAt) return { kind: "answered", late: app.responseOverdue, text: app.responseOverdue ? "超时后响应" : "已按时响应" };
  if (app.status === "withdrawn") return { kind: "closed", text: "申请人已撤回" };
  return dueCountdown(app.responseDueAt, now, calendar);
}

// ---------------------------------------------------------------- numbers and dates

/** 万元 as banks write it: "200 万元", "12.5 万元". */
export function formatWan(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return "—";
  return `${Number(amount.toFixed(2)).toLocaleString("zh-CN")} 万元`;
}

export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "—" : `${rate.toFixed(2)}%`;
}

export function formatRange(range: { min: number; max: number }, unit: string, digits = 0): string {
  const f = (n: number) => (digits > 0 ? n.toFixed(digits) : String(n));
  return range.min === range.max ? `${f(range.min)}${unit}` : `${f(range.min)}–${f(range.max)}${unit}`;
}

export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? "—" : `${(share * 100).toFixed(1)}%`;
}

/** Hours as a reader counts them: "12 分钟", "5.5 小时", "2.3 天". */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return "—";
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} 分钟`;
  return hours < 48 ? `${hours.toFixed(1)} 小时` : `${(hours / 24).toFixed(1)} 天`;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** An instant in Beijing time, "2026-03-02 14:05" (the browser's own zone does not matter). */
export function formatBeijing(iso: string | undefined, withTime = true): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const text = new Date(t + BEIJING_OFFSET_MS).toISOString();
  return withTime ? `${text.slice(0, 10)} ${text.slice(11, 16)}` : text.slice(0, 10);
}

/** A Beijing calendar date (yyyy-mm-dd) as an instant: its start, or its last second for "valid until". */
export function beijingInstant(date: string, endOfDay = false): string {
  return `${date}T${endOfDay ? "23:59:59" : "00:00:00"}+08:00`;
}

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

/**
 * The last promised day of a deadline that ends at Beijing midnight, as a person says it:
 * "2026-12-09（周三）" rather than "2026-12-10 00:00".
 */
export function lastPromisedDay(dueAt: string): string {
  const date = beijingDate(new Date(Date.parse(dueAt) - 1));
  return `${date}（${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}）`;
}

/** Today's Beijing date. */
export function beijingToday(now = new Date()): string {
  return beijingDate(now);
}
