/**
 * Browser steps for the admin console (信易+ 管理后台), driven through the UI only.
 *
 * `baseUrl` is the server origin (e.g. "http://127.0.0.1:3000"); a trailing "/admin" is
 * accepted too. Every step waits for elements (never sleeps), returns once the UI shows
 * the outcome, and throws an Error with a readable reason otherwise. Timeouts are the
 * page's defaults (page.setDefaultTimeout) unless `timeoutMs` is given.
 */
import type { Locator, Page } from "playwright-core";

export interface CreateScenarioInput {
  title: string;
  /** Category as shown in the console, e.g. "信易游" (BENEFIT_CATEGORY_LABELS). */
  categoryLabel: string;
  /** Prefecture name, e.g. "昆明市". For a regional admin it must be their own (preselected, fixed). */
  prefectureName: string;
  minCreditScore: number;
  quota: number;
  description?: string;
}

export interface StepOptions {
  timeoutMs?: number;
}

export function adminUrl(baseUrl: string, path: string): string {
  const origin = baseUrl.replace(/\/+$/, "").replace(/\/admin$/, "");
  return `${origin}/admin${path}`;
}

function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}

export function describeError(err: unknown): string {
  return err instanceof Error ? err.message.split("\n")[0] ?? err.message : String(err);
}

/** Wait until `locator` is visible, or throw `what` with the underlying reason. */
export async function waitVisible(locator: Locator, what: string, timeoutMs?: number): Promise<void> {
  try {
    await locator.first().waitFor({ state: "visible", timeout: timeoutMs });
  } catch (err) {
    throw new Error(`${what} (${describeError(err)})`);
  }
}

/** Visible texts of the form's field errors and error banner, for failure messages. */
async function formErrors(page: Page): Promise<string[]> {
  const texts = await page
    .locator('.ant-form-item-explain-error, [data-testid="scenario-form-error"]')
    .allInnerTexts();
  return texts.map((t) => t.replace(/\s+/g, " ").trim()).filter((t) => t.length > 0);
}

/** Texts of visible antd error toasts (message.error). */
async function errorToasts(page: Page): Promise<string[]> {
  const texts = await page.locator(".ant-message-error").allInnerTexts();
  return texts.map((t) => t.trim()).filter((t) => t.length > 0);
}

/**
 * Sign in to the console. If a session is already active, signs it out first so the
 * requested account is the one signed in. Returns once the console layout shows.
 */
export async function adminLogin(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
  options: StepOptions = {},
): Promise<void> {
  const t = options.timeoutMs;
  await page.goto(adminUrl(baseUrl, "/login"));

  const loginForm = page.getByTestId("login-username");
  const logoutButton = page.getByTestId("logout");
  await waitVisible(loginForm.or(logoutButton), `adminLogin: the console login page did not load at ${page.url()}`, t);
  if (await logoutButton.isVisible()) {
    await logoutButton.click();
    await waitVisible(loginForm, "adminLogin: signing out the previous session did not return to the login page", t);
  }

  await loginForm.fill(username);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();

  const loginError = page.getByTestId("login-error");
  await waitVisible(
    logoutButton.or(loginError),
    `adminLogin(${username}): neither the console nor a login error appeared`,
    t,
  );
  if (await loginError.isVisible()) {
    throw new Error(`adminLogin(${username}) failed: ${(await loginError.innerText()).trim()}`);
  }
}

/** Pick `label` in an antd Select identified by its data-testid. */
async function chooseOption(page: Page, select: Locator, label: string, field: string, t?: number): Promise<void> {
  await select.click();
  // The open dropdown is portalled to <body>; only one is open at a time.
  const dropdown = page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)");
  const option = dropdown.locator(".ant-select-item-option").filter({ hasText: exactText(label) });
  await waitVisible(option.first(), `createScenario: option "${label}" not offered in ${field}`, t);
  await option.first().click();
}

/**
 * Fill and submit 新建场景. The time window is left at the form's default (from now for 30
 * days). Returns the new scenario's id once its row shows in the list as 草稿.
 */
export async function createScenario(
  page: Page,
  baseUrl: string,
  input: CreateScenarioInput,
  options: StepOptions = {},
): Promise<string> {
  const t = options.timeoutMs;
  await page.goto(adminUrl(baseUrl, "/scenarios/new"));

  const title = page.getByTestId("scenario-form-title");
  const loginForm = page.getByTestId("login-username");
  const forbidden = page.getByTestId("page-forbidden");
  await waitVisible(
    title.or(loginForm).or(forbidden),
    `createScenario: the 新建场景 form did not load at ${page.url()}`,
    t,
  );
  if (await loginForm.isVisible()) throw new Error("createScenario: not signed in (the console shows the login page)");
  if (await forbidden.isVisible()) throw new Error("createScenario: this account may not create scenarios (没有权限)");

  await title.fill(input.title);

  const category = page.getByTestId("scenario-form-category");
  await chooseOption(page, category, input.categoryLabel, "权益类别", t);
  await waitVisible(
    category.locator(".ant-select-content, .ant-select-selection-item").filter({ hasText: exactText(input.categoryLabel) }).first(),
    `createScenario: 权益类别 does not show "${input.categoryLabel}" after choosing it`,
    t,
  );

  if (input.description !== undefined) {
    await page.getByTestId("scenario-form-description").fill(input.description);
  }

  const prefectures = page.getByTestId("scenario-form-prefectures");
  const selectedPrefecture = prefectures
    .locator(".ant-select-selection-item")
    .filter({ hasText: exactText(input.prefectureName) });
  const fixed = ((await prefectures.getAttribute("class")) ?? "").split(/\s+/).includes("ant-select-disabled");
  if (fixed) {
    // Regional administrators get their own prefecture preselected and cannot change it.
    if ((await selectedPrefecture.count()) === 0) {
      const shown = (await prefectures.innerText()).replace(/\s+/g, " ").trim();
      throw new Error(
        `createScenario: 适用地区 is fixed to "${shown}" for this account, cannot choose "${input.prefectureName}"`,
      );
    }
  } else {
    if ((await selectedPrefecture.count()) === 0) {
      await prefectures.click();
      await prefectures.locator("input").first().fill(input.prefectureName);
      const dropdown = page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)");
      const option = dropdown.locator(".ant-select-item-option").filter({ hasText: exactText(input.prefectureName) });
      await waitVisible(option.first(), `createScenario: prefecture "${input.prefectureName}" not offered in 适用地区`, t);
      await option.first().click();
      await page.keyboard.press("Escape");
    }
    await waitVisible(
      selectedPrefecture.first(),
      `createScenario: 适用地区 does not show "${input.prefectureName}" after choosing it`,
      t,
    );
  }

  await page.getByTestId("scenario-form-min-score").fill(String(input.minCreditScore));
  await page.getByTestId("scenario-form-quota").fill(String(input.quota));

  const created = page
    .waitForResponse(
      (res) => res.request().method() === "POST" && /^https?:\/\/[^/]+\/api\/v1\/scenarios\/?(?:[?#]|$)/.test(res.url()),
      { timeout: t },
    )
    .catch(() => null);

  await page.getByTestId("scenario-form-submit").click();

  // Success navigates to the list; a failure keeps the form and shows field errors or a banner.
  const list = page.getByTestId("scenario-new");
  const failure = page.locator('.ant-form-item-explain-error, [data-testid="scenario-form-error"]');
  await waitVisible(list.or(failure).first(), "createScenario: neither the list nor a form error appeared after submitting", t);
  if (!(await list.isVisible())) {
    throw new Error(`createScenario("${input.title}") was refused: ${(await formErrors(page)).join("；")}`);
  }

  const response = await created;
  if (!response || response.status() !== 201) {
    throw new Error(`createScenario("${input.title}"): expected 201 from POST /scenarios, got ${response?.status() ?? "no response"}`);
  }
  const body: unknown = await response.json();
  const id = body && typeof body === "object" && "id" in body && typeof body.id === "string" ? body.id : null;
  if (!id) throw new Error(`createScenario("${input.title}"): the created scenario has no id`);

  const row = page.locator(`tr[data-row-key="${id}"]`);
  await waitVisible(row, `createScenario("${input.title}"): the new scenario (${id}) is not listed`, t);
  await waitVisible(
    page.getByTestId(`scenario-status-${id}`).filter({ hasText: exactText("草稿") }),
    `createScenario("${input.title}"): the new scenario's status is not 草稿`,
    t,
  );
  return id;
}

/**
 * In 场景管理, publish the (newest) draft titled `title`: click 发布, confirm, and wait
 * until its row shows 已发布. Returns the scenario id.
 */
export async function publishScenario(page: Page, title: string, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const onList = /^https?:\/\/[^/]+\/admin\/scenarios\/?(?:[?#]|$)/.test(page.url());
  if (!onList) {
    await waitVisible(page.getByTestId("nav-scenarios"), "publishScenario: the 场景管理 menu entry is not visible", t);
    await page.getByTestId("nav-scenarios").click();
  }
  await waitVisible(page.getByTestId("scenario-new"), "publishScenario: the 场景管理 list did not load", t);

  const rows = page
    .locator("tr[data-row-key]")
    .filter({ has: page.locator('[data-testid="scenario-title"]').filter({ hasText: exactText(title) }) });
  await waitVisible(rows.first(), `publishScenario: no scenario titled "${title}" in the list`, t);

  // Newest first: the first row with a 发布 button is the draft to publish.
  const draft = rows.filter({ has: page.locator('button[data-testid^="scenario-publish-"]') }).first();
  if ((await draft.count()) === 0) {
    throw new Error(`publishScenario: "${title}" has no 发布 button (already published?)`);
  }
  const id = await draft.getAttribute("data-row-key");
  if (!id) throw new Error(`publishScenario: the row for "${title}" has no data-row-key`);

  await page.getByTestId(`scenario-publish-${id}`).click();
  const confirm = page.getByTestId(`scenario-publish-confirm-${id}`);
  await waitVisible(confirm, `publishScenario("${title}"): the confirmation did not open`, t);
  await confirm.click();

  const published = page.getByTestId(`scenario-status-${id}`).filter({ hasText: exactText("已发布") });
  const toastError = page.locator(".ant-message-error");
  await waitVisible(
    published.or(toastError).first(),
    `publishScenario("${title}"): the row did not change to 已发布`,
    t,
  );
  if (!(await published.isVisible())) {
    throw new Error(`publishScenario("${title}") failed: ${(await errorToasts(page)).join("；")}`);
  }
  return id;
}
