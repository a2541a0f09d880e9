import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { Types } from "mongoose";
import { addMonths, beijingDate } from "@xinyi/shared";
import { AttachmentModel } from "../server/src/modules/attachments/model";
import { CreditRecordModel } from "../server/src/modules/credit-records/model";
import { ObjectionModel } from "../server/src/modules/objections/model";
import { RepairModel } from "../server/src/modules/repairs/model";
import { UserModel } from "../server/src/modules/users/model";
import { insertPastPenalty } from "../server/test/fixtures";
import { startTestServer, type TestServer } from "../server/test/harness";
import { PHONE, launchChromium, newPage, settledScreenshotter } from "./browser";
import { citizenLogin, visible } from "./steps/miniapp";
import { openMyCredit } from "./steps/miniapp-credit";
import {
  openCreditRecord,
  openMyObjections,
  openMyRepairs,
  openObjectionFromList,
  openRepairFromList,
  pickedFiles,
  readObjection,
  readRepair,
  recordStatuses,
  removePickedFile,
  startObjection,
  startRepair,
  submitObjection,
  submitRepair,
  type UploadFile,
} from "./steps/miniapp-credit-rights";

/**
 * Issue 9's credit-rights journey, the mini-program half, in a real browser against the real server,
 * store and Redis: 李华 opens her 占道经营 penalty from 我的信用 and sees when it may be repaired and
 * when it stops counting → objects with a ground, an explanation and an image (a file that is not what
 * its name says is refused at the field, nothing stored) → the case shows 已提交 and the record 异议中,
 * her score rises at once → the 大理 administrator accepts, forwards, records the department's answer
 * and withdraws the record (through the API: the console half is e2e/credit-rights-console.test.ts) →
 * she reads the outcome and every step in 我的异议. Then a penalty past its minimum period → she applies
 * for repair with proof and the signed 信用承诺书 (refused at the fields without them) → granted → 我的信用修复
 * shows 已修复 with the reason and the record no longer counts.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const shot = settledScreenshotter("credit-rights");

const LI_HUA_PHONE = "13800000002";
let liHua: Awaited<ReturnType<typeof newPage>>;
let daliToken: string;
let subjectId: Types.ObjectId;
let penaltyId: string;
let objectionId: string;
let oldPenaltyId: string;
let repairId: string;
let scoreBefore: number;

// A real 1×1 PNG and the first bytes of a PDF: the server checks the content, not the name.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
const photo: UploadFile = { name: "缴款凭证照片.png", mimeType: "image/png", buffer: PNG };
const decision: UploadFile = { name: "行政复议决定书.pdf", mimeType: "application/pdf", buffer: PDF };
/** A program renamed to look like a PDF. */
const fake: UploadFile = { name: "复议材料.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00this program cannot be run in DOS mode") };

async function move(id: string, body: Record<string, unknown>) {
  const res = await server.api("POST", `/objections/${id}/transitions`, { token: daliToken, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { version: number; status: string };
}

beforeAll(async () => {
  server = await startTestServer({ name: "e2e-credit-rights", web: true });
  chromium = await launchChromium();
  browser = chromium.browser;
  // 大理's administrator is not seeded: one is made here, as an operator would be.
  const admin = await UserModel.create({ role: "regional_admin", username: `dali_${randomUUID().slice(0, 6)}`, displayName: "大理州信用办 段科长", prefectureCode: "532900" });
  daliToken = server.tokenFor(admin);
  const user = await UserModel.findOne({ phone: LI_HUA_PHONE }).lean();
  subjectId = user!.subjectId!;
  penaltyId = String((await CreditRecordModel.findOne({ subjectId, title: "占道经营" }, { _id: 1 }).lean())!._id);
});
afterAll(async () => {
  await liHua?.context.close();
  await chromium?.close();
  await server?.close();
});

describe("李华's rights on her records in the mini-program", () => {
  it("a record opens its detail with the repair dates and 异议 / 修复", async () => {
    liHua = await newPage(browser, PHONE);
    await citizenLogin(liHua.page, server.baseUrl, LI_HUA_PHONE);
    scoreBefore = (await openMyCredit(liHua.page)).score;
    expect(scoreBefore).toBe(680);
    await shot(liHua.page, "credit-records");

    const today = beijingDate(new Date());
    const record = await openCreditRecord(liHua.page, penaltyId);
    // A minor penalty decided today: repairable after 3 months, stops counting after 1 year (or at its publication's end).
    const from = addMonths(today, 3);
    const [y, m, d] = from.split("-").map(Number);
    expect(record).toMatchObject({ status: "有效", title: "占道经营", counts: true, mayObject: true, mayRepair: false, repairableFrom: `${y}年${m}月${d}日` });
    expect(record.effect).toMatch(/^对信用分的影响 -\d+ 分$/);
    expect(record.stopsCounting).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(record.repairNote).toContain(from);
    await shot(liHua.page, "record-detail-rights");
  });

  it("objects with a ground, text and an image: refused at the fields first, then frozen at once and her score rises", async () => {
    const form = await startObjection(liHua.page);
    await shot(liHua.page, "objection-form");

    // Nothing chosen, too short: the refusals sit at their fields, nothing is sent.
    const empty = await submitObjection(liHua.page, { explanation: "有误" });
    expect(empty.ok).toBe(false);
    expect(empty.ok ? {} : empty.fieldErrors).toMatchObject({ "objection-ground": "请选择异议理由", "objection-explanation": "请说明异议的具体情况，至少10个字" });
    await shot(liHua.page, "objection-form-refused");

    // A file that is not what its name says is refused by the server, named at the attachments field; nothing is stored.
    const explanation = "该处罚已于2026年11月经行政复议撤销，见所附复议决定书和现场照片，请核实后撤销该记录。";
    const faked = await submitObjection(liHua.page, { ground: "与部门原始决定不一致", explanation, files: [photo, fake] });
    expect(faked.ok).toBe(false);
    expect(faked.ok ? "" : faked.fieldErrors["objection-attachments"]).toContain("复议材料.pdf");
    expect(await form.locator('[data-testid="objection-files-file"][data-bad="true"]').getAttribute("data-name")).toBe(fake.name);
    expect(await ObjectionModel.countDocuments({ subjectId })).toBe(0);
    expect(await AttachmentModel.countDocuments({ ownerKind: "objection" })).toBe(0);
    await form.locator('[data-testid="objection-attachments"]').scrollIntoViewIfNeeded();
    await shot(liHua.page, "objection-file-refused");

    await removePickedFile(form, "objection-files", fake.name);
    const sent = await submitObjection(liHua.page, { explanation, files: [decision] });
    expect(sent.ok).toBe(true);
    objectionId = sent.ok ? sent.id : "";
    const shown = await readObjection(liHua.page);
    expect(shown).toMatchObject({ status: "submitted", statusLabel: "已提交，待受理", files: [photo.name, decision.name] });
    expect(shown.due).toMatch(/^受理期限：\d{4}年/);
    expect(shown.text).toContain("暂不计入您的信用评价");
    await shot(liHua.page, "objection-submitted");

    const credit = await openMyCredit(liHua.page);
    expect(credit.score).toBeGreaterThan(scoreBefore);
    expect((await recordStatuses(liHua.page))[penaltyId]).toBe("异议中");
    await visible(liHua.page, `credit-record-${penaltyId}`).first().scrollIntoViewIfNeeded();
    await shot(liHua.page, "credit-score-risen-record-under-objection");

    const record = await openCreditRecord(liHua.page, penaltyId);
    expect(record).toMatchObject({ status: "异议中", counts: false, mayObject: false });
    expect(record.openCase).toContain("异议中");
    await shot(liHua.page, "record-under-objection");
  });

  it("after 大理 accepts, forwards, records the answer and withdraws it, she reads the outcome and each step", async () => {
    let v = (await move(objectionId, { action: "accept", expectedVersion: 1 })).version;
    v = (await move(objectionId, { action: "forward", expectedVersion: v, department: "大理市综合行政执法局" })).version;
    const mid = await openMyObjections(liHua.page);
    expect(mid.find((c) => c.id === objectionId)).toMatchObject({ title: "占道经营", status: "已转来源部门核查" });
    await shot(liHua.page, "my-objections-forwarded");

    v = (await move(objectionId, { action: "answer", expectedVersion: v, answerText: "经复核，该处罚决定已于行政复议中撤销。" })).version;
    await move(objectionId, { action: "correct", expectedVersion: v, reason: "来源部门确认处罚决定已被撤销，该记录予以撤销。" });

    const cards = await openMyObjections(liHua.page);
    expect(cards.find((c) => c.id === objectionId)).toMatchObject({ status: "异议成立，已更正", reason: "来源部门确认处罚决定已被撤销，该记录予以撤销。" });
    await shot(liHua.page, "my-objections-corrected");
    const done = await openObjectionFromList(liHua.page, objectionId);
    expect(done).toMatchObject({ status: "corrected", due: "", reason: "来源部门确认处罚决定已被撤销，该记录予以撤销。" });
    expect(done.decision).toContain("该记录已撤销");
    expect(done.steps.length).toBe(5);
    expect(done.text).toContain("大理市综合行政执法局");
    await shot(liHua.page, "objection-outcome");

    // Withdrawn: the score stays where the freeze put it.
    expect((await openMyCredit(liHua.page)).score).toBeGreaterThan(scoreBefore);
    expect((await recordStatuses(liHua.page))[penaltyId]).toBe("已撤销");
    expect((await openCreditRecord(liHua.page, penaltyId)).closed).toBe("该记录已撤销，不再公示，也不再计入信用评价。");
  });

  it("a penalty past its minimum period: repair with proof and the signed 信用承诺书, granted, no longer counts", async () => {
    // A minor penalty decided four months ago, as an import would leave it.
    const id = await insertPastPenalty({ subjectId, prefectureCode: "532900", monthsAgo: 4, title: "未按规定公示食品经营许可", sourceDept: "大理州市场监督管理局" });
    await server.services.evaluations.recompute([subjectId]);
    oldPenaltyId = id.toHexString();
    const scoreWith = (await openMyCredit(liHua.page)).score;

    const record = await openCreditRecord(liHua.page, oldPenaltyId);
    expect(record).toMatchObject({ status: "有效", counts: true, mayRepair: true });
    await shot(liHua.page, "old-record-repairable");

    const form = await startRepair(liHua.page);
    expect(form.commitmentTitle).toBe("信用修复承诺书");
    expect(form.commitmentText).toContain("不再发生同类失信行为");
    await shot(liHua.page, "repair-form");

    const bare = await submitRepair(liHua.page, { accept: false });
    expect(bare.ok).toBe(false);
    expect(bare.ok ? {} : bare.fieldErrors).toMatchObject({ "repair-proofs": "请上传履行义务的证明材料", "repair-commitment": "请阅读并同意信用承诺书" });
    expect(await RepairModel.countDocuments({ subjectId })).toBe(0);
    await shot(liHua.page, "repair-form-refused");

    expect(await pickedFiles(form.root, "repair-proof-files")).toEqual([]);
    const applied = await submitRepair(liHua.page, { proofs: [photo] });
    expect(applied.ok).toBe(true);
    repairId = applied.ok ? applied.id : "";
    const shown = await readRepair(liHua.page);
    expect(shown).toMatchObject({ status: "submitted", statusLabel: "审核中", files: [photo.name] });
    expect(shown.due).toMatch(/^审核期限：\d{4}年/);
    expect(shown.signed).toContain("不再发生同类失信行为");
    expect(await RepairModel.findById(repairId).lean()).toMatchObject({ commitment: { textVersion: form.commitmentVersion } });
    await shot(liHua.page, "repair-submitted");

    const granted = await server.api("POST", `/repairs/${repairId}/transitions`, { token: daliToken, body: { action: "grant", expectedVersion: 1, reason: "罚款已缴清，整改到位，准予修复。" } });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);

    const cards = await openMyRepairs(liHua.page);
    expect(cards.find((c) => c.id === repairId)).toMatchObject({ title: "未按规定公示食品经营许可", status: "已修复", reason: "罚款已缴清，整改到位，准予修复。" });
    await shot(liHua.page, "my-repairs-granted");
    const done = await openRepairFromList(liHua.page, repairId);
    expect(done).toMatchObject({ status: "granted", reason: "罚款已缴清，整改到位，准予修复。" });
    expect(done.decision).toContain("不再计入信用评价");
    expect(done.steps).toEqual(["提交申请", "准予修复"]);
    await shot(liHua.page, "repair-outcome");

    expect((await openMyCredit(liHua.page)).score).toBeGreaterThan(scoreWith);
    const after = await openCreditRecord(liHua.page, oldPenaltyId);
    expect(after).toMatchObject({ status: "已修复", counts: false, mayRepair: false, closed: "该记录已完成信用修复，停止公示，不再计入信用评价。" });
    await shot(liHua.page, "record-repaired");
  });
});
