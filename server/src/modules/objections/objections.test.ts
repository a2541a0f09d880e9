import { randomUUID } from "node:crypto";
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beijingDate, type TObjectionRequest, type TPrefectureCode } from "@xinyi/shared";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import type { Actor } from "../../http/context";
import { AttachmentModel } from "../attachments/model";
import { CreditRecordModel, RecordEventModel } from "../credit-records/model";
import { NoticeModel } from "../messages/outbox";
import { DEMO_ACCOUNTS } from "../../seed/demo";
import { SubjectModel } from "../subjects/model";
import { UserModel } from "../users/model";
import { ObjectionEventModel, ObjectionModel, ObjectionSlotModel } from "./model";
import { createObjectionService } from "./service";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.from([0x90, 0x00, 0x03, 0x00]), Buffer.alloc(58, 0)]);
const pdf = (fileName = "缴款凭证.pdf", data = PDF) => ({ fileName, contentType: "application/pdf" as const, dataBase64: data.toString("base64") });
const today = () => beijingDate(new Date());
const bj = (wall: string) => new Date(`${wall}+08:00`);

let t: TestServer;
let platform: string;
let dali: Admin;
let kunming: Admin;

type Admin = { token: string; actor: Actor };
type Person = { token: string; userId: string; subjectId: Types.ObjectId; actor: Actor };

beforeAll(async () => {
  t = await startTestServer({ name: "objections" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  dali = await adminOf("532900");
  kunming = await adminOf("530100");
});
afterAll(() => t.close());

async function adminOf(prefectureCode: TPrefectureCode): Promise<Admin> {
  const user = await UserModel.create({ role: "regional_admin", username: `ra_${randomUUID().slice(0, 8)}`, displayName: "信用办 王科长", prefectureCode });
  return { token: t.tokenFor(user), actor: { userId: user._id.toHexString(), role: "regional_admin", prefectureCode } };
}

let phones = 13700000000;
async function person(prefectureCode: TPrefectureCode = "532900", name = "李小华"): Promise<Person> {
  const [user] = await createCitizens([{ phone: String(++phones), prefectureCode, name }]);
  const subjectId = user!.subjectId!;
  return { token: t.tokenFor(user!), userId: user!._id.toHexString(), subjectId, actor: { userId: user!._id.toHexString(), role: "citizen", subjectId: subjectId.toHexString() } };
}

/** A record about the person, as an import would leave it, and their evaluation redone from the store. */
async function recordFor(p: Pick<Person, "subjectId">, fields: Record<string, unknown> = {}): Promise<string> {
  const id = new Types.ObjectId();
  const docNo = `大市监罚〔2026〕${randomUUID().slice(0, 6)}号`;
  await CreditRecordModel.create({
    _id: id,
    subjectId: p.subjectId,
    subjectKind: "citizen",
    prefectureCode: "532900",
    kind: "penalty",
    severity: "serious",
    title: "未按规定办理食品经营许可",
    sourceDept: "大理州市场监督管理局",
    docNo,
    naturalKey: `test|${docNo}`,
    decidedAt: today(),
    late: false,
    status: "active",
    version: 1,
    createdAt: new Date(),
    ...fields,
  });
  await RecordEventModel.create({ recordId: id, version: 1, status: "active", reason: "录入", actorName: "测试", at: new Date() });
  await t.services.evaluations.recompute([p.subjectId]);
  return id.toHexString();
}

async function credit(p: Pick<Person, "token">) {
  const res = await t.api("GET", "/me/credit", { token: p.token });
  expect(res.status).toBe(200);
  return res.body as { evaluation: { score: number; blacklisted: boolean; factors: { recordId: string; counts: boolean; note?: string }[] }; records: { id: string; status: string }[] };
}

function submit(p: Pick<Person, "token">, body: Partial<TObjectionRequest> & { recordId: string }, key = randomUUID()) {
  return t.api("POST", "/me/objections", { token: p.token, body: { ground: "wrong", explanation: "该处罚决定已被复议机关撤销，记录不应存在。", ...body }, headers: { "idempotency-key": key } });
}

function move(token: string, id: string, body: Record<string, unknown>) {
  return t.api("POST", `/objections/${id}/transitions`, { token, body });
}

async function recordState(id: string) {
  const r = await CreditRecordModel.findById(id).lean();
  return { status: r!.status, version: r!.version, severity: r!.severity };
}

describe("submitting an objection", () => {
  it("freezes the record at once: the score rises now, and an upheld decision lowers it back", async () => {
    const p = await person();
    const recordId = await recordFor(p);
    const before = await credit(p);
    // A serious penalty of today: 700 − 120.
    expect(before.evaluation.score).toBe(580);

    const res = await submit(p, { recordId, attachments: [pdf()] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "submitted", statusLabel: "已提交，待受理", version: 1, ground: "wrong", groundLabel: "记录内容有误", prefectureName: "大理白族自治州" });
    expect(res.body.record).toMatchObject({ id: recordId, status: "frozen", statusLabel: "冻结（异议处理中）" });
    expect(res.body.attachments).toEqual([expect.objectContaining({ fileName: "缴款凭证.pdf", contentType: "application/pdf", size: PDF.length })]);
    expect(res.body.due).toMatchObject({ dueKind: "accept", dueLabel: "受理期限", overdue: false });
    expect(res.body.submittedAt).toMatch(/\+08:00$/);
    expect(res.body.steps).toEqual([expect.objectContaining({ action: "submit", status: "submitted", actorLabel: "您" })]);

    const frozen = await credit(p);
    expect(frozen.evaluation.score).toBe(700);
    expect(frozen.evaluation.factors.find((f) => f.recordId === recordId)).toMatchObject({ counts: false, note: "异议处理中，暂不计入" });
    expect(frozen.records.find((r) => r.id === recordId)!.status).toBe("frozen");

    const id = res.body.id as string;
    const accepted = await move(dali.token, id, { action: "accept", expectedVersion: 1 });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: "accepted", version: 2, due: { dueKind: "decide", dueLabel: "办结期限" }, actions: ["forward", "correct", "uphold"] });
    const upheld = await move(dali.token, id, { action: "uphold", expectedVersion: 2, reason: "经核查，复议决定维持原处罚，记录准确。" });
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({ status: "upheld", decision: { outcome: "upheld", reason: "经核查，复议决定维持原处罚，记录准确。" }, actions: [] });
    expect(upheld.body.due).toBeUndefined();

    const after = await credit(p);
    expect(after.evaluation.score).toBe(580);
    expect(after.evaluation.factors.find((f) => f.recordId === recordId)).toMatchObject({ counts: true });
    expect(await recordState(recordId)).toMatchObject({ status: "active", version: 3 });

    // The subject sees every step with its reason, told by the office, not by the officer's name.
    const mine = await t.api("GET", `/me/objections/${id}`, { token: p.token });
    expect(mine.status).toBe(200);
    expect(mine.body.steps.map((s: { action: string }) => s.action)).toEqual(["submit", "accept", "uphold"]);
    expect(mine.body.steps[2]).toMatchObject({ label: "异议不成立，维持原记录，记录恢复计入", actorLabel: "大理白族自治州信用主管部门", reason: "经核查，复议决定维持原处罚，记录准确。" });
    expect(JSON.stringify(mine.body)).not.toContain("王科长");
    expect((await t.api("GET", "/me/objections", { token: p.token })).body).toMatchObject({ total: 1, items: [{ id, status: "upheld" }] });
    // One notice per step, each told once.
    const notices = await NoticeModel.find({ _id: { $regex: `^objection:${id}:` } }).lean();
    expect(notices.map((n) => n._id).sort()).toEqual([`objection:${id}:accepted`, `objection:${id}:submitted`, `objection:${id}:upheld`]);
    expect(notices.find((n) => n._id === `objection:${id}:upheld`)!.body).toContain("经核查，复议决定维持原处罚");
    // The case is closed: the record may be disputed again.
    expect(await ObjectionSlotModel.exists({ _id: recordId })).toBeNull();
  });

  it("a frozen black-list record stops counting in the black-list check too", async () => {
    const p = await person();
    const recordId = await recordFor(p, { kind: "black_list", severity: undefined, title: "列入严重失信主体名单" });
    expect((await credit(p)).evaluation.blacklisted).toBe(true);
    expect((await submit(p, { recordId, ground: "should_not_publish" })).status).toBe(201);
    expect((await credit(p)).evaluation.blacklisted).toBe(false);
  });

  it("refuses records that do not count against the subject, saying which ones may be disputed", async () => {
    const p = await person();
    const licence = await recordFor(p, { kind: "licence", severity: undefined, title: "食品经营许可" });
    const taxB = await recordFor(p, { kind: "tax_grade", severity: undefined, taxGrade: "B", title: "2025年度纳税信用B级" });
    const taxD = await recordFor(p, { kind: "tax_grade", severity: undefined, taxGrade: "D", title: "2025年度纳税信用D级" });
    for (const recordId of [licence, taxB]) {
      const res = await submit(p, { recordId });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe("OBJECTION_NOT_ALLOWED");
      expect(res.body.error.message).toContain("行政处罚、失信黑名单、违背信用承诺、纳税信用C级或D级");
      expect(res.body.error.details.issues[0].path).toBe("body.recordId");
    }
    expect((await submit(p, { recordId: taxD })).status).toBe(201);
    // A record that no longer counts (revoked) needs no objection either.
    const revoked = await recordFor(p, { status: "revoked" });
    const res = await submit(p, { recordId: revoked });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain("已撤销");
    expect(await ObjectionModel.countDocuments({ subjectId: p.subjectId })).toBe(1);
  });

  it("one open objection per record: a second is refused, two at once give one case, a retry with the key gives the same case", async () => {
    const p = await person();
    const recordId = await recordFor(p);
    const key = randomUUID();
    const [a, b] = await Promise.all([submit(p, { recordId }), submit(p, { recordId })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 201 ? a : b;
    expect(loser.body.error).toMatchObject({ code: "OBJECTION_OPEN", details: { objectionId: winner.body.id } });
    expect(await ObjectionModel.countDocuments({ recordId })).toBe(1);

    const other = await recordFor(p);
    const first = await submit(p, { recordId: other }, key);
    const retry = await submit(p, { recordId: other }, key);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.id).toBe(first.body.id);
    expect(await ObjectionModel.countDocuments({ recordId: other })).toBe(1);
    const reused = await submit(p, { recordId: other, ground: "duplicate" }, key);
    expect(reused.status).toBe(409);
    expect(reused.body.error.details.issues[0].path).toBe("headers.idempotency-key");
  });
});

describe("deciding", () => {
  it("forwarded, answered and corrected by withdrawal: the record is revoked and stays out of the score", async () => {
    const p = await person();
    const recordId = await recordFor(p);
    const id = (await submit(p, { recordId })).body.id as string;
    await move(dali.token, id, { action: "accept", expectedVersion: 1 });
    const noDept = await move(dali.token, id, { action: "forward", expectedVersion: 2 });
    expect(noDept.status).toBe(400);
    expect(noDept.body.error.details.issues[0].path).toBe("body.department");
    const forwarded = await move(dali.token, id, { action: "forward", expectedVersion: 2, department: "大理州市场监督管理局" });
    expect(forwarded.body).toMatchObject({ status: "forwarded", department: "大理州市场监督管理局", due: { dueKind: "answer", dueLabel: "部门答复期限" } });
    // Deciding before the department answers is not a step of the workflow.
    const early = await move(dali.token, id, { action: "correct", expectedVersion: 3, reason: "部门确认处罚已撤销" });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("OBJECTION_TRANSITION_INVALID");

    const answerFile = pdf("部门复函.pdf");
    const answered = await move(dali.token, id, { action: "answer", expectedVersion: 3, answerText: "经复核，该处罚已于复议中撤销。", answerAttachment: answerFile });
    expect(answered.status).toBe(200);
    expect(answered.body.answer).toMatchObject({ text: "经复核，该处罚已于复议中撤销。", attachment: { fileName: "部门复函.pdf" } });
    const corrected = await move(dali.token, id, { action: "correct", expectedVersion: 4, reason: "来源部门确认处罚决定已被撤销，记录予以撤销。" });
    expect(corrected.status).toBe(200);
    expect(corrected.body.decision).toMatchObject({ outcome: "corrected", correction: "withdrawn" });
    expect(await recordState(recordId)).toMatchObject({ status: "revoked" });

    // Evaluated again later (a new model, a nightly run), the withdrawn record stays out.
    await t.services.evaluations.recompute([p.subjectId]);
    const after = await credit(p);
    expect(after.evaluation.score).toBe(700);
    expect(after.evaluation.factors.find((f) => f.recordId === recordId)).toMatchObject({ counts: false, note: "已撤销，不计入" });
    // The subject reads the decision, not the department's letter.
    const mine = await t.api("GET", `/me/objections/${id}`, { token: p.token });
    expect(mine.body.steps.map((s: { label: string }) => s.label)).toEqual([
      "提交异议，记录已冻结，处理期间暂不计入信用评价",
      "已受理，正在核查",
      "已转大理州市场监督管理局核查",
      "大理州市场监督管理局已答复",
      "异议成立，记录已撤销",
    ]);
    expect(mine.body.answer).toBeUndefined();
    const letterId = answered.body.answer.attachment.id as string;
    const asSubject = await fetch(`${t.baseUrl}/api/v1/attachments/${letterId}`, { headers: { authorization: `Bearer ${p.token}` } });
    expect(asSubject.status).toBe(404);
    const asAdmin = await fetch(`${t.baseUrl}/api/v1/attachments/${letterId}`, { headers: { authorization: `Bearer ${dali.token}` } });
    expect(asAdmin.status).toBe(200);
    expect(Buffer.from(await asAdmin.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it("corrected by amendment: the record counts again with its corrected severity", async () => {
    const p = await person();
    const recordId = await recordFor(p);
    const id = (await submit(p, { recordId, ground: "differs_from_decision" })).body.id as string;
    await move(dali.token, id, { action: "accept", expectedVersion: 1 });
    const wrongField = await move(dali.token, id, { action: "correct", expectedVersion: 2, reason: "处罚决定书载明为一般违法行为", amend: { validUntil: "2020-01-01" } });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.details.issues[0].path).toBe("body.amend.validUntil");
    const amended = await move(dali.token, id, { action: "correct", expectedVersion: 2, reason: "处罚决定书载明为一般违法行为", amend: { severity: "minor" } });
    expect(amended.status).toBe(200);
    expect(amended.body.decision).toMatchObject({ outcome: "corrected", correction: "amended", amended: { severity: "minor" } });
    expect(await recordState(recordId)).toMatchObject({ status: "active", severity: "minor" });
    // A minor penalty of today: 700 − 30.
    expect((await credit(p)).evaluation.score).toBe(670);
  });

  it("two administrators deciding at once: one wins, the other gets 409, and the record moves once", async () => {
    const p = await person();
    const recordId = await recordFor(p);
    const id = (await submit(p, { recordId })).body.id as string;
    await move(dali.token, id, { action: "accept", expectedVersion: 1 });
    const versionBefore = (await recordState(recordId)).version;
    const [a, b] = await Promise.all([
      move(dali.token, id, { action: "uphold", expectedVersion: 2, reason: "记录准确，维持" }),
      move(platform, id, { action: "correct", expectedVersion: 2, reason: "记录有误，撤销" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe("VERSION_CONFLICT");
    const winner = a.status === 200 ? a : b;
    const stored = await ObjectionModel.findById(id).lean();
    expect(stored!.status).toBe(winner.body.status);
    expect(await ObjectionEventModel.countDocuments({ caseId: id })).toBe(3);
    const record = await recordState(recordId);
    expect(record.status).toBe(winner.body.status === "upheld" ? "active" : "revoked");
    expect(record.version).toBe(versionBefore + 1);
  });

  it("a decision whose case update was lost (a crash after its event) is rolled forward on the next read, record included", async () => {
    const p = await person();
    const recordId = await recordFor(p);
    const id = (await submit(p, { recordId })).body.id as string;
    await move(dali.token, id, { action: "accept", expectedVersion: 1 });
    // The winner's event is written, then the process dies before the record and the case move.
    const at = new Date();
    await ObjectionEventModel.create({
      caseId: id,
      version: 3,
      action: "uphold",
      from: "accepted",
      to: "upheld",
      actorId: new Types.ObjectId(dali.actor.userId),
      actorRole: "regional_admin",
      actorName: "信用办 王科长",
      reason: "记录准确",
      set: { status: "upheld", open: false, decision: { outcome: "upheld", reason: "记录准确", at } },
      at,
    });
    expect((await recordState(recordId)).status).toBe("frozen");
    const page = await t.api("GET", `/objections/${id}`, { token: dali.token });
    expect(page.body).toMatchObject({ status: "upheld", version: 3, decision: { outcome: "upheld", reason: "记录准确" } });
    expect(await recordState(recordId)).toMatchObject({ status: "active" });
    expect((await credit(p)).evaluation.score).toBe(580);
    expect(await ObjectionSlotModel.exists({ _id: recordId })).toBeNull();
    // A late decision by the other administrator meets the stored version.
    const late = await move(platform, id, { action: "correct", expectedVersion: 2, reason: "撤销" });
    expect(late.status).toBe(409);
  });

  it("a repeat of an upheld objection with nothing new may be declined; a new objection may not", async () => {
    const p = await person();
    const recordId = await recordFor(p);
    const first = (await submit(p, { recordId })).body.id as string;
    await move(dali.token, first, { action: "accept", expectedVersion: 1 });
    const notRepeat = await move(dali.token, first, { action: "decline", expectedVersion: 2, reason: "不予受理" });
    expect(notRepeat.status).toBe(409);
    expect(notRepeat.body.error.code).toBe("OBJECTION_TRANSITION_INVALID");
    await move(dali.token, first, { action: "uphold", expectedVersion: 2, reason: "记录准确" });

    // Same ground, with a new file: not a repeat.
    const withFile = await submit(p, { recordId, attachments: [pdf("新证据.pdf")] });
    const withFileCase = await t.api("GET", `/objections/${withFile.body.id}`, { token: dali.token });
    expect(withFileCase.body.repeatOf).toBeUndefined();
    expect(withFileCase.body.actions).toEqual(["accept"]);
    await move(dali.token, withFile.body.id, { action: "accept", expectedVersion: 1 });
    await move(dali.token, withFile.body.id, { action: "uphold", expectedVersion: 2, reason: "新证据不足以推翻原记录" });

    const again = await submit(p, { recordId });
    expect((await credit(p)).evaluation.score).toBe(700);
    const page = await t.api("GET", `/objections/${again.body.id}`, { token: dali.token });
    expect(page.body.repeatOf).toMatchObject({ id: withFile.body.id });
    expect(page.body.actions).toEqual(["accept", "decline"]);
    const declined = await move(dali.token, again.body.id, { action: "decline", expectedVersion: 1, reason: "与此前异议理由相同，且未提供新的材料" });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: "declined", decision: { outcome: "declined" } });
    expect(await recordState(recordId)).toMatchObject({ status: "active" });
    expect((await credit(p)).evaluation.score).toBe(580);
  });
});

describe("deadlines in working days", () => {
  it("counts the administrators' holidays, flags an overdue case in the queue, and follows the platform's settings", async () => {
    const holidays = ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"].map((date) => ({ date, kind: "holiday", name: "国庆节" }));
    expect((await t.api("PUT", "/calendar/days/2026", { token: platform, body: { items: holidays } })).status).toBe(200);
    const clock = { at: bj("2026-09-30T10:00:00") };
    const later = createObjectionService({ records: t.services.records, calendar: t.services.loanCalendar, now: () => clock.at });
    const p = await person();
    const recordId = await recordFor(p, { decidedAt: "2026-09-01" });

    const submitted = await later.submit(p.actor, { recordId, ground: "wrong", explanation: "处罚对象不是本人，身份信息被冒用。", attachments: [] }, randomUUID());
    // One working day after Wednesday 30 September, past the National Day holidays: Thursday 8 October.
    expect(submitted.due).toMatchObject({ dueDate: "2026-10-08", dueAt: "2026-10-09T00:00:00.000+08:00", overdue: false });

    clock.at = bj("2026-10-08T23:59:00");
    expect((await later.queue(dali.actor, { page: 1, overdue: "true" })).items.map((r) => r.id)).not.toContain(submitted.id);
    clock.at = bj("2026-10-09T00:00:01");
    const overdue = await later.queue(dali.actor, { page: 1, overdue: "true" });
    expect(overdue.items.find((r) => r.id === submitted.id)).toMatchObject({ due: { overdue: true, dueLabel: "受理期限" } });
    expect((await later.mineOne(p.actor, submitted.id)).due!.overdue).toBe(true);
    expect((await later.queue(dali.actor, { page: 1, overdue: "false" })).items.map((r) => r.id)).not.toContain(submitted.id);

    // Accepted on Friday 9 October: decide within 5 working days (Friday 16), forward within 2 (Tuesday 13).
    clock.at = bj("2026-10-09T09:00:00");
    const accepted = await later.transition(dali.actor, submitted.id, { action: "accept", expectedVersion: 1 });
    expect(accepted.due).toMatchObject({ dueKind: "decide", dueDate: "2026-10-16", overdue: false });
    expect(accepted.forwardDueAt).toBe("2026-10-14T00:00:00.000+08:00");

    // The platform gives 3 working days to accept: a new case of 30 September is due on Monday 12 October.
    const settings = await t.api("GET", "/credit-rights/settings", { token: dali.token });
    expect(settings.body).toMatchObject({ version: 0, objection: { acceptDays: 1, decideDays: 5, forwardDays: 2, answerDays: 5 }, repair: { reviewDays: 10, minMonthsBetween: 12, maxIn5Years: 2 } });
    const body = { expectedVersion: 0, objection: { ...settings.body.objection, acceptDays: 3 }, repair: settings.body.repair };
    expect((await t.api("PUT", "/credit-rights/settings", { token: dali.token, body })).status).toBe(403);
    const saved = await t.api("PUT", "/credit-rights/settings", { token: platform, body });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, objection: { acceptDays: 3 }, updatedBy: "省平台管理员" });
    const stale = await t.api("PUT", "/credit-rights/settings", { token: platform, body: { ...body, objection: { ...body.objection, acceptDays: 2 } } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("VERSION_CONFLICT");
    const bad = await t.api("PUT", "/credit-rights/settings", { token: platform, body: { ...body, expectedVersion: 1, objection: { ...body.objection, decideDays: 0 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe("body.objection.decideDays");

    clock.at = bj("2026-09-30T10:00:00");
    const second = await later.submit(p.actor, { recordId: await recordFor(p, { decidedAt: "2026-09-01" }), ground: "wrong", explanation: "处罚对象不是本人，身份信息被冒用。", attachments: [] }, randomUUID());
    expect(second.due!.dueDate).toBe("2026-10-12");
    // Put back what other tests expect.
    expect((await t.api("PUT", "/credit-rights/settings", { token: platform, body: { ...body, expectedVersion: 1, objection: { ...body.objection, acceptDays: 1 } } })).status).toBe(200);
    await t.api("PUT", "/calendar/days/2026", { token: platform, body: { items: [] } });
  });
});

describe("who sees what", () => {
  it("another subject and another prefecture's administrator are told the case does not exist", async () => {
    const p = await person();
    const stranger = await person("532900", "张大山");
    const recordId = await recordFor(p);
    const res = await submit(p, { recordId, attachments: [pdf("身份证明.pdf")] });
    const id = res.body.id as string;
    const fileId = res.body.attachments[0].id as string;

    expect((await t.api("GET", `/me/objections/${id}`, { token: stranger.token })).status).toBe(404);
    expect((await t.api("GET", "/me/objections", { token: stranger.token })).body.total).toBe(0);
    // Nor may anyone dispute another's record (and learn it exists).
    const theirs = await submit(stranger, { recordId: await recordFor(p) });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe("NOT_FOUND");
    expect(await ObjectionModel.countDocuments({ subjectId: stranger.subjectId })).toBe(0);

    expect((await t.api("GET", `/objections/${id}`, { token: kunming.token })).status).toBe(404);
    const foreign = await move(kunming.token, id, { action: "accept", expectedVersion: 1 });
    expect(foreign.status).toBe(404);
    expect((await ObjectionModel.findById(id).lean())!.status).toBe("submitted");
    expect((await t.api("GET", "/objections", { token: kunming.token })).body.items.map((r: { id: string }) => r.id)).not.toContain(id);

    for (const token of [stranger.token, kunming.token]) {
      expect((await fetch(`${t.baseUrl}/api/v1/attachments/${fileId}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    }
    const own = await fetch(`${t.baseUrl}/api/v1/attachments/${fileId}`, { headers: { authorization: `Bearer ${p.token}` } });
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(PDF)).toBe(true);

    // The prefecture's administrator and the platform see it, the subject masked.
    const queue = await t.api("GET", "/objections?status=submitted", { token: dali.token });
    expect(queue.body.items.find((r: { id: string }) => r.id === id)).toMatchObject({ subject: { kind: "citizen", name: "李**" }, record: { title: "未按规定办理食品经营许可" }, repeat: false });
    const page = await t.api("GET", `/objections/${id}`, { token: platform });
    expect(page.status).toBe(200);
    expect(page.body.subject).toMatchObject({ name: "李**", idMasked: expect.stringMatching(/^\d{4}\*+\w{4}$/) });
    expect(page.body.steps[0].actorLabel).toBe("李**");
  });
});

describe("an enterprise", () => {
  it("its legal representative, acting for it, disputes its record; her own citizen session does not see the case", async () => {
    const wangFang = await t.citizenLogin(DEMO_ACCOUNTS.citizens[2]!.phone);
    const enterprise = (await SubjectModel.findOne({ uscc: DEMO_ACCOUNTS.enterprise.uscc }).lean())!;
    const acting = await t.api("POST", "/auth/act-as", { body: { refreshToken: wangFang.refreshToken, subjectId: enterprise._id.toHexString() } });
    expect(acting.status).toBe(200);
    const asEnterprise = { token: acting.body.accessToken as string };
    const recordId = await recordFor({ subjectId: enterprise._id }, { subjectKind: "enterprise", prefectureCode: enterprise.prefectureCode, title: "未按期申报" });
    const before = (await credit(asEnterprise)).evaluation.score;
    const res = await submit(asEnterprise, { recordId });
    expect(res.status).toBe(201);
    // An enterprise's serious penalty of today weighs 15 points on its 75-point base.
    expect((await credit(asEnterprise)).evaluation.score).toBe(before + 15);
    expect((await t.api("GET", `/me/objections/${res.body.id}`, { token: asEnterprise.token })).status).toBe(200);
    expect((await t.api("GET", `/me/objections/${res.body.id}`, { token: wangFang.accessToken })).status).toBe(404);
  });
});

describe("attachments refused", () => {
  it("a program renamed .pdf or a file over 5 MB is refused with the field, and nothing is stored or frozen", async () => {
    const p = await person();
    const recordId = await recordFor(p);
    const filesBefore = await AttachmentModel.countDocuments();
    const exe = await submit(p, { recordId, attachments: [pdf(), pdf("判决书.pdf", EXE)] });
    expect(exe.status).toBe(400);
    expect(exe.body.error.code).toBe("VALIDATION_FAILED");
    expect(exe.body.error.details.issues).toEqual([{ path: "body.attachments.1.dataBase64", message: expect.stringContaining("判决书.pdf") }]);

    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024 + 1 - PDF.length)]);
    const tooBig = await submit(p, { recordId, attachments: [pdf("扫描件.pdf", big)] });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.details.issues).toEqual([{ path: "body.attachments.0.dataBase64", message: "单个附件不能超过 5MB" }]);

    // Past the upload limit as a whole (six files of 5 MB, 40 MB of base64): 413 before it is read.
    const huge = await t.api("POST", "/me/objections", { token: p.token, raw: JSON.stringify({ recordId, ground: "wrong", explanation: "x".repeat(20), attachments: Array.from({ length: 6 }, () => pdf("a.pdf", big)) }), headers: { "idempotency-key": randomUUID() } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe("PAYLOAD_TOO_LARGE");

    expect(await ObjectionModel.countDocuments({ recordId })).toBe(0);
    expect(await ObjectionSlotModel.exists({ _id: recordId })).toBeNull();
    expect(await AttachmentModel.countDocuments()).toBe(filesBefore);
    expect(await recordState(recordId)).toMatchObject({ status: "active", version: 1 });
    expect((await credit(p)).evaluation.score).toBe(580);
  });
});
