import { randomUUID } from "node:crypto";
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addWorkingDays, beijingDate, workingCalendar, type TLoanProduct } from "@xinyi/shared";
import { createCitizens, type CitizenSpec } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import { applicationBody, applyFor, createBankWithStaff, createStaff, publishedProduct } from "../../../test/loan-fixtures";
import { acceptAllDocuments } from "../../../test/privacy";
import { nextPhone } from "../../../test/scenario-fixtures";
import type { Actor } from "../../http/context";
import { AuditEntryModel } from "../audit/model";
import { ConsentGrantModel, ReportAccessModel } from "../consent/model";
import { SubjectStandingModel } from "../evaluations/model";
import { createLoanApplicationService } from "./applications-service";
import { FirstLoanModel, LoanApplicationEventModel, LoanApplicationModel, OpenApplicationSlotModel } from "./model";

let t: TestServer;
let kunming: string;
let platform: string;

beforeAll(async () => {
  t = await startTestServer({ name: "loan-applications" });
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
});
afterAll(() => t.close());

/** A verified 昆明 citizen (score 700, grade A) who has accepted the privacy documents, as applying needs. */
async function applicant(spec: Partial<CitizenSpec> = {}) {
  const [user] = await createCitizens([{ phone: nextPhone(), name: "赵小明", ...spec }]);
  const token = t.tokenFor(user!);
  await acceptAllDocuments(t, token);
  return { token, userId: user!._id.toHexString(), subjectId: user!.subjectId!.toHexString() };
}

/** A bank with a manager and an officer, and one published citizens' product (1–30万, 6–60 months, 3.6–6%). */
async function bankWithProduct(overrides: Parameters<typeof publishedProduct>[3] = {}) {
  const staff = await createBankWithStaff(t);
  const product = await publishedProduct(t, staff.manager.token, kunming, overrides);
  return { ...staff, product };
}

const decide = (token: string, id: string, body: Record<string, unknown>) => t.api("POST", `/loan-applications/${id}/transitions`, { token, body });
const oid = (id: string) => new Types.ObjectId(id);

async function submitted(product: TLoanProduct, who?: Awaited<ReturnType<typeof applicant>>) {
  const person = who ?? (await applicant());
  const res = await applyFor(t, person.token, product.id);
  if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`);
  return { person, application: res.body };
}

describe("applying", () => {
  it("stores the application, its open slot, the bank's loan_review consent and the submit event; the deadline is in working days", async () => {
    const { bank, product } = await bankWithProduct();
    const person = await applicant();
    const res = await applyFor(t, person.token, product.id);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ productId: product.id, bankName: bank.name, status: "submitted", version: 1, amountWan: 10, termMonths: 12, responseOverdue: false, firstLoan: false, source: "product" });
    expect(res.body.timeline).toEqual([{ version: 1, action: "submit", to: "submitted", actorLabel: "申请人", at: res.body.submittedAt }]);

    const stored = (await LoanApplicationModel.findById(res.body.id).lean())!;
    expect(stored.responseDueAt.toISOString()).toBe(addWorkingDays(stored.submittedAt, 2, workingCalendar([])).toISOString());
    expect(stored.applicantName).toBe("赵**");
    expect(await OpenApplicationSlotModel.findById(`${product.id}:${person.subjectId}`).lean()).toMatchObject({ applicationId: stored._id });
    const grant = (await ConsentGrantModel.findById(stored.consentGrantId).lean())!;
    expect(grant).toMatchObject({ purpose: "loan_review" });
    expect(grant.partnerId.toHexString()).toBe(bank.id);
    expect(grant.subjectId.toHexString()).toBe(person.subjectId);
    expect(await LoanApplicationEventModel.countDocuments({ applicationId: stored._id })).toBe(1);
    const consents = await t.api("GET", "/me/consents", { token: person.token });
    expect(consents.body.items.map((c: { partnerName: string; purposeLabel: string }) => `${c.partnerName}:${c.purposeLabel}`)).toContain(`${bank.name}:贷款审批`);
  });

  it("refuses without an Idempotency-Key (400 naming headers.idempotency-key), and writes nothing", async () => {
    const { product } = await bankWithProduct();
    const person = await applicant();
    const res = await t.api("POST", `/loan-products/${product.id}/applications`, { token: person.token, body: applicationBody() });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe("headers.idempotency-key");
    expect(await LoanApplicationModel.countDocuments({ subjectId: oid(person.subjectId) })).toBe(0);
  });

  it("an amount or term outside the product, or above my grade's tier, is 422 LOAN_TERMS_OUT_OF_RANGE naming the field; nothing is stored", async () => {
    const { product } = await bankWithProduct({ gradeTiers: [{ grades: ["A"], maxAmountWan: 20, minRate: 3.8 }] });
    const person = await applicant();
    const tooMuch = await applyFor(t, person.token, product.id, applicationBody({ amountWan: 31 }));
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.code).toBe("LOAN_TERMS_OUT_OF_RANGE");
    expect(tooMuch.body.error.details.issues).toEqual([{ path: "body.amountWan", message: "申请金额应在 1–30 万元之间" }]);
    const tooShort = await applyFor(t, person.token, product.id, applicationBody({ termMonths: 3 }));
    expect(tooShort.status).toBe(422);
    expect(tooShort.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(["body.termMonths"]);
    const aboveTier = await applyFor(t, person.token, product.id, applicationBody({ amountWan: 25 }));
    expect(aboveTier.status).toBe(422);
    expect(aboveTier.body.error.details.issues).toEqual([{ path: "body.amountWan", message: "按您的信用等级（A），最高可申请 20 万元" }]);
    const pastConsent = await applyFor(t, person.token, product.id, applicationBody({ consent: { accepted: true, validUntil: new Date(Date.now() - 86_400_000).toISOString() } }));
    expect(pastConsent.status).toBe(400);
    expect(pastConsent.body.error.details.issues[0].path).toBe("body.consent.validUntil");
    const farConsent = await applyFor(t, person.token, product.id, applicationBody({ consent: { accepted: true, validUntil: new Date(Date.now() + 400 * 86_400_000).toISOString() } }));
    expect(farConsent.status).toBe(400);
    expect(farConsent.body.error.details.issues[0].path).toBe("body.consent.validUntil");
    expect(await LoanApplicationModel.countDocuments({ subjectId: oid(person.subjectId) })).toBe(0);
    expect(await ConsentGrantModel.countDocuments({ subjectId: oid(person.subjectId) })).toBe(0);
    expect(await OpenApplicationSlotModel.countDocuments({ _id: `${product.id}:${person.subjectId}` })).toBe(0);
  });

  it("judges at the moment of applying (逢办必查): black-listed since the listing, the subject is refused with the reason", async () => {
    const { product } = await bankWithProduct();
    const person = await applicant();
    const listed = await t.api("GET", `/loan-products/${product.id}/available`, { token: person.token });
    expect(listed.body.eligible).toBe(true);
    // The store changes under the cached profile the listing used.
    await SubjectStandingModel.updateOne({ _id: oid(person.subjectId) }, { $set: { blacklisted: true } });
    const res = await applyFor(t, person.token, product.id);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("LOAN_NOT_ELIGIBLE");
    expect(res.body.error.details.reasons.length).toBeGreaterThan(0);
    expect(res.body.error.details.reasons.join("")).toContain("失信");
    expect(await LoanApplicationModel.countDocuments({ subjectId: oid(person.subjectId) })).toBe(0);
  });

  it("20 concurrent identical requests with one key make exactly one application, one slot and one grant", async () => {
    const { product } = await bankWithProduct();
    const person = await applicant();
    const body = applicationBody();
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 20 }, () => applyFor(t, person.token, product.id, body, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const subjectId = oid(person.subjectId);
    expect(await LoanApplicationModel.countDocuments({ subjectId })).toBe(1);
    expect(await OpenApplicationSlotModel.countDocuments({ _id: `${product.id}:${person.subjectId}` })).toBe(1);
    expect(await ConsentGrantModel.countDocuments({ subjectId, purpose: "loan_review" })).toBe(1);
    expect(await LoanApplicationEventModel.countDocuments({ applicationId: oid(answers[0]!.body.id) })).toBe(1);
  });

  it("one open application per product: another key is refused LOAN_APPLICATION_OPEN; after withdrawing, applying again works", async () => {
    const { product } = await bankWithProduct();
    const { person, application } = await submitted(product);
    const again = await applyFor(t, person.token, product.id);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("LOAN_APPLICATION_OPEN");

    const withdrawn = await t.api("POST", `/me/loan-applications/${application.id}/withdraw`, { token: person.token, body: { expectedVersion: 1 } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: "withdrawn", version: 2 });
    expect(withdrawn.body.timeline.map((e: { action: string; actorLabel: string }) => `${e.action}:${e.actorLabel}`)).toEqual(["submit:申请人", "withdraw:申请人"]);
    expect(await OpenApplicationSlotModel.countDocuments({ _id: `${product.id}:${person.subjectId}` })).toBe(0);

    const reapplied = await applyFor(t, person.token, product.id);
    expect(reapplied.status).toBe(201);
    expect(await LoanApplicationModel.countDocuments({ subjectId: oid(person.subjectId), status: "submitted" })).toBe(1);
    expect((await OpenApplicationSlotModel.findById(`${product.id}:${person.subjectId}`).lean())!.applicationId.toHexString()).toBe(reapplied.body.id);
    const available = await t.api("GET", `/loan-products/${product.id}/available`, { token: person.token });
    expect(available.body.myOpenApplicationId).toBe(reapplied.body.id);
  });

  it("the deadline follows the administrators' holiday list", async () => {
    const { product } = await bankWithProduct({ responseDays: 1 });
    // Make the next working day a holiday: the one-day promise moves past it.
    let next = beijingDate(new Date());
    const plain = workingCalendar([]);
    do next = beijingDate(new Date(Date.parse(`${next}T12:00:00+08:00`) + 86_400_000));
    while (!plain.isWorkingDay(next));
    const year = next.slice(0, 4);
    const put = await t.api("PUT", `/calendar/days/${year}`, { token: platform, body: { items: [{ date: next, kind: "holiday", name: "测试假日" }] } });
    expect(put.status).toBe(200);
    const { application } = await submitted(product);
    const stored = (await LoanApplicationModel.findById(application.id).lean())!;
    const withHoliday = addWorkingDays(stored.submittedAt, 1, workingCalendar([{ date: next, kind: "holiday" }]));
    expect(stored.responseDueAt.toISOString()).toBe(withHoliday.toISOString());
    expect(withHoliday.getTime()).toBeGreaterThan(addWorkingDays(stored.submittedAt, 1, plain).getTime());
    await t.api("PUT", `/calendar/days/${year}`, { token: platform, body: { items: [] } });
  });
});

describe("the bank's queue and decisions", () => {
  it("bank B cannot see or act on bank A's application: list, get, assign, transitions and report", async () => {
    const a = await bankWithProduct();
    const b = await createBankWithStaff(t);
    const { application } = await submitted(a.product);
    const id = application.id as string;
    const answers = await Promise.all([
      t.api("GET", `/loan-applications/${id}`, { token: b.manager.token }),
      t.api("POST", `/loan-applications/${id}/assign`, { token: b.manager.token, body: { officerId: b.officer.userId, expectedVersion: 1 } }),
      decide(b.manager.token, id, { action: "accept", expectedVersion: 1 }),
      decide(b.officer.token, id, { action: "reject", expectedVersion: 1, rejection: { reason: "other" } }),
      t.api("GET", `/loan-applications/${id}/report`, { token: b.officer.token }),
    ]);
    expect(answers.map((r) => [r.status, r.body.error?.code])).toEqual(Array(5).fill([404, "NOT_FOUND"]));
    const listB = await t.api("GET", "/loan-applications", { token: b.manager.token });
    expect(listB.status).toBe(200);
    expect(listB.body.items.map((x: { id: string }) => x.id)).not.toContain(id);
    const listA = await t.api("GET", "/loan-applications", { token: a.officer.token });
    expect(listA.body.items.map((x: { id: string }) => x.id)).toContain(id);
    expect(await LoanApplicationModel.findById(id).lean()).toMatchObject({ status: "submitted", version: 1 });
    expect(await ReportAccessModel.countDocuments({ partnerId: oid(b.bank.id) })).toBe(0);
  });

  it("only a manager assigns, and only to the bank's own staff; the queue filters by assignee", async () => {
    const { bank, manager, officer, product } = await bankWithProduct();
    const stranger = await createBankWithStaff(t);
    const { application } = await submitted(product);
    const byOfficer = await t.api("POST", `/loan-applications/${application.id}/assign`, { token: officer.token, body: { officerId: officer.userId, expectedVersion: 1 } });
    expect(byOfficer.status).toBe(403);
    expect(byOfficer.body.error.code).toBe("FORBIDDEN");
    const toStranger = await t.api("POST", `/loan-applications/${application.id}/assign`, { token: manager.token, body: { officerId: stranger.officer.userId, expectedVersion: 1 } });
    expect(toStranger.status).toBe(400);
    expect(toStranger.body.error.details.issues[0].path).toBe("body.officerId");
    expect((await LoanApplicationModel.findById(application.id).lean())!.assignedOfficerId).toBeUndefined();

    const unassigned = await t.api("GET", "/loan-applications?assignee=none", { token: officer.token });
    expect(unassigned.body.items.map((x: { id: string }) => x.id)).toContain(application.id);
    const assigned = await t.api("POST", `/loan-applications/${application.id}/assign`, { token: manager.token, body: { officerId: officer.userId, expectedVersion: 1 } });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body).toMatchObject({ version: 2, status: "submitted", assignedOfficer: { id: officer.userId, displayName: "王信贷" } });
    // The bank's own screens name who did it; the applicant's name the bank and the post (below).
    expect(assigned.body.timeline[1]).toMatchObject({ action: "assign", actorLabel: `${bank.name} 银行管理员 · 经理甲` });
    const mine = await t.api("GET", "/loan-applications?assignee=me", { token: officer.token });
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([application.id]);
    expect((await t.api("GET", "/loan-applications?assignee=none", { token: officer.token })).body.items.map((x: { id: string }) => x.id)).not.toContain(application.id);
  });

  it("accept → approve → disburse → close, with the terms checked against the product and shown to the applicant", async () => {
    const { bank, officer, product } = await bankWithProduct();
    const { person, application } = await submitted(product);
    const id = application.id as string;
    const accepted = await decide(officer.token, id, { action: "accept", expectedVersion: 1 });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ status: "accepted", version: 2, firstResponseAt: expect.any(String) });
    const offerValidUntil = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const badRate = await decide(officer.token, id, { action: "approve", expectedVersion: 2, approved: { amountWan: 20, annualRate: 7, termMonths: 12, offerValidUntil } });
    expect(badRate.status).toBe(422);
    expect(badRate.body.error.code).toBe("LOAN_TERMS_OUT_OF_RANGE");
    expect(badRate.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(["body.approved.annualRate"]);
    // More than asked for is the bank's call, within the product's maximum.
    const approved = await decide(officer.token, id, { action: "approve", expectedVersion: 2, approved: { amountWan: 20, annualRate: 3.8, termMonths: 12, offerValidUntil } });
    expect(approved.status).toBe(200);
    expect(approved.body.approved).toMatchObject({ amountWan: 20, annualRate: 3.8, termMonths: 12 });
    const lateWithdraw = await t.api("POST", `/me/loan-applications/${id}/withdraw`, { token: person.token, body: { expectedVersion: 3 } });
    expect(lateWithdraw.status).toBe(409);
    expect(lateWithdraw.body.error.code).toBe("LOAN_TRANSITION_INVALID");

    const tooMuch = await decide(officer.token, id, { action: "disburse", expectedVersion: 3, disbursed: { amountWan: 21, date: new Date().toISOString() } });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error.details.issues[0].path).toBe("body.disbursed.amountWan");
    const future = await decide(officer.token, id, { action: "disburse", expectedVersion: 3, disbursed: { amountWan: 15, date: new Date(Date.now() + 2 * 86_400_000).toISOString() } });
    expect(future.status).toBe(400);
    expect(future.body.error.details.issues[0].path).toBe("body.disbursed.date");
    const disbursed = await decide(officer.token, id, { action: "disburse", expectedVersion: 3, disbursed: { amountWan: 15, date: new Date().toISOString() } });
    expect(disbursed.status).toBe(200);
    expect(disbursed.body).toMatchObject({ status: "disbursed", disbursed: { amountWan: 15 }, firstLoan: true });
    expect(await OpenApplicationSlotModel.countDocuments({ _id: `${product.id}:${person.subjectId}` })).toBe(0);
    const closed = await decide(officer.token, id, { action: "close", expectedVersion: 4 });
    expect(closed.body.status).toBe("closed");
    const withdrawByBank = await decide(officer.token, id, { action: "withdraw", expectedVersion: 5 });
    expect(withdrawByBank.status).toBe(403);

    const seen = await t.api("GET", `/me/loan-applications/${id}`, { token: person.token });
    expect(seen.status).toBe(200);
    expect(seen.body.timeline.map((e: { action: string; actorLabel: string }) => `${e.action}:${e.actorLabel}`)).toEqual([
      "submit:申请人",
      `accept:${bank.name} 信贷员`,
      `approve:${bank.name} 信贷员`,
      `disburse:${bank.name} 信贷员`,
      `close:${bank.name} 信贷员`,
    ]);
    expect(seen.body.assignedOfficer).toBeUndefined();
    expect(JSON.stringify(seen.body)).not.toContain("王信贷");
    expect(seen.body.approved.amountWan).toBe(20);
    const mine = await t.api("GET", "/me/loan-applications", { token: person.token });
    expect(mine.body.items.map((x: { id: string; status: string }) => `${x.id}:${x.status}`)).toEqual([`${id}:closed`]);
  });

  it("a refusal's reason reaches the applicant; the first disbursement to a subject is its first loan, once", async () => {
    const a = await bankWithProduct();
    const b = await bankWithProduct();
    const person = await applicant();
    const first = (await submitted(a.product, person)).application;
    const second = (await submitted(b.product, person)).application;
    const third = (await submitted((await publishedProduct(t, a.manager.token, kunming)), person)).application;

    const rejected = await decide(a.officer.token, third.id, { action: "reject", expectedVersion: 1, rejection: { reason: "repayment_capacity", text: "收入证明不足" } });
    expect(rejected.status).toBe(200);
    const seen = await t.api("GET", `/me/loan-applications/${third.id}`, { token: person.token });
    expect(seen.body).toMatchObject({ status: "rejected", rejection: { reason: "repayment_capacity", reasonLabel: "还款能力不足", text: "收入证明不足" }, firstResponseAt: expect.any(String) });

    async function disburse(bank: typeof a, id: string) {
      const offerValidUntil = new Date(Date.now() + 30 * 86_400_000).toISOString();
      await decide(bank.officer.token, id, { action: "accept", expectedVersion: 1 });
      await decide(bank.officer.token, id, { action: "approve", expectedVersion: 2, approved: { amountWan: 10, annualRate: 4, termMonths: 12, offerValidUntil } });
      return decide(bank.officer.token, id, { action: "disburse", expectedVersion: 3, disbursed: { amountWan: 10, date: new Date().toISOString() } });
    }
    const [one, two] = await Promise.all([disburse(a, first.id), disburse(b, second.id)]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect([one.body.firstLoan, two.body.firstLoan].sort()).toEqual([false, true]);
    expect(await FirstLoanModel.countDocuments({ _id: oid(person.subjectId) })).toBe(1);
    expect(await LoanApplicationModel.countDocuments({ subjectId: oid(person.subjectId), firstLoan: true })).toBe(1);
  });

  it("two officers deciding at once: one wins, the other gets 409 VERSION_CONFLICT; one event at that version", async () => {
    const { bank, officer, product } = await bankWithProduct();
    const second = await createStaff(t, bank.id, "loan_officer", "李信贷");
    const { application } = await submitted(product);
    const [x, y] = await Promise.all([
      decide(officer.token, application.id, { action: "accept", expectedVersion: 1 }),
      decide(second.token, application.id, { action: "reject", expectedVersion: 1, rejection: { reason: "credit_standing" } }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const loser = x.status === 409 ? x : y;
    expect(loser.body.error.code).toBe("VERSION_CONFLICT");
    expect(await LoanApplicationEventModel.countDocuments({ applicationId: oid(application.id), version: 2 })).toBe(1);
    const stored = (await LoanApplicationModel.findById(application.id).lean())!;
    const winner = x.status === 200 ? "accepted" : "rejected";
    expect(stored).toMatchObject({ version: 2, status: winner });
  });

  it("a crash after a decision's event but before the application's update loses nothing: the document is rolled forward", async () => {
    const { officer, product } = await bankWithProduct();
    const { person, application } = await submitted(product);
    const accepted = await decide(officer.token, application.id, { action: "accept", expectedVersion: 1 });
    expect(accepted.status).toBe(200);
    // The rejection's event is written, then the process dies before the application document follows.
    await LoanApplicationEventModel.create({
      applicationId: oid(application.id), version: 3, action: "reject", from: "accepted", to: "rejected", actorId: oid(officer.userId), actorRole: "partner_operator", actorLabel: "王信贷",
      set: { rejection: { reason: "repayment_capacity", text: "经营流水不足" }, decidedAt: new Date() }, at: new Date(),
    });
    expect((await LoanApplicationModel.findById(application.id).lean())!).toMatchObject({ version: 2, status: "accepted" });

    const seen = await t.api("GET", `/me/loan-applications/${application.id}`, { token: person.token });
    expect(seen.body).toMatchObject({ status: "rejected", version: 3, rejection: { reason: "repayment_capacity", text: "经营流水不足" } });
    expect(seen.body.timeline.map((e: { action: string }) => e.action)).toEqual(["submit", "accept", "reject"]);
    expect((await LoanApplicationModel.findById(application.id).lean())!).toMatchObject({ version: 3, status: "rejected" });
    // Leaving the open statuses freed the slot: the applicant may apply again.
    expect(await OpenApplicationSlotModel.countDocuments({ applicationId: oid(application.id) })).toBe(0);
    expect((await applyFor(t, person.token, product.id)).status).toBe(201);
  });

  it("a crash after a disbursement's event: the queue rolls it forward and marks the first loan", async () => {
    const { officer, product } = await bankWithProduct();
    const { person, application } = await submitted(product);
    await decide(officer.token, application.id, { action: "accept", expectedVersion: 1 });
    const offerValidUntil = new Date(Date.now() + 30 * 86_400_000).toISOString();
    expect((await decide(officer.token, application.id, { action: "approve", expectedVersion: 2, approved: { amountWan: 20, annualRate: 4, termMonths: 12, offerValidUntil } })).status).toBe(200);
    await LoanApplicationEventModel.create({
      applicationId: oid(application.id), version: 4, action: "disburse", from: "approved", to: "disbursed", actorId: oid(officer.userId), actorRole: "partner_operator", actorLabel: "王信贷",
      set: { disbursed: { amountWan: 18, date: new Date() } }, at: new Date(),
    });
    const queue = await t.api("GET", "/loan-applications", { token: officer.token });
    expect(queue.body.items.find((a: { id: string }) => a.id === application.id)).toMatchObject({ status: "disbursed", version: 4, firstLoan: true, disbursed: { amountWan: 18 } });
    expect(await FirstLoanModel.countDocuments({ _id: oid(person.subjectId) })).toBe(1);
    expect((await decide(officer.token, application.id, { action: "close", expectedVersion: 4 })).status).toBe(200);
  });
});

describe("the credit report through the consent", () => {
  it("the bank reads it under the application's consent (the applicant sees who looked); once revoked, 403 CONSENT_REQUIRED", async () => {
    const { bank, officer, product } = await bankWithProduct();
    const { person, application } = await submitted(product);
    const report = await t.api("GET", `/loan-applications/${application.id}/report`, { token: officer.token });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.grant).toMatchObject({ purpose: "loan_review", purposeLabel: "贷款审批" });
    expect(report.body.subject.name).toBe("赵**");
    const accesses = await t.api("GET", "/me/report-accesses", { token: person.token });
    expect(accesses.body.items).toEqual([expect.objectContaining({ partnerName: bank.name, purposeLabel: "贷款审批", granted: true })]);

    const grantId = (await LoanApplicationModel.findById(application.id).lean())!.consentGrantId.toHexString();
    const revoked = await t.api("POST", `/me/consents/${grantId}/revoke`, { token: person.token });
    expect(revoked.body.status).toBe("revoked");
    const refused = await t.api("GET", `/loan-applications/${application.id}/report`, { token: officer.token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("CONSENT_REQUIRED");
    const recorded = await ReportAccessModel.find({ subjectId: oid(person.subjectId), partnerId: oid(bank.id) }).sort({ at: 1 }).lean();
    expect(recorded.map((r) => r.granted)).toEqual([true, false]);
  });
});

describe("the response-time promise", () => {
  it("with the clock past the promise the application is flagged to the bank and the applicant, and reported once", async () => {
    const { bank, officer, product } = await bankWithProduct();
    const { person, application } = await submitted(product);
    const stored = (await LoanApplicationModel.findById(application.id).lean())!;
    const clock = { at: new Date() };
    const later = createLoanApplicationService({ consent: t.services.consent, calendar: t.services.loanCalendar, now: () => clock.at });
    const applicantActor: Actor = { userId: person.userId, role: "citizen", subjectId: person.subjectId };
    const bankActor: Actor = { userId: officer.userId, role: "partner_operator", partnerId: bank.id };

    expect((await later.mineOne(applicantActor, application.id)).responseOverdue).toBe(false);
    clock.at = new Date(stored.responseDueAt.getTime() + 3600_000);
    expect((await later.mineOne(applicantActor, application.id)).responseOverdue).toBe(true);
    expect((await later.get(bankActor, application.id)).responseOverdue).toBe(true);
    const overdueQueue = await later.queue(bankActor, { page: 1, overdue: "true" });
    expect(overdueQueue.items.map((x) => x.id)).toEqual([application.id]);
    expect(await AuditEntryModel.countDocuments({ action: "loan.response_overdue", target: `loan-application:${application.id}` })).toBe(1);
    expect((await AuditEntryModel.findOne({ action: "loan.response_overdue", target: `loan-application:${application.id}` }).lean())!.details).toMatchObject({ prefectureCode: "530100", bankPartnerId: bank.id });

    // Answered late, it stays flagged: the promise was not kept.
    const accepted = await later.transition(bankActor, application.id, { action: "accept", expectedVersion: 1 });
    expect(accepted.firstResponseAt).toBe(clock.at.toISOString());
    clock.at = new Date(clock.at.getTime() + 10 * 86_400_000);
    expect((await later.mineOne(applicantActor, application.id)).responseOverdue).toBe(true);
    // On the real clock, an unanswered application within its promise is not flagged.
    const onTime = await submitted(product);
    expect((await t.api("GET", `/me/loan-applications/${onTime.application.id}`, { token: onTime.person.token })).body.responseOverdue).toBe(false);
  });
});
