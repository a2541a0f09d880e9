/**
 * Browser steps for the citizens' mini-program (信易+ 小程序), H5 build served at `${baseUrl}/h5/`.
 *
 * `baseUrl` is the server origin (e.g. "http://127.0.0.1:3000"); a trailing "/h5" is accepted too.
 * Use a mobile viewport (e.g. 390x844). Every step waits for elements (never sleeps), returns once
 * the UI shows the outcome, and throws an Error with a readable reason otherwise. Timeouts are the
 * page's defaults (page.setDefaultTimeout) unless `timeoutMs` is given.
 *
 * Selectors are the data-testid attributes of the H5 build. Taro keeps the page under a detail
 * page alive (hidden) in the DOM, so every lookup here is restricted to visible elements.
 */
import type { Locator, Page } from "playwright-core";
import { acceptAgreements } from "./miniapp-privacy";

export interface StepOptions {
  timeoutMs?: number;
}

export interface CitizenLoginOptions extends StepOptions {
  /**
   * Prefecture name (e.g. "昆明市") to pick when the account has none yet (a first login).
   * Without it, citizenLogin returns "prefecture" with the picker showing.
   */
  prefecture?: string;
}

/** Tabs of the H5 tab bar (data-testid `tab-<name>`). */
export type Tab = "home" | "credit" | "benefits" | "mine";

export function h5Url(baseUrl: string, hashPath = ""): string {
  const origin = baseUrl.replace(/\/+$/, "").replace(/\/h5$/, "");
  return `${origin}/h5/${hashPath ? `#${hashPath}` : ""}`;
}

export function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}

export function describeError(err: unknown): string {
  return err instanceof Error ? (err.message.split("\n")[0] ?? err.message) : String(err);
}

/** Visible elements with this data-testid. */
export function visible(page: Page | Locator, testId: string): Locator {
  return page.locator(`[data-testid="${testId}"]`).filter({ visible: true });
}

/** Visible elements whose data-testid starts with `prefix`. */
export function visiblePrefixed(page: Page | Locator, prefix: string): Locator {
  return page.locator(`[data-testid^="${prefix}"]`).filter({ visible: true });
}

/** Wait until `locator` is visible, or throw `what` with the underlying reason. */
export async function waitVisible(locator: Locator, what: string, timeoutMs?: number): Promise<void> {
  try {
    await locator.first().waitFor({ state: "visible", timeout: timeoutMs });
  } catch (err) {
    throw new Error(`${what} (${describeError(err)})`);
  }
}

export async function textOf(locator: Locator): Promise<string> {
  return (await locator.first().innerText()).replace(/\s+/g, " ").trim();
}

export async function textsOf(locator: Locator): Promise<string[]> {
  const texts = await locator.allInnerTexts();
  return texts.map((t) => t.replace(/\s+/g, " ").trim()).filter((t) => t.length > 0);
}

/** A page root (home-page, benefits-page, …) in a final state: ready, or error (then throw). */
export async function waitPageReady(page: Page, rootTestId: string, what: string, t?: number): Promise<Locator> {
  const root = visible(page, rootTestId);
  const settled = page
    .locator(`[data-testid="${rootTestId}"][data-state="ready"], [data-testid="${rootTestId}"][data-state="error"]`)
    .filter({ visible: true });
  await waitVisible(settled, `${what}: the page did not finish loading (at ${page.url()})`, t);
  if ((await root.first().getAttribute("data-state")) === "error") {
    const message = await textsOf(root.locator('[data-testid$="-error"]'));
    throw new Error(`${what}: the page shows an error: ${message.join(" ") || "(no message)"}`);
  }
  return root.first();
}

/**
 * Wait until the toast a step has just caused (领取成功, 已撤销, 核销成功 …) has gone, so a screenshot
 * shows the page under it. Taro mounts the toast just after the change it reports: give it a
 * moment to appear, then wait for it to fade.
 */
export async function toastGone(page: Page, t?: number): Promise<void> {
  // The .taro__toast wrapper has no size of its own (Playwright never sees it as visible): watch its box.
  const box = page.locator(".taro__toast > div:nth-child(2)");
  await box.filter({ visible: true }).first().waitFor({ state: "visible", timeout: 1_000 }).catch(() => undefined);
  await box.filter({ visible: true }).first().waitFor({ state: "hidden", timeout: t });
}

/**
 * Wait until Taro's confirmation dialog has gone: its mask fades out after the dialog and takes
 * every tap (e.g. on the tab bar) until then.
 */
export async function modalGone(page: Page, t?: number): Promise<void> {
  await page.locator(".taro__modal .taro-modal__mask").filter({ visible: true }).first().waitFor({ state: "hidden", timeout: t });
}

/**
 * Tap `target` on the page whose root is `from` and wait until `opened` shows and `from` is hidden:
 * the new page slides in over the old one, which stays visible (and would take clicks, e.g. on
 * its tab bar) until the animation ends and Taro hides it.
 */
export async function openOver(from: Locator, target: Locator, opened: Locator, what: string, t?: number): Promise<void> {
  const under = await from.first().elementHandle({ timeout: t });
  await target.click();
  await waitVisible(opened, what, t);
  await under.waitForElementState("hidden", { timeout: t }).catch((err: unknown) => {
    throw new Error(`${what}: the previous page stayed visible (${describeError(err)})`);
  });
  await under.dispose();
}

/**
 * Bring the given tab to the front with a fresh copy of its page. From a page without the tab bar
 * (scenario detail) it goes back through the history first, as the browser's back button would.
 */
export async function gotoTab(page: Page, tab: Tab, t?: number): Promise<void> {
  const tabButton = visible(page, `tab-${tab}`);
  for (let i = 0; i < 5 && !(await tabButton.count()); i++) {
    const before = page.url();
    await page.goBack();
    if (page.url() === before) break;
    await visible(page, "tab-home")
      .or(visible(page, "scenario-detail"))
      .or(visible(page, "voucher-page"))
      .or(visible(page, "prefecture-picker"))
      .or(visible(page, "login-page"))
      .first()
      .waitFor({ state: "visible", timeout: t })
      .catch(() => undefined);
  }
  await waitVisible(tabButton, `cannot reach the tab bar (tab-${tab}) from ${page.url()}`, t);

  // The tab bar relaunches the page, even the current one: wait for the old root to go away so the
  // ready state we then read belongs to the new page.
  const oldRoot = await page
    .locator('[data-testid="home-page"], [data-testid="credit-page"], [data-testid="benefits-page"], [data-testid="mine-page"]')
    .filter({ visible: true })
    .first()
    .elementHandle({ timeout: 1000 })
    .catch(() => null);
  await tabButton.first().click();
  if (oldRoot) {
    // "hidden" also covers "detached" (the relaunch removes the old page).
    await oldRoot.waitForElementState("hidden", { timeout: t });
    await oldRoot.dispose();
  }
}

/** Pick a prefecture in the 所在州市 picker and wait for the home page. */
export async function choosePrefecture(page: Page, prefectureName: string, options: StepOptions = {}): Promise<void> {
  const t = options.timeoutMs;
  const picker = visible(page, "prefecture-picker");
  await waitVisible(picker, "choosePrefecture: the prefecture picker is not showing", t);
  const option = picker.locator('[data-testid^="prefecture-option-"]').filter({ hasText: exactText(prefectureName) });
  if (!(await option.count())) {
    const offered = await textsOf(picker.locator('[data-testid^="prefecture-option-"]'));
    throw new Error(`choosePrefecture: "${prefectureName}" is not offered; options: ${offered.join(", ")}`);
  }
  await option.first().click();
  await visible(page, "prefecture-confirm").first().click();
  const error = visible(page, "prefecture-error");
  await waitVisible(
    visible(page, "home-page").or(error),
    `choosePrefecture(${prefectureName}): neither the home page nor an error appeared`,
    t,
  );
  if (await error.count()) throw new Error(`choosePrefecture(${prefectureName}) failed: ${await textOf(error)}`);
  await waitPageReady(page, "home-page", `choosePrefecture(${prefectureName})`, t);
}

/**
 * Sign in with phone + one-time code, reading the code from the demo notice (演示环境验证码).
 * Returns "home" once the home page has loaded, or "prefecture" when the account has no
 * prefecture yet and `options.prefecture` was not given (the picker is then showing).
 */
export async function citizenLogin(
  page: Page,
  baseUrl: string,
  phone: string,
  options: CitizenLoginOptions = {},
): Promise<"home" | "prefecture"> {
  const t = options.timeoutMs;
  // A fresh document on the login route; stale tokens of an earlier user are dropped.
  await page.goto("about:blank");
  await page.goto(h5Url(baseUrl, "/pages/login/index"));
  await waitVisible(visible(page, "login-page"), `citizenLogin: the login page did not load at ${page.url()}`, t);
  await page.evaluate("window.localStorage.clear()");

  // Taro renders <taro-input-core data-testid=…> around the native <input>.
  await visible(page, "login-phone").locator("input").fill(phone);
  await visible(page, "login-send-code").first().click();

  const devCode = visible(page, "dev-code");
  const loginError = visible(page, "login-error");
  await waitVisible(devCode.or(loginError), `citizenLogin(${phone}): neither the demo code nor an error appeared`, t);
  if (await loginError.count()) throw new Error(`citizenLogin(${phone}): sending the code failed: ${await textOf(loginError)}`);
  const notice = await textOf(devCode);
  const code = /\d{6}/.exec(notice)?.[0];
  if (!code) throw new Error(`citizenLogin(${phone}): no 6-digit code in the notice "${notice}"`);

  await visible(page, "login-code").locator("input").fill(code);
  await visible(page, "login-submit").first().click();

  const home = visible(page, "home-page");
  const picker = visible(page, "prefecture-picker");
  const agreement = visible(page, "agreement-page");
  await waitVisible(
    home.or(picker).or(agreement).or(loginError),
    `citizenLogin(${phone}): after submitting, neither the home page, the prefecture picker, the agreement page nor an error appeared`,
    t,
  );
  if (await loginError.count()) throw new Error(`citizenLogin(${phone}) failed: ${await textOf(loginError)}`);
  // First use (or a new version): accept the agreements, the sensitive-information consent included.
  if (await agreement.count()) await acceptAgreements(page, { timeoutMs: t });
  if (await picker.count()) {
    if (!options.prefecture) return "prefecture";
    await choosePrefecture(page, options.prefecture, { timeoutMs: t });
    return "home";
  }
  await waitPageReady(page, "home-page", `citizenLogin(${phone})`, t);
  return "home";
}

/** Home-page category filters (data-testid `category-<key>`): 全部 and the benefit categories. */
export type CategoryKey = "all" | "loan" | "approval" | "rental" | "travel" | "tourism" | "other";

export interface HomeListOptions extends StepOptions {
  /** Category chip to select first (default: none tapped, i.e. the page's fresh state 全部). */
  category?: CategoryKey;
}

/** The visible scenario cards of the home page. */
function scenarioCards(root: Locator): Locator {
  return visiblePrefixed(root, "scenario-card-");
}

/** Tap a category chip and wait for its listing. */
export async function chooseCategory(page: Page, category: CategoryKey, options: StepOptions = {}): Promise<Locator> {
  const t = options.timeoutMs;
  const chip = visible(page, `category-${category}`);
  await waitVisible(chip, `chooseCategory(${category}): no such category chip on the home page`, t);
  if ((await chip.first().getAttribute("data-active")) !== "true") await chip.first().click();
  const settled = page
    .locator(`[data-testid="home-page"][data-category="${category}"][data-state="ready"], [data-testid="home-page"][data-category="${category}"][data-state="error"]`)
    .filter({ visible: true });
  await waitVisible(settled, `chooseCategory(${category}): the listing did not load`, t);
  return waitPageReady(page, "home-page", `chooseCategory(${category})`, t);
}

/**
 * Tap 加载更多 once if it is showing and wait for the next page; returns false when everything
 * is already loaded.
 */
export async function loadMoreScenarios(page: Page, options: StepOptions = {}): Promise<boolean> {
  const t = options.timeoutMs;
  const root = await waitPageReady(page, "home-page", "loadMoreScenarios", t);
  const more = visible(root, "scenario-load-more");
  if (!(await more.count())) return false;
  const list = visible(root, "scenario-list");
  const before = (await list.first().getAttribute("data-loaded")) ?? String(await scenarioCards(root).count());
  await more.first().click();
  // Done when the list holds more cards, or says nothing is left (an empty page), or shows an error.
  const grown = root
    .locator(`[data-testid="scenario-list"]:not([data-loaded="${before}"]), [data-testid="scenario-list"][data-total="${before}"]`)
    .filter({ visible: true });
  const failed = visible(root, "scenario-load-more-error");
  await waitVisible(grown.or(failed), "loadMoreScenarios: no more scenarios appeared after tapping 加载更多", t);
  if (await failed.count()) throw new Error(`loadMoreScenarios: loading more failed: ${await textOf(failed)}`);
  return true;
}

/** Load every page of the current listing (加载更多 until it is gone). */
async function loadAllScenarios(page: Page, t?: number): Promise<void> {
  for (let i = 0; i < 50 && (await loadMoreScenarios(page, { timeoutMs: t })); i++) {
    // keep going
  }
}

/**
 * Titles of the scenario cards on the home page (all categories unless `category` is given), in
 * display order (eligible ones first, as the server sorts); every page is loaded.
 */
export async function visibleScenarioTitles(page: Page, options: HomeListOptions = {}): Promise<string[]> {
  const t = options.timeoutMs;
  await gotoTab(page, "home", t);
  let root = await waitPageReady(page, "home-page", "visibleScenarioTitles", t);
  if (options.category) root = await chooseCategory(page, options.category, { timeoutMs: t });
  await loadAllScenarios(page, t);
  return textsOf(scenarioCards(root).locator('[data-testid="scenario-title"]'));
}

/** The card of the scenario with this exact title on the home page, loading more pages as needed. */
async function findScenarioCard(page: Page, root: Locator, title: string, what: string, t?: number): Promise<Locator> {
  const card = () =>
    scenarioCards(root).filter({
      has: page.locator('[data-testid="scenario-title"]', { hasText: exactText(title) }),
    });
  for (let i = 0; i < 50 && !(await card().count()); i++) {
    if (!(await loadMoreScenarios(page, { timeoutMs: t }))) break;
  }
  if (!(await card().count())) {
    const titles = await textsOf(scenarioCards(root).locator('[data-testid="scenario-title"]'));
    throw new Error(`${what}: no scenario titled "${title}" on the home page; shown: ${titles.map((x) => `"${x}"`).join(", ") || "(none)"}`);
  }
  return card().first();
}

/** Open the scenario with this exact title from the home page; returns its id. */
export async function openScenario(page: Page, title: string, options: HomeListOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  await gotoTab(page, "home", t);
  let root = await waitPageReady(page, "home-page", `openScenario(${title})`, t);
  if (options.category) root = await chooseCategory(page, options.category, { timeoutMs: t });
  const card = await findScenarioCard(page, root, title, `openScenario(${title})`, t);
  const testId = (await card.getAttribute("data-testid")) ?? "";
  const id = testId.replace(/^scenario-card-/, "");
  const detail = page.locator(`[data-testid="scenario-detail"][data-scenario-id="${id}"]`).filter({ visible: true });
  await openOver(root, card, detail, `openScenario(${title}): the detail page did not show`, t);
  const shown = await textOf(detail.locator('[data-testid="scenario-title"]'));
  if (shown !== title.trim()) throw new Error(`openScenario(${title}): the detail page shows "${shown}"`);
  return id;
}

/**
 * Tap 立即领取 on the open scenario and return the message shown for this tap: the success
 * message ("领取成功！…"), or the server's refusal verbatim (e.g. "您已领取过该权益，不能重复领取").
 */
export async function claim(page: Page, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const detail = visible(page, "scenario-detail");
  await waitVisible(detail, "claim: no scenario detail page is open (call openScenario first)", t);
  const button = visible(detail, "claim-button");
  await waitVisible(button, "claim: the 立即领取 button is not showing", t);

  const previous = visible(detail, "claim-result");
  const previousSeq = (await previous.count()) ? Number((await previous.first().getAttribute("data-seq")) ?? "0") : 0;
  await button.first().click();

  const result = detail.locator(`[data-testid="claim-result"][data-seq="${previousSeq + 1}"]`).filter({ visible: true });
  await waitVisible(result, "claim: no result message appeared after tapping 立即领取", t);
  return textOf(result);
}

/**
 * What the open scenario's main button offers, as a person sees it: its label (立即领取, 出示券码,
 * 去实名认证, 已领完 …) and whether it is greyed out. What it does is seen by tapping it
 * (e.g. openVoucherFromScenario in ./miniapp-voucher).
 */
export async function claimButton(page: Page, options: StepOptions = {}): Promise<{ label: string; disabled: boolean }> {
  const detail = visible(page, "scenario-detail");
  const button = visible(detail, "claim-button");
  await waitVisible(button, "claimButton: the scenario's button is not showing", options.timeoutMs);
  return {
    label: await textOf(button),
    // NutUI greys a disabled button out by its class; the native attribute is not set.
    disabled: ((await button.first().getAttribute("class")) ?? "").split(/\s+/).includes("nut-button-disabled"),
  };
}

/** Tabs of 我的权益: 待使用 (unused), 已使用 (used), 已失效 (invalid: expired and cancelled). */
export type BenefitTab = "unused" | "used" | "invalid";
export const BENEFIT_TABS: readonly BenefitTab[] = ["unused", "used", "invalid"];

export interface MyBenefitOptions extends StepOptions {
  /** Only this tab of 我的权益 (default: all three, in tab order). */
  tab?: BenefitTab;
}

/** Select a tab of 我的权益 (which must be open) and return the page root. */
export async function chooseBenefitTab(page: Page, tab: BenefitTab, options: StepOptions = {}): Promise<Locator> {
  const t = options.timeoutMs;
  const root = await waitPageReady(page, "benefits-page", `chooseBenefitTab(${tab})`, t);
  const button = visible(root, `benefits-tab-${tab}`);
  await waitVisible(button, `chooseBenefitTab(${tab}): no such tab in 我的权益`, t);
  await button.first().click();
  await waitVisible(
    page.locator(`[data-testid="benefits-page"][data-tab="${tab}"]`).filter({ visible: true }),
    `chooseBenefitTab(${tab}): the tab did not switch`,
    t,
  );
  return root;
}

/**
 * Titles in 我的权益, newest first within each tab; by default of every tab (待使用, then
 * 已使用, then 已失效), or of `options.tab` only.
 */
export async function myBenefitTitles(page: Page, options: MyBenefitOptions = {}): Promise<string[]> {
  const t = options.timeoutMs;
  await gotoTab(page, "benefits", t);
  await waitPageReady(page, "benefits-page", "myBenefitTitles", t);
  const titles: string[] = [];
  for (const tab of options.tab ? [options.tab] : BENEFIT_TABS) {
    const root = await chooseBenefitTab(page, tab, { timeoutMs: t });
    titles.push(...(await textsOf(visiblePrefixed(root, "benefit-item-").locator('[data-testid="benefit-title"]'))));
  }
  return titles;
}

/** An entry of 我的权益 as listed: its title, status tag (待使用 / 已核销 / 已取消 / 已过期) and time line. */
export interface BenefitEntry {
  title: string;
  status: string;
  time: string;
}

/** The entries of one tab of 我的权益, newest first, as the person reads them. */
export async function myBenefits(page: Page, tab: BenefitTab, options: StepOptions = {}): Promise<BenefitEntry[]> {
  const t = options.timeoutMs;
  await gotoTab(page, "benefits", t);
  await waitPageReady(page, "benefits-page", `myBenefits(${tab})`, t);
  const root = await chooseBenefitTab(page, tab, { timeoutMs: t });
  const out: BenefitEntry[] = [];
  for (const item of await visiblePrefixed(root, "benefit-item-").all()) {
    out.push({
      title: await textOf(visible(item, "benefit-title")),
      status: await textOf(visible(item, "benefit-status")),
      time: await textOf(visible(item, "benefit-time")),
    });
  }
  return out;
}
