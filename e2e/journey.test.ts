import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { startTestServer, type TestServer } from "../server/test/harness";
import { createCitizens } from "../server/test/fixtures";
import { DESKTOP, PHONE, launchChromium, newPage, screenshotter } from "./browser";
import { adminLogin, createScenario, publishScenario } from "./steps/admin";
import { citizenLogin, claim, claimButton, myBenefitTitles, openScenario, visibleScenarioTitles } from "./steps/miniapp";

/**
 * The walking skeleton's journey, in a real browser against the real server, store
 * and Redis: an administrator publishes a 昆明 scenario in the console; citizens meet
 * it in the mini-program H5.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const shot = screenshotter("journey");
const title = `昆明信易游·石林门票立减 ${Date.now().toString(36).slice(-4)}`;

beforeAll(async () => {
  server = await startTestServer({ name: "journey", web: true });
  // A second 昆明 citizen with good credit, to meet the exhausted quota.
  await createCitizens([{ phone: "13800000013", name: "钱丽", prefectureCode: "530100", score: 760 }]);
  chromium = await launchChromium();
  browser = chromium.browser;
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe("walking skeleton journey", () => {
  it("a platform administrator creates and publishes a scenario scoped to 昆明", async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await adminLogin(page, server.baseUrl, "admin", "Admin@2026");
    await shot(page, "admin-signed-in");
    await createScenario(page, server.baseUrl, { title, categoryLabel: "信易游", prefectureName: "昆明市", minCreditScore: 650, quota: 1, description: "守信游客凭券立减30元" });
    await shot(page, "admin-scenario-created");
    await publishScenario(page, title);
    await shot(page, "admin-scenario-published");
    await context.close();
  });

  it("a citizen of 昆明 sees it, claims it, finds it under 我的权益, and cannot claim twice", async () => {
    const { context, page } = await newPage(browser, PHONE);
    await citizenLogin(page, server.baseUrl, "13800000001");
    await shot(page, "citizen-home");
    expect(await visibleScenarioTitles(page)).toContain(title);
    await openScenario(page, title);
    await shot(page, "citizen-scenario-detail");
    const first = await claim(page);
    expect(first).toContain("领取成功");
    await shot(page, "citizen-claimed");
    expect(await myBenefitTitles(page)).toContain(title);
    await shot(page, "citizen-my-benefits");
    await openScenario(page, title);
    // Already claimed: the button leads to the voucher instead of a second claim.
    expect(await claimButton(page)).toEqual({ label: "出示券码", action: "voucher", disabled: false });
    await shot(page, "citizen-already-claimed");
    await context.close();
  });

  it("another 昆明 citizen is refused once the quota is gone", async () => {
    const { context, page } = await newPage(browser, PHONE);
    await citizenLogin(page, server.baseUrl, "13800000013");
    await openScenario(page, title);
    const message = await claim(page);
    expect(message).toContain("该权益名额已领完");
    await shot(page, "quota-exhausted");
    await context.close();
  });

  it("a citizen of 大理 does not see the 昆明 scenario", async () => {
    const { context, page } = await newPage(browser, PHONE);
    await citizenLogin(page, server.baseUrl, "13800000002");
    const titles = await visibleScenarioTitles(page);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles).not.toContain(title);
    await shot(page, "dali-citizen-home");
    await context.close();
  });
});
