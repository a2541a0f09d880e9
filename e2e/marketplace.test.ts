import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { ClaimModel, VoucherOutcomeModel } from "../server/src/modules/claims/model";
import { PartnerModel } from "../server/src/modules/partners/model";
import { createCitizens } from "../server/test/fixtures";
import { startTestServer, type TestServer } from "../server/test/harness";
import { DESKTOP, PHONE, launchChromium, newPage, screenshotter } from "./browser";
import { adminLogin } from "./steps/admin";
import { redeemAtCounter, verifyAtCounter } from "./steps/admin-counter";
import { citizenLogin, claim, myBenefits, openScenario, toastGone } from "./steps/miniapp";
import { loanWhyNot } from "./steps/miniapp-loans";
import { cancelVoucher, openVoucher, scenarioWhyNot, waitForVoucherStatus } from "./steps/miniapp-voucher";

/**
 * Issue 4's journey: a citizen claims a partner's benefit in the mini-program and
 * shows the QR; the partner's operator redeems it at the counter in the console;
 * the citizen's voucher turns redeemed. A voucher the citizen cancels is refused at
 * the counter. And a citizen is told why they miss one.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const shot = screenshotter("marketplace");
const TITLE = "石林景区门票 守信游客立减";

/** The partner's counter, signed in once and kept for every journey of the file. */
let counterSession: Awaited<ReturnType<typeof newPage>> | undefined;
async function counterPage() {
  if (!counterSession) {
    counterSession = await newPage(browser, DESKTOP);
    await adminLogin(counterSession.page, server.baseUrl, "ynly_operator", "Partner@2026");
  }
  return counterSession.page;
}

/** The stored voucher with this 券码: its claim and its final outcome (none while unused). */
async function storedVoucher(shortCode: string) {
  const claimDoc = await ClaimModel.findOne({ shortCode }).lean();
  if (!claimDoc) throw new Error(`no claim with 券码 ${shortCode}`);
  const outcomes = await VoucherOutcomeModel.find({ _id: claimDoc._id }).lean();
  return { status: claimDoc.status, outcomes: outcomes.map((o) => o.outcome) };
}

beforeAll(async () => {
  server = await startTestServer({ name: "e2e-marketplace", web: true });
  chromium = await launchChromium();
  browser = chromium.browser;
});
afterAll(async () => {
  await counterSession?.context.close();
  await chromium?.close();
  await server?.close();
});

describe("claim, show the QR, redeem at the counter", () => {
  it("the voucher turns redeemed for the citizen once the operator redeems it, and cannot be redeemed twice", async () => {
    const citizen = await newPage(browser, PHONE);
    await citizenLogin(citizen.page, server.baseUrl, "13800000001");
    await openScenario(citizen.page, TITLE);
    await shot(citizen.page, "citizen-scenario-detail");
    expect(await claim(citizen.page)).toContain("领取成功");
    const voucher = await openVoucher(citizen.page, TITLE);
    expect(voucher).toMatchObject({ title: TITLE, status: "待使用" });
    expect(voucher.shortCode).toMatch(/^[2-9A-Z]{8}$/);
    await shot(citizen.page, "citizen-voucher-qr");

    const counter = await counterPage();
    // The QR's content, as the counter's scanner would read it.
    const checked = await verifyAtCounter(counter, server.baseUrl, voucher.token);
    expect(checked.headline).toBe("有效");
    expect(checked.text).toContain("可以核销");
    expect(checked.text).toContain("状态 待使用");
    expect(checked.text).toContain("张*");
    expect(checked.text).not.toContain("720");
    expect(checked.offline).toContain("签名有效");
    await shot(counter, "counter-verified");
    const redeemed = await redeemAtCounter(counter, server.baseUrl, voucher.shortCode);
    expect(redeemed).toMatchObject({ httpStatus: 200 });
    expect(redeemed.redeemText).toContain(`核销成功：${TITLE}`);
    await shot(counter, "counter-redeemed");
    expect(await storedVoucher(voucher.shortCode)).toEqual({ status: "redeemed", outcomes: ["redeemed"] });

    const after = await waitForVoucherStatus(citizen.page, "已核销", 20_000);
    expect(after).toMatchObject({ status: "已核销", banner: "已核销" });
    expect(after.bannerSub).toMatch(/^核销时间 /);
    await toastGone(citizen.page);
    await shot(citizen.page, "citizen-voucher-redeemed");

    const again = await redeemAtCounter(counter, server.baseUrl, voucher.shortCode);
    expect(again).toMatchObject({ httpStatus: 409, errorCode: "VOUCHER_ALREADY_REDEEMED" });
    expect(again.redeemText).toBe("不能核销：该券已核销，不能重复使用");
    await shot(counter, "counter-second-redeem-refused");
    expect(await storedVoucher(voucher.shortCode)).toEqual({ status: "redeemed", outcomes: ["redeemed"] });
    await citizen.context.close();
  });

  it("a voucher the citizen cancels turns 已取消 in the mini-program and is refused at the counter", async () => {
    // A 昆明 citizen of her own (张明 may claim this benefit once only).
    await createCitizens([{ phone: "13800000021", name: "孙婷", prefectureCode: "530100", score: 720 }]);
    const citizen = await newPage(browser, PHONE);
    await citizenLogin(citizen.page, server.baseUrl, "13800000021");
    await openScenario(citizen.page, TITLE);
    expect(await claim(citizen.page)).toContain("领取成功");
    const voucher = await openVoucher(citizen.page, TITLE, { tab: "unused" });
    expect(voucher.status).toBe("待使用");
    expect(await storedVoucher(voucher.shortCode)).toEqual({ status: "claimed", outcomes: [] });

    const cancelled = await cancelVoucher(citizen.page);
    expect(cancelled).toMatchObject({ title: TITLE, status: "已取消", banner: "已取消", shortCode: voucher.shortCode });
    expect(cancelled.bannerSub).toMatch(/^取消时间 .+，名额已退回$/);
    await toastGone(citizen.page);
    await shot(citizen.page, "citizen-voucher-cancelled");
    expect(await storedVoucher(voucher.shortCode)).toEqual({ status: "cancelled", outcomes: ["cancelled"] });

    // 我的权益: gone from 待使用, listed under 已失效 as 已取消.
    expect((await myBenefits(citizen.page, "unused")).map((b) => b.title)).not.toContain(TITLE);
    const invalid = await myBenefits(citizen.page, "invalid");
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ title: TITLE, status: "已取消" });
    await shot(citizen.page, "citizen-benefits-invalid");
    await citizen.context.close();

    const counter = await counterPage();
    const checked = await verifyAtCounter(counter, server.baseUrl, voucher.shortCode);
    expect(checked.headline).toBe("无效");
    expect(checked.text).toContain("该券已被持有人取消");
    await shot(counter, "counter-cancelled-verified");
    const refused = await redeemAtCounter(counter, server.baseUrl, voucher.shortCode);
    expect(refused).toMatchObject({ httpStatus: 409, errorCode: "VOUCHER_NOT_REDEEMABLE" });
    expect(refused.redeemText).toBe("不能核销：该券已被持有人取消");
    await shot(counter, "counter-cancelled-refused");
    expect(await storedVoucher(voucher.shortCode)).toEqual({ status: "cancelled", outcomes: ["cancelled"] });
  });

  it("a citizen who misses a benefit is told why", async () => {
    const { context, page } = await newPage(browser, PHONE);
    await citizenLogin(page, server.baseUrl, "13800000002");
    const why = await scenarioWhyNot(page, "共享单车 免押金骑行");
    // 李华 (680) qualifies for the bikes; the enterprise loan is out of reach for a citizen.
    expect(why.verdict).toBe(`您符合条件，可享：${why.myBenefit}`);
    expect(why.reasons).toEqual([]);
    const loan = await loanWhyNot(page, "富滇信易贷 · 守信企业贷");
    expect(loan).toMatchObject({ bank: "富滇银行", state: "暂不符合", reasons: ["该产品仅面向企业申请"], hints: [] });
    await shot(page, "why-not");
    await context.close();
  });
});

describe("partner applications in the console", () => {
  it("the prefecture's administrator rejects one application with a reason and approves another", async () => {
    const apply = async (name: string, username: string) =>
      (
        await server.api("POST", "/partner-applications", {
          body: { name, kind: "rental", prefectureCodes: ["530100"], contactName: "赵经理", contactPhone: "13700000101", operator: { username, password: "Apply@2026xx", displayName: "前台" } },
        })
      ).body.id as string;
    const rejected = await apply("昆明某租车公司", "kmrentcar");
    const approved = await apply("昆明某充电宝公司", "kmpowerbank");

    const { context, page } = await newPage(browser, DESKTOP);
    await adminLogin(page, server.baseUrl, "km_admin", "Kunming@2026");
    await page.goto(`${server.baseUrl}/admin/partners`);
    await page.getByTestId(`partner-reject-${rejected}`).click();
    await page.getByTestId("partner-reject-reason").fill("营业执照信息不完整");
    await page.getByTestId("partner-reject-confirm").click();
    await expect.poll(() => page.getByTestId(`partner-status-${rejected}`).innerText()).toBe("已驳回");
    await page.getByTestId(`partner-approve-${approved}`).click();
    await page.getByTestId("partner-approve-confirm").click();
    await expect.poll(() => page.getByTestId(`partner-status-${approved}`).innerText()).toBe("已入驻");
    await shot(page, "partners-decided");
    await context.close();

    const decided = await PartnerModel.find({ _id: { $in: [rejected, approved] } }).lean();
    expect(decided.find((p) => String(p._id) === rejected)).toMatchObject({ status: "rejected", rejectionReason: "营业执照信息不完整" });
    expect(decided.find((p) => String(p._id) === approved)).toMatchObject({ status: "approved" });
    expect((await server.api("POST", "/auth/console/login", { body: { username: "kmpowerbank", password: "Apply@2026xx" } })).status).toBe(200);
    const refused = await server.api("POST", "/auth/console/login", { body: { username: "kmrentcar", password: "Apply@2026xx" } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("PARTNER_REJECTED");
  });
});
