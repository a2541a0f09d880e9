import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { ClaimModel } from "../server/src/modules/claims/model";
import { ScenarioModel } from "../server/src/modules/scenarios/model";
import { startTestServer, type TestServer } from "../server/test/harness";
import { createCitizens } from "../server/test/fixtures";
import { claimScenario, publishedScenario } from "../server/test/scenario-fixtures";
import { DESKTOP, PHONE, launchChromium, newPage, screenshotter } from "./browser";
import { adminLogin, createScenario, publishScenario } from "./steps/admin";
import { citizenLogin, claim, claimButton, myBenefits, openScenario, toastGone, visibleScenarioTitles } from "./steps/miniapp";
import { openVoucherFromScenario } from "./steps/miniapp-voucher";

/**
 * The walking skeleton's journey, in a real browser against the real server, store
 * and Redis: an administrator publishes a 昆明 scenario in the console and a 昆明 citizen
 * meets it in the mini-program H5; citizens claim, meet an exhausted quota, and do not
 * see another prefecture's scenarios. Each test publishes the scenarios it is about.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let adminToken: string;
/** 吴刚, who takes the one seat before 钱丽 tries. */
let seatTaker: NonNullable<Awaited<ReturnType<typeof createCitizens>>[number]>;
const shot = screenshotter("journey");
const suffix = Date.now().toString(36).slice(-4);

beforeAll(async () => {
  server = await startTestServer({ name: "journey", web: true });
  // 昆明 citizens with good credit of the tests' own (each phone signs in once: a new code only once a minute).
  const citizens = await createCitizens([
    { phone: "13800000012", name: "周琳", prefectureCode: "530100", score: 760 },
    { phone: "13800000013", name: "钱丽", prefectureCode: "530100", score: 760 },
    { phone: "13800000014", name: "吴刚", prefectureCode: "530100", score: 760 },
  ]);
  seatTaker = citizens[2]!;
  adminToken = (await server.consoleLogin("admin", "Admin@2026")).accessToken;
  chromium = await launchChromium();
  browser = chromium.browser;
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

describe("walking skeleton journey", () => {
  it("a platform administrator publishes a scenario scoped to 昆明 in the console, and a 昆明 citizen meets it", async () => {
    const title = `昆明信易游·石林门票立减 ${suffix}`;
    const { context, page } = await newPage(browser, DESKTOP);
    await adminLogin(page, server.baseUrl, "admin", "Admin@2026");
    await shot(page, "admin-signed-in");
    const id = await createScenario(page, server.baseUrl, { title, categoryLabel: "信易游", prefectureName: "昆明市", minCreditScore: 650, quota: 1, description: "守信游客凭券立减30元" });
    await shot(page, "admin-scenario-created");
    await publishScenario(page, title);
    await shot(page, "admin-scenario-published");
    await context.close();
    expect(await ScenarioModel.findById(id).lean()).toMatchObject({ title, status: "published", prefectureCodes: ["530100"], quota: 1 });

    const citizen = await newPage(browser, PHONE);
    await citizenLogin(citizen.page, server.baseUrl, "13800000012");
    expect(await visibleScenarioTitles(citizen.page)).toContain(title);
    await shot(citizen.page, "citizen-meets-published");
    await citizen.context.close();
  });

  it("a citizen of 昆明 sees a scenario, claims it, finds it under 我的权益, and is shown the voucher instead of a second claim", async () => {
    const { title } = await publishedScenario(server, adminToken, { title: `昆明信易游·滇池游船立减 ${suffix}`, rule: { type: "minScore", score: 650 } });
    const { context, page } = await newPage(browser, PHONE);
    await citizenLogin(page, server.baseUrl, "13800000001");
    await shot(page, "citizen-home");
    expect(await visibleScenarioTitles(page)).toContain(title);
    await openScenario(page, title);
    await shot(page, "citizen-scenario-detail");
    const first = await claim(page);
    expect(first).toContain("领取成功");
    await toastGone(page);
    await shot(page, "citizen-claimed");
    expect(await ClaimModel.find({ scenarioTitle: title }).lean()).toMatchObject([{ status: "claimed" }]);
    const unused = await myBenefits(page, "unused");
    expect(unused).toHaveLength(1);
    expect(unused[0]).toMatchObject({ title, status: "待使用" });
    await shot(page, "citizen-my-benefits");
    await openScenario(page, title);
    // Already claimed: the button leads to the voucher instead of a second claim.
    expect(await claimButton(page)).toEqual({ label: "出示券码", disabled: false });
    await shot(page, "citizen-already-claimed");
    const voucher = await openVoucherFromScenario(page);
    expect(voucher).toMatchObject({ title, status: "待使用" });
    await shot(page, "citizen-voucher-from-scenario");
    expect(await ClaimModel.countDocuments({ scenarioTitle: title })).toBe(1);
    await context.close();
  });

  it("another 昆明 citizen is refused once the quota is gone", async () => {
    const scenario = await publishedScenario(server, adminToken, { title: `昆明信易游·九乡门票立减 ${suffix}`, quota: 1 });
    // The one seat goes to 吴刚 first.
    expect((await claimScenario(server, server.tokenFor(seatTaker), scenario.id)).status).toBe(201);

    const { context, page } = await newPage(browser, PHONE);
    await citizenLogin(page, server.baseUrl, "13800000013");
    await openScenario(page, scenario.title);
    const message = await claim(page);
    expect(message).toContain("该权益名额已领完");
    await shot(page, "quota-exhausted");
    // Still 吴刚's claim alone.
    expect(await ClaimModel.find({ scenarioId: scenario.id }).lean()).toMatchObject([{ userId: seatTaker._id, status: "claimed" }]);
    await context.close();
  });

  it("a citizen of 大理 sees 大理's scenario but not 昆明's", async () => {
    const kunming = await publishedScenario(server, adminToken, { title: `昆明信易行·地铁票立减 ${suffix}` });
    const dali = await publishedScenario(server, adminToken, { title: `大理信易行·洱海公交立减 ${suffix}`, prefectureCodes: ["532900"] });
    const { context, page } = await newPage(browser, PHONE);
    await citizenLogin(page, server.baseUrl, "13800000002");
    const titles = await visibleScenarioTitles(page);
    // Published at the same moment: seeing the one shows the listing is fresh.
    expect(titles).toContain(dali.title);
    expect(titles).not.toContain(kunming.title);
    await shot(page, "dali-citizen-home");
    await context.close();
  });
});

