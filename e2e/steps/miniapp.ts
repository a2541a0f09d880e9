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
  await waitVisible(
    home.or(picker).or(loginError),
    `citizenLogin(${phone}): after submitting, neither the home page, the prefecture picker nor an error appeared`,
    t,
  );
  if (await loginError.count()) throw new Error(`citizenLogin(${phone}) failed: ${await textOf(loginError)}`);
  if (await picker.count()) {
    if (!options.prefecture) return "prefecture";
    await choosePrefecture(page, options.prefecture, { timeoutMs: t });
    return "home";
  }
  await waitPageReady(page, "home-page", `citizenLogin(${phone})`, t);
  return "home";
}

/** Titles of the scenario cards on the home page (all categories), in display order. */
export async function visibleScenarioTitles(page: Page, options: StepOptions = {}): Promise<string[]> {
  const t = options.timeoutMs;
  await gotoTab(page, "home", t);
  const root = await waitPageReady(page, "home-page", "visibleScenarioTitles", t);
  return textsOf(visiblePrefixed(root, "scenario-card-").locator('[data-testid="scenario-title"]'));
}

/** Open the scenario with this exact title from the home page; returns its id. */
export async function openScenario(page: Page, title: string, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  await gotoTab(page, "home", t);
  const root = await waitPageReady(page, "home-page", `openScenario(${title})`, t);
  const card = visiblePrefixed(root, "scenario-card-").filter({
    has: page.locator('[data-testid="scenario-title"]', { hasText: exactText(title) }),
  });
  if (!(await card.count())) {
    const titles = await textsOf(visiblePrefixed(root, "scenario-card-").locator('[data-testid="scenario-title"]'));
    throw new Error(`openScenario: no scenario titled "${title}" on the home page; shown: ${titles.map((x) => `"${x}"`).join(", ") || "(none)"}`);
  }
  const testId = (await card.first().getAttribute("data-testid")) ?? "";
  const id = testId.replace(/^scenario-card-/, "");
  await card.first().click();

  const detail = page.locator(`[data-testid="scenario-detail"][data-scenario-id="${id}"]`).filter({ visible: true });
  await waitVisible(detail, `openScenario(${title}): the detail page did not show`, t);
  const shown = await textOf(detail.locator('[data-testid="scenario-title"]'));
  if (shown !== title.trim()) throw new Error(`openScenario(${title}): the detail page shows "${shown}"`);
  return id;
}

/**
 * Tap 立即领取 on the open scenario and return the message shown for this tap: the success
 * message, or the server's refusal verbatim (e.g. "您已领取过该权益，不能重复领取").
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

/** Titles in 我的权益, newest first. */
export async function myBenefitTitles(page: Page, options: StepOptions = {}): Promise<string[]> {
  const t = options.timeoutMs;
  await gotoTab(page, "benefits", t);
  const root = await waitPageReady(page, "benefits-page", "myBenefitTitles", t);
  return textsOf(visiblePrefixed(root, "benefit-item-").locator('[data-testid="benefit-title"]'));
}
