/**
 * The message center's own sweeps (issue 9): vouchers about to expire, and loan application steps. Both
 * only record notices, under keys that say what they are for, so a sweep run twice, in two workers at
 * once, or over a window it has seen before tells each fact once.
 */
import { isAdverseRecord, LOAN_REJECTION_REASON_LABELS, repairPeriodsOf, type TLoanRejectionReason } from "@xinyi/shared";
import type { Types } from "mongoose";
import { ClaimModel, VoucherOutcomeModel } from "../claims/model";
import { CreditRecordModel } from "../credit-records/model";
import { LoanApplicationEventModel, LoanApplicationModel } from "../loans/model";
import { PartnerModel } from "../partners/model";
import { rulesInForce } from "../repairs/rules";
import { SweepCursorModel } from "./model";
import { NoticeModel, recordNotice, type Notice } from "./outbox";
import { beijingShortText } from "./presenter";

const HOUR_MS = 3600_000;
/** At most this many candidates per run: the next minute's run takes the rest. */
const BATCH = 1000;

/** Records the notices whose keys are not there yet (one read for all of them, then one insert each). */
async function recordNew(notices: Notice[]): Promise<number> {
  if (notices.length === 0) return 0;
  const told = new Set((await NoticeModel.find({ _id: { $in: notices.map((n) => n.key) } }, { _id: 1 }).lean()).map((n) => String(n._id)));
  const fresh = notices.filter((n) => !told.has(n.key));
  for (const notice of fresh) await recordNotice(notice);
  return fresh.length;
}

export const VOUCHER_REMINDER_HOURS = 24;

export const voucherReminderKey = (claimId: Types.ObjectId | string) => `voucher:${String(claimId)}:expiring`;

/** Vouchers still unused that expire within 24 hours of `now`: one reminder each. */
export async function remindExpiringVouchers(now: Date): Promise<number> {
  const until = new Date(now.getTime() + VOUCHER_REMINDER_HOURS * HOUR_MS);
  const claims = await ClaimModel.find({ status: "claimed", expiresAt: { $gt: now, $lte: until } }, { subjectId: 1, scenarioTitle: 1, expiresAt: 1 })
    .sort({ expiresAt: 1 })
    .limit(BATCH)
    .lean();
  if (claims.length === 0) return 0;
  // A redemption or cancellation is decided by its outcome insert; the claim's status may lag behind it.
  const settled = new Set((await VoucherOutcomeModel.find({ _id: { $in: claims.map((c) => c._id) } }, { _id: 1 }).lean()).map((o) => String(o._id)));
  return recordNew(
    claims
      .filter((c) => !settled.has(c._id.toHexString()))
      .map((c) => ({
        key: voucherReminderKey(c._id),
        subjectId: c.subjectId,
        kind: "voucher" as const,
        title: "权益券即将到期",
        body: `您领取的「${c.scenarioTitle}」将于${beijingShortText(c.expiresAt)}到期，请及时使用。`,
        link: { page: "voucher", id: c._id.toHexString() },
        at: now,
      })),
  );
}

export const LOAN_STEPS_SWEEP = "loan-step-notices";
/** Events are read again from this long before the cursor: an event written with an earlier clock, or slowly, is not missed. */
const LOAN_OVERLAP_MS = 10 * 60_000;
/** On the first run, how far back loan events are told (not the whole history of a deployment). */
const LOAN_FIRST_LOOKBACK_MS = 24 * HOUR_MS;
/** The bank's steps an applicant is told of; their own (submit, withdraw) and internal ones (assign) are not. */
/** Larger than any ten minutes of decisions: a batch must reach past the overlap, or the sweep would reread it. */
const LOAN_BATCH = 5000;
const TOLD_ACTIONS = ["accept", "approve", "reject", "disburse", "close"] as const;

export const loanStepKey = (applicationId: Types.ObjectId | string, version: number) => `loan:${String(applicationId)}:${version}`;

type LoanSet = {
  approved?: { amountWan?: number; annualRate?: number; termMonths?: number; offerValidUntil?: Date | string };
  rejection?: { reason?: string; text?: string };
  disbursed?: { amountWan?: number };
};

function loanText(action: string, bank: string, product: string, set: LoanSet): { title: string; body: string } {
  switch (action) {
    case "accept":
      return { title: "贷款申请已受理", body: `${bank}已受理您的「${product}」申请，请留意审批结果。` };
    case "approve": {
      const a = set.approved ?? {};
      const until = a.offerValidUntil ? `，请在${beijingShortText(new Date(a.offerValidUntil))}前联系银行办理` : "";
      return { title: "贷款申请已获授信", body: `${bank}已批准您的「${product}」申请：授信${a.amountWan ?? "—"}万元，年利率${a.annualRate ?? "—"}%，期限${a.termMonths ?? "—"}个月${until}。` };
    }
    case "reject": {
      const r = set.rejection ?? {};
      const label = r.reason ? (LOAN_REJECTION_REASON_LABELS[r.reason as TLoanRejectionReason] ?? r.reason) : "";
      return { title: "贷款申请未通过", body: `${bank}未批准您的「${product}」申请${label ? `，原因：${label}` : ""}${r.text ? `（${r.text}）` : ""}。` };
    }
    case "disburse":
      return { title: "贷款已放款", body: `${bank}已发放您的「${product}」贷款${set.disbursed?.amountWan ?? "—"}万元。` };
    default:
      return { title: "贷款已结清", body: `您在${bank}的「${product}」贷款已结清。` };
  }
}

/**
 * New loan application events become notices to the applicant (`loan:<applicationId>:<version>`), read
 * from the events themselves so that the loans module need not know the message center.
 */
export async function noticeLoanSteps(now: Date): Promise<number> {
  const cursor = await SweepCursorModel.findById(LOAN_STEPS_SWEEP).lean();
  const from = cursor ? new Date(cursor.at.getTime() - LOAN_OVERLAP_MS) : new Date(now.getTime() - LOAN_FIRST_LOOKBACK_MS);
  const events = await LoanApplicationEventModel.find({ at: { $gte: from, $lte: now }, action: { $in: TOLD_ACTIONS } }, { applicationId: 1, version: 1, action: 1, set: 1, at: 1 })
    .sort({ at: 1 })
    .limit(LOAN_BATCH)
    .lean();
  if (events.length === 0) return 0;
  const applications = await LoanApplicationModel.find({ _id: { $in: [...new Set(events.map((e) => e.applicationId.toHexString()))] } }, { subjectId: 1, productName: 1, bankPartnerId: 1 }).lean();
  const byId = new Map(applications.map((a) => [a._id.toHexString(), a]));
  const banks = new Map((await PartnerModel.find({ _id: { $in: applications.map((a) => a.bankPartnerId) } }, { name: 1 }).lean()).map((p) => [p._id.toHexString(), p.name as string]));
  const notices: Notice[] = events.flatMap((e) => {
    const application = byId.get(e.applicationId.toHexString());
    if (!application) return [];
    const { title, body } = loanText(e.action, banks.get(application.bankPartnerId.toHexString()) ?? "银行", application.productName, (e.set ?? {}) as LoanSet);
    return [{ key: loanStepKey(e.applicationId, e.version), subjectId: application.subjectId, kind: "loan" as const, title, body, link: { page: "loanApplication", id: e.applicationId.toHexString() }, at: e.at }];
  });
  const told = await recordNew(notices);
  // The cursor follows the events read, not the clock: a batch cut short is read on from its last event.
  await SweepCursorModel.updateOne({ _id: LOAN_STEPS_SWEEP }, { $max: { at: events[events.length - 1]!.at } }, { upsert: true });
  return told;
}

export const RECORD_NOTICES_SWEEP = "record-published-notices";
export const recordPublishedKey = (recordId: Types.ObjectId | string) => `record:${String(recordId)}:published`;

/**
 * A new record that counts against a subject (entered or imported) is told to them with the date until
 * which they may object: the day it stops counting by the period rules in force. Read from the records
 * themselves, after a cursor, as the loan steps are. A broken commitment's record is told by its case.
 */
export async function noticeNewAdverseRecords(now: Date): Promise<number> {
  const cursor = await SweepCursorModel.findById(RECORD_NOTICES_SWEEP).lean();
  const from = cursor ? new Date(cursor.at.getTime() - LOAN_OVERLAP_MS) : new Date(now.getTime() - LOAN_FIRST_LOOKBACK_MS);
  const records = await CreditRecordModel.find(
    { createdAt: { $gte: from, $lte: now }, status: "active", kind: { $in: ["penalty", "black_list", "tax_grade"] } },
    { subjectId: 1, kind: 1, taxGrade: 1, severity: 1, title: 1, sourceDept: 1, decidedAt: 1, validUntil: 1, createdAt: 1 },
  )
    .sort({ createdAt: 1 })
    .limit(BATCH)
    .lean();
  if (records.length === 0) return 0;
  const rules = (await rulesInForce()).items;
  const notices: Notice[] = records.filter(isAdverseRecord).map((r) => {
    const until = repairPeriodsOf(r, rules).stopsCountingOn;
    return {
      key: recordPublishedKey(r._id),
      subjectId: r.subjectId,
      kind: "record" as const,
      title: "新增一条信用记录",
      body: `${r.sourceDept}于${r.decidedAt}作出的“${r.title}”已记入您的信用记录。如认为有误，${until ? `可在${until}前` : "可随时"}在「我的信用」中提出异议。`,
      link: { page: "creditRecord", id: r._id.toHexString() },
      at: r.createdAt,
    };
  });
  const told = await recordNew(notices);
  await SweepCursorModel.updateOne({ _id: RECORD_NOTICES_SWEEP }, { $max: { at: records[records.length - 1]!.createdAt } }, { upsert: true });
  return told;
}
