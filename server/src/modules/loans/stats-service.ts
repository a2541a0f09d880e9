import { Types } from "mongoose";
import {
  LOAN_REJECTION_REASON_LABELS,
  LOAN_REJECTION_REASONS,
  type TBankResponseTimes,
  type TLateLoanResponses,
  type TLoanFunnel,
  type TLoanRejectionReason,
  type TLoanStats,
  type TPrefectureCode,
  type ZLateLoanResponsesQuery,
  type ZLoanStatsQuery,
} from "@xinyi/shared";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { PartnerModel } from "../partners/model";
import { LoanApplicationEventModel, LoanApplicationModel, LoanProductModel } from "./model";
import { requireBankManager } from "./policy";
import { isResponseOverdue } from "./presenter";

/**
 * The numbers 信易贷 reports: the funnel per bank × product × prefecture × month, and the public
 * table of every bank's response times.
 *
 * Rows are cohorts by the month of submission (Beijing time): an application submitted in March
 * and approved in April counts as approved in March, so each row's conversion reads straight.
 * "Answered within the promise" counts first responses (accept or reject) by their due time,
 * against every application answered or still waiting past its due time (a silent bank scores
 * no better than a late one); withdrawn applications nobody answered are left out.
 *
 * Bounded: a query covers at most 36 months and 100 000 applications (more is refused, asking to
 * narrow it); the applications are read once with a projection, and the "ever accepted" events
 * of rejected or withdrawn ones in batches of 1 000 ids — no read per row.
 */

export const STATS_MAX_MONTHS = 36;
export const STATS_MAX_APPLICATIONS = 100_000;
const EVENT_BATCH = 1_000;
/** The public table is computed at most this often per process: it is open to anyone, without a token. */
const PUBLIC_CACHE_MS = 5 * 60_000;
const BEIJING_OFFSET_MS = 8 * 3600_000;
/** The administrators' watch on late responses looks this far back and lists at most this many. */
const LATE_WATCH_DAYS = 180;
const LATE_LIST_LIMIT = 200;

type StatsQuery = z.output<typeof ZLoanStatsQuery>;

/** The fields the numbers need, read once per application. */
type StatApplication = {
  _id: Types.ObjectId;
  bankPartnerId: Types.ObjectId;
  productId?: Types.ObjectId | null;
  productName: string;
  prefectureCode: string;
  status: string;
  submittedAt: Date;
  responseDueAt: Date;
  firstResponseAt?: Date | null;
  approved?: { amountWan?: number | null; annualRate?: number | null } | null;
  disbursed?: { amountWan?: number | null } | null;
  firstLoan?: boolean | null;
  rejection?: { reason?: string | null } | null;
};

const PROJECTION = {
  bankPartnerId: 1,
  productId: 1,
  productName: 1,
  prefectureCode: 1,
  status: 1,
  submittedAt: 1,
  responseDueAt: 1,
  firstResponseAt: 1,
  approved: 1,
  disbursed: 1,
  firstLoan: 1,
  rejection: 1,
} as const;

/** Statuses only reached through 受理: an application in one of them was accepted at some point. */
const PAST_ACCEPTANCE = new Set(["accepted", "approved", "disbursed", "closed"]);
/** Statuses reachable with or without 受理: the events tell. */
const MAYBE_ACCEPTED = ["rejected", "withdrawn"];

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round((n + Number.EPSILON) * f) / f;
};

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest rank: the smallest value with at least 90% of the values at or below it. */
function p90(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.ceil(0.9 * sorted.length) - 1]!;
}

function responseHours(a: StatApplication): number | null {
  return a.firstResponseAt ? (a.firstResponseAt.getTime() - a.submittedAt.getTime()) / 3_600_000 : null;
}

/** On time, late, or not yet counted (answered on time, answered late / silent past due, neither). */
function promiseOutcome(a: StatApplication, now: Date): "kept" | "broken" | null {
  if (a.firstResponseAt) return a.firstResponseAt.getTime() <= a.responseDueAt.getTime() ? "kept" : "broken";
  if (a.status === "submitted" && now.getTime() > a.responseDueAt.getTime()) return "broken";
  return null;
}

/** The funnel of a set of applications. */
export function funnelOf(apps: StatApplication[], accepted: Set<string>, now: Date): TLoanFunnel {
  let approved = 0;
  let approvedAmount = 0;
  let rateSum = 0;
  let disbursed = 0;
  let disbursedAmount = 0;
  let firstLoans = 0;
  let acceptedCount = 0;
  let kept = 0;
  let judged = 0;
  const hours: number[] = [];
  const reasons = new Map<TLoanRejectionReason, number>();
  for (const a of apps) {
    if (accepted.has(a._id.toHexString())) acceptedCount += 1;
    if (a.approved?.amountWan != null) {
      approved += 1;
      approvedAmount += a.approved.amountWan;
      rateSum += a.approved.annualRate ?? 0;
    }
    if (a.disbursed?.amountWan != null) {
      disbursed += 1;
      disbursedAmount += a.disbursed.amountWan;
      if (a.firstLoan) firstLoans += 1;
    }
    const h = responseHours(a);
    if (h !== null) hours.push(h);
    const outcome = promiseOutcome(a, now);
    if (outcome) {
      judged += 1;
      if (outcome === "kept") kept += 1;
    }
    if (a.status === "rejected" && a.rejection?.reason) {
      const reason = a.rejection.reason as TLoanRejectionReason;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  hours.sort((x, y) => x - y);
  const med = median(hours);
  const high = p90(hours);
  return {
    applications: apps.length,
    accepted: acceptedCount,
    approved,
    approvedAmountWan: round(approvedAmount, 2),
    disbursed,
    disbursedAmountWan: round(disbursedAmount, 2),
    averageApprovedRate: approved ? round(rateSum / approved, 2) : null,
    firstResponseHoursMedian: med === null ? null : round(med, 2),
    firstResponseHoursP90: high === null ? null : round(high, 2),
    answeredWithinPromiseShare: judged ? round(kept / judged, 4) : null,
    firstLoanShare: disbursed ? round(firstLoans / disbursed, 4) : null,
    rejectionReasons: LOAN_REJECTION_REASONS.filter((r) => reasons.has(r))
      .map((r) => ({ reason: r, label: LOAN_REJECTION_REASON_LABELS[r], count: reasons.get(r)! }))
      .sort((x, y) => y.count - x.count),
  };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** yyyy-mm of an instant in Beijing time. */
function beijingMonth(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 7);
}

/** The instant a Beijing month starts. */
function monthStart(month: string): Date {
  return new Date(Date.parse(`${month}-01T00:00:00.000Z`) - BEIJING_OFFSET_MS);
}

function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** Which applications the caller may count: a bank manager their bank's, a regional administrator their prefecture's, the platform all. */
async function scopeOf(actor: Actor, query: StatsQuery): Promise<Record<string, unknown>> {
  const filter: Record<string, unknown> = {};
  if (actor.role === "partner_operator") {
    const staff = await requireBankManager(actor);
    // Another bank's numbers are refused outright rather than answered empty: the caller asked for something it may not see.
    if (query.bankPartnerId && query.bankPartnerId !== staff.partnerId.toHexString()) throw new AppError("FORBIDDEN", "只能查看本行的统计");
    filter.bankPartnerId = staff.partnerId;
  } else if (actor.role === "regional_admin") {
    if (!actor.prefectureCode) throw new AppError("FORBIDDEN");
    if (query.prefectureCode && query.prefectureCode !== actor.prefectureCode) throw new AppError("FORBIDDEN", "只能查看本州市的统计");
    filter.prefectureCode = actor.prefectureCode;
  } else if (actor.role !== "platform_admin") {
    throw new AppError("FORBIDDEN");
  }
  if (query.bankPartnerId && !filter.bankPartnerId) filter.bankPartnerId = new Types.ObjectId(query.bankPartnerId);
  if (query.prefectureCode && !filter.prefectureCode) filter.prefectureCode = query.prefectureCode;
  if (query.productId) filter.productId = new Types.ObjectId(query.productId);
  return filter;
}

/** The applications of rejected or withdrawn ones that were accepted before: one query per 1 000 ids. */
async function acceptedIds(apps: StatApplication[]): Promise<Set<string>> {
  const accepted = new Set(apps.filter((a) => PAST_ACCEPTANCE.has(a.status)).map((a) => a._id.toHexString()));
  const uncertain = apps.filter((a) => MAYBE_ACCEPTED.includes(a.status)).map((a) => a._id);
  for (let i = 0; i < uncertain.length; i += EVENT_BATCH) {
    const events = await LoanApplicationEventModel.find({ applicationId: { $in: uncertain.slice(i, i + EVENT_BATCH) }, to: "accepted" }, { applicationId: 1 }).lean();
    for (const e of events) accepted.add(e.applicationId.toHexString());
  }
  return accepted;
}

export function createLoanStatsService(deps: { now?: () => Date } = {}) {
  const clock = deps.now ?? (() => new Date());
  let publicCache: { at: number; value: TBankResponseTimes } | null = null;

  return {
    async stats(actor: Actor, query: StatsQuery): Promise<TLoanStats> {
      const scope = await scopeOf(actor, query);
      const now = clock();
      const to = query.to ?? beijingMonth(now);
      const from = query.from ?? addMonths(to, -11);
      if (from > to) throw new AppError("VALIDATION_FAILED", "起始月份不能晚于结束月份", { issues: [{ path: "query.from", message: "起始月份不能晚于结束月份" }] });
      if (monthsBetween(from, to) > STATS_MAX_MONTHS) {
        const message = `一次最多统计${STATS_MAX_MONTHS}个月`;
        throw new AppError("VALIDATION_FAILED", message, { issues: [{ path: "query.from", message }] });
      }
      const apps = await LoanApplicationModel.find({ ...scope, submittedAt: { $gte: monthStart(from), $lt: monthStart(addMonths(to, 1)) } }, PROJECTION)
        .limit(STATS_MAX_APPLICATIONS + 1)
        .lean<StatApplication[]>();
      if (apps.length > STATS_MAX_APPLICATIONS) {
        const message = `统计范围内的申请超过${STATS_MAX_APPLICATIONS}件，请缩短时间范围或按银行、州市筛选`;
        throw new AppError("VALIDATION_FAILED", message, { issues: [{ path: "query.from", message }] });
      }
      const accepted = await acceptedIds(apps);

      const groups = groupBy(apps, (a) => [beijingMonth(a.submittedAt), a.bankPartnerId.toHexString(), a.productId?.toHexString() ?? `-${a.productName}`, a.prefectureCode].join("|"));
      const bankIds = [...new Set(apps.map((a) => a.bankPartnerId.toHexString()))];
      const banks = bankIds.length ? await PartnerModel.find({ _id: { $in: bankIds } }, { name: 1 }).lean() : [];
      const bankNames = new Map(banks.map((b) => [b._id.toHexString(), b.name]));

      const rows = [...groups.values()].map((group) => {
        const first = group[0]!;
        return {
          ...funnelOf(group, accepted, now),
          month: beijingMonth(first.submittedAt),
          bankPartnerId: first.bankPartnerId.toHexString(),
          bankName: bankNames.get(first.bankPartnerId.toHexString()) ?? "（已注销的机构）",
          ...(first.productId ? { productId: first.productId.toHexString() } : {}),
          productName: first.productName,
          prefectureCode: first.prefectureCode as TPrefectureCode,
        };
      });
      rows.sort((x, y) => x.month.localeCompare(y.month) || x.bankName.localeCompare(y.bankName, "zh") || x.productName.localeCompare(y.productName, "zh") || x.prefectureCode.localeCompare(y.prefectureCode));
      return { total: funnelOf(apps, accepted, now), rows };
    },

    /**
     * Applications of the caller's region past the bank's promise, unanswered or answered late. The
     * comparison of two fields is worked out here over the region's newest applications (bounded), as
     * the bank's overdue filter does.
     */
    async lateResponses(actor: Actor, query: z.output<typeof ZLateLoanResponsesQuery>): Promise<TLateLoanResponses> {
      if (actor.role !== "regional_admin" && actor.role !== "platform_admin") throw new AppError("FORBIDDEN");
      const scope = await scopeOf(actor, { ...(query.bankPartnerId ? { bankPartnerId: query.bankPartnerId } : {}) });
      const now = clock();
      const since = new Date(now.getTime() - LATE_WATCH_DAYS * 86_400_000);
      const candidates = await LoanApplicationModel.find(
        { ...scope, submittedAt: { $gte: since }, responseDueAt: { $lt: now } },
        { ...PROJECTION, applicantKind: 1 },
      )
        .sort({ submittedAt: -1 })
        .limit(STATS_MAX_APPLICATIONS)
        .lean<(StatApplication & { applicantKind: TLateLoanResponses["items"][number]["applicantKind"] })[]>();
      // Withdrawn before anyone answered is the applicant's choice, not the bank's silence (as in the numbers).
      const late = candidates.filter(
        (a) => isResponseOverdue(a, now) && !(a.status === "withdrawn" && !a.firstResponseAt) && (!query.kind || (query.kind === "late") === !!a.firstResponseAt),
      );
      const shown = late.slice(0, LATE_LIST_LIMIT);
      const bankIds = [...new Set(shown.map((a) => a.bankPartnerId.toHexString()))];
      const banks = bankIds.length ? await PartnerModel.find({ _id: { $in: bankIds } }, { name: 1 }).lean() : [];
      const bankNames = new Map(banks.map((b) => [b._id.toHexString(), b.name]));
      return {
        since: since.toISOString(),
        items: shown.map((a) => ({
          applicationId: a._id.toHexString(),
          bankPartnerId: a.bankPartnerId.toHexString(),
          bankName: bankNames.get(a.bankPartnerId.toHexString()) ?? "（已注销的机构）",
          productName: a.productName,
          prefectureCode: a.prefectureCode as TPrefectureCode,
          applicantKind: a.applicantKind,
          status: a.status as TLateLoanResponses["items"][number]["status"],
          submittedAt: a.submittedAt.toISOString(),
          responseDueAt: a.responseDueAt.toISOString(),
          ...(a.firstResponseAt ? { firstResponseAt: a.firstResponseAt.toISOString() } : {}),
          hoursLate: Math.round((((a.firstResponseAt ?? now).getTime() - a.responseDueAt.getTime()) / 3_600_000) * 10) / 10,
        })),
      };
    },

    /**
     * Every approved bank's response times over the last 12 months, for anyone. Counts come from
     * one $group; the times from the latest 100 000 applications of the period (a bound that a
     * provincial platform's year stays well under).
     */
    async bankResponseTimes(): Promise<TBankResponseTimes> {
      const now = clock();
      if (publicCache && now.getTime() - publicCache.at < PUBLIC_CACHE_MS) return publicCache.value;
      const since = new Date(now);
      since.setUTCFullYear(since.getUTCFullYear() - 1);
      const banks = await PartnerModel.find({ kind: "bank", status: "approved" }, { name: 1 }).sort({ name: 1 }).lean();
      const bankIds = banks.map((b) => b._id);
      const match = { bankPartnerId: { $in: bankIds }, submittedAt: { $gte: since } };
      const [counts, samples, products] = await Promise.all([
        LoanApplicationModel.aggregate<{ _id: Types.ObjectId; n: number }>([{ $match: match }, { $group: { _id: "$bankPartnerId", n: { $sum: 1 } } }]),
        LoanApplicationModel.find(match, { bankPartnerId: 1, status: 1, submittedAt: 1, responseDueAt: 1, firstResponseAt: 1 }).sort({ submittedAt: -1 }).limit(STATS_MAX_APPLICATIONS).lean<StatApplication[]>(),
        LoanProductModel.find({ bankPartnerId: { $in: bankIds }, status: "published" }, { bankPartnerId: 1, responseDays: 1 }).lean(),
      ]);
      const countOf = new Map(counts.map((c) => [c._id.toHexString(), c.n]));
      const byBank = groupBy(samples, (a) => a.bankPartnerId.toHexString());
      const promised = groupBy(products, (p) => p.bankPartnerId.toHexString());

      const value: TBankResponseTimes = {
        since: since.toISOString(),
        items: banks.map((b) => {
          const id = b._id.toHexString();
          const funnel = funnelOf(byBank.get(id) ?? [], new Set(), now);
          const days = (promised.get(id) ?? []).map((p) => p.responseDays);
          return {
            bankPartnerId: id,
            bankName: b.name,
            applications: countOf.get(id) ?? 0,
            firstResponseHoursMedian: funnel.firstResponseHoursMedian,
            answeredWithinPromiseShare: funnel.answeredWithinPromiseShare,
            promisedDays: days.length ? { min: Math.min(...days), max: Math.max(...days) } : null,
          };
        }),
      };
      publicCache = { at: now.getTime(), value };
      return value;
    },
  };
}

export type LoanStatsService = ReturnType<typeof createLoanStatsService>;
