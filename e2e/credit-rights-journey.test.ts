import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import type { Types } from "mongoose";
import { beijingDate } from "@xinyi/shared";
import { createLogger } from "../server/src/infra/logger";
import { registeredSweeps } from "../server/src/infra/sweeps";
import { hashPassword } from "../server/src/modules/auth/service";
import { CommitmentCaseModel } from "../server/src/modules/commitments/model";
import { CreditRecordModel } from "../server/src/modules/credit-records/model";
import { DEMO_IDENTITIES } from "../server/src/modules/identity/demo-identities";
import { startBackgroundJobs, type BackgroundJobs } from "../server/src/modules/messages/jobs";
import { MessageModel } from "../server/src/modules/messages/model";
import { eventually } from "../server/src/modules/messages/test-support";
import { PartnerModel } from "../server/src/modules/partners/model";
import { UserModel } from "../server/src/modules/users/model";
import { insertPastPenalty } from "../server/test/fixtures";
import { startTestServer, type TestServer } from "../server/test/harness";
import { DESKTOP, PHONE, launchChromium, newPage, settledScreenshotter } from "./browser";
import { adminLogin } from "./steps/admin";
import { checkEligibility, openCase, openCreditEvents } from "./steps/admin-commitments";
import { decideRepair, objectionStep, openObjectionCase, openObjectionQueue, openRepairCase, openRepairQueue } from "./steps/admin-credit-rights";
import { citizenLogin } from "./steps/miniapp";
import { openMyCredit } from "./steps/miniapp-credit";
import { openCreditRecord, recordStatuses, startObjection, startRepair, submitObjection, submitRepair, type UploadFile } from "./steps/miniapp-credit-rights";
import { openMessage, openMessages, signOpenCommitment } from "./steps/miniapp-messages";

/**
 * Issue 9's proof as one person lives it, in a real browser on both sides against the real server,
 * store, Redis and message worker: 李华 objects to a record → it shows 异议中 and her score rises at
 * once → the 大理 administrator forwards it, then corrects it in the console → she reads the outcome in
 * 消息. A penalty past its minimum period → she applies for repair with the signed 信用承诺书 → granted in
 * the console → the record no longer counts, and the bank holding her consent sees the repair. A 容缺
 * case the 大理 department opens for her, which she signs → its deadline passes → a broken-commitment
 * record appears and her score drops.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let jobs: BackgroundJobs;
const shot = settledScreenshotter("credit-rights-journey");

const LI_HUA = { phone: "13800000002", idNumber: DEMO_IDENTITIES.liHua.idNumber };
const DALI = { username: "dl_journey", password: "Dali@2026xx" };
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const photo: UploadFile = { name: "现场照片.png", mimeType: "image/png", buffer: PNG };

/** Kept signed in from one step to the next (a phone gets a new code only once a minute). */
let liHua: Awaited<ReturnType<typeof newPage>>;
let dali: Awaited<ReturnType<typeof newPage>>;
let subjectId: Types.ObjectId;
let score: number;

const message = (key: string) => eventually(() => MessageModel.exists({ _id: key }), `the message ${key}`);

beforeAll(async () => {
  server = await startTestServer({ name: "e2e-credit-rights-journey", web: true });
  // Messages are written by the worker, never on the request path: run it as production does.
  jobs = await startBackgroundJobs({ config: server.config, logger: createLogger("silent"), redisUrl: server.config.REDIS_URL!, deliverer: null, sweepEveryMs: 60_000 });
  await UserModel.create({ role: "regional_admin", username: DALI.username, displayName: "大理州信用办 杨科长", passwordHash: await hashPassword(DALI.password), prefectureCode: "532900" });
  subjectId = (await UserModel.findOne({ phone: LI_HUA.phone }).lean())!.subjectId!;
  chromium = await launchChromium();
  browser = chromium.browser;
  liHua = await newPage(browser, PHONE);
  await citizenLogin(liHua.page, server.baseUrl, LI_HUA.phone);
  dali = await newPage(browser, DESKTOP);
  await adminLogin(dali.page, server.baseUrl, DALI.username, DALI.password);
});
afterAll(async () => {
  await Promise.all([liHua?.context.close(), dali?.context.close()]);
  await chromium?.close();
  await jobs?.close();
  await server?.close();
});

describe("李华's credit rights, from her phone to the 大理 console and back", () => {
  it("she objects; 异议中 and her score rises at once; 大理 forwards and corrects it; 消息 tells her", async () => {
    score = (await openMyCredit(liHua.page)).score;
    const penaltyId = String((await CreditRecordModel.findOne({ subjectId, title: "占道经营" }, { _id: 1 }).lean())!._id);
    await openCreditRecord(liHua.page, penaltyId);
    await startObjection(liHua.page);
    const sent = await submitObjection(liHua.page, { ground: "与部门原始决定不一致", explanation: "该处罚已经行政复议撤销，附现场照片，请核实后撤销该记录。", files: [photo] });
    expect(sent.ok).toBe(true);
    const objectionId = sent.ok ? sent.id : "";
    const frozen = await openMyCredit(liHua.page);
    expect(frozen.score).toBeGreaterThan(score);
    expect((await recordStatuses(liHua.page))[penaltyId]).toBe("异议中");
    await shot(liHua.page, "score-risen-under-objection");
    score = frozen.score;

    await openObjectionQueue(dali.page);
    await openObjectionCase(dali.page, objectionId);
    expect((await objectionStep(dali.page, objectionId, "accept")).status).toBe("已受理，核查中");
    expect((await objectionStep(dali.page, objectionId, "forward", { department: "大理市综合行政执法局" })).status).toBe("已转来源部门核查");
    expect((await objectionStep(dali.page, objectionId, "answer", { answerText: "经复核，该处罚决定已于行政复议中撤销。" })).status).toBe("来源部门已答复");
    expect((await objectionStep(dali.page, objectionId, "correct", { reason: "来源部门确认处罚已撤销，记录予以撤销。" })).status).toBe("异议成立，已更正");
    await shot(dali.page, "dali-objection-corrected");

    await message(`objection:${objectionId}:corrected`);
    const inbox = await openMessages(liHua.page);
    const outcome = inbox.items.find((m) => m.title === "异议成立");
    expect(outcome).toMatchObject({ read: false });
    expect(outcome!.body).toContain("来源部门确认处罚已撤销");
    await shot(liHua.page, "messages-objection-outcome");
    await openMessage(liHua.page, "异议成立", "objection-page");
    await shot(liHua.page, "objection-outcome-from-message");
    expect((await CreditRecordModel.findById(penaltyId).lean())!.status).toBe("revoked");
  });

  it("a penalty past its minimum: she applies for repair with the signed commitment; granted; the bank holding her consent sees it", async () => {
    const oldId = await insertPastPenalty({ subjectId, prefectureCode: "532900", monthsAgo: 4, title: "未按规定公示食品经营许可", sourceDept: "大理州市场监督管理局" });
    await server.services.evaluations.recompute([subjectId]);
    // She consented to 建行 reading her report (e.g. for a loan): 建行 must hear of the repair.
    const ccb = (await PartnerModel.findOne({ name: "建设银行云南省分行" }, { _id: 1 }).lean())!;
    const token = server.tokenFor((await UserModel.findOne({ phone: LI_HUA.phone }).lean())!);
    const until = beijingDate(new Date(Date.now() + 90 * 86_400_000));
    expect((await server.api("POST", "/me/consents", { token, body: { partnerId: ccb._id.toHexString(), purpose: "loan_review", validUntil: until } })).status).toBe(201);

    const withPenalty = (await openMyCredit(liHua.page)).score;
    expect(withPenalty).toBeLessThan(score);
    await openCreditRecord(liHua.page, oldId.toHexString());
    await startRepair(liHua.page);
    const applied = await submitRepair(liHua.page, { proofs: [photo] });
    expect(applied.ok).toBe(true);
    const repairId = applied.ok ? applied.id : "";
    await shot(liHua.page, "repair-submitted");

    await openRepairQueue(dali.page);
    await openRepairCase(dali.page, repairId);
    expect(await decideRepair(dali.page, repairId, "grant", "罚款已缴清，整改到位，准予修复。")).toBe("已修复");
    await shot(dali.page, "dali-repair-granted");

    expect((await openMyCredit(liHua.page)).score).toBeGreaterThan(withPenalty);
    expect((await recordStatuses(liHua.page))[oldId.toHexString()]).toBe("已修复");
    await shot(liHua.page, "record-repaired");

    // The fan-out is background work: the sweep the worker runs each minute, run now.
    await registeredSweeps().find((s) => s.name === "repair-fan-out")!.run(new Date());
    const bank = await newPage(browser, DESKTOP);
    await adminLogin(bank.page, server.baseUrl, "ccb_manager", "Bank@2026");
    const events = await openCreditEvents(bank.page);
    const told = events.find((e) => e.record.includes("未按规定公示食品经营许可"));
    expect(told?.subject).toContain("李*");
    expect(told?.text).not.toContain("李华");
    await shot(bank.page, "bank-sees-repair");
    await bank.context.close();
  });

  it("a 容缺 case 大理 opens for her, which she signs; its deadline passes; a broken-commitment record appears and her score drops", async () => {
    const check = await checkEligibility(dali.page, "容缺受理", { idNumber: LI_HUA.idNumber });
    expect(check).toMatchObject({ eligible: true, name: "李*" });
    const matter = `食品经营许可延续（${randomUUID().slice(0, 4)}）`;
    const caseId = await openCase(dali.page, { matter, items: ["健康证明"], dueDate: beijingDate(new Date(Date.now() + 7 * 86_400_000)) });
    await shot(dali.page, "dali-commitment-opened");

    await message(`commitment:${caseId}:opened`);
    await openMessages(liHua.page);
    await openMessage(liHua.page, "请签署信用承诺", "commitment-page");
    const signed = await signOpenCommitment(liHua.page);
    expect(signed.ok).toBe(true);
    await shot(liHua.page, "commitment-signed");
    const before = (await openMyCredit(liHua.page)).score;

    // The due date passes without the item: it becomes yesterday, and the deadline sweep runs.
    const yesterday = beijingDate(new Date(Date.now() - 86_400_000));
    await CommitmentCaseModel.updateOne({ _id: caseId }, { $set: { dueDate: yesterday, dueAt: new Date(`${yesterday}T23:59:59.999+08:00`) } });
    expect(await server.services.commitments.sweepOverdueCommitments(new Date())).toBeGreaterThanOrEqual(1);
    await message(`commitment:${caseId}:broken`);

    await expect.poll(async () => (await openMyCredit(liHua.page)).score, { timeout: 20_000 }).toBeLessThan(before);
    expect(await CreditRecordModel.countDocuments({ subjectId, kind: "broken_commitment", title: `违背信用承诺：${matter}` })).toBe(1);
    await shot(liHua.page, "score-dropped-after-broken");
    const inbox = await openMessages(liHua.page);
    expect(inbox.items[0]).toMatchObject({ title: "违背信用承诺", read: false });
    await shot(liHua.page, "messages-broken");
  });
});
