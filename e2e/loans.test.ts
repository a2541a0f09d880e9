import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { ConsentGrantModel, ReportAccessModel } from "../server/src/modules/consent/model";
import { FirstLoanModel, LoanApplicationModel, LoanProductEventModel, LoanProductModel } from "../server/src/modules/loans/model";
import { PartnerModel } from "../server/src/modules/partners/model";
import { DEMO_ACCOUNTS } from "../server/src/seed/demo";
import { startTestServer, type TestServer } from "../server/test/harness";
import { DESKTOP, PHONE, launchChromium, newPage, settledScreenshotter } from "./browser";
import {
  adminLogin,
  applicationTimeline,
  createLoanProduct,
  decideApplication,
  openApplicationReport,
  openLoanQueue,
  openLoanStats,
  openQueuedApplication,
  productActionInList,
  productStatus,
  tableLoaded,
} from "./steps/admin-loans";
import { citizenLogin } from "./steps/miniapp";
import { reportAccesses } from "./steps/miniapp-credit";
import { switchIdentity } from "./steps/miniapp-identity";
import { myLoanApplications, openLoanProduct, openLoans, openMyLoanApplication, readLoanApplication, startLoanApplication, submitLoanApplication } from "./steps/miniapp-loans";

/**
 * Issue 8's proof in a real browser against the real server, store and Redis: a bank manager
 * creates a loan product → the 昆明 administrator approves it → the bank publishes it → the
 * enterprise's legal representative, acting for it, applies with consent → a loan officer sees it
 * in the queue with its countdown, opens the credit report through the consent, accepts and
 * approves 200万 at 3.8% for 12 months → the enterprise sees the approval → the disbursement is
 * recorded (首贷) → the bank's and 昆明's numbers show it; a rejected application shows its reason.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const shot = settledScreenshotter("loans");

const ENTERPRISE = DEMO_ACCOUNTS.enterprise;
const PRODUCT = "文旅贷 · 守信企业信用贷";
const BANK = "建设银行云南省分行";

/** Kept signed in from one step of the journey to the next (a phone gets a new code only once a minute). */
let manager: Awaited<ReturnType<typeof newPage>>;
let kmAdmin: Awaited<ReturnType<typeof newPage>>;
let officer: Awaited<ReturnType<typeof newPage>>;
let rep: Awaited<ReturnType<typeof newPage>>;
let ccbId: string;
let productId: string;
let applicationId: string;

beforeAll(async () => {
  server = await startTestServer({ name: "e2e-loans", web: true });
  chromium = await launchChromium();
  browser = chromium.browser;
  ccbId = String((await PartnerModel.findOne({ name: BANK }, { _id: 1 }).lean())!._id);
});
afterAll(async () => {
  await Promise.all([manager?.context.close(), kmAdmin?.context.close(), officer?.context.close(), rep?.context.close()]);
  await chromium?.close();
  await server?.close();
});

describe("信易贷 from the bank's product to the enterprise's loan", () => {
  it("the bank manager creates a product, the 昆明 administrator approves it in 产品审核, the bank publishes it", async () => {
    manager = await newPage(browser, DESKTOP);
    await adminLogin(manager.page, server.baseUrl, "ccb_manager", "Bank@2026");
    productId = await createLoanProduct(manager.page, server.baseUrl, {
      name: PRODUCT,
      description: "面向昆明守信文旅企业，纯信用、免抵押，按企业信用等级核定额度。",
      amountWan: { min: 20, max: 300 },
      termMonths: { min: 6, max: 24 },
      annualRate: { min: 3.6, max: 4.8 },
      prefectureName: "昆明市",
      minEnterpriseGrade: "B",
      tier: { grades: ["A"], maxAmountWan: 300, minRate: 3.6 },
    });
    await shot(manager.page, "manager-product-draft");
    expect(await productActionInList(manager.page, "products", productId, "submit")).toBe("submitted");
    await expect.poll(() => manager.page.getByTestId(`loan-product-status-${productId}`).innerText()).toBe("待审核");
    await shot(manager.page, "manager-product-submitted");
    expect(await LoanProductModel.findById(productId).lean()).toMatchObject({
      name: PRODUCT,
      status: "submitted",
      guaranteeModes: ["credit"],
      applicantKinds: ["enterprise"],
      amountWan: { min: 20, max: 300 },
      termMonths: { min: 6, max: 24 },
      annualRate: { min: 3.6, max: 4.8 },
      prefectureCodes: ["530100"],
      provinceWide: false,
      rule: { type: "all", rules: [{ type: "minGrade", subjectKind: "enterprise", grade: "B" }] },
      gradeTiers: [{ grades: ["A"], maxAmountWan: 300, minRate: 3.6 }],
      responseDays: 3,
    });

    kmAdmin = await newPage(browser, DESKTOP);
    await adminLogin(kmAdmin.page, server.baseUrl, "km_admin", "Kunming@2026");
    await kmAdmin.page.getByTestId("nav-loan-review").click();
    await expect.poll(() => kmAdmin.page.getByTestId(`loan-product-row-${productId}`).innerText()).toContain(BANK);
    await tableLoaded(kmAdmin.page.getByTestId("loan-review-table"));
    await shot(kmAdmin.page, "km-admin-review-queue");
    expect(await productActionInList(kmAdmin.page, "review", productId, "approve")).toBe("approved");
    // Answered: it leaves the queue.
    await expect.poll(() => kmAdmin.page.getByTestId(`loan-product-row-${productId}`).count()).toBe(0);
    expect(await productStatus(kmAdmin.page, server.baseUrl, productId)).toBe("已通过");
    await shot(kmAdmin.page, "km-admin-product-approved");

    expect(await productActionInList(manager.page, "products", productId, "publish")).toBe("published");
    await expect.poll(() => manager.page.getByTestId(`loan-product-status-${productId}`).innerText()).toBe("已发布");
    await shot(manager.page, "manager-product-published");
    expect(await LoanProductModel.findById(productId).lean()).toMatchObject({ status: "published", version: 4, publishedAt: expect.any(Date) });
    const events = await LoanProductEventModel.find({ productId }).sort({ version: 1 }).lean();
    expect(events.map((e) => [e.version, e.to])).toEqual([
      [1, "draft"],
      [2, "submitted"],
      [3, "approved"],
      [4, "published"],
    ]);
  });

  it("the legal representative, acting for the enterprise, sees her terms and applies with the consent shown and accepted", async () => {
    rep = await newPage(browser, PHONE);
    await citizenLogin(rep.page, server.baseUrl, ENTERPRISE.legalRep.phone);
    expect((await switchIdentity(rep.page, ENTERPRISE.name)).name).toBe(ENTERPRISE.name);

    const cards = await openLoans(rep.page);
    const card = cards.find((c) => c.name === PRODUCT);
    expect(card).toMatchObject({ bank: BANK, state: "可申请", terms: "最高可贷 300 万元，年利率 3.6% 起", reasons: [] });
    await shot(rep.page, "enterprise-loans");
    const product = await openLoanProduct(rep.page, PRODUCT);
    expect(product).toMatchObject({ id: productId, state: "可申请", eligible: true, myTerms: "最高可贷 300 万元，年利率 3.6% 起", action: "立即申请" });
    expect(product.why).toContain("您符合申请条件（信用等级 A）");
    await shot(rep.page, "enterprise-product-detail");

    const form = await startLoanApplication(rep.page);
    expect(form.consent).toMatch(new RegExp(`^授权${BANK}在\\d{4}年\\d{1,2}月\\d{1,2}日前查询贵企业的信用报告，用于贷款审批$`));
    expect(form.consentNotes).toContain("仅限用于贷款审批");
    expect(form.consentNotes).toContain("随时撤销");
    await shot(rep.page, "enterprise-apply-form");
    const input = { amountWan: 200, termMonths: 12, purpose: "旅游旺季前采购游船设备、支付景区运营款", contactPhone: "13700000188" };
    // The consent is part of the step: without it, nothing is sent to the bank.
    const unconsented = await submitLoanApplication(rep.page, input, { acceptConsent: false });
    expect(unconsented.ok).toBe(false);
    expect(unconsented.ok ? [] : unconsented.fieldErrors.join(" ")).toContain("授权");
    expect(await LoanApplicationModel.countDocuments()).toBe(0);
    await rep.page.locator('[data-testid="apply-consent"]').filter({ visible: true }).first().scrollIntoViewIfNeeded();
    await shot(rep.page, "enterprise-apply-consent-required");
    const applied = await submitLoanApplication(rep.page, input);
    if (!applied.ok) throw new Error(`applying was refused: ${applied.message} ${applied.fieldErrors.join(" ")}`);
    applicationId = applied.applicationId;

    const view = await readLoanApplication(rep.page);
    expect(view).toMatchObject({ product: PRODUCT, bank: BANK, status: "已提交", approved: "", rejection: "" });
    expect(view.promise).toContain("银行承诺 3 个工作日内答复");
    expect(view.events.map((e) => e.label)).toEqual(["提交申请"]);
    expect(view.consent).toContain(`已授权${BANK}`);
    await shot(rep.page, "enterprise-application-submitted");

    const stored = await LoanApplicationModel.findById(applicationId).lean();
    expect(stored).toMatchObject({
      status: "submitted",
      productId: expect.anything(),
      applicantKind: "enterprise",
      applicantName: ENTERPRISE.name,
      amountWan: 200,
      termMonths: 12,
      gradeAtApplication: "A",
      contactPhone: "13700000188",
    });
    expect(String(stored!.bankPartnerId)).toBe(ccbId);
    const grant = await ConsentGrantModel.findById(stored!.consentGrantId).lean();
    expect(grant).toMatchObject({ purpose: "loan_review" });
    expect(String(grant!.partnerId)).toBe(ccbId);
    expect(String(grant!.subjectId)).toBe(String(stored!.subjectId));
  });

  it("the loan officer sees it in the queue with its countdown, opens the report through the consent, accepts and approves 200万 at 3.8% for 12 months", async () => {
    officer = await newPage(browser, DESKTOP);
    await adminLogin(officer.page, server.baseUrl, "ccb_officer", "Bank@2026");
    const rows = await openLoanQueue(officer.page);
    const row = rows.find((r) => r.id === applicationId);
    expect(row?.text).toContain(ENTERPRISE.name);
    expect(row?.text).toContain(PRODUCT);
    expect(row?.text).toContain("200 万元 / 12 个月");
    expect(row?.status).toBe("已提交");
    expect(row?.countdown).toMatch(/^(剩余 [1-3] 个工作日|今日到期)$/);
    await shot(officer.page, "officer-queue");

    const detail = await openQueuedApplication(officer.page, applicationId);
    expect(detail).toContain("承诺最迟");
    await shot(officer.page, "officer-application");
    const report = await openApplicationReport(officer.page);
    expect(report).toMatchObject({ name: ENTERPRISE.name, purpose: "贷款审批" });
    expect(report.grade).toContain("A");
    await shot(officer.page, "officer-credit-report");
    const stored = await LoanApplicationModel.findById(applicationId).lean();
    const accesses = await ReportAccessModel.find({ subjectId: stored!.subjectId }).lean();
    expect(accesses.map((a) => ({ partnerId: String(a.partnerId), purpose: a.purpose, granted: a.granted }))).toEqual([{ partnerId: ccbId, purpose: "loan_review", granted: true }]);

    expect(await decideApplication(officer.page, { action: "accept", note: "已电话联系王芳核实经营情况" })).toBe("已受理");
    await shot(officer.page, "officer-accepted");
    expect(await decideApplication(officer.page, { action: "approve", amountWan: 200, annualRate: 3.8, termMonths: 12 })).toBe("已授信");
    await expect.poll(() => officer.page.getByTestId("loan-app-approved").innerText()).toMatch(/^200 万元，年利率 3\.80%，12 个月，有效期至 \d{4}-\d{2}-\d{2}$/);
    const timeline = await applicationTimeline(officer.page);
    expect(timeline.map((x) => x.step)).toEqual(["提交申请", "受理", "授信"]);
    expect(timeline[1]!.text).toContain(`${BANK} 信贷员`);
    expect(timeline[1]!.text).toContain("已电话联系王芳核实经营情况");
    await shot(officer.page, "officer-approved");
    expect(await LoanApplicationModel.findById(applicationId).lean()).toMatchObject({
      status: "approved",
      firstResponseAt: expect.any(Date),
      approved: { amountWan: 200, annualRate: 3.8, termMonths: 12, offerValidUntil: expect.any(Date) },
    });
  });

  it("the enterprise sees 已授信 with the approval's terms in its timeline, and the bank's look in 查询记录", async () => {
    const entries = await myLoanApplications(rep.page);
    expect(entries.find((e) => e.id === applicationId)).toMatchObject({ product: PRODUCT, status: "已授信", next: "已授信 200 万元，年利率 3.8%，12 个月" });
    await shot(rep.page, "enterprise-applications");
    const view = await openMyLoanApplication(rep.page, applicationId);
    expect(view.status).toBe("已授信");
    expect(view.approved).toContain("授信额度 200 万元");
    expect(view.approved).toContain("年利率 3.8%");
    expect(view.approved).toContain("期限 12 个月");
    expect(view.events.map((e) => e.label)).toEqual(["提交申请", "银行受理", "银行授信"]);
    expect(view.events[1]!.actor).toContain(`${BANK} 信贷员`);
    await shot(rep.page, "enterprise-approved");

    const looked = await reportAccesses(rep.page);
    expect(looked[0]).toMatchObject({ partner: BANK, granted: true });
    expect(looked[0]!.purpose).toContain("贷款审批");
    await shot(rep.page, "enterprise-report-accesses");
  });

  it("the officer records the disbursement, marked 首贷", async () => {
    expect(await decideApplication(officer.page, { action: "disburse", amountWan: 200 })).toBe("已放款");
    await expect.poll(() => officer.page.getByTestId("loan-app-disbursed").innerText()).toMatch(/^200 万元，\d{4}-\d{2}-\d{2}$/);
    await expect.poll(() => officer.page.locator(".ant-card-head").first().innerText()).toContain("首贷");
    await shot(officer.page, "officer-disbursed");
    const stored = await LoanApplicationModel.findById(applicationId).lean();
    expect(stored).toMatchObject({ status: "disbursed", firstLoan: true, disbursed: { amountWan: 200, date: expect.any(Date) } });
    expect(await FirstLoanModel.findById(stored!.subjectId).lean()).toMatchObject({ applicationId: stored!._id });

    const rows = await openLoanQueue(officer.page);
    expect(rows.find((r) => r.id === applicationId)?.text).toContain("首贷");
    await shot(officer.page, "officer-queue-first-loan");

    const entries = await myLoanApplications(rep.page);
    expect(entries.find((e) => e.id === applicationId)).toMatchObject({ status: "已放款" });
    const view = await openMyLoanApplication(rep.page, applicationId);
    expect(view.disbursed).toContain("首贷");
    expect(view.disbursed).toContain("放款金额 200 万元");
    expect(view.events.map((e) => e.label)).toEqual(["提交申请", "银行受理", "银行授信", "银行放款"]);
    await shot(rep.page, "enterprise-disbursed");
  });

  it("the bank's and 昆明's numbers show the application, the approval and the disbursement", async () => {
    const expected = { applications: "1", accepted: "1", approved: "1", disbursed: "1", rate: "3.80%", firstLoan: "100.0%", withinPromise: "100.0%" };
    const bank = await openLoanStats(manager.page);
    expect(bank).toMatchObject(expected);
    expect(bank.funnel).toContain("授信金额 200 万元");
    expect(bank.funnel).toContain("放款金额 200 万元");
    expect(bank.rows).toHaveLength(1);
    expect(bank.rows[0]).toContain(PRODUCT);
    expect(bank.rows[0]).toContain("昆明市");
    await shot(manager.page, "manager-loan-stats");

    const kunming = await openLoanStats(kmAdmin.page);
    expect(kunming).toMatchObject(expected);
    expect(kunming.funnel).toContain("授信金额 200 万元");
    expect(kunming.rows).toHaveLength(1);
    expect(kunming.rows[0]).toContain(BANK);
    expect(kunming.rows[0]).toContain(PRODUCT);
    await shot(kmAdmin.page, "km-admin-loan-stats");
  });

  it("an application the officer rejects shows the applicant the reason from the list and the officer's words", async () => {
    const citizen = await newPage(browser, PHONE);
    await citizenLogin(citizen.page, server.baseUrl, "13800000001");
    await openLoans(citizen.page);
    const product = await openLoanProduct(citizen.page, "个人信用快贷");
    expect(product.eligible).toBe(true);
    await startLoanApplication(citizen.page);
    const applied = await submitLoanApplication(citizen.page, { amountWan: 20, termMonths: 12, purpose: "门店装修和购置冷柜", repayment: "等额本息", contactPhone: "13800000001" });
    if (!applied.ok) throw new Error(`applying was refused: ${applied.message} ${applied.fieldErrors.join(" ")}`);

    const rows = await openLoanQueue(officer.page);
    expect(rows.find((r) => r.id === applied.applicationId)?.text).toContain("个人信用快贷");
    await openQueuedApplication(officer.page, applied.applicationId);
    const why = "近6个月经营流水不足以覆盖月供，建议降低申请金额后再申请";
    expect(await decideApplication(officer.page, { action: "reject", reasonLabel: "还款能力不足", text: why })).toBe("未通过");
    await shot(officer.page, "officer-rejected");
    expect(await LoanApplicationModel.findById(applied.applicationId).lean()).toMatchObject({ status: "rejected", rejection: { reason: "repayment_capacity", text: why } });

    const entries = await myLoanApplications(citizen.page);
    expect(entries.find((e) => e.id === applied.applicationId)).toMatchObject({ status: "未通过", next: "未通过：还款能力不足" });
    const view = await openMyLoanApplication(citizen.page, applied.applicationId);
    expect(view).toMatchObject({ status: "未通过", rejectionReason: "还款能力不足", rejectionText: `银行说明：${why}` });
    expect(view.events.map((e) => e.label)).toEqual(["提交申请", "申请未通过"]);
    await shot(citizen.page, "citizen-rejected");
    await citizen.context.close();
  });
});
