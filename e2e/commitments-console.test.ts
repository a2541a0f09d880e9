import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { beijingDate, citizenIdCheckChar } from "@xinyi/shared";
import { CommitmentCaseModel } from "../server/src/modules/commitments/model";
import { CreditRecordModel } from "../server/src/modules/credit-records/model";
import { PartnerModel } from "../server/src/modules/partners/model";
import { UserModel } from "../server/src/modules/users/model";
import { registeredSweeps } from "../server/src/infra/sweeps";
import { DEMO_ACCOUNTS } from "../server/src/seed/demo";
import { startTestServer, type TestServer } from "../server/test/harness";
import { acceptAllDocuments } from "../server/test/privacy";
import { nextPhone } from "../server/test/scenario-fixtures";
import { DESKTOP, launchChromium, newPage, settledScreenshotter } from "./browser";
import { adminLogin, caseStep, checkEligibility, fieldError, openCase, openCommitmentCases, openCreditEvents, readCase, reloadCase } from "./steps/admin-commitments";

/**
 * The console half of issue 9's commitments journey, and the partners' 信用变动通知, in a real browser
 * against the real server, store and Redis. 昆明's administrator (an approving department) checks
 * 张明's eligibility, opens a 容缺受理 case with two missing items due today; he signs it (in the
 * mini-program: here through its API, M2 drives that screen); the department records one item
 * supplied; the deadline passes (the sweep, run at a later instant) → the case ends as broken, a
 * 违背信用承诺 record appears and his score drops. A 告知承诺 for someone with a serious record is
 * refused with the reason; 王芳's 告知承诺 is verified as kept; an unsigned 容缺 case is terminated.
 * A repair granted to a subject who consented to 建行 appears on 建行's page, not on 富滇's.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let km: Awaited<ReturnType<typeof newPage>>;
const shot = settledScreenshotter("commitments-console");
const [ZHANG, , WANG] = DEMO_ACCOUNTS.citizens;
const DAY = 86_400_000;
const today = () => beijingDate(new Date());
const daysAhead = (n: number) => beijingDate(new Date(Date.now() + n * DAY));

beforeAll(async () => {
  server = await startTestServer({ name: "e2e-commitments-console", web: true });
  chromium = await launchChromium();
  browser = chromium.browser;
  km = await newPage(browser, DESKTOP);
  await adminLogin(km.page, server.baseUrl, DEMO_ACCOUNTS.regionalAdmin.username, DEMO_ACCOUNTS.regionalAdmin.password);
});
afterAll(async () => {
  await km?.context.close();
  await chromium?.close();
  await server?.close();
});

/** A seeded citizen's own token, as the mini-program holds it after signing in (privacy documents accepted). */
async function citizenToken(phone: string): Promise<string> {
  const user = (await UserModel.findOne({ phone }).lean())!;
  const token = server.tokenFor(user);
  await acceptAllDocuments(server, token);
  return token;
}
const score = async (token: string): Promise<number> => (await server.api("GET", "/me/credit", { token })).body.evaluation.score;
async function sign(token: string, caseId: string): Promise<void> {
  const res = await server.api("POST", `/me/commitments/${caseId}/sign`, { token, body: { accepted: true } });
  if (res.status !== 200) throw new Error(`sign: ${res.status} ${JSON.stringify(res.body)}`);
}

let idSeq = 300;
function idNumber(): string {
  idSeq += 1;
  const first17 = `53010219880808${idSeq}`;
  return first17 + citizenIdCheckChar(first17);
}

async function platformRecord(token: string, p: { idNumber: string; name: string }, spec: { severity: "minor" | "serious"; title: string; decidedAt: string }) {
  const res = await server.api("POST", "/credit-records", {
    token,
    body: { subject: { kind: "citizen", idNumber: p.idNumber, name: p.name }, prefectureCode: "530100", kind: "penalty", severity: spec.severity, title: spec.title, sourceDept: "昆明市市场监督管理局", docNo: `昆市监罚〔2026〕${idSeq}号`, decidedAt: spec.decidedAt },
  });
  if (res.status !== 201) throw new Error(`record: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; title: string };
}

describe("信易批 in the console: eligibility first, the case list with due dates, the case page", () => {
  let zhangCase: string;

  it("a 容缺受理 case for 张明: eligibility checked, the form says what is missing, opened with two items due today and listed with its due date", async () => {
    const { page } = km;
    const check = await checkEligibility(page, "容缺受理", { idNumber: ZHANG!.idNumber });
    expect(check).toMatchObject({ eligible: true, name: "张*", formShown: true });
    // Never the full ID number on the department's screen.
    expect(await page.locator("body").innerText()).not.toContain(ZHANG!.idNumber);
    await shot(page, "eligibility-ok");

    // Submitting without a matter: the shared schema's message under the field, nothing sent.
    await page.getByTestId("commitment-form-submit").click();
    expect(await fieldError(page, "commitment-form-matter")).toBe("请填写办理事项");
    await shot(page, "case-form-errors");

    zhangCase = await openCase(page, { matter: "食品经营许可证新办", items: ["营业执照副本", "场地租赁合同"], dueDate: today() });
    const view = await readCase(page, zhangCase);
    expect(view.status).toBe("待签署承诺");
    expect(view.due).toBe(`${today()}（今日到期）`);
    expect(view.items).toEqual(["营业执照副本 待补齐", "场地租赁合同 待补齐"]);
    expect(view.timeline[0]).toContain("受理并发起承诺");
    expect(view.actions).toEqual(["终止办理"]);
    await shot(page, "case-opened");
    expect(await CommitmentCaseModel.findById(zhangCase).lean()).toMatchObject({ type: "tolerate_missing", status: "pending_signature", dueDate: today(), prefectureCode: "530100", missingItems: [{ name: "营业执照副本" }, { name: "场地租赁合同" }] });

    // 王芳's unsigned 容缺 case, due in ten days, for the list.
    await checkEligibility(page, "容缺受理", { idNumber: WANG!.idNumber });
    const wangCase = await openCase(page, { matter: "户外广告设置许可", items: ["消防验收意见"], dueDate: daysAhead(10) });
    const rows = await openCommitmentCases(page);
    expect(rows.find((r) => r.id === zhangCase)).toMatchObject({ status: "待签署承诺", due: `${today()}（今日到期）` });
    expect(rows.find((r) => r.id === wangCase)).toMatchObject({ status: "待签署承诺", due: `${daysAhead(10)}（剩余 10 天）` });
    await shot(page, "case-list");

    // Terminated with a reason: it ends without a record.
    await readCase(page, wangCase);
    expect(await caseStep(page, wangCase, { action: "terminate", note: "申请人撤回申请" })).toBe("已终止");
    expect((await readCase(page, wangCase)).banner).toContain("申请人撤回申请");
    expect(await CreditRecordModel.countDocuments({ kind: "broken_commitment" })).toBe(0);
  });

  it("he signs; one item supplied; the deadline passes → broken, a 违背信用承诺 record, and his score drops", async () => {
    const { page } = km;
    const token = await citizenToken(ZHANG!.phone);
    const before = await score(token);
    await sign(token, zhangCase);
    let view = await reloadCase(page, zhangCase);
    expect(view.status).toBe("待补齐材料");
    expect(view.actions).toEqual(["登记补齐材料", "登记核查", "终止办理"]);

    expect(await caseStep(page, zhangCase, { action: "supply", items: ["场地租赁合同"] })).toBe("待补齐材料");
    view = await readCase(page, zhangCase);
    expect(view.items[0]).toBe("营业执照副本 待补齐");
    expect(view.items[1]).toMatch(/^场地租赁合同 已补齐/);
    await shot(page, "case-signed-one-supplied");

    // The due date's end has passed: the sweep (the worker's, run at a later instant) ends the case.
    const { dueAt } = (await CommitmentCaseModel.findById(zhangCase).lean())!;
    await server.services.commitments.sweepOverdueCommitments(new Date(dueAt!.getTime() + 60_000));
    view = await reloadCase(page, zhangCase);
    expect(view.status).toBe("违背承诺，已办结");
    expect(view.banner).toContain("仍未补齐：营业执照副本");
    expect(view.brokenRecord).toBe(true);
    expect(view.items[0]).toBe("营业执照副本 未补齐");
    expect(view.timeline.at(-1)).toContain("期限届满");
    expect(view.actions).toEqual([]);
    await shot(page, "case-broken");

    const record = await CreditRecordModel.findOne({ kind: "broken_commitment", status: "active" }).lean();
    expect(record).toMatchObject({ decidedAt: today(), title: "违背信用承诺：食品经营许可证新办" });
    expect(await score(token)).toBeLessThan(before);
  });

  it("告知承诺 for someone with a serious unrepaired record is refused with the reason and the record; no form is offered", async () => {
    const { page } = km;
    const platform = (await server.consoleLogin("admin", "Admin@2026")).accessToken;
    const p = { idNumber: idNumber(), name: "赵严重" };
    const serious = await platformRecord(platform, p, { severity: "serious", title: "无证经营食品", decidedAt: daysAhead(-30) });
    const cases = await CommitmentCaseModel.countDocuments();
    await page.goto(`${server.baseUrl}/admin/commitments/new`);
    const check = await checkEligibility(page, "告知承诺", { idNumber: p.idNumber });
    expect(check.eligible).toBe(false);
    expect(check.formShown).toBe(false);
    expect(check.name).toBe("赵**");
    expect(check.reasons.join("")).toContain("存在未修复的严重失信记录");
    expect(check.reasons.join("")).toContain(serious.title);
    expect(check.records.join("")).toContain("无证经营食品");
    await shot(page, "eligibility-refused");
    expect(await CommitmentCaseModel.countDocuments()).toBe(cases);
  });

  it("王芳's 告知承诺: signed, then verified online as kept; the case ends without a record", async () => {
    const { page } = km;
    const check = await checkEligibility(page, "告知承诺", { idNumber: WANG!.idNumber });
    expect(check.eligible).toBe(true);
    const id = await openCase(page, { matter: "个体工商户设立登记" });
    expect((await readCase(page, id)).due).toBe("");
    await sign(await citizenToken(WANG!.phone), id);
    const signed = await reloadCase(page, id);
    expect(signed.status).toBe("已承诺，待核查");
    expect(signed.actions).toEqual(["登记核查", "终止办理"]);
    expect(await caseStep(page, id, { action: "verify", method: "网络核查", result: "守诺", note: "经网络核查，经营场所信息与承诺一致" })).toBe("核查守诺，已办结");
    const view = await readCase(page, id);
    expect(view.banner).toContain("经网络核查，经营场所信息与承诺一致");
    expect(view.brokenRecord).toBe(false);
    await shot(page, "case-kept");
  });
});

describe("信用变动通知: the partner holding the subject's consent sees the repair", () => {
  it("a repair granted to a subject who consented to 建行 shows on 建行's page, masked; 富滇 sees nothing", async () => {
    // A 昆明 citizen with a minor penalty five months old (past its three-month minimum), who consented to 建行.
    const platform = (await server.consoleLogin("admin", "Admin@2026")).accessToken;
    const kunming = (await server.consoleLogin("km_admin", "Kunming@2026")).accessToken;
    const p = { idNumber: idNumber(), name: "陈修复" };
    const user = await UserModel.create({ role: "citizen", phone: nextPhone("156"), displayName: p.name, prefectureCode: "530100" });
    const subject = await server.services.identity.bindVerifiedCitizen(user._id.toHexString(), p);
    const token = server.tokenFor({ _id: user._id, role: "citizen", prefectureCode: "530100", subjectId: subject._id });
    await acceptAllDocuments(server, token);
    const record = await platformRecord(platform, p, { severity: "minor", title: "占道经营（修复测试）", decidedAt: beijingDate(new Date(Date.now() - 150 * DAY)) });
    const ccb = (await PartnerModel.findOne({ name: "建设银行云南省分行" }).lean())!;
    const consent = await server.api("POST", "/me/consents", { token, body: { partnerId: ccb._id.toHexString(), purpose: "loan_review", validUntil: daysAhead(90) } });
    expect(consent.status).toBe(201);

    const text = (await server.api("GET", "/repair-commitment-text", { token })).body as { version: string };
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    const applied = await server.api("POST", "/me/repairs", {
      token,
      headers: { "idempotency-key": randomUUID() },
      body: { recordId: record.id, proofs: [{ fileName: "罚款缴纳凭证.png", contentType: "image/png", dataBase64: png.toString("base64") }], commitment: { accepted: true, textVersion: text.version } },
    });
    expect(applied.status).toBe(201);
    const granted = await server.api("POST", `/repairs/${applied.body.id}/transitions`, { token: kunming, body: { action: "grant", expectedVersion: 1, reason: "罚款已缴清，已整改到位" } });
    expect(granted.status).toBe(200);
    // Partners are told by the background fan-out.
    await registeredSweeps().find((s) => s.name === "repair-fan-out")!.run(new Date());

    const bank = await newPage(browser, DESKTOP);
    await adminLogin(bank.page, server.baseUrl, "ccb_manager", "Bank@2026");
    const rows = await openCreditEvents(bank.page);
    const row = rows.find((r) => r.record.includes("占道经营（修复测试）"));
    expect(row, `建行's page lists: ${JSON.stringify(rows)}`).toBeDefined();
    expect(row!.subject).toContain("陈**");
    expect(row!.change).toContain("已完成信用修复");
    expect(row!.text).not.toContain(p.idNumber);
    expect(row!.text).not.toContain("陈修复");
    await shot(bank.page, "ccb-credit-events");

    await adminLogin(bank.page, server.baseUrl, "fudian_manager", "Bank@2026");
    expect((await openCreditEvents(bank.page)).find((r) => r.record.includes("占道经营（修复测试）"))).toBeUndefined();
    await shot(bank.page, "fudian-credit-events");
    await bank.context.close();
  });
});
