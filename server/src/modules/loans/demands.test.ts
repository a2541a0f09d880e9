import { randomUUID } from "node:crypto";
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addWorkingDays, type TLoanDemandRequest, type TPrefectureCode } from "@xinyi/shared";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import { createBank, createStaff } from "../../../test/loan-fixtures";
import { acceptAllDocuments } from "../../../test/privacy";
import { nextPhone } from "../../../test/scenario-fixtures";
import type { Actor } from "../../http/context";
import { ConsentGrantModel } from "../consent/model";
import { SubjectStandingModel } from "../evaluations/model";
import { authorityId, SubjectAuthorityModel } from "../identity/model";
import { PartnerModel } from "../partners/model";
import { SubjectModel } from "../subjects/model";
import { createDemandService, DEFAULT_ANSWER_DAYS } from "./demands-service";
import { DemandAnswerModel, DemandChoiceModel, DemandTakeModel, LoanApplicationModel, LoanDemandModel, LoanProductModel } from "./model";

/** Financing demands on the real store: publishing, the three take slots, answers, lapses, the enterprise's choice. */
let t: TestServer;
let seq = 0;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestServer({ name: "loan-demands" });
});
afterAll(() => t.close());

type Bank = Awaited<ReturnType<typeof newBank>>;
type Enterprise = Awaited<ReturnType<typeof newEnterprise>>;

/** An approved bank with one loan officer, serving the given prefectures (昆明 unless told). */
async function newBank(options: Parameters<typeof createBank>[0] = {}) {
  const { id } = await createBank(options);
  const officer = await createStaff(t, id, "loan_officer");
  const partner = (await PartnerModel.findById(id).lean())!;
  const actor: Actor = { userId: officer.userId, role: "partner_operator", partnerId: id };
  return { id, partner, actor, token: officer.token };
}

/** An enterprise (grade A) in the given prefecture and an account acting for it as its legal representative, past the privacy consents. */
async function newEnterprise(prefectureCode: TPrefectureCode = "530100") {
  const n = ++seq;
  const [user] = await createCitizens([{ phone: nextPhone("177") }]);
  const subject = await SubjectModel.create({ key: `E:TEST${n}`, kind: "enterprise", name: `测试企业${n}有限公司`, prefectureCode, uscc: `91530100TEST${String(n).padStart(6, "0")}` });
  await SubjectStandingModel.create({ _id: subject._id, evaluationId: new Types.ObjectId(), score: 90, grade: "A", gradeLabel: "良好", blacklisted: false, redListed: false, modelVersion: 1, evaluatedAt: new Date() });
  await SubjectAuthorityModel.create({ _id: authorityId(user!._id, subject._id), userId: user!._id, subjectId: subject._id, authority: "legal_rep", at: new Date() });
  const token = t.tokenFor({ ...user!.toObject(), role: "enterprise", subjectId: subject._id });
  await acceptAllDocuments(t, token);
  const actor: Actor = { userId: user!._id.toHexString(), role: "enterprise", subjectId: subject._id.toHexString() };
  return { subjectId: subject._id, actor, token };
}

const demandBody = (overrides: Partial<TLoanDemandRequest> = {}): TLoanDemandRequest => ({
  amountWan: 300,
  termMonths: 12,
  purpose: "采购原材料",
  guaranteeModes: ["credit", "guarantee"],
  contactName: "王经理",
  contactPhone: "13912345678",
  consent: { accepted: true, validUntil: new Date(Date.now() + 90 * DAY).toISOString() },
  ...overrides,
});

const publish = (ent: Enterprise, body: TLoanDemandRequest = demandBody(), key: string = randomUUID()) =>
  t.api("POST", "/me/loan-demands", { token: ent.token, body, headers: { "idempotency-key": key } });

async function publishedDemand(ent: Enterprise, body?: TLoanDemandRequest): Promise<string> {
  const res = await publish(ent, body);
  if (res.status !== 201) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

const take = (bank: Bank, demandId: string) => t.api("POST", `/loan-demands/${demandId}/takes`, { token: bank.token });
const offer = (overrides: Record<string, unknown> = {}) => ({
  answer: "offer",
  offer: { amountWan: 280, annualRate: 3.85, termMonths: 12, validUntil: new Date(Date.now() + 30 * DAY).toISOString(), note: "可三个工作日内放款", ...overrides },
});
const answer = (bank: Bank, demandId: string, body: unknown) => t.api("POST", `/loan-demands/${demandId}/takes/mine/answer`, { token: bank.token, body });
const accept = (ent: Enterprise, demandId: string, takeId: string) => t.api("POST", `/me/loan-demands/${demandId}/takes/${takeId}/accept`, { token: ent.token });
const takesOf = (demandId: string) => DemandTakeModel.find({ demandId: new Types.ObjectId(demandId) }).sort({ slotNo: 1 }).lean();

async function takenBy(bank: Bank, demandId: string): Promise<string> {
  const res = await take(bank, demandId);
  if (res.status !== 201) throw new Error(`take: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.takes[0].id;
}

describe("publishing a financing demand", () => {
  it("is for enterprises: a citizen is refused with a plain message and nothing is stored", async () => {
    const [citizen] = await createCitizens([{ phone: nextPhone("177") }]);
    const token = t.tokenFor(citizen!);
    await acceptAllDocuments(t, token);
    const res = await t.api("POST", "/me/loan-demands", { token, body: demandBody(), headers: { "idempotency-key": randomUUID() } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
    expect(res.body.error.message).toBe("融资需求仅限企业发布，请先切换为企业身份");
    expect(await LoanDemandModel.countDocuments({ createdBy: citizen!._id })).toBe(0);
  });

  it("stores the demand with the enterprise's prefecture and grade, once per Idempotency-Key", async () => {
    const ent = await newEnterprise("530100");
    const key = randomUUID();
    const body = demandBody();
    const [first, second] = await Promise.all([publish(ent, body, key), publish(ent, body, key)]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect(first.body).toMatchObject({ enterpriseName: expect.stringMatching(/^测试企业\d+有限公司$/), prefectureCode: "530100", grade: "A", status: "open", slotsLeft: 3, takes: [], contactPhone: "13912345678" });
    const stored = await LoanDemandModel.find({ subjectId: ent.subjectId }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ amountWan: 300, termMonths: 12, applicantKind: "enterprise", status: "open", idempotencyKey: key });
    // The consent runs through the end of the chosen Beijing day.
    expect(stored[0]!.consentValidUntil.toISOString()).toMatch(/T15:59:59\.999Z$/);

    const other = await publish(ent, demandBody({ amountWan: 500 }), key);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("CONFLICT");
    expect(await LoanDemandModel.countDocuments({ subjectId: ent.subjectId })).toBe(1);
  });

  it("needs an Idempotency-Key and a consent ending after today and within a year", async () => {
    const ent = await newEnterprise();
    const missing = await t.api("POST", "/me/loan-demands", { token: ent.token, body: demandBody() });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues).toEqual([{ path: "headers.idempotency-key", message: "请求缺少 Idempotency-Key" }]);
    for (const validUntil of [new Date().toISOString(), new Date(Date.now() + 400 * DAY).toISOString()]) {
      const res = await publish(ent, demandBody({ consent: { accepted: true, validUntil } }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(res.body.error.details.issues).toEqual([{ path: "body.consent.validUntil", message: "授权截止日期须在今天之后、一年之内" }]);
    }
    expect(await LoanDemandModel.countDocuments({ subjectId: ent.subjectId })).toBe(0);
  });
});

describe("banks taking a demand", () => {
  it("six banks at once: exactly three take it, each under its own slot, each with a loan-review grant", async () => {
    const ent = await newEnterprise();
    const demandId = await publishedDemand(ent);
    const banks = await Promise.all(Array.from({ length: 6 }, () => newBank()));
    const answers = await Promise.all(banks.map((b) => take(b, demandId)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    expect(answers.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(["LOAN_DEMAND_FULL", "LOAN_DEMAND_FULL", "LOAN_DEMAND_FULL"]);

    const takes = await takesOf(demandId);
    expect(takes.map((x) => x.slotNo)).toEqual([1, 2, 3]);
    const winners = banks.filter((_, i) => answers[i]!.status === 201).map((b) => b.id).sort();
    expect(takes.map((x) => x.bankPartnerId.toHexString()).sort()).toEqual(winners);
    const grants = await ConsentGrantModel.find({ subjectId: ent.subjectId, purpose: "loan_review" }).lean();
    expect(grants.map((g) => g.partnerId.toHexString()).sort()).toEqual(winners);
    const demand = await LoanDemandModel.findById(demandId).lean();
    expect(grants.every((g) => g.validUntil.getTime() === demand!.consentValidUntil.getTime() && g.grantedBy.equals(ent.actor.userId))).toBe(true);

    const mine = await t.api("GET", "/me/loan-demands", { token: ent.token });
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ slotsLeft: 0, takes: [{ slotNo: 1, status: "taken" }, { slotNo: 2, status: "taken" }, { slotNo: 3, status: "taken" }] });
  });

  it("the same bank twice: one take, the second is told it already took it", async () => {
    const ent = await newEnterprise();
    const demandId = await publishedDemand(ent);
    const bank = await newBank();
    const [a, b] = await Promise.all([take(bank, demandId), take(bank, demandId)]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.error.code).toBe("LOAN_DEMAND_ALREADY_TAKEN");
    const again = await take(bank, demandId);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("LOAN_DEMAND_ALREADY_TAKEN");
    expect(await DemandTakeModel.countDocuments({ demandId: new Types.ObjectId(demandId) })).toBe(1);
    expect(await ConsentGrantModel.countDocuments({ subjectId: ent.subjectId, partnerId: bank.partner._id })).toBe(1);
  });

  it("the answer is due within the bank's shortest promise among its published products, else three working days", async () => {
    const ent = await newEnterprise();
    const demandId = await publishedDemand(ent);
    const [promising, plain] = [await newBank(), await newBank()];
    const product = (responseDays: number, status: string) => ({
      bankPartnerId: promising.partner._id, name: `产品${responseDays}`, guaranteeModes: ["credit"], applicantKinds: ["enterprise"], amountWan: { min: 10, max: 100 }, termMonths: { min: 1, max: 12 },
      annualRate: { min: 3.5, max: 5 }, repaymentModes: ["equal_installment"], prefectureCodes: ["530100"], rule: { type: "all", rules: [] }, responseDays, status, version: 1, createdBy: promising.partner._id,
    });
    await LoanProductModel.insertMany([product(5, "published"), product(2, "published"), product(1, "draft")]);
    const first = await take(promising, demandId);
    const second = await take(plain, demandId);
    const calendar = await t.services.loanCalendar.current();
    const due = (body: { takes: { answerDueAt: string; takenAt: string }[] }) => body.takes[0]!;
    expect(due(first.body).answerDueAt).toBe(addWorkingDays(new Date(due(first.body).takenAt), 2, calendar).toISOString());
    expect(due(second.body).answerDueAt).toBe(addWorkingDays(new Date(due(second.body).takenAt), DEFAULT_ANSWER_DAYS, calendar).toISOString());
  });

  it("a take whose answer lapsed frees its slot for a fourth bank (injected clock)", async () => {
    let now = new Date();
    const demands = createDemandService({ consent: t.services.consent, applications: t.services.loanApplications, calendar: t.services.loanCalendar, now: () => now });
    const ent = await newEnterprise();
    const demandId = await publishedDemand(ent);
    const [b1, b2, b3, b4] = await Promise.all([newBank(), newBank(), newBank(), newBank()]);
    for (const b of [b1, b2, b3]) await demands.take(b!.actor, demandId);
    await expect(demands.take(b4!.actor, demandId)).rejects.toMatchObject({ code: "LOAN_DEMAND_FULL" });
    await demands.answer(b1!.actor, demandId, { answer: "offer", offer: { amountWan: 200, annualRate: 4, termMonths: 12, validUntil: new Date(Date.now() + 60 * DAY).toISOString(), note: "" } });
    await demands.answer(b2!.actor, demandId, { answer: "decline", reason: "repayment_capacity", text: "" });
    const lapsing = (await takesOf(demandId)).find((x) => x.bankPartnerId.equals(b3!.id))!;

    // Past bank 3's deadline: its answer comes too late, and a fourth bank gets its slot.
    now = new Date(lapsing.answerDueAt.getTime() + 2 * 60_000);
    const mine = await demands.mine(ent.actor);
    expect(mine[0]!.takes.map((x) => x.status)).toEqual(["offered", "declined", "lapsed"]);
    expect(mine[0]!.slotsLeft).toBe(1);
    await expect(demands.answer(b3!.actor, demandId, { answer: "decline", reason: "other", text: "" })).rejects.toMatchObject({ code: "LOAN_DEMAND_CLOSED" });
    const taken = await demands.take(b4!.actor, demandId);
    expect(taken.takes).toMatchObject([{ slotNo: lapsing.slotNo, bankPartnerId: b4!.id, status: "taken", answerDueAt: addWorkingDays(now, DEFAULT_ANSWER_DAYS, await t.services.loanCalendar.current()).toISOString() }]);

    const takes = await takesOf(demandId);
    expect(takes.map((x) => [x.slotNo, x.bankPartnerId.toHexString(), x.status])).toEqual([
      [1, b1!.id, "offered"],
      [2, b2!.id, "declined"],
      [3, b4!.id, "taken"],
    ]);
    expect(await DemandAnswerModel.exists({ _id: lapsing._id })).toBeNull();
    // Bank 3 has no take any more: its answer finds nothing.
    await expect(demands.answer(b3!.actor, demandId, { answer: "decline", reason: "other", text: "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Later bank 4's take lapses in turn: it cannot take again while that take stands, a fifth bank gets
    // slot 3, and a sixth finds the answered slots still held (an answered take never lapses).
    now = new Date(now.getTime() + 30 * DAY);
    const b5 = await newBank();
    await expect(demands.take(b4!.actor, demandId)).rejects.toMatchObject({ code: "LOAN_DEMAND_ALREADY_TAKEN" });
    const fifth = await demands.take(b5.actor, demandId);
    expect(fifth.takes[0]).toMatchObject({ slotNo: 3, bankPartnerId: b5.id });
    await expect(demands.take((await newBank()).actor, demandId)).rejects.toMatchObject({ code: "LOAN_DEMAND_FULL" });
  });
});

describe("what each bank sees", () => {
  it("a bank outside the demand's prefecture neither sees it nor can take or answer it; inside, the contact stays masked until it takes it", async () => {
    const ent = await newEnterprise("530100");
    const demandId = await publishedDemand(ent);
    const [kunming, dali, province] = [await newBank({ prefectureCodes: ["530100"] }), await newBank({ prefectureCodes: ["532900"] }), await newBank({ provinceWide: true })];

    const daliBoard = await t.api("GET", "/loan-demands", { token: dali.token });
    expect(daliBoard.status).toBe(200);
    expect(daliBoard.body.items.map((d: { id: string }) => d.id)).not.toContain(demandId);
    const daliTake = await take(dali, demandId);
    expect(daliTake.status).toBe(404);
    expect(daliTake.body.error.code).toBe("NOT_FOUND");
    expect((await answer(dali, demandId, offer())).status).toBe(404);

    for (const bank of [kunming, province]) {
      const board = await t.api("GET", "/loan-demands", { token: bank.token });
      const seen = board.body.items.find((d: { id: string }) => d.id === demandId);
      expect(seen).toMatchObject({ contactName: "王**", contactPhone: "139****5678", slotsLeft: 3, takes: [] });
    }
    const taken = await take(kunming, demandId);
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ contactName: "王经理", contactPhone: "13912345678", slotsLeft: 2, takes: [{ bankPartnerId: kunming.id, status: "taken" }] });

    // The province-wide bank, which has not taken it, sees neither the contact nor Kunming's take, and has no take to answer.
    const other = (await t.api("GET", "/loan-demands", { token: province.token })).body.items.find((d: { id: string }) => d.id === demandId);
    expect(other).toMatchObject({ contactName: "王**", contactPhone: "139****5678", slotsLeft: 2, takes: [] });
    const notItsTake = await answer(province, demandId, offer());
    expect(notItsTake.status).toBe(404);
    expect(notItsTake.body.error.code).toBe("NOT_FOUND");
    expect(await DemandAnswerModel.countDocuments({ _id: { $regex: `^${demandId}:` } })).toBe(0);
    expect((await takesOf(demandId)).map((x) => x.status)).toEqual(["taken"]);
  });

  it("a non-bank partner's operator and a citizen cannot use the board", async () => {
    const operator = (await t.consoleLogin("ynly_operator", "Partner@2026")).accessToken;
    const res = await t.api("GET", "/loan-demands", { token: operator });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
    const [citizen] = await createCitizens([{ phone: nextPhone("177") }]);
    expect((await t.api("GET", "/loan-demands", { token: t.tokenFor(citizen!) })).status).toBe(403);
  });
});

describe("answers and the enterprise's choice", () => {
  it("the first answer stands: a second one is refused and changes nothing", async () => {
    const ent = await newEnterprise();
    const demandId = await publishedDemand(ent);
    const bank = await newBank();
    await takenBy(bank, demandId);
    const first = await answer(bank, demandId, offer());
    expect(first.status).toBe(200);
    expect(first.body.takes[0]).toMatchObject({ status: "offered", offer: { amountWan: 280, annualRate: 3.85, termMonths: 12, note: "可三个工作日内放款" } });
    const second = await answer(bank, demandId, { answer: "decline", reason: "credit_standing", text: "改变主意" });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe("LOAN_TRANSITION_INVALID");
    const [stored] = await takesOf(demandId);
    expect(stored).toMatchObject({ status: "offered", offer: { amountWan: 280, annualRate: 3.85 } });
    expect(stored!.decline?.reason).toBeUndefined();
    const mine = await t.api("GET", "/me/loan-demands", { token: ent.token });
    expect(mine.body.items[0].takes[0]).toMatchObject({ status: "offered", bankName: bank.partner.name, offer: { amountWan: 280 } });
  });

  it("accepting an offer makes an application with that bank, which only that bank sees; the other take is not chosen", async () => {
    const ent = await newEnterprise();
    const demandId = await publishedDemand(ent);
    const [a, b] = [await newBank(), await newBank()];
    const takeA = await takenBy(a, demandId);
    const takeB = await takenBy(b, demandId);
    await answer(a, demandId, offer({ amountWan: 250, annualRate: 3.9 }));
    await answer(b, demandId, offer({ amountWan: 300, annualRate: 4.2 }));

    const accepted = await accept(ent, demandId, takeA);
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ source: "demand", status: "accepted", bankPartnerId: a.id, bankName: a.partner.name, amountWan: 250, termMonths: 12, applicantName: expect.stringMatching(/^测试企业/) });
    const applicationId = accepted.body.id;

    expect((await t.api("GET", `/loan-applications/${applicationId}`, { token: a.token })).status).toBe(200);
    const hidden = await t.api("GET", `/loan-applications/${applicationId}`, { token: b.token });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe("NOT_FOUND");
    const queueB = await t.api("GET", "/loan-applications", { token: b.token });
    expect(queueB.body.items.map((x: { id: string }) => x.id)).not.toContain(applicationId);

    const stored = await LoanApplicationModel.find({ demandId: new Types.ObjectId(demandId) }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ bankPartnerId: a.partner._id, source: "demand", status: "accepted" });
    expect((await takesOf(demandId)).map((x) => [x._id, x.status, x.applicationId?.toHexString()])).toEqual([
      [takeA, "accepted", applicationId],
      [takeB, "not_chosen", undefined],
    ]);
    expect((await LoanDemandModel.findById(demandId).lean())!.status).toBe("matched");

    const again = await accept(ent, demandId, takeB);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("LOAN_DEMAND_CLOSED");
    expect(await LoanApplicationModel.countDocuments({ demandId: new Types.ObjectId(demandId) })).toBe(1);
    // Closed for the banks too.
    const late = await answer(b, demandId, offer());
    expect(late.body.error.code).toBe("LOAN_DEMAND_CLOSED");
  });

  it("two acceptances at once: one application, the other is told the demand is closed", async () => {
    const ent = await newEnterprise();
    const demandId = await publishedDemand(ent);
    const [a, b] = [await newBank(), await newBank()];
    const takeA = await takenBy(a, demandId);
    const takeB = await takenBy(b, demandId);
    await answer(a, demandId, offer());
    await answer(b, demandId, offer());
    const results = await Promise.all([accept(ent, demandId, takeA), accept(ent, demandId, takeB), accept(ent, demandId, takeA)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(["LOAN_DEMAND_CLOSED", "LOAN_DEMAND_CLOSED"]);
    const winner = results.find((r) => r.status === 201)!.body;
    const stored = await LoanApplicationModel.find({ demandId: new Types.ObjectId(demandId) }).lean();
    expect(stored.map((x) => x._id.toHexString())).toEqual([winner.id]);
    const choice = await DemandChoiceModel.findById(demandId).lean();
    expect(choice!.takeId).toBe(winner.bankPartnerId === a.id ? takeA : takeB);
  });

  it("only an offer can be accepted, and only by the enterprise that published the demand", async () => {
    const ent = await newEnterprise();
    const demandId = await publishedDemand(ent);
    const bank = await newBank();
    const takeId = await takenBy(bank, demandId);
    const early = await accept(ent, demandId, takeId);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("LOAN_TRANSITION_INVALID");
    await answer(bank, demandId, offer());
    const stranger = await newEnterprise();
    const foreign = await accept(stranger, demandId, takeId);
    expect(foreign.status).toBe(404);
    expect(await DemandChoiceModel.exists({ _id: new Types.ObjectId(demandId) })).toBeNull();
    expect(await LoanApplicationModel.countDocuments({ demandId: new Types.ObjectId(demandId) })).toBe(0);
  });

  it("a withdrawn demand can be neither taken, answered nor accepted", async () => {
    const ent = await newEnterprise();
    const demandId = await publishedDemand(ent);
    const [a, b] = [await newBank(), await newBank()];
    const takeA = await takenBy(a, demandId);
    await answer(a, demandId, offer());
    const withdrawn = await t.api("POST", `/me/loan-demands/${demandId}/withdraw`, { token: ent.token });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: "withdrawn", slotsLeft: 0 });
    expect((await LoanDemandModel.findById(demandId).lean())!.status).toBe("withdrawn");
    for (const res of [await take(b, demandId), await accept(ent, demandId, takeA), await t.api("POST", `/me/loan-demands/${demandId}/withdraw`, { token: ent.token })]) {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("LOAN_DEMAND_CLOSED");
    }
    expect(await DemandTakeModel.countDocuments({ demandId: new Types.ObjectId(demandId) })).toBe(1);
    expect(await LoanApplicationModel.countDocuments({ demandId: new Types.ObjectId(demandId) })).toBe(0);
    // Off the board of banks that did not take it; still listed for the one that did.
    expect((await t.api("GET", "/loan-demands", { token: b.token })).body.items.map((d: { id: string }) => d.id)).not.toContain(demandId);
    const forA = (await t.api("GET", "/loan-demands", { token: a.token })).body.items.find((d: { id: string }) => d.id === demandId);
    expect(forA).toMatchObject({ status: "withdrawn", takes: [{ id: takeA, status: "offered" }] });
  });
});
