import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { ConsentGrantModel } from "../server/src/modules/consent/model";
import { DemandTakeModel, LoanApplicationModel, LoanDemandModel } from "../server/src/modules/loans/model";
import { PartnerModel } from "../server/src/modules/partners/model";
import { DEMO_ACCOUNTS } from "../server/src/seed/demo";
import { startTestServer, type TestServer } from "../server/test/harness";
import { DESKTOP, PHONE, launchChromium, newPage, settledScreenshotter } from "./browser";
import { adminLogin, openLoanQueue, openQueuedApplication } from "./steps/admin-loans";
import { citizenLogin } from "./steps/miniapp";
import { switchIdentity } from "./steps/miniapp-identity";
import { readLoanApplication } from "./steps/miniapp-loans";
import { acceptOffer, answerDemand, demandOnBoard, openDemands, publishDemand, readDemand, takeDemand } from "./steps/loan-demands";

/**
 * 融资需求 in a real browser against the real server, store and Redis: the enterprise's legal
 * representative publishes a financing demand with the banks' consent → two banks serving 昆明 take
 * it on their boards → one offers, the other declines with a reason → the enterprise sees both and
 * accepts the offer → it becomes an application with that bank, already accepted, in its queue.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const shot = settledScreenshotter("loan-demands");
const ENTERPRISE = DEMO_ACCOUNTS.enterprise;
const CCB = "建设银行云南省分行";
const FUDIAN = "富滇银行";

let rep: Awaited<ReturnType<typeof newPage>>;
let demandId: string;

beforeAll(async () => {
  server = await startTestServer({ name: "e2e-loan-demands", web: true });
  chromium = await launchChromium();
  browser = chromium.browser;
});
afterAll(async () => {
  await rep?.context.close();
  await chromium?.close();
  await server?.close();
});

async function bankPage(username: string) {
  const bank = await newPage(browser, DESKTOP);
  await adminLogin(bank.page, server.baseUrl, username, "Bank@2026");
  return bank;
}

describe("a financing demand from the enterprise to the bank's queue", () => {
  it("the enterprise publishes a demand with the consent for the banks that take it", async () => {
    rep = await newPage(browser, PHONE);
    await citizenLogin(rep.page, server.baseUrl, ENTERPRISE.legalRep.phone);
    await switchIdentity(rep.page, ENTERPRISE.name);
    await openDemands(rep.page);
    await shot(rep.page, "enterprise-demands-empty");
    demandId = await publishDemand(rep.page, {
      amountWan: 150,
      termMonths: 24,
      purpose: "旺季前采购游船和票务系统设备",
      guarantees: ["信用", "保证"],
      contactName: "王芳",
      contactPhone: "13700000166",
    });
    await shot(rep.page, "enterprise-demand-published");
    const view = await readDemand(rep.page, demandId);
    expect(view.status).toBe("对接中");
    expect(view.amount).toContain("150");
    expect(view.takes).toEqual([]);
    expect(await LoanDemandModel.findById(demandId).lean()).toMatchObject({ amountWan: 150, termMonths: 24, guaranteeModes: ["credit", "guarantee"], prefectureCode: "530100", status: "open" });
  });

  it("建行 takes it and offers; 富滇 takes it and declines with a reason; each take grants that bank the consent", async () => {
    const ccb = await bankPage("ccb_manager");
    const row = await demandOnBoard(ccb.page, demandId);
    expect(row).toContain(ENTERPRISE.name);
    // Before taking it, the contact is masked.
    expect(row).not.toContain("13700000166");
    await shot(ccb.page, "ccb-board");
    expect(await takeDemand(ccb.page, demandId)).toContain("银行已接单");
    expect(await answerDemand(ccb.page, demandId, { answer: "offer", amountWan: 150, annualRate: 3.95, termMonths: 24, note: "需提供近一年财务报表" })).toContain("银行已报价");
    await shot(ccb.page, "ccb-offered");
    await ccb.context.close();

    const fudian = await bankPage("fudian_manager");
    await demandOnBoard(fudian.page, demandId);
    await takeDemand(fudian.page, demandId);
    expect(await answerDemand(fudian.page, demandId, { answer: "decline", reasonLabel: "不符合产品准入条件", text: "本行该类需求需抵押担保" })).toContain("银行已婉拒");
    await shot(fudian.page, "fudian-declined");
    await fudian.context.close();

    const partners = await PartnerModel.find({ name: { $in: [CCB, FUDIAN] } }, { _id: 1 }).lean();
    const demand = (await LoanDemandModel.findById(demandId).lean())!;
    expect(await ConsentGrantModel.countDocuments({ subjectId: demand.subjectId, partnerId: { $in: partners.map((p) => p._id) }, purpose: "loan_review" })).toBe(2);
    expect((await DemandTakeModel.find({ demandId: demand._id }).lean()).map((x) => x.status).sort()).toEqual(["declined", "offered"]);
  });

  it("the enterprise sees both answers, accepts 建行's offer, and it becomes an accepted application in 建行's queue", async () => {
    const view = await readDemand(rep.page, demandId);
    const byBank = new Map(view.takes.map((x) => [x.bank, x]));
    expect(byBank.get(CCB)).toMatchObject({ status: "银行已报价" });
    expect(byBank.get(CCB)!.offer).toContain("150 万元");
    expect(byBank.get(CCB)!.offer).toContain("3.95%");
    expect(byBank.get(FUDIAN)).toMatchObject({ status: "银行已婉拒" });
    expect(byBank.get(FUDIAN)!.decline).toContain("本行该类需求需抵押担保");
    await shot(rep.page, "enterprise-answers");

    const applicationId = await acceptOffer(rep.page, demandId, CCB);
    const application = await readLoanApplication(rep.page);
    expect(application.bank).toBe(CCB);
    expect(application.status).toBe("已受理");
    await shot(rep.page, "enterprise-application-from-offer");
    expect(await LoanApplicationModel.findById(applicationId).lean()).toMatchObject({ source: "demand", status: "accepted", amountWan: 150, termMonths: 24 });
    expect((await LoanDemandModel.findById(demandId).lean())!.status).toBe("matched");

    const after = await readDemand(rep.page, demandId);
    expect(after.status).toBe("已选定银行");
    expect(after.takes.map((x) => `${x.bank}:${x.status}`).sort()).toEqual([`${CCB}:已选定`, `${FUDIAN}:银行已婉拒`].sort());

    const officer = await newPage(browser, DESKTOP);
    await adminLogin(officer.page, server.baseUrl, "ccb_officer", "Bank@2026");
    const queue = await openLoanQueue(officer.page);
    const row = queue.find((r) => r.id === applicationId);
    expect(row?.status).toBe("已受理");
    expect(row?.text).toContain(ENTERPRISE.name);
    const detail = await openQueuedApplication(officer.page, applicationId);
    expect(detail).toContain("融资需求");
    await shot(officer.page, "ccb-officer-application-from-demand");
    await officer.context.close();
  });
});
