import { randomUUID } from "node:crypto";
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMonths, beijingDate, citizenIdCheckChar, DEFAULT_REPAIR_RULES, type TAttachmentType, type TRepairApplyRequest } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { createBank, createStaff } from "../../../test/loan-fixtures";
import { acceptAllDocuments } from "../../../test/privacy";
import { nextPhone } from "../../../test/scenario-fixtures";
import type { Actor } from "../../http/context";
import { registeredSweeps } from "../../infra/sweeps";
import { AttachmentModel } from "../attachments/model";
import { CreditRecordModel } from "../credit-records/model";
import { NoticeModel } from "../messages/outbox";
import { UserModel } from "../users/model";
import { PartnerCreditEventModel, RepairEventModel, RepairModel } from "./model";
import { createRepairService } from "./service";

const DAY = 86_400_000;
let t: TestServer;
let platform: string;
/** 昆明's administrator reviews the records of 昆明 this file enters. */
let kunming: string;
let kunmingActor: Actor;
/** 大理's: another prefecture. */
let dali: string;

beforeAll(async () => {
  t = await startTestServer({ name: "repairs" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  const km = await t.consoleLogin("km_admin", "Kunming@2026");
  kunming = km.accessToken;
  kunmingActor = { userId: km.user.id, role: "regional_admin", prefectureCode: "530100" };
  const daliAdmin = await UserModel.create({ role: "regional_admin", username: `dl_admin_${randomUUID().slice(0, 6)}`, displayName: "大理州信用办", prefectureCode: "532900" });
  dali = t.tokenFor(daliAdmin);
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------- fixtures

const today = () => beijingDate(new Date());
const monthsAgo = (n: number) => addMonths(today(), -n);

let idSeq = 500;
/** A verified 昆明 citizen bound to her account (the subject found by the real ID-number key), who accepted the privacy documents. */
async function person(name = "陈小红") {
  idSeq += 1;
  const first17 = `53010219910202${idSeq}`;
  const idNumber = first17 + citizenIdCheckChar(first17);
  const user = await UserModel.create({ role: "citizen", phone: nextPhone("155"), displayName: name, prefectureCode: "530100" });
  const subject = await t.services.identity.bindVerifiedCitizen(user._id.toHexString(), { idNumber, name });
  const token = t.tokenFor({ _id: user._id, role: "citizen", prefectureCode: "530100", subjectId: subject._id });
  await acceptAllDocuments(t, token);
  return { idNumber, name, token, subjectId: subject._id.toHexString() };
}
type Person = Awaited<ReturnType<typeof person>>;

let docSeq = 0;
/** A record of 昆明 entered by the platform; a minor penalty decided five months ago unless told otherwise. */
async function addRecord(p: Person, spec: { kind?: string; severity?: string; decidedAt?: string; title?: string } = {}) {
  docSeq += 1;
  const kind = spec.kind ?? "penalty";
  const res = await t.api("POST", "/credit-records", {
    token: platform,
    body: {
      subject: { kind: "citizen", idNumber: p.idNumber, name: p.name },
      prefectureCode: "530100",
      kind,
      ...(kind === "penalty" ? { severity: spec.severity ?? "minor" } : {}),
      title: spec.title ?? `占道经营${docSeq}`,
      sourceDept: "昆明市综合行政执法局",
      docNo: `昆综执罚〔2026〕${docSeq}号`,
      decidedAt: spec.decidedAt ?? monthsAgo(5),
    },
  });
  if (res.status !== 201) throw new Error(`record: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; title: string; decidedAt: string };
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const PDF = Buffer.from("%PDF-1.4\n% 培训证明\n");
const upload = (fileName: string, data: Buffer, contentType: TAttachmentType = "image/png") => ({ fileName, contentType, dataBase64: data.toString("base64") });

let commitmentVersion: string;
function applyBody(recordId: string, overrides: Partial<TRepairApplyRequest> = {}): TRepairApplyRequest {
  return { recordId, proofs: [upload("罚款缴纳凭证.png", PNG)], commitment: { accepted: true, textVersion: commitmentVersion }, ...overrides } as TRepairApplyRequest;
}
const apply = (p: Person, body: TRepairApplyRequest, key: string = randomUUID()) => t.api("POST", "/me/repairs", { token: p.token, body, headers: { "idempotency-key": key } });
const decide = (token: string, id: string, body: Record<string, unknown>) => t.api("POST", `/repairs/${id}/transitions`, { token, body });

/** The score and the record's factor, as 我的信用 explains them. */
async function myCredit(p: Person, recordId: string) {
  const body = (await t.api("GET", "/me/credit", { token: p.token })).body;
  return { score: body.evaluation.score as number, factor: body.evaluation.factors.find((f: { recordId: string }) => f.recordId === recordId) };
}

const sweep = (name: string) => registeredSweeps().find((s) => s.name === name)!;
const creditEvents = async (token: string) => (await t.api("GET", "/partners/mine/credit-events", { token })).body;

beforeAll(async () => {
  const text = await t.api("GET", "/repair-commitment-text", { token: platform });
  expect(text.status).toBe(200);
  commitmentVersion = text.body.version;
});

// ---------------------------------------------------------------------------------------------- tests

describe("applying and granting", () => {
  it("a penalty past its minimum: applied with a signed commitment, granted → it no longer counts; only the partner holding her consent is told", async () => {
    const p = await person("陈小红");
    const record = await addRecord(p);
    const bankWithConsent = await createBank({ name: `修复测试银行甲${randomUUID().slice(0, 4)}` });
    const bankWithout = await createBank({ name: `修复测试银行乙${randomUUID().slice(0, 4)}` });
    const granted = await t.api("POST", "/me/consents", { token: p.token, body: { partnerId: bankWithConsent.id, purpose: "loan_review", validUntil: beijingDate(new Date(Date.now() + 90 * DAY)) } });
    expect(granted.status).toBe(201);
    const withConsent = await createStaff(t, bankWithConsent.id, "bank_manager");
    const without = await createStaff(t, bankWithout.id, "bank_manager");

    const before = await myCredit(p, record.id);
    expect(before.factor).toMatchObject({ counts: true });
    expect(before.factor.contribution).toBeLessThan(0);
    expect(before.score).toBe(700 + before.factor.contribution);

    // 我的信用 shows the dates: 3 months after the decision it may be repaired, after 12 it stops counting.
    const rights = await t.api("GET", `/me/records/${record.id}/rights`, { token: p.token });
    expect(rights.status).toBe(200);
    expect(rights.body).toMatchObject({ recordId: record.id, repairableFrom: addMonths(record.decidedAt, 3), stopsCountingOn: addMonths(record.decidedAt, 12), mayRepair: true, mayObject: true });
    expect((await t.api("GET", "/me/records/rights", { token: p.token })).body.items.map((r: { recordId: string }) => r.recordId)).toEqual([record.id]);

    const applied = await apply(p, applyBody(record.id, { trainingCertificate: upload("信用修复培训证明.pdf", PDF, "application/pdf") }));
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ status: "submitted", statusLabel: "审核中", version: 1, record: { id: record.id, status: "active" }, commitment: { textVersion: commitmentVersion, title: "信用修复承诺书" } });
    expect(applied.body.commitment.text).toContain("如有虚假承诺");
    expect(applied.body.proofs).toHaveLength(1);
    expect(applied.body.trainingCertificate).toMatchObject({ fileName: "信用修复培训证明.pdf", contentType: "application/pdf" });
    expect(applied.body.reviewDueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(applied.body.overdue).toBe(false);
    const repairId = applied.body.id;
    // Her record page now points at the open application.
    expect((await t.api("GET", `/me/records/${record.id}/rights`, { token: p.token })).body).toMatchObject({ mayRepair: false, openRepair: { id: repairId, status: "submitted" } });
    expect(await NoticeModel.exists({ _id: `repair:${repairId}:submitted` })).toBeTruthy();

    // The reviewer's queue and case page: the name masked, never the ID number.
    const queue = await t.api("GET", "/repairs?status=submitted", { token: kunming });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(repairId);
    const page = await t.api("GET", `/repairs/${repairId}`, { token: kunming });
    expect(page.body.subject).toMatchObject({ kind: "citizen", name: "陈**" });
    expect(JSON.stringify(page.body)).not.toContain(p.idNumber);
    expect(JSON.stringify(page.body)).not.toContain("陈小红");
    const proof = await fetch(`${t.baseUrl}/api/v1${page.body.proofs[0].downloadPath}`, { headers: { authorization: `Bearer ${kunming}` } });
    expect(proof.status).toBe(200);
    expect(Buffer.from(await proof.arrayBuffer()).equals(PNG)).toBe(true);

    const decided = await decide(kunming, repairId, { action: "grant", expectedVersion: 1, reason: "罚款已缴清，已整改到位" });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: "granted", version: 2, decisionReason: "罚款已缴清，已整改到位", record: { status: "repaired" } });
    expect(decided.body.timeline.map((e: { action: string }) => e.action)).toEqual(["submit", "grant"]);

    // The record is repaired and no longer counts: the score is back to the base, and says why.
    expect(await CreditRecordModel.findById(record.id).lean()).toMatchObject({ status: "repaired", version: 2 });
    const after = await myCredit(p, record.id);
    expect(after.score).toBe(700);
    expect(after.factor).toMatchObject({ counts: false, contribution: 0, note: "已完成信用修复，不再计入" });
    expect((await t.api("GET", `/me/repairs/${repairId}`, { token: p.token })).body).toMatchObject({ status: "granted", statusLabel: "已修复" });
    expect(await NoticeModel.exists({ _id: `repair:${repairId}:granted` })).toBeTruthy();

    // Partners are told by the background fan-out, not on the request path; then exactly once.
    expect((await creditEvents(withConsent.token)).items).toHaveLength(0);
    expect(await sweep("repair-fan-out").run(new Date())).toBeGreaterThanOrEqual(1);
    await sweep("repair-fan-out").run(new Date());
    const told = await creditEvents(withConsent.token);
    expect(told.items).toHaveLength(1);
    expect(told.items[0]).toMatchObject({ kind: "record_repaired", subject: { kind: "citizen", name: "陈**" }, record: { kind: "penalty", title: record.title } });
    expect(told.items[0].change).toContain("信用修复");
    expect(JSON.stringify(told)).not.toContain(p.idNumber);
    expect((await creditEvents(without.token)).items).toHaveLength(0);
    expect(await PartnerCreditEventModel.countDocuments({ repairId: new Types.ObjectId(repairId) })).toBe(1);
  });

  it("before the minimum has passed the application is refused with the date; nothing is stored", async () => {
    const p = await person("吴一");
    const record = await addRecord(p, { decidedAt: monthsAgo(1) });
    const files = await AttachmentModel.countDocuments();
    const res = await apply(p, applyBody(record.id));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("REPAIR_NOT_YET_ALLOWED");
    const date = addMonths(record.decidedAt, 3);
    expect(res.body.error.message).toContain(date);
    expect(res.body.error.details.repairableFrom).toBe(date);
    expect(await RepairModel.countDocuments({ recordId: new Types.ObjectId(record.id) })).toBe(0);
    expect(await AttachmentModel.countDocuments()).toBe(files);
    expect((await t.api("GET", `/me/records/${record.id}/rights`, { token: p.token })).body).toMatchObject({ mayRepair: false, repairableFrom: date, repairNote: expect.stringContaining(date) });
  });

  it("a serious penalty decided 13 months ago may be repaired; a licence never", async () => {
    const p = await person("郑二");
    const serious = await addRecord(p, { severity: "serious", decidedAt: monthsAgo(13) });
    const licence = await addRecord(p, { kind: "licence", title: "食品经营许可" });
    const refused = await apply(p, applyBody(licence.id));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("REPAIR_NOT_REPAIRABLE");
    expect(refused.body.error.message).toContain("行政许可");
    expect((await apply(p, applyBody(serious.id))).status).toBe(201);
  });

  it("a retry with the same key is the same application; a second one for the record is refused while it is open; after a grant another repair within 12 months is refused with the date", async () => {
    const p = await person("冯三");
    const first = await addRecord(p);
    const second = await addRecord(p, { decidedAt: monthsAgo(4) });
    const key = randomUUID();
    const a = await apply(p, applyBody(first.id), key);
    const b = await apply(p, applyBody(first.id), key);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    const again = await apply(p, applyBody(first.id));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("REPAIR_ALREADY_OPEN");
    expect(await RepairModel.countDocuments({ recordId: new Types.ObjectId(first.id) })).toBe(1);

    expect((await decide(kunming, a.body.id, { action: "grant", expectedVersion: 1, reason: "已履行全部义务" })).status).toBe(200);
    const soon = await apply(p, applyBody(second.id));
    expect(soon.status).toBe(422);
    expect(soon.body.error.code).toBe("REPAIR_TOO_SOON");
    expect(soon.body.error.details.nextAllowedOn).toBe(addMonths(today(), 12));
    expect(soon.body.error.message).toContain(addMonths(today(), 12));
    expect((await t.api("GET", `/me/records/${second.id}/rights`, { token: p.token })).body).toMatchObject({ mayRepair: false, repairNote: expect.stringContaining(addMonths(today(), 12)) });
  });

  it("the limits hold at the decision too: two applications of one subject, the second grant is refused", async () => {
    const p = await person("褚四");
    const [r1, r2] = [await addRecord(p), await addRecord(p)];
    const a1 = await apply(p, applyBody(r1.id));
    const a2 = await apply(p, applyBody(r2.id));
    expect([a1.status, a2.status]).toEqual([201, 201]);
    const [g1, g2] = await Promise.all([
      decide(kunming, a1.body.id, { action: "grant", expectedVersion: 1, reason: "已履行全部义务" }),
      decide(platform, a2.body.id, { action: "grant", expectedVersion: 1, reason: "已履行全部义务" }),
    ]);
    expect([g1.status, g2.status].sort()).toEqual([200, 422]);
    const loser = g1.status === 422 ? g1 : g2;
    expect(loser.body.error.code).toBe("REPAIR_TOO_SOON");
    const records = await CreditRecordModel.find({ _id: { $in: [r1.id, r2.id] } }, { status: 1 }).lean();
    expect(records.map((r) => r.status).sort()).toEqual(["active", "repaired"]);
  });

  it("files that are not what they claim, or an outdated commitment, are refused with the field; nothing is stored", async () => {
    const p = await person("卫五");
    const record = await addRecord(p);
    const files = await AttachmentModel.countDocuments();
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(32)]);
    const wrongProof = await apply(p, applyBody(record.id, { proofs: [upload("a.png", PNG), upload("证明.pdf", exe, "application/pdf")] }));
    expect(wrongProof.status).toBe(400);
    expect(wrongProof.body.error.details.issues[0].path).toBe("body.proofs.1.dataBase64");
    const wrongCertificate = await apply(p, applyBody(record.id, { trainingCertificate: upload("证书.pdf", exe, "application/pdf") }));
    expect(wrongCertificate.status).toBe(400);
    expect(wrongCertificate.body.error.details.issues[0].path).toBe("body.trainingCertificate.dataBase64");
    const noProof = await apply(p, applyBody(record.id, { proofs: [] }));
    expect(noProof.status).toBe(400);
    expect(noProof.body.error.details.issues[0].path).toBe("body.proofs");
    const outdated = await apply(p, applyBody(record.id, { commitment: { accepted: true, textVersion: "2020-1" } }));
    expect(outdated.status).toBe(409);
    expect(outdated.body.error.code).toBe("REPAIR_COMMITMENT_OUTDATED");
    expect(outdated.body.error.details.issues[0].path).toBe("body.commitment.textVersion");
    expect(await AttachmentModel.countDocuments()).toBe(files);
    expect(await RepairModel.countDocuments({ recordId: new Types.ObjectId(record.id) })).toBe(0);
  });
});

describe("who sees and decides", () => {
  it("another prefecture's administrator gets 404 on the case, its decision and its files; another subject gets 404 and cannot apply for her record", async () => {
    const p = await person("蒋六");
    const other = await person("沈七");
    const record = await addRecord(p);
    const applied = await apply(p, applyBody(record.id));
    const id = applied.body.id;
    const file = applied.body.proofs[0].downloadPath;

    expect((await t.api("GET", `/repairs/${id}`, { token: dali })).status).toBe(404);
    const refused = await decide(dali, id, { action: "grant", expectedVersion: 1, reason: "越权审核" });
    expect(refused.status).toBe(404);
    expect((await t.api("GET", "/repairs", { token: dali })).body.items.map((r: { id: string }) => r.id)).not.toContain(id);
    expect((await fetch(`${t.baseUrl}/api/v1${file}`, { headers: { authorization: `Bearer ${dali}` } })).status).toBe(404);

    expect((await t.api("GET", `/me/repairs/${id}`, { token: other.token })).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/api/v1${file}`, { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(404);
    expect((await t.api("GET", `/me/records/${record.id}/rights`, { token: other.token })).status).toBe(404);
    const foreign = await apply(other, applyBody(record.id));
    expect(foreign.status).toBe(404);
    expect((await t.api("GET", "/me/repairs", { token: other.token })).body.items).toHaveLength(0);
    // Her own file she may read.
    expect((await fetch(`${t.baseUrl}/api/v1${file}`, { headers: { authorization: `Bearer ${p.token}` } })).status).toBe(200);
    expect(await RepairModel.findById(id).lean()).toMatchObject({ status: "submitted", version: 1 });
  });

  it("two administrators deciding at once: one wins, the other gets 409, and the record follows the winner", async () => {
    const p = await person("韩八");
    const record = await addRecord(p);
    const id = (await apply(p, applyBody(record.id))).body.id;
    const [a, b] = await Promise.all([
      decide(kunming, id, { action: "grant", expectedVersion: 1, reason: "材料齐全，准予修复" }),
      decide(platform, id, { action: "reject", expectedVersion: 1, reason: "证明材料不清晰" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    const loser = a.status === 200 ? b : a;
    expect(loser.body.error.code).toBe("VERSION_CONFLICT");
    expect(await RepairEventModel.countDocuments({ repairId: new Types.ObjectId(id) })).toBe(2);
    const stored = await RepairModel.findById(id).lean();
    expect(stored).toMatchObject({ status: winner.body.status, version: 2 });
    expect((await CreditRecordModel.findById(record.id).lean())!.status).toBe(winner.body.status === "granted" ? "repaired" : "active");
    // And a decided case cannot be decided again.
    const late = await decide(kunming, id, { action: "reject", expectedVersion: 2, reason: "再次审核" });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("REPAIR_TRANSITION_INVALID");
  });

  it("a rejection tells the subject why and leaves the record counting; she may apply again", async () => {
    const p = await person("杨九");
    const record = await addRecord(p);
    const id = (await apply(p, applyBody(record.id))).body.id;
    const rejected = await decide(kunming, id, { action: "reject", expectedVersion: 1, reason: "未提供罚款缴纳凭证" });
    expect(rejected.status).toBe(200);
    const mine = (await t.api("GET", "/me/repairs", { token: p.token })).body.items[0];
    expect(mine).toMatchObject({ id, status: "rejected", decisionReason: "未提供罚款缴纳凭证" });
    expect(mine.timeline.at(-1)).toMatchObject({ action: "reject", reason: "未提供罚款缴纳凭证", actorLabel: "昆明市信用主管部门" });
    expect((await myCredit(p, record.id)).factor.counts).toBe(true);
    expect(await NoticeModel.exists({ _id: `repair:${id}:rejected` })).toBeTruthy();
    expect((await apply(p, applyBody(record.id))).status).toBe(201);
  });

  it("a record frozen meanwhile (under objection) cannot be granted until it is active again", async () => {
    const p = await person("许十二");
    const record = await addRecord(p);
    const id = (await apply(p, applyBody(record.id))).body.id;
    expect((await t.api("POST", `/credit-records/${record.id}/status`, { token: platform, body: { status: "frozen", reason: "当事人提出异议", expectedVersion: 1 } })).status).toBe(200);
    const refused = await decide(kunming, id, { action: "grant", expectedVersion: 1, reason: "材料齐全" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("REPAIR_TRANSITION_INVALID");
    expect(refused.body.error.message).toContain("冻结");
    expect(await RepairModel.findById(id).lean()).toMatchObject({ status: "submitted", version: 1 });
    expect((await t.api("POST", `/credit-records/${record.id}/status`, { token: platform, body: { status: "active", reason: "异议不成立", expectedVersion: 2 } })).status).toBe(200);
    expect((await decide(kunming, id, { action: "grant", expectedVersion: 1, reason: "材料齐全" })).status).toBe(200);
    expect((await CreditRecordModel.findById(record.id).lean())!.status).toBe("repaired");
  });

  it("the review deadline is in working days: with the clock moved past it, the case is overdue in the queue", async () => {
    const p = await person("朱十");
    const record = await addRecord(p);
    const applied = (await apply(p, applyBody(record.id))).body;
    const dueAt = Date.parse(applied.reviewDueAt);
    // Ten working days are at least two weeks.
    expect(dueAt - Date.parse(applied.submittedAt)).toBeGreaterThanOrEqual(13 * DAY);
    const at = (ms: number) => createRepairService({ records: t.services.records, calendar: t.services.loanCalendar, now: () => new Date(ms) });
    const ids = async (ms: number, overdue: "true" | "false") => (await at(ms).queue(kunmingActor, { status: "submitted", overdue, page: 1 })).items.map((r) => r.id);
    expect(await ids(dueAt - 1000, "true")).not.toContain(applied.id);
    expect(await ids(dueAt - 1000, "false")).toContain(applied.id);
    expect(await ids(dueAt + 1000, "true")).toContain(applied.id);
    expect((await at(dueAt + 1000).get(kunmingActor, applied.id)).overdue).toBe(true);
  });
});

describe("period rules", () => {
  it("the platform's edit moves every record's dates at once; nobody else may edit; a stale version is refused", async () => {
    const p = await person("秦十一");
    const record = await addRecord(p, { decidedAt: monthsAgo(2) });
    const rules = (await t.api("GET", "/repair-rules", { token: p.token })).body;
    expect(rules.items).toContainEqual({ kind: "penalty", severity: "minor", label: "行政处罚（一般）", minMonths: 3, maxMonths: 12, repairable: true });
    expect((await t.api("GET", `/me/records/${record.id}/rights`, { token: p.token })).body).toMatchObject({ repairableFrom: addMonths(record.decidedAt, 3), mayRepair: false });

    const edited = DEFAULT_REPAIR_RULES.map((r) => (r.kind === "penalty" && r.severity === "minor" ? { ...r, minMonths: 1, maxMonths: 6 } : r));
    expect((await t.api("PUT", "/repair-rules", { token: kunming, body: { expectedVersion: rules.version, items: edited } })).status).toBe(403);
    const saved = await t.api("PUT", "/repair-rules", { token: platform, body: { expectedVersion: rules.version, items: edited } });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(rules.version + 1);
    const stale = await t.api("PUT", "/repair-rules", { token: platform, body: { expectedVersion: rules.version, items: DEFAULT_REPAIR_RULES } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("VERSION_CONFLICT");

    expect((await t.api("GET", `/me/records/${record.id}/rights`, { token: p.token })).body).toMatchObject({
      repairableFrom: addMonths(record.decidedAt, 1),
      stopsCountingOn: addMonths(record.decidedAt, 6),
      mayRepair: true,
    });
    expect((await apply(p, applyBody(record.id))).status).toBe(201);

    const bad = await t.api("PUT", "/repair-rules", { token: platform, body: { expectedVersion: saved.body.version, items: [{ kind: "penalty", minMonths: 13, maxMonths: 12, repairable: true }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["body.items.0.severity", "body.items.0.minMonths"]));
    const restored = await t.api("PUT", "/repair-rules", { token: platform, body: { expectedVersion: saved.body.version, items: DEFAULT_REPAIR_RULES } });
    expect(restored.status).toBe(200);
  });
});
