import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { beijingDate, type TCommitmentCase } from "@xinyi/shared";
import { createLogger } from "../server/src/infra/logger";
import { CommitmentCaseModel } from "../server/src/modules/commitments/model";
import { CreditRecordModel } from "../server/src/modules/credit-records/model";
import { startBackgroundJobs, type BackgroundJobs } from "../server/src/modules/messages/jobs";
import { MessageModel } from "../server/src/modules/messages/model";
import { eventually } from "../server/src/modules/messages/test-support";
import { DEMO_ACCOUNTS } from "../server/src/seed/demo";
import { startTestServer, type TestServer } from "../server/test/harness";
import { PHONE, launchChromium, newPage, settledScreenshotter } from "./browser";
import { citizenLogin } from "./steps/miniapp";
import { myCreditDetails } from "./steps/miniapp-credit";
import { myCommitments, openMessage, openMessages, openMyCommitment, readCommitment, shownMessages, signOpenCommitment, unreadOnMine } from "./steps/miniapp-messages";

/**
 * Issue 9's commitments journey, the mini-program's half, in a real browser against the real server,
 * store, Redis and message worker: the 昆明 department opens a 容缺受理 case for 张明 with a missing
 * item and a due date → 我的 shows 1 unread message → 消息 leads to the case → he signs the 信用承诺书
 * shown (not before ticking the box) → the due date passes with the item not supplied → the case ends
 * broken, a 违背信用承诺 record appears in 我的信用 and his score drops → 消息 tells him, unread again.
 * The department's screens are e2e/commitments-console.test.ts.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let jobs: BackgroundJobs;
const shot = settledScreenshotter("commitments-miniapp");

const ZHANG = DEMO_ACCOUNTS.citizens[0]!;
const MATTER = "个体工商户设立登记（小吃店）";
const MISSING = "经营场所产权证明";
const TEXT =
  "本人郑重承诺：所提交的个体工商户设立登记申请材料真实、准确、完整；所缺的经营场所产权证明将在补齐期限内提交。\n如逾期未补齐或承诺不实，愿意承担相应法律责任，并接受终止办理和信用惩戒。";

/** Kept signed in from one step to the next (a phone gets a new code only once a minute). */
let zhang: Awaited<ReturnType<typeof newPage>>;
let opened: TCommitmentCase;

beforeAll(async () => {
  server = await startTestServer({ name: "e2e-commitments", web: true });
  // Messages are written by the worker, never on the request path: run it as production does.
  jobs = await startBackgroundJobs({ config: server.config, logger: createLogger("silent"), redisUrl: server.config.REDIS_URL!, deliverer: null, sweepEveryMs: 60_000 });
  chromium = await launchChromium();
  browser = chromium.browser;
});
afterAll(async () => {
  await zhang?.context.close();
  await chromium?.close();
  await jobs?.close();
  await server?.close();
});

const messageOf = (caseId: string, what: string) => eventually(() => MessageModel.exists({ _id: `commitment:${caseId}:${what}` }), `the ${what} message`);

describe("我的承诺 and 消息: a 容缺受理 case from signing to its broken deadline", () => {
  it("a case opened for 张明 shows as 1 unread on 我的; 消息 leads to it; he signs the text shown, only once he ticks the box", async () => {
    const km = (await server.consoleLogin(DEMO_ACCOUNTS.regionalAdmin.username, DEMO_ACCOUNTS.regionalAdmin.password)).accessToken;
    const dueDate = beijingDate(new Date(Date.now() + 7 * 86_400_000));
    const res = await server.api<TCommitmentCase>("POST", "/commitment-cases", {
      token: km,
      body: { subject: { kind: "citizen", idNumber: ZHANG.idNumber }, matter: MATTER, type: "tolerate_missing", commitmentText: TEXT, missingItems: [{ name: MISSING }], dueDate },
    });
    expect(res.status).toBe(201);
    opened = res.body;
    await messageOf(opened.id, "opened");

    zhang = await newPage(browser, PHONE);
    await citizenLogin(zhang.page, server.baseUrl, ZHANG.phone);
    expect(await unreadOnMine(zhang.page)).toBe(1);
    await shot(zhang.page, "mine-one-unread");

    const inbox = await openMessages(zhang.page);
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({ kind: "commitment", kindLabel: "信用承诺", title: "请签署信用承诺", read: false, link: "commitment" });
    expect(inbox.items[0]!.body).toContain(`「${MATTER}」（容缺受理）`);
    expect(inbox.items[0]!.body).toContain(MISSING);
    await shot(zhang.page, "messages-sign-request");

    await openMessage(zhang.page, "请签署信用承诺", "commitment-page");
    const before = await readCommitment(zhang.page);
    expect(before).toMatchObject({ id: opened.id, status: "待签署承诺", type: "容缺受理", matter: MATTER, department: opened.department.name, signable: true, signature: "" });
    expect(before.text).toBe(TEXT.replace(/\s+/g, " "));
    expect(before.items).toEqual([{ text: `${MISSING} 待补齐`, supplied: false }]);
    expect(before.due).toMatch(/^补齐期限 \d{4}年\d{1,2}月\d{1,2}日 · 还剩 7 天$/);
    await shot(zhang.page, "commitment-to-sign");

    // Not ticked: the shared schema's words at the box, and nothing is signed.
    const refused = await signOpenCommitment(zhang.page, { accept: false });
    expect(refused).toEqual({ ok: false, message: "", fieldError: "请阅读并同意信用承诺书" });
    expect(await CommitmentCaseModel.findById(opened.id).lean()).toMatchObject({ status: "pending_signature", version: 1 });
    await shot(zhang.page, "commitment-sign-unticked");

    const signed = await signOpenCommitment(zhang.page);
    if (!signed.ok) throw new Error(`signing was refused: ${signed.message} ${signed.fieldError}`);
    expect(signed.view).toMatchObject({ status: "待补齐材料", signable: false });
    expect(signed.view.signature).toMatch(/^承诺人本人 已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 在线签署$/);
    expect(signed.view.events).toEqual(["受理并发起承诺", "签署承诺"]);
    expect(signed.view.next).toContain(MISSING);
    const stored = await CommitmentCaseModel.findById(opened.id).lean();
    expect(stored).toMatchObject({ status: "signed", signature: { text: TEXT } });
    await shot(zhang.page, "commitment-signed");

    // The message was read by opening it: the badge has gone.
    expect(await unreadOnMine(zhang.page)).toBe(0);
    const entries = await myCommitments(zhang.page);
    expect(entries).toEqual([{ id: opened.id, matter: MATTER, type: "容缺受理", status: "待补齐材料", due: before.due, next: signed.view.next }]);
    await shot(zhang.page, "my-commitments-signed");
  });

  it("the due date passes without the item: the case ends broken, a 违背信用承诺 record counts in his score, and 消息 tells him", async () => {
    const scoreBefore = (await myCreditDetails(zhang.page)).score;
    expect(scoreBefore).toBe(ZHANG.expectedScore);

    // The week passes: the case's due date becomes yesterday. (Sweeping at a later instant instead would
    // date the record in the future, which no score counts yet.)
    const yesterday = beijingDate(new Date(Date.now() - 86_400_000));
    await CommitmentCaseModel.updateOne({ _id: opened.id }, { $set: { dueDate: yesterday, dueAt: new Date(`${yesterday}T23:59:59.999+08:00`) } });
    expect(await server.services.commitments.sweepOverdueCommitments(new Date())).toBeGreaterThanOrEqual(1);
    await messageOf(opened.id, "broken");
    const record = await CreditRecordModel.findOne({ kind: "broken_commitment", title: `违背信用承诺：${MATTER}` }).lean();
    expect(record).not.toBeNull();

    await expect.poll(async () => (await myCreditDetails(zhang.page)).score, { timeout: 20_000 }).toBeLessThan(scoreBefore);
    const credit = await myCreditDetails(zhang.page);
    expect(credit.records.map((r) => r.text).join(" | ")).toContain(`违背信用承诺：${MATTER}`);
    await shot(zhang.page, "credit-after-broken");

    expect(await unreadOnMine(zhang.page)).toBe(1);
    await shot(zhang.page, "mine-broken-unread");
    const inbox = await openMessages(zhang.page);
    expect(inbox.unread).toBe(1);
    expect(inbox.items.map((m) => [m.title, m.read])).toEqual([
      ["违背信用承诺", false],
      ["请签署信用承诺", true],
    ]);
    expect(inbox.items[0]!.body).toContain("已记入您的信用记录（违背信用承诺）");
    await shot(zhang.page, "messages-broken");

    await openMessage(zhang.page, "违背信用承诺", "commitment-page");
    const ended = await readCommitment(zhang.page);
    const [y, m, d] = yesterday.split("-").map(Number);
    expect(ended).toMatchObject({ status: "违背承诺，已办结", outcome: "违背承诺，已办结", signable: false, due: `补齐期限 ${y}年${m}月${d}日`, next: "" });
    expect(ended.items).toEqual([{ text: `${MISSING} 未补齐`, supplied: false }]);
    expect(ended.outcomeReason).toContain(MISSING);
    expect(ended.brokenRecord).toContain("已记入您的信用记录（违背信用承诺）");
    expect(ended.events).toEqual(["受理并发起承诺", "签署承诺", "期限届满"]);
    await shot(zhang.page, "commitment-broken");

    // Back on 消息 the message shows read; 全部已读.
    await zhang.page.goBack();
    await expect.poll(async () => (await shownMessages(zhang.page)).unread).toBe(0);
    expect(await unreadOnMine(zhang.page)).toBe(0);
  });
});
