import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TLateLoanResponses, TLoanRejectionReason, TPrefectureCode } from "@xinyi/shared";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import { applyFor, createBankWithStaff, publishedProduct } from "../../../test/loan-fixtures";
import { acceptAllDocuments } from "../../../test/privacy";
import { nextPhone } from "../../../test/scenario-fixtures";
import type { Actor } from "../../http/context";
import { PartnerModel } from "../partners/model";
import { LoanApplicationEventModel, LoanApplicationModel, LoanProductModel } from "./model";
import { createLoanStatsService } from "./stats-service";

/**
 * The numbers on the real store. The fixtures are applications as the store holds them after the
 * banks' work (with their accept events), at hours chosen so every figure can be worked out by hand.
 */
let t: TestServer;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Bank = Awaited<ReturnType<typeof newBank>>;

/** An approved bank with a manager and an officer (the fixtures' own), named so rows can be told apart. */
async function newBank(name: string, prefectureCodes: TPrefectureCode[] = ["530100"]) {
  const { bank, manager, officer } = await createBankWithStaff(t, { name, prefectureCodes });
  const partner = (await PartnerModel.findById(bank.id).lean())!;
  return { id: bank.id, partner, manager: manager.token, officer: officer.token };
}

function productFixture(bank: Bank, name: string, responseDays: number, status: string) {
  return {
    bankPartnerId: bank.partner._id, name, guaranteeModes: ["credit"], applicantKinds: ["citizen", "enterprise"], amountWan: { min: 1, max: 500 }, termMonths: { min: 1, max: 36 },
    annualRate: { min: 3, max: 6 }, repaymentModes: ["equal_installment"], prefectureCodes: ["530100", "532900"], rule: { type: "all", rules: [] }, responseDays, status, version: 1, createdBy: bank.partner._id,
    ...(status === "published" ? { publishedAt: new Date() } : {}),
  };
}

type Fixture = {
  bank: Bank;
  product?: { _id: Types.ObjectId; name: string };
  prefectureCode?: TPrefectureCode;
  /** Beijing time, e.g. 2026-03-03T10:00:00+08:00 */
  submittedAt: string;
  status: string;
  /** Hours from submission to the first response (accept or reject). */
  responseHours?: number;
  /** Hours from submission to the promised response (default 72). */
  dueHours?: number;
  accepted?: boolean;
  approved?: { amountWan: number; annualRate: number };
  disbursedWan?: number;
  firstLoan?: boolean;
  rejection?: TLoanRejectionReason;
};

/** Inserts applications as the bank's work leaves them, with the submit and (when accepted) accept events. */
async function insertApplications(fixtures: Fixture[]) {
  const docs = fixtures.map((f) => {
    const submittedAt = new Date(f.submittedAt);
    return {
      _id: new Types.ObjectId(),
      ...(f.product ? { productId: f.product._id } : { demandId: new Types.ObjectId() }),
      productName: f.product?.name ?? "融资需求对接",
      bankPartnerId: f.bank.partner._id,
      source: f.product ? "product" : "demand",
      subjectId: new Types.ObjectId(),
      applicantKind: "enterprise",
      applicantName: "统计测试企业",
      applicantUserId: new Types.ObjectId(),
      prefectureCode: f.prefectureCode ?? "530100",
      amountWan: 100,
      termMonths: 12,
      purpose: "经营周转",
      contactName: "李经理",
      contactPhone: "13900000000",
      status: f.status,
      version: 3,
      consentGrantId: new Types.ObjectId(),
      consentValidUntil: new Date(submittedAt.getTime() + 90 * DAY),
      submittedAt,
      responseDays: 3,
      responseDueAt: new Date(submittedAt.getTime() + (f.dueHours ?? 72) * HOUR),
      ...(f.responseHours !== undefined ? { firstResponseAt: new Date(submittedAt.getTime() + f.responseHours * HOUR) } : {}),
      ...(f.approved ? { approved: { ...f.approved, termMonths: 12, offerValidUntil: new Date(submittedAt.getTime() + 30 * DAY) } } : {}),
      ...(f.disbursedWan !== undefined ? { disbursed: { amountWan: f.disbursedWan, date: new Date(submittedAt.getTime() + 10 * DAY) } } : {}),
      firstLoan: f.firstLoan ?? false,
      ...(f.rejection ? { rejection: { reason: f.rejection, text: "" } } : {}),
    };
  });
  await LoanApplicationModel.insertMany(docs);
  const actor = { actorId: new Types.ObjectId(), actorRole: "partner_operator", actorLabel: "测试" };
  await LoanApplicationEventModel.insertMany(
    docs.flatMap((d, i) => [
      { applicationId: d._id, version: 1, action: "submit", to: "submitted", ...actor, at: d.submittedAt },
      ...(fixtures[i]!.accepted ? [{ applicationId: d._id, version: 2, action: "accept", from: "submitted", to: "accepted", ...actor, at: d.firstResponseAt ?? d.submittedAt }] : []),
    ]),
  );
  return docs;
}

let platform: string;
let kunming: string;
let bankA: Bank;
let bankB: Bank;
let bankEmpty: Bank;
let productA: { _id: Types.ObjectId; name: string };
const PERIOD = "from=2026-03&to=2026-04";

beforeAll(async () => {
  t = await startTestServer({ name: "loan-stats" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
  bankA = await newBank("统计甲银行", ["530100", "532900"]);
  bankB = await newBank("统计乙银行");
  bankEmpty = await newBank("统计丙银行");
  // A bank still under review is on no public table.
  await PartnerModel.create({ name: "统计待审银行", kind: "bank", prefectureCodes: ["530100"], status: "pending" });
  const [a1, , b1] = await LoanProductModel.insertMany([
    productFixture(bankA, "云测贷", 3, "published"),
    productFixture(bankA, "草稿贷", 1, "draft"),
    productFixture(bankB, "乙快贷", 2, "published"),
    productFixture(bankB, "乙慢贷", 5, "published"),
  ]);
  productA = { _id: a1!._id, name: "云测贷" };
  const productB = { _id: b1!._id, name: "乙快贷" };

  await insertApplications([
    // 甲 · 云测贷 · 昆明 · 2026-03: seven applications.
    { bank: bankA, product: productA, submittedAt: "2026-03-03T10:00:00+08:00", status: "disbursed", accepted: true, responseHours: 2, approved: { amountWan: 100, annualRate: 3.8 }, disbursedWan: 100, firstLoan: true },
    { bank: bankA, product: productA, submittedAt: "2026-03-04T10:00:00+08:00", status: "disbursed", accepted: true, responseHours: 4, approved: { amountWan: 200, annualRate: 4.0 }, disbursedWan: 150 },
    { bank: bankA, product: productA, submittedAt: "2026-03-05T10:00:00+08:00", status: "rejected", accepted: true, responseHours: 10, rejection: "repayment_capacity" },
    // Refused straight away, but after the promise (100 h > 72 h).
    { bank: bankA, product: productA, submittedAt: "2026-03-06T10:00:00+08:00", status: "rejected", responseHours: 100, rejection: "credit_standing" },
    // Never answered, long past its promise: counts against the bank.
    { bank: bankA, product: productA, submittedAt: "2026-03-09T10:00:00+08:00", status: "submitted" },
    // Withdrawn before anyone answered: not accepted, and not judged against the promise.
    { bank: bankA, product: productA, submittedAt: "2026-03-10T10:00:00+08:00", status: "withdrawn" },
    // Accepted, then withdrawn; submitted half an hour before April in Beijing (15:30 UTC): a March application.
    { bank: bankA, product: productA, submittedAt: "2026-03-31T23:30:00+08:00", status: "withdrawn", accepted: true, responseHours: 1 },
    // 甲 · 云测贷 · 大理 · 2026-03
    { bank: bankA, product: productA, prefectureCode: "532900", submittedAt: "2026-03-12T09:00:00+08:00", status: "approved", accepted: true, responseHours: 6, approved: { amountWan: 50, annualRate: 4.2 } },
    // 甲 · 云测贷 · 昆明 · 2026-04: half an hour into April in Beijing (still March 31 in UTC), never answered.
    { bank: bankA, product: productA, submittedAt: "2026-04-01T00:30:00+08:00", status: "submitted" },
    // 甲 · 融资需求对接 (an accepted offer on a demand) · 昆明 · 2026-03
    { bank: bankA, submittedAt: "2026-03-16T09:00:00+08:00", status: "accepted", accepted: true, responseHours: 24 },
    // 乙 · 乙快贷 · 昆明 · 2026-03
    { bank: bankB, product: productB, submittedAt: "2026-03-20T09:00:00+08:00", status: "approved", accepted: true, responseHours: 30, approved: { amountWan: 80, annualRate: 3.6 } },
    // 乙, thirteen months before now: outside the public table's twelve months.
    { bank: bankB, product: productB, submittedAt: new Date(Date.now() - 396 * DAY).toISOString(), status: "accepted", accepted: true, responseHours: 500 },
  ]);
});
afterAll(() => t.close());

const stats = (token: string | undefined, query: string) => t.api("GET", `/loan-stats?${query}`, token ? { token } : {});
type Row = { month: string; bankName: string; productName: string; prefectureCode: string; applications: number };
const rowKeys = (rows: Row[]) => rows.map((r) => `${r.month} ${r.bankName} ${r.productName} ${r.prefectureCode} ${r.applications}`);

describe("GET /loan-stats", () => {
  it("works out the funnel of a bank × product × prefecture × month from the applications and their events", async () => {
    const res = await stats(bankA.manager, PERIOD);
    expect(res.status).toBe(200);
    const row = res.body.rows.find((r: Row) => r.month === "2026-03" && r.productName === "云测贷" && r.prefectureCode === "530100");
    expect(row).toEqual({
      month: "2026-03",
      bankPartnerId: bankA.id,
      bankName: "统计甲银行",
      productId: productA._id.toHexString(),
      productName: "云测贷",
      prefectureCode: "530100",
      applications: 7,
      // Disbursed, disbursed, rejected after 受理, withdrawn after 受理 (the last two known from their events).
      accepted: 4,
      approved: 2,
      approvedAmountWan: 300,
      disbursed: 2,
      disbursedAmountWan: 250,
      averageApprovedRate: 3.9,
      // First responses after 1, 2, 4, 10 and 100 hours.
      firstResponseHoursMedian: 4,
      firstResponseHoursP90: 100,
      // On time: 1, 2, 4, 10 h; late: the 100 h refusal and the silent one; the withdrawal nobody answered is left out.
      answeredWithinPromiseShare: 0.6667,
      firstLoanShare: 0.5,
      rejectionReasons: [
        { reason: "credit_standing", label: "信用状况不符合要求", count: 1 },
        { reason: "repayment_capacity", label: "还款能力不足", count: 1 },
      ],
    });
  });

  it("the platform sees every bank; rows by month, bank, product and prefecture, and a total over all of them", async () => {
    const res = await stats(platform, PERIOD);
    expect(res.status).toBe(200);
    // Names in pinyin order, as a Chinese reader expects: 甲 (jia) before 乙 (yi), 融 (rong) before 云 (yun).
    expect(rowKeys(res.body.rows)).toEqual([
      "2026-03 统计甲银行 融资需求对接 530100 1",
      "2026-03 统计甲银行 云测贷 530100 7",
      "2026-03 统计甲银行 云测贷 532900 1",
      "2026-03 统计乙银行 乙快贷 530100 1",
      "2026-04 统计甲银行 云测贷 530100 1",
    ]);
    expect(res.body.rows.find((r: Row) => r.productName === "融资需求对接").productId).toBeUndefined();
    expect(res.body.total).toEqual({
      applications: 11,
      accepted: 7,
      approved: 4,
      approvedAmountWan: 430,
      disbursed: 2,
      disbursedAmountWan: 250,
      // (3.8 + 4.0 + 4.2 + 3.6) / 4
      averageApprovedRate: 3.9,
      // 1, 2, 4, 6, 10, 24, 30, 100 hours: the median between 6 and 10, the 90th percentile the 8th of 8.
      firstResponseHoursMedian: 8,
      firstResponseHoursP90: 100,
      // On time 7 (four in 昆明's March row, 大理, the demand, 乙); late 3 (100 h, and two never answered).
      answeredWithinPromiseShare: 0.7,
      firstLoanShare: 0.5,
      rejectionReasons: [
        { reason: "credit_standing", label: "信用状况不符合要求", count: 1 },
        { reason: "repayment_capacity", label: "还款能力不足", count: 1 },
      ],
    });
  });

  it("months are Beijing months: from=to=2026-04 holds only the application of 00:30 on 1 April", async () => {
    const res = await stats(bankA.manager, "from=2026-04&to=2026-04");
    expect(res.status).toBe(200);
    expect(rowKeys(res.body.rows)).toEqual(["2026-04 统计甲银行 云测贷 530100 1"]);
    expect(res.body.total).toMatchObject({ applications: 1, accepted: 0, approved: 0, averageApprovedRate: null, firstResponseHoursMedian: null, answeredWithinPromiseShare: 0, firstLoanShare: null, rejectionReasons: [] });
  });

  it("a bank manager sees only their bank; another bank's numbers are refused, and loan officers get none", async () => {
    const own = await stats(bankA.manager, PERIOD);
    expect(own.body.rows.length).toBe(4);
    expect(own.body.rows.every((r: { bankPartnerId: string }) => r.bankPartnerId === bankA.id)).toBe(true);
    expect(own.body.total).toMatchObject({ applications: 10, approved: 3, approvedAmountWan: 350 });
    const dali = await stats(bankA.manager, `${PERIOD}&prefectureCode=532900`);
    expect(rowKeys(dali.body.rows)).toEqual(["2026-03 统计甲银行 云测贷 532900 1"]);

    const foreign = await stats(bankA.manager, `${PERIOD}&bankPartnerId=${bankB.id}`);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatchObject({ code: "FORBIDDEN", message: "只能查看本行的统计" });
    const officer = await stats(bankA.officer, PERIOD);
    expect(officer.status).toBe(403);
    expect(officer.body.error.code).toBe("FORBIDDEN");
    const empty = await stats(bankEmpty.manager, PERIOD);
    expect(empty.body).toEqual({ total: expect.objectContaining({ applications: 0, averageApprovedRate: null, answeredWithinPromiseShare: null }), rows: [] });
  });

  it("a regional administrator sees their prefecture only; another prefecture is refused", async () => {
    const res = await stats(kunming, PERIOD);
    expect(res.status).toBe(200);
    expect(rowKeys(res.body.rows)).toEqual([
      "2026-03 统计甲银行 融资需求对接 530100 1",
      "2026-03 统计甲银行 云测贷 530100 7",
      "2026-03 统计乙银行 乙快贷 530100 1",
      "2026-04 统计甲银行 云测贷 530100 1",
    ]);
    expect(res.body.total.applications).toBe(10);
    const oneBank = await stats(kunming, `${PERIOD}&bankPartnerId=${bankA.id}`);
    expect(oneBank.body.total.applications).toBe(9);
    const dali = await stats(kunming, `${PERIOD}&prefectureCode=532900`);
    expect(dali.status).toBe(403);
    expect(dali.body.error).toMatchObject({ code: "FORBIDDEN", message: "只能查看本州市的统计" });
  });

  it("other callers are refused, and the period is bounded", async () => {
    const partner = (await t.consoleLogin("ynly_operator", "Partner@2026")).accessToken;
    expect((await stats(partner, PERIOD)).status).toBe(403);
    const [citizen] = await createCitizens([{ phone: nextPhone("178") }]);
    expect((await stats(t.tokenFor(citizen!), PERIOD)).status).toBe(403);
    expect((await stats(undefined, PERIOD)).status).toBe(401);
    const reversed = await stats(platform, "from=2026-05&to=2026-04");
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details.issues).toEqual([{ path: "query.from", message: "起始月份不能晚于结束月份" }]);
    const long = await stats(platform, "from=2023-01&to=2026-01");
    expect(long.status).toBe(400);
    expect(long.body.error.details.issues).toEqual([{ path: "query.from", message: "一次最多统计36个月" }]);
    expect((await stats(platform, "from=2023-02&to=2026-01")).status).toBe(200);
  });

  it("counts what the bank's work through the API wrote: apply, accept, approve, disburse", async () => {
    const bank = await newBank("统计丁银行");
    const product = await publishedProduct(t, bank.manager, kunming, { name: "丁信用贷", annualRate: { min: 3.6, max: 6 } });
    const [user] = await createCitizens([{ phone: nextPhone("178"), score: 720 }]);
    const token = t.tokenFor(user!);
    await acceptAllDocuments(t, token);
    const applied = await applyFor(t, token, product.id);
    expect(applied.status).toBe(201);
    const id = applied.body.id;
    const step = async (body: Record<string, unknown>) => {
      const current = await t.api("GET", `/loan-applications/${id}`, { token: bank.officer });
      const res = await t.api("POST", `/loan-applications/${id}/transitions`, { token: bank.officer, body: { ...body, expectedVersion: current.body.version } });
      expect(res.status).toBe(200);
    };
    await step({ action: "accept" });
    await step({ action: "approve", approved: { amountWan: 10, annualRate: 4.35, termMonths: 12, offerValidUntil: new Date(Date.now() + 30 * DAY).toISOString() } });
    await step({ action: "disburse", disbursed: { amountWan: 8, date: new Date(Date.now() - 60_000).toISOString() } });

    const res = await stats(bank.manager, "");
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0]).toMatchObject({ productName: "丁信用贷", prefectureCode: "530100", applications: 1, accepted: 1, approved: 1, approvedAmountWan: 10, disbursed: 1, disbursedAmountWan: 8, averageApprovedRate: 4.35, answeredWithinPromiseShare: 1, firstLoanShare: 1 });
    expect(res.body.rows[0].firstResponseHoursMedian).toBeGreaterThanOrEqual(0);
    expect(res.body.rows[0].firstResponseHoursMedian).toBeLessThan(0.1);
  });
});

describe("late responses, watched by the prefecture", () => {
  // Ten days into April 2026 (Beijing): the March fixtures are within the 180 days looked at.
  const watch = createLoanStatsService({ now: () => new Date("2026-04-10T00:00:00+08:00") });
  const kunmingAdmin: Actor = { userId: new Types.ObjectId().toHexString(), role: "regional_admin", prefectureCode: "530100" };
  const briefly = (r: TLateLoanResponses) => r.items.map((i) => `${i.submittedAt.slice(0, 10)} ${i.status} ${i.hoursLate}`);

  it("lists the bank's applications past the promise, unanswered or answered late, newest first, with the hours late", async () => {
    const late = await watch.lateResponses(kunmingAdmin, { bankPartnerId: bankA.id });
    // 04-01 00:30 due 04-04 00:30: 143.5 h unanswered; 03-09 10:00 due 03-12 10:00: 686 h; 03-06 answered at 100 h of 72: 28 h late.
    // Not listed: the ones answered in time, the one withdrawn before any answer, and 大理's.
    expect(briefly(late)).toEqual(["2026-03-31 submitted 143.5", "2026-03-09 submitted 686", "2026-03-06 rejected 28"]);
    expect(late.items[2]).toMatchObject({ bankName: "统计甲银行", productName: "云测贷", prefectureCode: "530100", applicantKind: "enterprise" });
    expect(late.items[2]!.firstResponseAt).toBeDefined();
    expect(JSON.stringify(late)).not.toContain("统计测试企业");
    expect(briefly(await watch.lateResponses(kunmingAdmin, { bankPartnerId: bankA.id, kind: "late" }))).toEqual(["2026-03-06 rejected 28"]);
    expect(briefly(await watch.lateResponses(kunmingAdmin, { bankPartnerId: bankA.id, kind: "unanswered" }))).toHaveLength(2);
  });

  it("each administrator sees their region only; banks and others are refused", async () => {
    const dali: Actor = { userId: new Types.ObjectId().toHexString(), role: "regional_admin", prefectureCode: "532900" };
    expect((await watch.lateResponses(dali, { bankPartnerId: bankA.id })).items).toEqual([]);
    const platformActor: Actor = { userId: new Types.ObjectId().toHexString(), role: "platform_admin" };
    expect((await watch.lateResponses(platformActor, { bankPartnerId: bankA.id })).items).toHaveLength(3);
    expect((await t.api("GET", "/loan-stats/late-responses", { token: bankA.manager })).status).toBe(403);
    expect((await t.api("GET", "/loan-stats/late-responses", { token: bankA.officer })).status).toBe(403);
    expect((await t.api("GET", "/loan-stats/late-responses")).status).toBe(401);
    const res = await t.api("GET", "/loan-stats/late-responses?kind=sometimes", { token: kunming });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe("query.kind");
    expect((await t.api("GET", "/loan-stats/late-responses", { token: kunming })).status).toBe(200);
  });
});

describe("GET /public/bank-response-times", () => {
  it("answers without a token: every approved bank of the last twelve months, with its promised days", async () => {
    const res = await t.api("GET", "/public/bank-response-times");
    expect(res.status).toBe(200);
    const byName = new Map(res.body.items.map((i: { bankName: string }) => [i.bankName, i]));
    expect(byName.get("统计甲银行")).toEqual({
      bankPartnerId: bankA.id,
      bankName: "统计甲银行",
      // Every 甲 fixture is within the twelve months.
      applications: 10,
      // 1, 2, 4, 6, 10, 24, 100 hours.
      firstResponseHoursMedian: 6,
      // On time: 1, 2, 4, 10, 6, 24 h; late: 100 h and the two never answered.
      answeredWithinPromiseShare: 0.6667,
      // The draft's 1 day does not count: only published products promise anything.
      promisedDays: { min: 3, max: 3 },
    });
    // The application of thirteen months ago is not counted.
    expect(byName.get("统计乙银行")).toMatchObject({ applications: 1, firstResponseHoursMedian: 30, answeredWithinPromiseShare: 1, promisedDays: { min: 2, max: 5 } });
    expect(byName.get("统计丙银行")).toMatchObject({ applications: 0, firstResponseHoursMedian: null, answeredWithinPromiseShare: null, promisedDays: null });
    expect(byName.has("统计待审银行")).toBe(false);
    expect(byName.has("一部手机游云南")).toBe(false);
    const since = new Date(res.body.since).getTime();
    expect(Math.abs(since - (Date.now() - 365 * DAY))).toBeLessThan(2 * DAY);
  });
});
