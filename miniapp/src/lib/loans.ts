import {
  GUARANTEE_MODE_LABELS,
  LOAN_APPLICANT_KIND_LABELS,
  LOAN_APPLICATION_STATUS_LABELS,
  LOAN_DEMAND_STATUS_LABELS,
  DEMAND_TAKE_STATUS_LABELS,
  REPAYMENT_MODE_LABELS,
  beijingDate,
  prefectureName,
  type TAvailableLoanProduct,
  type TDemandTake,
  type TGuaranteeMode,
  type TIndicativeTerms,
  type TLoanApplicantKind,
  type TLoanApplication,
  type TLoanApplicationEvent,
  type TLoanApplicationStatus,
  type TLoanDemand,
  type TRepaymentMode,
} from "@xinyi/shared";
import { ApiError } from "../api/client";
import { localDay } from "./credit";

/** Amounts are 万元 with at most two decimals: 300 → "300", 12.5 → "12.5". */
export function wan(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export function ratePct(n: number): string {
  return `${Math.round(n * 100) / 100}%`;
}

export function rangeText(r: { min: number; max: number }, unit: string, fmt: (n: number) => string = wan): string {
  return r.min === r.max ? `${fmt(r.min)}${unit}` : `${fmt(r.min)}–${fmt(r.max)}${unit}`;
}

/** "最高可贷 300 万元，年利率 3.45% 起". */
export function myTermsText(t: Pick<TIndicativeTerms, "maxAmountWan" | "minRate">): string {
  return `最高可贷 ${wan(t.maxAmountWan)} 万元，年利率 ${ratePct(t.minRate)} 起`;
}

export function guaranteeText(modes: readonly TGuaranteeMode[]): string {
  return modes.map((m) => GUARANTEE_MODE_LABELS[m]).join("、");
}

export function applicantKindsText(kinds: readonly TLoanApplicantKind[]): string {
  return kinds.map((k) => LOAN_APPLICANT_KIND_LABELS[k]).join("、");
}

export function repaymentText(modes: readonly TRepaymentMode[]): string {
  return modes.map((m) => REPAYMENT_MODE_LABELS[m]).join("、");
}

export function productRegionsText(p: Pick<TAvailableLoanProduct, "provinceWide" | "prefectureCodes">): string {
  if (p.provinceWide) return "云南省全省";
  return p.prefectureCodes.map((c) => prefectureName(c) ?? c).join("、");
}

/** Beijing calendar date of a server timestamp: "2026年6月2日". */
export function chineseDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dayText(beijingDate(d));
}

/** "2026-06-02" → "2026年6月2日". */
export function dayText(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : day;
}

/** Beijing date and time: "2026-06-02 14:30". */
export function beijingDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}

/**
 * Deadlines end at Beijing midnight after the last working day: the day a person reads is the
 * one before (a promise due "2026-06-05T00:00+08:00" is kept by answering on 6月4日).
 */
export function lastDayOf(dueAt: string): string {
  const d = new Date(dueAt);
  if (Number.isNaN(d.getTime())) return dueAt;
  return dayText(beijingDate(new Date(d.getTime() - 1)));
}

/**
 * A chosen consent end day as the server's timestamp. The server grants through the end of that
 * Beijing day (as every consent does); sending its last second says the same thing.
 */
export function consentUntil(day: string): string {
  return `${day}T23:59:59+08:00`;
}

/** Consent period offered by the forms: from tomorrow to a year, 90 days unless changed. */
export const LOAN_CONSENT_MAX_DAYS = 365;

export function isValidConsentDay(day: string, now: Date = new Date()): boolean {
  const tomorrow = localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
  const last = localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + LOAN_CONSENT_MAX_DAYS));
  return day >= tomorrow && day <= last;
}

// ---------------------------------------------------------------- applications

export function applicationStatusLabel(status: TLoanApplicationStatus): string {
  return LOAN_APPLICATION_STATUS_LABELS[status] ?? status;
}

/** Colour group of a status tag. */
export function applicationTone(status: TLoanApplicationStatus): "progress" | "ok" | "fail" | "done" {
  if (status === "approved" || status === "disbursed") return "ok";
  if (status === "rejected") return "fail";
  if (status === "closed" || status === "withdrawn") return "done";
  return "progress";
}

/** The applicant may withdraw until the bank decides. */
export function canWithdraw(a: Pick<TLoanApplication, "status">): boolean {
  return a.status === "submitted" || a.status === "accepted";
}

const EVENT_LABELS: Record<TLoanApplicationEvent["action"], string> = {
  submit: "提交申请",
  accept: "银行受理",
  approve: "银行授信",
  reject: "申请未通过",
  disburse: "银行放款",
  close: "贷款结清",
  withdraw: "撤回申请",
  assign: "分配信贷员",
};

export function eventLabel(e: Pick<TLoanApplicationEvent, "action">): string {
  return EVENT_LABELS[e.action] ?? e.action;
}

/** "银行承诺 3 个工作日内答复" when the product is known, else the last day of the promise. */
export function promiseText(a: Pick<TLoanApplication, "responseDueAt">, responseDays: number | undefined): string {
  const by = `最迟 ${lastDayOf(a.responseDueAt)}`;
  return responseDays ? `银行承诺 ${responseDays} 个工作日内答复（${by}）` : `银行承诺${by}前答复`;
}

/** One line saying where the application stands, for the list. */
export function applicationNextStep(a: TLoanApplication): string {
  switch (a.status) {
    case "submitted":
      return a.responseOverdue ? "银行未在承诺时间内答复" : `等待银行受理，最迟 ${lastDayOf(a.responseDueAt)} 答复`;
    case "accepted":
      return "银行已受理，正在审批";
    case "approved":
      return a.approved ? `已授信 ${wan(a.approved.amountWan)} 万元，年利率 ${ratePct(a.approved.annualRate)}，${a.approved.termMonths} 个月` : "已授信";
    case "rejected":
      return a.rejection ? `未通过：${a.rejection.reasonLabel}` : "未通过";
    case "disbursed":
      return a.disbursed ? `已放款 ${wan(a.disbursed.amountWan)} 万元（${chineseDate(a.disbursed.date)}）` : "已放款";
    case "closed":
      return "贷款已结清";
    case "withdrawn":
      return "您已撤回该申请";
    default:
      return "";
  }
}

// ---------------------------------------------------------------- demands

export function demandStatusLabel(status: TLoanDemand["status"]): string {
  return LOAN_DEMAND_STATUS_LABELS[status] ?? status;
}

export function takeStatusLabel(status: TDemandTake["status"]): string {
  return DEMAND_TAKE_STATUS_LABELS[status] ?? status;
}

/** An offer the enterprise may still accept. */
export function canAccept(demand: Pick<TLoanDemand, "status">, take: TDemandTake, now: Date = new Date()): boolean {
  if (demand.status !== "open" || take.status !== "offered" || !take.offer) return false;
  return Date.parse(take.offer.validUntil) > now.getTime();
}

// ---------------------------------------------------------------- form errors

/**
 * Field messages of a refused form, keyed by the field's path without "body." (e.g. "amountWan",
 * "consent.validUntil"): VALIDATION_FAILED and LOAN_TERMS_OUT_OF_RANGE name the fields in
 * details.issues.
 */
export function fieldIssues(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  const issues = error.details?.issues;
  if (!Array.isArray(issues)) return out;
  for (const issue of issues as unknown[]) {
    if (typeof issue !== "object" || issue === null) continue;
    const { path, message } = issue as { path?: unknown; message?: unknown };
    if (typeof path !== "string" || typeof message !== "string") continue;
    const key = path.replace(/^body\./, "");
    if (!(key in out)) out[key] = message;
  }
  return out;
}

/** Issues of a client-side zod check, keyed the same way. */
export function zodIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.map(String).join(".");
    if (!(key in out)) out[key] = i.message;
  }
  return out;
}

/** Strings of details.reasons (LOAN_NOT_ELIGIBLE says why). */
export function detailReasons(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const reasons = error.details?.reasons;
  return Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === "string") : [];
}

/**
 * A submission whose answer is unknown (lost on the way, or still being processed): the next tap
 * is a retry of the same submission and must resend the same Idempotency-Key.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  if (error.code === "NETWORK_ERROR" || error.status >= 500) return true;
  // "相同的请求正在处理": the first attempt is still running. A CONFLICT naming the key means the key
  // already served another request, so a new one is due.
  return error.code === "CONFLICT" && !("headers.idempotency-key" in fieldIssues(error));
}

/** Parses a number field; "" → undefined so the schema's "请输入…" message shows. */
export function numberField(value: string): number | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : Number.NaN;
}

// ---------------------------------------------------------------- products

export type LoanProductStateKey = "unverified" | "open" | "eligible" | "ineligible";

/** What a product card says about me and it. */
export function productState(p: Pick<TAvailableLoanProduct, "needsIdentity" | "myOpenApplicationId" | "eligible">): { key: LoanProductStateKey; label: string } {
  if (p.needsIdentity) return { key: "unverified", label: "待实名认证" };
  if (p.myOpenApplicationId) return { key: "open", label: "办理中" };
  if (p.eligible) return { key: "eligible", label: "可申请" };
  return { key: "ineligible", label: "暂不符合" };
}

/** The product's own range, for those whose terms are not known: "10–300 万元，年利率 3.45%–4.35%". */
export function productRangeText(p: Pick<TAvailableLoanProduct, "amountWan" | "annualRate">): string {
  return `${rangeText(p.amountWan, " 万元")}，年利率 ${rangeText(p.annualRate, "", ratePct)}`;
}

/** The most I may ask for: my grade's tier when known, else the product's maximum. */
export function maxAmountFor(p: Pick<TAvailableLoanProduct, "amountWan" | "myTerms">): number {
  return Math.min(p.amountWan.max, p.myTerms?.maxAmountWan ?? p.amountWan.max);
}

/** Last listing, so the detail page can paint at once while it refreshes. */
const productCache = new Map<string, TAvailableLoanProduct>();

export function rememberProducts(items: readonly TAvailableLoanProduct[]): void {
  for (const item of items) productCache.set(item.id, item);
}

export function cachedProduct(id: string): TAvailableLoanProduct | undefined {
  return productCache.get(id);
}
