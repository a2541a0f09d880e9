import { createHash } from "node:crypto";
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beijingDate, citizenIdCheckChar, ZCommitmentCaseCreateRequest, type TCommitmentCaseCreateRequest, type TPrefectureCode, type TSession } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { createBank, createStaff } from "../../../test/loan-fixtures";
import { nextPhone } from "../../../test/scenario-fixtures";
import type { Actor } from "../../http/context";
import { registeredSweeps } from "../../infra/sweeps";
import { DEMO_ACCOUNTS } from "../../seed/demo";
import { CreditRecordModel } from "../credit-records/model";
import { NoticeModel } from "../messages/outbox";
import { PartnerModel } from "../partners/model";
import { SubjectModel } from "../subjects/model";
import { UserModel } from "../users/model";
import { brokenRecordDocNo } from "./broken-record";
import { CommitmentCaseModel, CommitmentEventModel } from "./model";
import { createCommitmentService } from "./service";

const DAY = 86_400_000;
const TEXT = "本人郑重承诺：所提交的申请材料真实、准确、完整，符合告知的审批条件；如有虚假或未履行承诺，愿意承担相应法律责任，并接受信用惩戒。";

let t: TestServer;
let platform: string;
let kunming: string;
/** 大理's credit administration and an agency (政务服务) of 大理 with one operator. */
let dali: { token: string; actor: Actor };
let agency: { id: string; name: string; token: string; actor: Actor };

beforeAll(async () => {
  t = await startTestServer({ name: "commitments" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
  const admin = await UserModel.create({ role: "regional_admin", username: "dl_admin_test", displayName: "大理州信用办", prefectureCode: "532900" });
  dali = { token: t.tokenFor(admin), actor: { userId: admin._id.toHexString(), role: "regional_admin", prefectureCode: "532900" } };
  agency = await createAgency("大理州政务服务中心", ["532900"]);
});
afterAll(() => t.close());

async function createAgency(name: string, prefectureCodes: TPrefectureCode[]) {
  const partner = await PartnerModel.create({ name, kind: "agency", prefectureCodes, status: "approved", decidedAt: new Date() });
  const operator = await createStaff(t, partner._id.toHexString(), null, "窗口 刘芳");
  return { id: partner._id.toHexString(), name, token: operator.token, actor: { userId: operator.userId, role: "partner_operator" as const, partnerId: partner._id.toHexString() } };
}

let idSeq = 100;
/** A valid ID number of the area (大理市 by default), distinct per call. */
function idNumber(area = "532901"): string {
  idSeq += 1;
  const first17 = `${area}19900101${idSeq}`;
  return first17 + citizenIdCheckChar(first17);
}

type RecordSpec = { kind: string; severity?: string; title?: string; decidedAt?: string; validUntil?: string };

/** A verified citizen with a bound account (subject found by the real ID-number key), and their records entered by the platform. */
async function person(spec: { prefectureCode?: TPrefectureCode; name?: string; records?: RecordSpec[] } = {}) {
  const prefectureCode = spec.prefectureCode ?? "532900";
  const name = spec.name ?? "李小华";
  const id = idNumber(prefectureCode === "532900" ? "532901" : "530102");
  const user = await UserModel.create({ role: "citizen", phone: nextPhone(), displayName: name, prefectureCode });
  const subject = await t.services.identity.bindVerifiedCitizen(user._id.toHexString(), { idNumber: id, name });
  const p = {
    idNumber: id,
    name,
    subjectId: subject._id.toHexString(),
    token: t.tokenFor({ _id: user._id, role: "citizen", prefectureCode, subjectId: subject._id }),
    actor: { userId: user._id.toHexString(), role: "citizen", subjectId: subject._id.toHexString() } as Actor,
    records: [] as { id: string; version: number }[],
  };
  for (const r of spec.records ?? []) p.records.push(await addRecord(p, r));
  return p;
}
type Person = Awaited<ReturnType<typeof person>>;

let docSeq = 0;
async function addRecord(p: { idNumber: string; name: string }, r: RecordSpec) {
  docSeq += 1;
  const res = await t.api("POST", "/credit-records", {
    token: platform,
    body: {
      subject: { kind: "citizen", idNumber: p.idNumber, name: p.name },
      prefectureCode: "532900",
      kind: r.kind,
      ...(r.severity ? { severity: r.severity } : {}),
      title: r.title ?? `测试记录${docSeq}`,
      sourceDept: "大理市市场监督管理局",
      docNo: `TEST-${docSeq}`,
      decidedAt: r.decidedAt ?? beijingDate(new Date(Date.now() - 2 * DAY)),
      ...(r.validUntil ? { validUntil: r.validUntil } : {}),
    },
  });
  if (res.status !== 201) throw new Error(`record: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; version: number };
}

const score = async (token: string): Promise<number> => (await t.api("GET", "/me/credit", { token })).body.evaluation.score;
/** The score and what this record takes away, as 我的信用 explains it. */
async function countedFactor(token: string, recordId: string): Promise<{ score: number; contribution: number }> {
  const evaluation = (await t.api("GET", "/me/credit", { token })).body.evaluation;
  const factor = evaluation.factors.find((f: { recordId: string }) => f.recordId === recordId);
  expect(factor).toMatchObject({ kind: "broken_commitment", counts: true });
  return { score: evaluation.score, contribution: factor.contribution };
}
const oid = (id: string) => new Types.ObjectId(id);
const day = (offsetDays: number, from = Date.now()) => beijingDate(new Date(from + offsetDays * DAY));

function notifyBody(p: Pick<Person, "idNumber">, overrides: Partial<TCommitmentCaseCreateRequest> = {}): TCommitmentCaseCreateRequest {
  return { subject: { kind: "citizen", idNumber: p.idNumber }, matter: "食品经营许可", type: "notify_commit", commitmentText: TEXT, ...overrides };
}
function tolerateBody(p: Pick<Person, "idNumber">, dueDate: string, overrides: Partial<TCommitmentCaseCreateRequest> = {}): TCommitmentCaseCreateRequest {
  return { ...notifyBody(p), matter: "个体工商户设立登记", type: "tolerate_missing", missingItems: [{ name: "场地租赁合同" }, { name: "消防验收意见" }], dueDate, ...overrides };
}

async function openCase(token: string, body: TCommitmentCaseCreateRequest) {
  const res = await t.api("POST", "/commitment-cases", { token, body });
  if (res.status !== 201) throw new Error(`open: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
async function sign(p: Person, id: string) {
  const res = await t.api("POST", `/me/commitments/${id}/sign`, { token: p.token, body: { accepted: true } });
  if (res.status !== 200) throw new Error(`sign: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
const act = (token: string, id: string, body: Record<string, unknown>) => t.api("POST", `/commitment-cases/${id}/transitions`, { token, body });

/** A service of the same store on a clock the test sets: cases opened and signed "days ago". */
function clocked(start: Date) {
  let clock = start;
  const service = createCommitmentService({ subjects: t.services.subjects, evaluations: t.services.evaluations, now: () => clock });
  return { service, set: (at: Date) => (clock = at), parse: (body: TCommitmentCaseCreateRequest) => ZCommitmentCaseCreateRequest.parse(body) };
}

const brokenRecords = (caseId: string) => CreditRecordModel.find({ docNo: brokenRecordDocNo(oid(caseId)) }).lean();

// ---------------------------------------------------------------------------------------------

describe("eligibility (逢办必查)", () => {
  it("告知承诺 is refused for a serious unrepaired penalty, the black list or a past broken commitment, with the reason; no case is stored", async () => {
    const cases = [
      { spec: { kind: "penalty", severity: "serious", title: "销售不合格食品" }, reason: "存在未修复的严重失信记录：行政处罚（严重）「销售不合格食品」" },
      { spec: { kind: "black_list", title: "拒不履行法院判决" }, reason: "存在未修复的严重失信记录：失信黑名单「拒不履行法院判决」" },
      { spec: { kind: "broken_commitment", title: "承诺期内未补齐材料" }, reason: "曾违背信用承诺：违背信用承诺「承诺期内未补齐材料」" },
    ];
    for (const { spec, reason } of cases) {
      const p = await person({ records: [spec] });
      const check = await t.api("POST", "/commitment-cases/eligibility", { token: dali.token, body: { subject: { kind: "citizen", idNumber: p.idNumber }, type: "notify_commit" } });
      expect(check.status).toBe(200);
      expect(check.body).toMatchObject({ type: "notify_commit", eligible: false, subject: { id: p.subjectId, kind: "citizen", name: "李**", signableInApp: true } });
      expect(check.body.reasons).toHaveLength(1);
      expect(check.body.reasons[0]).toContain(reason);
      expect(check.body.blockingRecords.map((r: { id: string }) => r.id)).toEqual([p.records[0]!.id]);
      expect(JSON.stringify(check.body)).not.toContain(p.idNumber);

      const refused = await t.api("POST", "/commitment-cases", { token: dali.token, body: notifyBody(p) });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe("COMMITMENT_NOT_ELIGIBLE");
      expect(refused.body.error.message).toContain(reason);
      expect(refused.body.error.details.reasons).toEqual(check.body.reasons);
      expect(await CommitmentCaseModel.countDocuments({ subjectId: oid(p.subjectId) })).toBe(0);
      expect(await NoticeModel.countDocuments({ subjectId: oid(p.subjectId) })).toBe(0);

      // 容缺受理 is not restricted.
      const tolerated = await t.api("POST", "/commitment-cases", { token: dali.token, body: tolerateBody(p, day(10)) });
      expect(tolerated.status).toBe(201);
    }
  });

  it("records that no longer count do not refuse (a minor penalty, one past its period, a repaired one); the store is read at each check", async () => {
    const p = await person({
      records: [
        { kind: "penalty", severity: "minor", title: "占道经营" },
        { kind: "penalty", severity: "serious", title: "旧的严重处罚", decidedAt: day(-800), validUntil: day(-400) },
        { kind: "penalty", severity: "serious", title: "无证经营" },
      ],
    });
    const check = () => t.api("POST", "/commitment-cases/eligibility", { token: agency.token, body: { subject: { kind: "citizen", idNumber: p.idNumber }, type: "notify_commit" } });
    const before = await check();
    expect(before.body.eligible).toBe(false);
    expect(before.body.blockingRecords.map((r: { title: string }) => r.title)).toEqual(["无证经营"]);

    const serious = p.records[2]!;
    const repaired = await t.api("POST", `/credit-records/${serious.id}/status`, { token: platform, body: { status: "repaired", reason: "已完成信用修复", expectedVersion: serious.version } });
    expect(repaired.status).toBe(200);
    const after = await check();
    expect(after.body).toMatchObject({ eligible: true, reasons: [], blockingRecords: [] });
    const opened = await openCase(agency.token, notifyBody(p));
    expect(opened).toMatchObject({ status: "pending_signature", version: 1, department: { kind: "agency", name: agency.name, partnerId: agency.id }, prefectureCode: "532900" });
  });

  it("an unknown subject is 404 COMMITMENT_SUBJECT_UNKNOWN naming the field; bad input is 400 with the field path; nothing is stored", async () => {
    const before = await CommitmentCaseModel.countDocuments();
    const unknown = await t.api("POST", "/commitment-cases", { token: dali.token, body: notifyBody({ idNumber: idNumber() }) });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("COMMITMENT_SUBJECT_UNKNOWN");
    expect(unknown.body.error.details.issues[0].path).toBe("body.subject.idNumber");

    const p = await person();
    const badId = await t.api("POST", "/commitment-cases", { token: dali.token, body: notifyBody({ idNumber: "532901199001011234" }) });
    expect(badId.status).toBe(400);
    expect(badId.body.error.details.issues[0].path).toBe("body.subject.idNumber");

    const paths = async (body: unknown) => {
      const res = await t.api("POST", "/commitment-cases", { token: dali.token, body });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      return res.body.error.details.issues.map((i: { path: string }) => i.path);
    };
    expect(await paths({ ...tolerateBody(p, day(5)), missingItems: [], dueDate: undefined })).toEqual(["body.missingItems", "body.dueDate"]);
    expect(await paths(tolerateBody(p, day(61)))).toEqual(["body.dueDate"]);
    expect(await paths(tolerateBody(p, day(-1)))).toEqual(["body.dueDate"]);
    expect(await paths(tolerateBody(p, day(5), { missingItems: [{ name: "租赁合同" }, { name: "租赁合同" }] }))).toEqual(["body.missingItems.1.name"]);
    expect(await paths(notifyBody(p, { dueDate: day(5) }))).toEqual(["body.dueDate"]);
    expect(await paths(notifyBody(p, { commitmentText: "太短" }))).toEqual(["body.commitmentText"]);
    // The last day may be today (the end of today, Beijing time), or 60 days ahead.
    await openCase(dali.token, tolerateBody(p, day(0)));
    await openCase(dali.token, tolerateBody(p, day(60)));
    expect(await CommitmentCaseModel.countDocuments()).toBe(before + 2);
  });

  it("only departments open cases: a bank's operator is refused 403, the platform cannot (403); an agency of several prefectures names one of its own", async () => {
    const p = await person();
    const bank = await createBank({ prefectureCodes: ["532900"] });
    const banker = await createStaff(t, bank.id, "bank_manager");
    for (const token of [banker.token, platform]) {
      const res = await t.api("POST", "/commitment-cases", { token, body: notifyBody(p) });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("FORBIDDEN");
    }
    expect((await t.api("GET", "/commitment-cases", { token: banker.token })).status).toBe(403);

    const wide = await createAgency("云南省政务服务中心（测试）", ["530100", "532900"]);
    const unnamed = await t.api("POST", "/commitment-cases", { token: wide.token, body: notifyBody(p) });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.details.issues[0].path).toBe("body.prefectureCode");
    const outside = await t.api("POST", "/commitment-cases", { token: wide.token, body: notifyBody(p, { prefectureCode: "530700" }) });
    expect(outside.status).toBe(403);
    expect(outside.body.error.details.issues[0].path).toBe("body.prefectureCode");
    const kunmingAdminElsewhere = await t.api("POST", "/commitment-cases", { token: kunming, body: notifyBody(p, { prefectureCode: "532900" }) });
    expect(kunmingAdminElsewhere.status).toBe(403);
    expect(await CommitmentCaseModel.countDocuments({ subjectId: oid(p.subjectId) })).toBe(0);
    expect((await openCase(wide.token, notifyBody(p, { prefectureCode: "530100" }))).prefectureCode).toBe("530100");
  });
});

describe("signing", () => {
  it("the subject sees the case with its text and what is due, signs it (the text stored verbatim with its hash), and cannot sign twice", async () => {
    const p = await person({ name: "王小燕" });
    const opened = await openCase(dali.token, tolerateBody(p, day(10)));
    expect(opened.subject).toMatchObject({ name: "王**", idMasked: expect.stringMatching(/^5329\*+\d{3}[\dX]$/) });
    expect(JSON.stringify(opened)).not.toContain(p.idNumber);
    const notice = await NoticeModel.findById(`commitment:${opened.id}:opened`).lean();
    expect(notice).toMatchObject({ kind: "commitment", title: "请签署信用承诺", link: { page: "commitment", id: opened.id } });
    expect(notice!.body).toContain(`${day(10)} 前补齐：场地租赁合同、消防验收意见`);

    const mine = await t.api("GET", "/me/commitments", { token: p.token });
    expect(mine.body.total).toBe(1);
    expect(mine.body.items[0]).toMatchObject({
      id: opened.id,
      subject: { name: "王小燕" },
      commitmentText: TEXT,
      status: "pending_signature",
      statusLabel: "待签署承诺",
      typeLabel: "容缺受理",
      dueDate: day(10),
      daysLeft: 10,
      overdue: false,
      nextStep: `请阅读并签署信用承诺书，并在 ${day(10)} 前补齐：场地租赁合同、消防验收意见`,
      missingItems: [{ name: "场地租赁合同", supplied: false }, { name: "消防验收意见", supplied: false }],
    });

    const refused = await t.api("POST", `/me/commitments/${opened.id}/sign`, { token: p.token, body: { accepted: false } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.issues[0].path).toBe("body.accepted");

    const signed = await sign(p, opened.id);
    expect(signed).toMatchObject({ status: "signed", statusLabel: "待补齐材料", version: 2, signature: { signerLabel: "承诺人本人", textSha256: createHash("sha256").update(TEXT).digest("hex") } });
    expect(signed.timeline.map((e: { action: string; to: string }) => `${e.action}:${e.to}`)).toEqual(["open:pending_signature", "sign:signed"]);
    const stored = (await CommitmentCaseModel.findById(opened.id).lean())!;
    expect(stored.signature).toMatchObject({ text: TEXT, textSha256: signed.signature.textSha256 });
    expect(stored.signature!.userId!.toHexString()).toBe(p.actor.userId);

    const again = await t.api("POST", `/me/commitments/${opened.id}/sign`, { token: p.token, body: { accepted: true } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("COMMITMENT_TRANSITION_INVALID");
    expect(await CommitmentEventModel.countDocuments({ caseId: oid(opened.id) })).toBe(2);
  });

  it("another subject cannot see or sign a case (404), and it is not in their list", async () => {
    const owner = await person();
    const other = await person({ name: "赵四" });
    const opened = await openCase(dali.token, notifyBody(owner));
    for (const res of [
      await t.api("GET", `/me/commitments/${opened.id}`, { token: other.token }),
      await t.api("POST", `/me/commitments/${opened.id}/sign`, { token: other.token, body: { accepted: true } }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
    expect((await t.api("GET", "/me/commitments", { token: other.token })).body).toMatchObject({ items: [], total: 0 });
    expect((await CommitmentCaseModel.findById(opened.id).lean())!.status).toBe("pending_signature");
    expect((await t.api("GET", `/me/commitments/${opened.id}`, { token: owner.token })).status).toBe(200);
  });

  it("an enterprise's legal representative signs for it; the timeline names her post and family name only", async () => {
    const enterprise = (await SubjectModel.findOne({ uscc: DEMO_ACCOUNTS.enterprise.uscc }, { _id: 1 }).lean())!;
    const opened = await openCase(kunming, { subject: { kind: "enterprise", uscc: DEMO_ACCOUNTS.enterprise.uscc }, matter: "旅行社业务经营许可", type: "notify_commit", commitmentText: TEXT });
    expect(opened.subject).toMatchObject({ kind: "enterprise", name: DEMO_ACCOUNTS.enterprise.name, uscc: DEMO_ACCOUNTS.enterprise.uscc, signableInApp: true });
    const session = await t.citizenLogin(DEMO_ACCOUNTS.citizens[2]!.phone);
    const acting = await t.api<TSession>("POST", "/auth/act-as", { body: { refreshToken: session.refreshToken, subjectId: enterprise._id.toHexString() } });
    expect(acting.status).toBe(200);
    // As herself (a citizen) she does not see the enterprise's case.
    expect((await t.api("GET", `/me/commitments/${opened.id}`, { token: session.accessToken })).status).toBe(404);
    const signed = await t.api("POST", `/me/commitments/${opened.id}/sign`, { token: acting.body.accessToken, body: { accepted: true } });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.signature.signerLabel).toBe("法定代表人 王*");
    expect(signed.body.timeline.at(-1)).toMatchObject({ action: "sign", actorLabel: "法定代表人 王*" });
  });

  it("告知承诺 is judged again at signing: a serious penalty published since the opening refuses it, and nothing changes", async () => {
    const p = await person();
    const opened = await openCase(dali.token, notifyBody(p));
    await addRecord(p, { kind: "penalty", severity: "serious", title: "虚假宣传" });
    const res = await t.api("POST", `/me/commitments/${opened.id}/sign`, { token: p.token, body: { accepted: true } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("COMMITMENT_NOT_ELIGIBLE");
    expect(res.body.error.details.reasons[0]).toContain("虚假宣传");
    const stored = (await CommitmentCaseModel.findById(opened.id).lean())!;
    expect(stored).toMatchObject({ status: "pending_signature", version: 1 });
    expect(stored.signature?.at).toBeUndefined();
  });
});

describe("verification and outcomes", () => {
  it("a broken commitment ends the case and creates one 违背信用承诺 record that the score counts; 告知承诺 is refused afterwards", async () => {
    const p = await person();
    expect(await score(p.token)).toBe(700);
    // Opened and signed three days ago, checked the day after: a decision date the score counts at any hour.
    const past = clocked(new Date(Date.now() - 3 * DAY));
    const opened = await past.service.open(dali.actor, past.parse(notifyBody(p)));
    const signed = await past.service.sign(p.actor, opened.id);

    const verified = await act(dali.token, opened.id, { action: "verify", expectedVersion: signed.version, method: "site_visit", date: day(-2), result: "broken", note: "现场核查发现经营场所与承诺不符" });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toMatchObject({
      status: "broken",
      statusLabel: "违背承诺，已办结",
      verification: { method: "site_visit", methodLabel: "现场核查", date: day(-2), result: "broken", resultLabel: "违诺", byLabel: "大理白族自治州信用主管部门" },
      outcome: { status: "broken", reason: "现场核查发现经营场所与承诺不符" },
    });
    const records = await brokenRecords(opened.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: "broken_commitment", status: "active", decidedAt: day(-2), title: "违背信用承诺：食品经营许可", sourceDept: "大理白族自治州信用主管部门", prefectureCode: "532900" });
    expect(verified.body.brokenRecordId).toBe(records[0]!._id.toHexString());

    expect(await score(p.token)).toBe(620);
    const credit = (await t.api("GET", "/me/credit", { token: p.token })).body;
    expect(credit.records.map((r: { id: string; kind: string }) => `${r.id}:${r.kind}`)).toContain(`${verified.body.brokenRecordId}:broken_commitment`);
    expect((await NoticeModel.findById(`commitment:${opened.id}:broken`).lean())!.body).toContain("现场核查发现经营场所与承诺不符");

    const mine = (await t.api("GET", `/me/commitments/${opened.id}`, { token: p.token })).body;
    expect(mine).toMatchObject({ status: "broken", outcome: { reason: "现场核查发现经营场所与承诺不符" }, brokenRecordId: verified.body.brokenRecordId });
    expect(mine.nextStep).toContain("已记入您的信用记录");

    const again = await t.api("POST", "/commitment-cases", { token: agency.token, body: notifyBody(p, { matter: "另一事项" }) });
    expect(again.status).toBe(422);
    expect(again.body.error.details.reasons[0]).toContain("曾违背信用承诺");
    // A finished case takes no further steps.
    const late = await act(dali.token, opened.id, { action: "verify", expectedVersion: verified.body.version, method: "written", date: day(0), result: "broken", note: "再次核查" });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("COMMITMENT_TRANSITION_INVALID");
    expect(await brokenRecords(opened.id)).toHaveLength(1);
  });

  it("kept: the case ends without a record and the score stays; bad verification input is 400 with the field path", async () => {
    const p = await person();
    const opened = await openCase(agency.token, notifyBody(p));
    const early = await act(agency.token, opened.id, { action: "verify", expectedVersion: 1, method: "online", date: day(0), result: "kept" });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe("申请人尚未签署承诺，不能核查");
    const signed = await sign(p, opened.id);
    const missing = await act(agency.token, opened.id, { action: "verify", expectedVersion: signed.version, result: "broken" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(["body.method", "body.date", "body.note"]);
    const future = await act(agency.token, opened.id, { action: "verify", expectedVersion: signed.version, method: "online", date: day(1), result: "kept" });
    expect(future.status).toBe(400);
    expect(future.body.error.details.issues[0].path).toBe("body.date");

    const kept = await act(agency.token, opened.id, { action: "verify", expectedVersion: signed.version, method: "online", date: day(0), result: "kept" });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ status: "kept", verification: { result: "kept", byLabel: agency.name }, outcome: { status: "kept", reason: "经核查，承诺属实并已履行" } });
    expect(kept.body.brokenRecordId).toBeUndefined();
    expect(await brokenRecords(opened.id)).toHaveLength(0);
    expect(await score(p.token)).toBe(700);
    expect(await NoticeModel.exists({ _id: `commitment:${opened.id}:kept` })).toBeTruthy();
  });

  it("容缺: items supplied before the due date end it kept; an unknown item, 'kept' by verification, or supply after the date is refused", async () => {
    const p = await person();
    const opened = await openCase(dali.token, tolerateBody(p, day(10)));
    await sign(p, opened.id);
    const unknown = await act(dali.token, opened.id, { action: "supply", expectedVersion: 2, items: ["身份证复印件"] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues[0].path).toBe("body.items.0");
    const part = await act(dali.token, opened.id, { action: "supply", expectedVersion: 2, items: ["场地租赁合同"] });
    expect(part.status).toBe(200);
    expect(part.body).toMatchObject({ status: "signed", version: 3, nextStep: `待申请人在 ${day(10)} 前补齐：消防验收意见` });
    expect(part.body.missingItems.map((i: { supplied: boolean }) => i.supplied)).toEqual([true, false]);
    const keptByCheck = await act(dali.token, opened.id, { action: "verify", expectedVersion: 3, method: "written", date: day(0), result: "kept" });
    expect(keptByCheck.status).toBe(409);
    expect(keptByCheck.body.error.code).toBe("COMMITMENT_TRANSITION_INVALID");
    const rest = await act(dali.token, opened.id, { action: "supply", expectedVersion: 3 });
    expect(rest.body).toMatchObject({ status: "kept", statusLabel: "材料已补齐，已办结", outcome: { reason: "容缺材料已全部补齐" } });
    expect(rest.body.timeline.at(-1)).toMatchObject({ action: "supply", note: "已补齐：消防验收意见", actorLabel: "大理白族自治州信用主管部门" });

    // Signed ten days ago, due eight days ago: past the date, supply and termination are refused (the sweep breaks it).
    const past = clocked(new Date(Date.now() - 10 * DAY));
    const lateCase = await past.service.open(dali.actor, past.parse(tolerateBody(p, day(-8))));
    await past.service.sign(p.actor, lateCase.id);
    for (const body of [{ action: "supply", expectedVersion: 2 }, { action: "terminate", expectedVersion: 2, note: "申请人撤回申请" }]) {
      const res = await act(dali.token, lateCase.id, body);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain(`已超过补齐期限（${day(-8)}）`);
    }
    const listed = (await t.api("GET", "/commitment-cases?overdue=true", { token: dali.token })).body;
    expect(listed.items.find((c: { id: string }) => c.id === lateCase.id)).toMatchObject({ overdue: true, daysLeft: -8, nextStep: "已超过补齐期限，将按违背承诺处理" });
    expect(listed.items.every((c: { overdue: boolean }) => c.overdue)).toBe(true);
    expect((await t.api("GET", "/commitment-cases?overdue=false", { token: dali.token })).body.items.some((c: { id: string }) => c.id === lateCase.id)).toBe(false);
  });

  it("terminate needs a reason the subject sees; a terminated case takes no further step", async () => {
    const p = await person();
    const opened = await openCase(dali.token, notifyBody(p));
    const bare = await act(dali.token, opened.id, { action: "terminate", expectedVersion: 1 });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details.issues[0].path).toBe("body.note");
    const ended = await act(dali.token, opened.id, { action: "terminate", expectedVersion: 1, note: "申请人撤回申请" });
    expect(ended.body).toMatchObject({ status: "terminated", outcome: { status: "terminated", reason: "申请人撤回申请" } });
    expect((await t.api("GET", `/me/commitments/${opened.id}`, { token: p.token })).body.outcome.reason).toBe("申请人撤回申请");
    const signLate = await t.api("POST", `/me/commitments/${opened.id}/sign`, { token: p.token, body: { accepted: true } });
    expect(signLate.status).toBe(409);
    expect(await brokenRecords(opened.id)).toHaveLength(0);
  });
});

describe("the deadline sweep", () => {
  it("容缺 items not supplied by the due date (injected clock): broken with one record the score counts, however often and however many sweeps run", async () => {
    const p = await person();
    const past = clocked(new Date(Date.now() - 10 * DAY));
    const opened = await past.service.open(agency.actor, past.parse(tolerateBody(p, day(-7))));
    await past.service.sign(p.actor, opened.id);
    await past.service.transition(agency.actor, opened.id, { action: "supply", expectedVersion: 2, items: ["场地租赁合同"] });

    // The day before the due date nothing happens to it.
    await past.service.sweepOverdueCommitments(new Date(Date.now() - 8 * DAY));
    expect((await CommitmentCaseModel.findById(opened.id).lean())!.status).toBe("signed");
    expect(await score(p.token)).toBe(700);

    // Three sweeps at once (two workers and a retry) after the date has passed.
    const at = new Date();
    await Promise.all([past.service.sweepOverdueCommitments(at), past.service.sweepOverdueCommitments(at), t.services.commitments.sweepOverdueCommitments(at)]);
    const records = await brokenRecords(opened.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: "broken_commitment", decidedAt: day(-7), sourceDept: agency.name, title: "违背信用承诺：个体工商户设立登记" });
    const stored = (await CommitmentCaseModel.findById(opened.id).lean())!;
    expect(stored).toMatchObject({ status: "broken", version: 4 });
    expect(stored.brokenRecordId!.toHexString()).toBe(records[0]!._id.toHexString());
    const lapses = await CommitmentEventModel.find({ caseId: oid(opened.id), action: "lapse" }).lean();
    expect(lapses).toHaveLength(1);
    expect(lapses[0]).toMatchObject({ actorLabel: "系统（期限届满）", note: `超过补齐期限（${day(-7)}）仍未补齐：消防验收意见` });
    // A week old, the record weighs a little less than its full −80 (half-life of a year).
    const counted = await countedFactor(p.token, records[0]!._id.toHexString());
    expect(counted.contribution).toBeLessThanOrEqual(-78);
    expect(counted.score).toBe(700 + counted.contribution);

    await t.services.commitments.sweepOverdueCommitments(new Date(Date.now() + DAY));
    expect(await brokenRecords(opened.id)).toHaveLength(1);
    expect(await score(p.token)).toBe(counted.score);
    const mine = (await t.api("GET", `/me/commitments/${opened.id}`, { token: p.token })).body;
    expect(mine).toMatchObject({ status: "broken", outcome: { reason: `超过补齐期限（${day(-7)}）仍未补齐：消防验收意见` } });
    expect(await NoticeModel.countDocuments({ _id: `commitment:${opened.id}:broken` })).toBe(1);
  });

  it("an unsigned 容缺 past its date ends without a record; a reminder goes out once, three days ahead", async () => {
    const p = await person();
    const past = clocked(new Date(Date.now() - 10 * DAY));
    const unsigned = await past.service.open(dali.actor, past.parse(tolerateBody(p, day(-8))));
    const soon = await openCase(dali.token, tolerateBody(p, day(2)));
    await sign(p, soon.id);
    const later = await openCase(dali.token, tolerateBody(p, day(10)));

    const sweep = registeredSweeps().find((s) => s.name === "commitment-deadlines")!;
    await sweep.run(new Date());
    await sweep.run(new Date());
    const ended = (await CommitmentCaseModel.findById(unsigned.id).lean())!;
    expect(ended).toMatchObject({ status: "terminated" });
    expect(ended.outcome!.reason).toBe(`超过期限（${day(-8)}）仍未签署信用承诺，终止办理`);
    expect(await brokenRecords(unsigned.id)).toHaveLength(0);
    expect(await NoticeModel.exists({ _id: `commitment:${unsigned.id}:terminated` })).toBeTruthy();

    const reminder = await NoticeModel.find({ _id: `commitment:${soon.id}:due-soon` }).lean();
    expect(reminder).toHaveLength(1);
    expect(reminder[0]!.body).toContain(`需在 ${day(2)} 前补齐：场地租赁合同、消防验收意见`);
    expect(await NoticeModel.exists({ _id: `commitment:${later.id}:due-soon` })).toBeNull();
    expect((await CommitmentCaseModel.findById(soon.id).lean())!.status).toBe("signed");
    expect(await score(p.token)).toBe(700);
  });
});

describe("concurrency, crashes and who sees what", () => {
  it("two departments deciding at once: one wins, the other gets 409 VERSION_CONFLICT; one record", async () => {
    const p = await person();
    const opened = await openCase(agency.token, notifyBody(p));
    const signed = await sign(p, opened.id);
    const body = (note: string) => ({ action: "verify", expectedVersion: signed.version, method: "written", date: day(0), result: "broken", note });
    const answers = await Promise.all([act(agency.token, opened.id, body("窗口核查：承诺不实")), act(dali.token, opened.id, body("信用办核查：承诺不实"))]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body.error.code).toBe("VERSION_CONFLICT");
    const winner = answers.find((a) => a.status === 200)!;
    const stored = (await CommitmentCaseModel.findById(opened.id).lean())!;
    expect(stored).toMatchObject({ status: "broken", version: 3, outcome: { reason: winner.body.outcome.reason } });
    expect(await CommitmentEventModel.countDocuments({ caseId: oid(opened.id) })).toBe(3);
    expect(await brokenRecords(opened.id)).toHaveLength(1);
  });

  it("a crash after the decision's event: the case is rolled forward from it and the sweep writes the missing record once", async () => {
    const p = await person();
    const opened = await openCase(dali.token, notifyBody(p));
    await sign(p, opened.id);
    const decidedAt = new Date(Date.now() - 5 * 60_000);
    // The deciding insert went through, then the process died before the case, the record and the notice.
    await CommitmentEventModel.create({
      caseId: oid(opened.id),
      version: 3,
      action: "verify",
      from: "signed",
      to: "broken",
      actorId: oid(dali.actor.userId),
      actorRole: "regional_admin",
      actorLabel: "大理白族自治州信用主管部门",
      note: "网络核查：承诺不实",
      set: { verification: { method: "online", date: day(-1), result: "broken", note: "网络核查：承诺不实", byLabel: "大理白族自治州信用主管部门", at: decidedAt }, outcome: { reason: "网络核查：承诺不实", at: decidedAt }, brokenOn: day(-1) },
      at: decidedAt,
    });
    const seen = await t.api("GET", `/commitment-cases/${opened.id}`, { token: dali.token });
    expect(seen.body).toMatchObject({ status: "broken", version: 3, verification: { method: "online" } });
    expect(await brokenRecords(opened.id)).toHaveLength(0);

    // Two workers find the orphan at once: the record's natural key (from the case id) lets one through.
    await Promise.all([t.services.commitments.sweepOverdueCommitments(new Date()), t.services.commitments.sweepOverdueCommitments(new Date())]);
    await t.services.commitments.sweepOverdueCommitments(new Date());
    const records = await brokenRecords(opened.id);
    expect(records).toHaveLength(1);
    expect(records[0]!.decidedAt).toBe(day(-1));
    expect((await CommitmentCaseModel.findById(opened.id).lean())!.brokenRecordId!.toHexString()).toBe(records[0]!._id.toHexString());
    expect(await score(p.token)).toBe(620);
    expect(await NoticeModel.exists({ _id: `commitment:${opened.id}:broken` })).toBeTruthy();
  });

  it("a crash after a step's event, before anyone reads the case: the next writer's step at the new version goes through", async () => {
    const p = await person();
    const opened = await openCase(dali.token, tolerateBody(p, day(10)));
    await sign(p, opened.id);
    const at = new Date();
    const missingItems = [{ name: "场地租赁合同", suppliedAt: at }, { name: "消防验收意见" }];
    await CommitmentEventModel.create({ caseId: oid(opened.id), version: 3, action: "supply", from: "signed", to: "signed", actorLabel: "大理白族自治州信用主管部门", note: "已补齐：场地租赁合同", set: { missingItems }, at });
    // The department's screen showed version 3 (another process answered it before dying).
    const rest = await act(dali.token, opened.id, { action: "supply", expectedVersion: 3 });
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(rest.body).toMatchObject({ status: "kept", version: 4 });
    expect(rest.body.missingItems.map((i: { supplied: boolean }) => i.supplied)).toEqual([true, true]);
  });

  it("another prefecture's administrator and another agency get 404; the prefecture's administrator supervises the agency's cases; the platform sees all", async () => {
    const p = await person();
    const opened = await openCase(agency.token, notifyBody(p));
    const otherAgency = await createAgency("丽江市政务服务中心（测试）", ["530700"]);
    for (const token of [kunming, otherAgency.token]) {
      expect((await t.api("GET", `/commitment-cases/${opened.id}`, { token })).status).toBe(404);
      const res = await act(token, opened.id, { action: "terminate", expectedVersion: 1, note: "越权终止" });
      expect(res.status).toBe(404);
      expect((await t.api("GET", "/commitment-cases", { token })).body.items.some((c: { id: string }) => c.id === opened.id)).toBe(false);
    }
    expect((await CommitmentCaseModel.findById(opened.id).lean())!.version).toBe(1);
    expect((await t.api("GET", `/commitment-cases/${opened.id}`, { token: dali.token })).status).toBe(200);
    const all = await t.api("GET", `/commitment-cases?type=notify_commit&status=pending_signature`, { token: platform });
    expect(all.body.items.some((c: { id: string }) => c.id === opened.id)).toBe(true);
    expect(all.body.items.every((c: { type: string; status: string }) => c.type === "notify_commit" && c.status === "pending_signature")).toBe(true);
    expect((await act(platform, opened.id, { action: "terminate", expectedVersion: 1, note: "平台终止" })).status).toBe(403);
  });
});
