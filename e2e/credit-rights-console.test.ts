import { randomUUID } from "node:crypto";
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { addMonths, beijingDate } from "@xinyi/shared";
import { hashPassword } from "../server/src/modules/auth/service";
import { CreditRecordModel, RecordEventModel } from "../server/src/modules/credit-records/model";
import { DEMO_IDENTITIES } from "../server/src/modules/identity/demo-identities";
import { ObjectionModel } from "../server/src/modules/objections/model";
import { RepairModel } from "../server/src/modules/repairs/model";
import { UserModel } from "../server/src/modules/users/model";
import { createCitizens } from "../server/test/fixtures";
import { startTestServer, type TestServer } from "../server/test/harness";
import { acceptAllDocuments } from "../server/test/privacy";
import { DESKTOP, launchChromium, newPage, settledScreenshotter } from "./browser";
import {
  adminLogin,
  cancelDialog,
  decideRepair,
  objectionStep,
  openCreditRightsSettings,
  openObjectionCase,
  openObjectionQueue,
  openRepairCase,
  openRepairQueue,
  readObjectionCase,
  readRepairCase,
  readRepairRules,
  saveDeadlines,
  saveRepairRule,
} from "./steps/admin-credit-rights";

/**
 * Issue 9's console half in a real browser against the real server, store and Redis: 李华 has
 * objected to her 占道经营 penalty (with a photo) and applied to repair an older penalty (with a
 * receipt and the signed 信用承诺书), and another 大理 citizen's objection has run past its
 * acceptance deadline. The 大理 administrator sees the overdue case first and tinted red, accepts
 * 李华's case, forwards it to the department, records the answer and corrects it (withdraws the
 * record): it stops counting for good. She grants the repair: that record no longer counts either.
 * The platform administrator changes a deadline and a period rule; wrong values are refused at
 * the field and nothing is saved.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const shot = settledScreenshotter("credit-rights-console");

const today = () => beijingDate(new Date());
const DALI_ADMIN = { username: "dl_admin", password: "Dali@2026xx" };
const LIHUA_PHONE = "13800000002";

let dali: Awaited<ReturnType<typeof newPage>>;
let platformPage: Awaited<ReturnType<typeof newPage>>;
let lihuaToken: string;
let platformToken: string;
let objectionId: string;
let overdueId: string;
let penaltyId: string;
let repairId: string;
let repairRecordId: string;

async function score(token: string): Promise<number> {
  const res = await server.api("GET", "/me/credit", { token });
  expect(res.status).toBe(200);
  return res.body.evaluation.score as number;
}

/** A real photo-like PNG for the evidence: the browser draws a receipt and photographs it. */
async function receiptPng(text: string): Promise<string> {
  const { context, page } = await newPage(browser, { viewport: { width: 360, height: 220 }, locale: "zh-CN" });
  await page.setContent(
    `<body style="margin:0;font-family:sans-serif;background:#fdf6e3"><div style="margin:16px;padding:16px;border:2px dashed #b58900;height:150px"><h3 style="margin:0 0 12px">${text}</h3><p>大理市综合行政执法局</p><p>2026年 · 已缴清</p></div></body>`,
  );
  const png = await page.screenshot();
  await context.close();
  return png.toString("base64");
}

beforeAll(async () => {
  server = await startTestServer({ name: "e2e-credit-rights-console", web: true });
  chromium = await launchChromium();
  browser = chromium.browser;
  platformToken = (await server.consoleLogin("admin", "Admin@2026")).accessToken;
  // 大理 has no seeded administrator: this file makes one (as tenant-isolation.test.ts does).
  await UserModel.create({ role: "regional_admin", username: DALI_ADMIN.username, displayName: "大理州信用办 杨科长", passwordHash: await hashPassword(DALI_ADMIN.password), prefectureCode: "532900" });

  const lihua = (await UserModel.findOne({ phone: LIHUA_PHONE }).lean())!;
  lihuaToken = server.tokenFor(lihua);
  await acceptAllDocuments(server, lihuaToken);

  // A penalty of 大理 decided five months ago: past its three-month minimum, repairable.
  const older = await server.api("POST", "/credit-records", {
    token: platformToken,
    body: {
      subject: { kind: "citizen", idNumber: DEMO_IDENTITIES.liHua.idNumber, name: "李华" },
      prefectureCode: "532900",
      kind: "penalty",
      severity: "minor",
      title: "未按规定设置门前三包责任牌",
      sourceDept: "大理市综合行政执法局",
      docNo: "大综执罚〔2026〕35号",
      decidedAt: addMonths(today(), -5),
    },
  });
  expect(older.status).toBe(201);
  repairRecordId = older.body.id;
  const commitment = await server.api("GET", "/repair-commitment-text", { token: lihuaToken });
  const applied = await server.api("POST", "/me/repairs", {
    token: lihuaToken,
    headers: { "idempotency-key": randomUUID() },
    body: {
      recordId: repairRecordId,
      proofs: [{ fileName: "罚款缴纳凭证.png", contentType: "image/png", dataBase64: await receiptPng("罚款缴纳凭证 ¥200") }],
      commitment: { accepted: true, textVersion: commitment.body.version },
    },
  });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  repairId = applied.body.id;

  // 李华 objects to today's 占道经营 penalty with a photo (the mini-program half does this in the app).
  const credit = (await server.api("GET", "/me/credit", { token: lihuaToken })).body as { records: { id: string; title: string }[] };
  penaltyId = credit.records.find((r) => r.title === "占道经营")!.id;
  const objected = await server.api("POST", "/me/objections", {
    token: lihuaToken,
    headers: { "idempotency-key": randomUUID() },
    body: {
      recordId: penaltyId,
      ground: "wrong",
      explanation: "当天我在自家店铺门内经营，没有占用道路，附现场照片为证。",
      attachments: [{ fileName: "现场照片.png", contentType: "image/png", dataBase64: await receiptPng("店铺门前现场照片") }],
    },
  });
  expect(objected.status, JSON.stringify(objected.body)).toBe(201);
  objectionId = objected.body.id;

  // Another 大理 citizen's objection whose acceptance deadline has passed (the clock is real: the case is moved back).
  const [other] = await createCitizens([{ phone: "13700009001", prefectureCode: "532900", name: "赵大勇" }]);
  const otherRecordId = new Types.ObjectId();
  await CreditRecordModel.create({
    _id: otherRecordId,
    subjectId: other!.subjectId,
    subjectKind: "citizen",
    prefectureCode: "532900",
    kind: "penalty",
    severity: "minor",
    title: "未按规定办理健康证明",
    sourceDept: "大理市市场监督管理局",
    docNo: "大市监罚〔2026〕88号",
    naturalKey: "e2e|大市监罚〔2026〕88号",
    decidedAt: today(),
    late: false,
    status: "active",
    version: 1,
    createdAt: new Date(),
  });
  await RecordEventModel.create({ recordId: otherRecordId, version: 1, status: "active", reason: "录入", actorName: "测试", at: new Date() });
  const otherToken = server.tokenFor(other!);
  await acceptAllDocuments(server, otherToken);
  const late = await server.api("POST", "/me/objections", {
    token: otherToken,
    headers: { "idempotency-key": randomUUID() },
    body: { recordId: otherRecordId.toHexString(), ground: "duplicate", explanation: "同一事项已于上月处罚过一次，此条记录重复。" },
  });
  expect(late.status, JSON.stringify(late.body)).toBe(201);
  overdueId = late.body.id;
  await ObjectionModel.updateOne({ _id: overdueId }, { $set: { submittedAt: new Date(Date.now() - 4 * 86_400_000), dueAt: new Date(Date.now() - 2 * 86_400_000) } });
});
afterAll(async () => {
  await Promise.all([dali?.context.close(), platformPage?.context.close()]);
  await chromium?.close();
  await server?.close();
});

describe("异议 and 信用修复 in the console", () => {
  it("the 大理 administrator's objection queue shows the overdue case first, tinted red, with a banner", async () => {
    dali = await newPage(browser, DESKTOP);
    await adminLogin(dali.page, server.baseUrl, DALI_ADMIN.username, DALI_ADMIN.password);
    const { rows, banner } = await openObjectionQueue(dali.page);
    expect(rows.map((r) => r.id)).toEqual([overdueId, objectionId]);
    expect(rows[0]).toMatchObject({ status: "已提交，待受理", overdue: true, tinted: true });
    expect(rows[0]!.due).toMatch(/^已超期 \d+ 天 受理期限/);
    expect(rows[0]!.text).toContain("赵**");
    expect(rows[1]).toMatchObject({ status: "已提交，待受理", overdue: false, tinted: false });
    expect(rows[1]!.text).toContain("李*");
    expect(rows[1]!.text).toContain("占道经营");
    expect(rows[1]!.text).not.toContain("李华");
    expect(banner).toContain("有 1 件异议已超过办理期限");
    await shot(dali.page, "dali-objection-queue");
  });

  it("李华's case: accepted, forwarded to the department, its answer recorded, then corrected (withdrawn); the record stops counting for good", async () => {
    const beforeDecision = await score(lihuaToken);
    const opened = await openObjectionCase(dali.page, objectionId);
    expect(opened).toMatchObject({ status: "已提交，待受理", recordStatus: "冻结（异议处理中）", ground: "记录内容有误", files: 1, actions: ["accept"], overdue: false });
    expect(opened.title).toBe("李* · 占道经营");
    expect(opened.steps).toEqual(["提交异议，记录已冻结，处理期间暂不计入信用评价"]);
    await dali.page.locator('[data-testid^="case-file-thumb-"] img').first().waitFor();
    await shot(dali.page, "dali-objection-submitted");

    expect((await objectionStep(dali.page, objectionId, "accept")).status).toBe("已受理，核查中");
    expect((await readObjectionCase(dali.page)).actions).toEqual(["forward", "correct", "uphold"]);

    // A decision needs a reason the subject will read: refused at the field, nothing sent.
    const refused = await objectionStep(dali.page, objectionId, "uphold", {}, { expectRefusal: true });
    expect(refused.errors).toContain("请说明理由，信用主体将看到该理由");
    await shot(dali.page, "dali-objection-reason-required");
    await cancelDialog(dali.page);
    expect(await ObjectionModel.findById(objectionId).lean()).toMatchObject({ status: "accepted", version: 2 });

    expect((await objectionStep(dali.page, objectionId, "forward", { department: "大理市综合行政执法局" })).status).toBe("已转来源部门核查");
    expect((await readObjectionCase(dali.page)).department).toBe("大理市综合行政执法局");
    await shot(dali.page, "dali-objection-forwarded");

    const answer = "经调取执法记录仪视频，当事人确在店铺门内经营，该处罚认定有误，同意撤销。";
    expect((await objectionStep(dali.page, objectionId, "answer", { answerText: answer })).status).toBe("来源部门已答复");
    const answered = await readObjectionCase(dali.page);
    expect(answered.answer).toBe(answer);
    expect(answered.actions).toEqual(["correct", "uphold"]);

    const reason = "经来源部门核实，该处罚认定有误，记录予以撤销。";
    expect((await objectionStep(dali.page, objectionId, "correct", { reason })).status).toBe("异议成立，已更正");
    const decided = await readObjectionCase(dali.page);
    expect(decided).toMatchObject({ recordStatus: "已撤销", actions: [] });
    expect(decided.decision).toContain("（记录已撤销）");
    expect(decided.decision).toContain(reason);
    expect(decided.steps).toEqual([
      "提交异议，记录已冻结，处理期间暂不计入信用评价",
      "已受理，正在核查",
      "已转大理市综合行政执法局核查",
      "大理市综合行政执法局已答复",
      "异议成立，记录已撤销",
    ]);
    await shot(dali.page, "dali-objection-corrected");

    expect(await CreditRecordModel.findById(penaltyId).lean()).toMatchObject({ status: "revoked" });
    // Frozen since submission, it stays out of the score now that it is withdrawn.
    expect(await score(lihuaToken)).toBe(beforeDecision);
    const mine = await server.api("GET", `/me/objections/${objectionId}`, { token: lihuaToken });
    expect(mine.body).toMatchObject({ status: "corrected", decision: { outcome: "corrected", correction: "withdrawn", reason } });
    // She is told the office, never the officer's name.
    expect(JSON.stringify(mine.body)).not.toContain("杨科长");

    // Decided: no longer overdue work, the queue shows it as closed.
    const { rows } = await openObjectionQueue(dali.page);
    expect(rows.find((r) => r.id === objectionId)).toMatchObject({ status: "异议成立，已更正", due: "已办结", tinted: false });
  });

  it("the repair queue: 李华's application with its proof and signed commitment; granted, the record no longer counts", async () => {
    const before = await score(lihuaToken);
    const rows = await openRepairQueue(dali.page);
    expect(rows.map((r) => r.id)).toEqual([repairId]);
    expect(rows[0]!.status).toBe("审核中");
    expect(rows[0]!.text).toContain("未按规定设置门前三包责任牌");
    expect(rows[0]!.due).toMatch(/^剩余 \d+ 个工作日|^今日到期/);
    await shot(dali.page, "dali-repair-queue");

    const decidedAt = addMonths(today(), -5);
    const opened = await openRepairCase(dali.page, repairId);
    expect(opened).toMatchObject({ status: "审核中", recordStatus: "有效", proofs: 1, repairableFrom: addMonths(decidedAt, 3), stopsCountingOn: addMonths(decidedAt, 12), decision: null });
    expect(opened.commitment).toContain("信用修复承诺书");
    expect(opened.commitment).toContain("已全面履行行政处罚决定");
    expect(opened.steps).toEqual(["提交申请"]);
    await dali.page.locator('[data-testid^="case-file-thumb-"] img').first().waitFor();
    await shot(dali.page, "dali-repair-case");

    expect(await decideRepair(dali.page, repairId, "grant", "已缴清罚款并完成整改，信用承诺书已签署，准予修复。")).toBe("已修复");
    const granted = await openRepairQueue(dali.page);
    expect(granted).toEqual([]);
    await dali.page.goto(`${server.baseUrl}/admin/credit-rights/repairs/${repairId}`);
    await dali.page.getByTestId("repair-decision").waitFor();
    const after = await readRepairCase(dali.page);
    expect(after).toMatchObject({ status: "已修复", recordStatus: "已修复", steps: ["提交申请", "准予修复"] });
    expect(after.decision).toContain("已缴清罚款并完成整改");
    await shot(dali.page, "dali-repair-granted");

    expect(await RepairModel.findById(repairId).lean()).toMatchObject({ status: "granted" });
    expect(await CreditRecordModel.findById(repairRecordId).lean()).toMatchObject({ status: "repaired" });
    expect(await score(lihuaToken)).toBeGreaterThan(before);
  });

  it("the platform administrator edits the deadlines and a period rule; wrong values are refused at the field and nothing is saved", async () => {
    platformPage = await newPage(browser, DESKTOP);
    await adminLogin(platformPage.page, server.baseUrl, "admin", "Admin@2026");
    await openCreditRightsSettings(platformPage.page);
    await shot(platformPage.page, "platform-settings");

    const zero = await saveDeadlines(platformPage.page, { decideDays: 0 });
    expect(zero).toEqual({ saved: false, errors: ["至少1个工作日"] });
    const emptied = await saveDeadlines(platformPage.page, { decideDays: null });
    expect(emptied).toEqual({ saved: false, errors: ["请填写办结期限"] });
    await shot(platformPage.page, "platform-settings-refused");
    expect((await server.api("GET", "/credit-rights/settings", { token: platformToken })).body).toMatchObject({ version: 0, objection: { decideDays: 5 } });

    const saved = await saveDeadlines(platformPage.page, { decideDays: 6, reviewDays: 15 });
    expect(saved).toMatchObject({ saved: true });
    expect(saved.saved && saved.version).toMatch(/^第 1 版/);
    expect((await server.api("GET", "/credit-rights/settings", { token: platformToken })).body).toMatchObject({ version: 1, objection: { decideDays: 6 }, repair: { reviewDays: 15 } });

    // The rules: 一般行政处罚 first, 3 to 12 months by default.
    const rules = await readRepairRules(platformPage.page);
    expect(rules[0]).toMatchObject({ min: "3", max: "12", example: `${addMonths(today(), 3)} 起可申请修复，${addMonths(today(), 12)} 起不再计入` });
    const tooLong = await saveRepairRule(platformPage.page, 0, { minMonths: 13 });
    expect(tooLong).toEqual({ saved: false, errors: ["最短公示期不能长于最长公示期"] });
    await shot(platformPage.page, "platform-rules-refused");
    expect((await server.api("GET", "/repair-rules", { token: platformToken })).body.version).toBe(0);

    const six = await saveRepairRule(platformPage.page, 0, { minMonths: 6 });
    expect(six).toMatchObject({ saved: true });
    expect((await readRepairRules(platformPage.page))[0]).toMatchObject({ min: "6", example: `${addMonths(today(), 6)} 起可申请修复，${addMonths(today(), 12)} 起不再计入` });
    expect((await server.api("GET", "/repair-rules", { token: platformToken })).body).toMatchObject({ version: 1, items: [{ kind: "penalty", severity: "minor", minMonths: 6, maxMonths: 12 }, {}, {}, {}] });
    await shot(platformPage.page, "platform-rules-saved");

    // A regional administrator has no such menu entry, and the page refuses her.
    expect(await dali.page.getByTestId("nav-credit-rights-settings").count()).toBe(0);
  });
});
