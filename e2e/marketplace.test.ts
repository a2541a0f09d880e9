import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startTestServer, type TestServer } from "../server/test/harness";
import { DESKTOP, PHONE, launchChromium, newPage, screenshotter } from "./browser";
import { adminLogin } from "./steps/admin";
import { redeemAtCounter, verifyAtCounter } from "./steps/admin-counter";
import { citizenLogin, claim, openScenario } from "./steps/miniapp";
import { openVoucher, scenarioWhyNot, waitForVoucherStatus } from "./steps/miniapp-voucher";

/**
 * Issue 4's journey: a citizen claims a partner's benefit in the mini-program and
 * shows the QR; the partner's operator redeems it at the counter in the console;
 * the citizen's voucher turns redeemed. And a citizen is told why they miss one.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const shot = screenshotter("marketplace");
const TITLE = "石林景区门票 守信游客立减";

beforeAll(async () => {
  server = await startTestServer({ name: "e2e-marketplace", web: true });
  chromium = await launchChromium();
  browser = chromium.browser;
});
afterAll(async () => {
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
    expect(voucher.status).toBe("claimed");
    expect(voucher.token).toContain(".");
    expect(voucher.shortCode).toMatch(/^[2-9A-Z]{8}$/);
    await shot(citizen.page, "citizen-voucher-qr");

    const counter = await newPage(browser, DESKTOP);
    await adminLogin(counter.page, server.baseUrl, "ynly_operator", "Partner@2026");
    const checked = await verifyAtCounter(counter.page, server.baseUrl, voucher.token);
    expect(checked.valid).toBe(true);
    expect(checked.text).toContain("张*");
    expect(checked.text).not.toContain("720");
    expect(checked.offline).toContain("签名有效");
    await shot(counter.page, "counter-verified");
    const redeemed = await redeemAtCounter(counter.page, server.baseUrl, voucher.shortCode);
    expect(redeemed.redeemText).toContain("核销成功");
    await shot(counter.page, "counter-redeemed");

    const after = await waitForVoucherStatus(citizen.page, "redeemed", 20_000);
    expect(after.status).toBe("redeemed");
    await shot(citizen.page, "citizen-voucher-redeemed");

    const again = await redeemAtCounter(counter.page, server.baseUrl, voucher.shortCode);
    expect(again.redeemText).toContain("已核销");
    await shot(counter.page, "counter-second-redeem-refused");
    await Promise.all([citizen.context.close(), counter.context.close()]);
  });

  it("a citizen who misses a benefit is told why", async () => {
    const { context, page } = await newPage(browser, PHONE);
    await citizenLogin(page, server.baseUrl, "13800000002");
    const why = await scenarioWhyNot(page, "共享单车 免押金骑行");
    // 李华 (680) qualifies for the bikes; the enterprise loan is out of reach for a citizen.
    expect(why.reasons).toEqual([]);
    const loan = await scenarioWhyNot(page, "“云企贷”信用贷款 利率优惠");
    expect(loan.reasons).toContain("仅限企业申领");
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

    expect((await server.api("POST", "/auth/console/login", { body: { username: "kmpowerbank", password: "Apply@2026xx" } })).status).toBe(200);
    expect((await server.api("POST", "/auth/console/login", { body: { username: "kmrentcar", password: "Apply@2026xx" } })).status).toBe(403);
  });
});
