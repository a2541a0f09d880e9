/**
 * Browser steps for the admin console (信易+ 管理后台), driven through the UI only.
 *
 * `baseUrl` is the server origin (e.g. "http://127.0.0.1:3000"); a trailing "/admin" is
 * accepted too. Every step waits for elements (never sleeps), returns once the UI shows
 * the outcome, and throws an Error with a readable reason otherwise. Timeouts are the
 * page's defaults (page.setDefaultTimeout) unless `timeoutMs` is given.
 */
import type { Locator, Page, Request, Response } from "playwright-core";

export interface CreateScenarioInput {
  title: string;
  /** Category as shown in the console, e.g. "信易游" (BENEFIT_CATEGORY_LABELS). */
  categoryLabel: string;
  /** Prefecture name, e.g. "昆明市". For a regional admin it must be their own (preselected, fixed). */
  prefectureName: string;
  /** Added to the rule as one 信用分不低于 condition. */
  minCreditScore: number;
  quota: number;
  description?: string;
  /** 权益内容 (default "凭券享受优惠"). */
  benefit?: string;
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

/**
 * Click `button` (e.g. a modal's OK button) until the request it should send goes out, then
 * return the response. A click that lands while a dialog is still zooming in can miss the
 * button; clicking again is safe while nothing was sent (and the server checks versions).
 */
export async function clickUntilSent(
  page: Page,
  button: Locator,
  matches: (request: Request) => boolean,
  what: string,
  timeoutMs?: number,
): Promise<Response | null> {
  const deadline = Date.now() + (timeoutMs ?? 20_000);
  for (;;) {
    const sent = page.waitForRequest(matches, { timeout: 3_000 }).catch(() => null);
    await button.click({ timeout: Math.max(1_000, deadline - Date.now()) });
    const request = await sent;
    if (request) return request.response();
    if (Date.now() >= deadline || !(await button.isVisible())) throw new Error(`${what}: clicking did not send the request`);
  }
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
 * Fill and submit 新建场景: title, category, description, one prefecture, one minimum-score
 * condition, the benefit, the quota; the time window (from now for 30 days), per-subject
 * limit (1) and redemption hours (72) stay at the form's defaults. Returns the new scenario's
 * id once its detail page shows it as 草稿.
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

  // 全省适用 is off by default; the prefectures select shows.
  const prefectures = page.getByTestId("scenario-form-prefectures");
  await waitVisible(prefectures, "createScenario: the 适用州市 select is not shown (全省适用 switched on?)", t);
  const selectedPrefecture = prefectures
    .locator(".ant-select-selection-item")
    .filter({ hasText: exactText(input.prefectureName) });
  const fixed = ((await prefectures.getAttribute("class")) ?? "").split(/\s+/).includes("ant-select-disabled");
  if (fixed) {
    // Regional administrators get their own prefecture preselected and cannot change it.
    if ((await selectedPrefecture.count()) === 0) {
      const shown = (await prefectures.innerText()).replace(/\s+/g, " ").trim();
      throw new Error(
        `createScenario: 适用州市 is fixed to "${shown}" for this account, cannot choose "${input.prefectureName}"`,
      );
    }
  } else {
    // On a busy machine a click can land while the dropdown is still opening; a person would simply choose again.
    for (let attempt = 0; attempt < 3 && (await selectedPrefecture.count()) === 0; attempt++) {
      await prefectures.click();
      await prefectures.locator("input").first().fill(input.prefectureName);
      const dropdown = page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)");
      const option = dropdown.locator(".ant-select-item-option").filter({ hasText: exactText(input.prefectureName) });
      await waitVisible(option.first(), `createScenario: prefecture "${input.prefectureName}" not offered in 适用州市`, t);
      await option.first().click();
      await page.keyboard.press("Escape");
      await selectedPrefecture.first().waitFor({ state: "visible", timeout: 5_000 }).catch(() => undefined);
    }
    await waitVisible(
      selectedPrefecture.first(),
      `createScenario: 适用州市 does not show "${input.prefectureName}" after choosing it`,
      t,
    );
  }

  // One 信用分不低于 condition in the rule builder.
  const scoreInputs = page.getByTestId("scenario-form-rule-minscore-input");
  const before = await scoreInputs.count();
  await page.getByTestId("scenario-form-rule-add-minscore").click();
  await waitVisible(scoreInputs.nth(before), "createScenario: adding a 信用分 condition showed no score input", t);
  await scoreInputs.nth(before).fill(String(input.minCreditScore));

  await page.getByTestId("scenario-form-benefit-summary").fill(input.benefit ?? "凭券享受优惠");
  await page.getByTestId("scenario-form-quota").fill(String(input.quota));

  const created = page
    .waitForResponse(
      (res) => res.request().method() === "POST" && /^https?:\/\/[^/]+\/api\/v1\/scenarios\/?(?:[?#]|$)/.test(res.url()),
      { timeout: t },
    )
    .catch(() => null);

  await page.getByTestId("scenario-form-submit").click();

  // Success opens the scenario's detail page; a failure keeps the form and shows field errors or a banner.
  const detail = page.getByTestId("scenario-detail-title");
  const failure = page.locator('.ant-form-item-explain-error, [data-testid="scenario-form-error"], [data-testid="scenario-form-rule-error"]');
  await waitVisible(detail.or(failure).first(), "createScenario: neither the scenario nor a form error appeared after submitting", t);
  if (!(await detail.isVisible())) {
    throw new Error(`createScenario("${input.title}") was refused: ${(await formErrors(page)).join("；")}`);
  }

  const response = await created;
  if (!response || response.status() !== 201) {
    throw new Error(`createScenario("${input.title}"): expected 201 from POST /scenarios, got ${response?.status() ?? "no response"}`);
  }
  const body: unknown = await response.json();
  const id = body && typeof body === "object" && "id" in body && typeof body.id === "string" ? body.id : null;
  if (!id) throw new Error(`createScenario("${input.title}"): the created scenario has no id`);

  await waitVisible(
    page.getByTestId(`scenario-status-${id}`).filter({ hasText: exactText("草稿") }),
    `createScenario("${input.title}"): the new scenario (${id}) is not shown as 草稿`,
    t,
  );
  return id;
}

/** Open 场景管理 (through the menu when the console is already open). */
async function openScenarioList(page: Page, step: string, t?: number): Promise<void> {
  const onList = /^https?:\/\/[^/]+\/admin\/scenarios\/?(?:[?#]|$)/.test(page.url());
  if (!onList) {
    await waitVisible(page.getByTestId("nav-scenarios"), `${step}: the 场景管理 menu entry is not visible`, t);
    await page.getByTestId("nav-scenarios").click();
  }
  await waitVisible(page.getByTestId("scenario-reload"), `${step}: the 场景管理 list did not load`, t);
}

/**
 * In 场景管理, run a lifecycle action (SCENARIO_ACTIONS: submit, approve, reject, publish,
 * pause, resume, end) on the newest scenario titled `title` that offers it, confirm it (with
 * `reason` for reject), and wait until its row shows `expectStatus`. Returns the scenario id.
 */
export async function scenarioAction(
  page: Page,
  title: string,
  action: string,
  expectStatus: string,
  options: StepOptions & { reason?: string } = {},
): Promise<string> {
  const t = options.timeoutMs;
  const step = `scenarioAction(${action}, "${title}")`;
  await openScenarioList(page, step, t);

  const rows = page
    .locator("tr[data-row-key]")
    .filter({ has: page.locator('[data-testid="scenario-title"]').filter({ hasText: exactText(title) }) });
  await waitVisible(rows.first(), `${step}: no scenario titled "${title}" in the list`, t);

  // Newest first: the first row offering the action is the one.
  const row = rows.filter({ has: page.locator(`button[data-testid^="scenario-action-${action}-"]`) }).first();
  if ((await row.count()) === 0) {
    const statuses = await rows.locator('[data-testid^="scenario-status-"]').allInnerTexts();
    throw new Error(`${step}: no row offers this action (statuses: ${statuses.join("、") || "none"})`);
  }
  const id = await row.getAttribute("data-row-key");
  if (!id) throw new Error(`${step}: the row has no data-row-key`);

  await page.getByTestId(`scenario-action-${action}-${id}`).click();
  const confirm = page.getByTestId("scenario-action-confirm");
  await waitVisible(confirm, `${step}: the confirmation did not open`, t);
  if (options.reason !== undefined) await page.getByTestId("scenario-action-reason").fill(options.reason);
  const response = await clickUntilSent(
    page,
    confirm,
    (req) => req.method() === "POST" && new URL(req.url()).pathname.endsWith(`/scenarios/${id}/transitions`),
    step,
    t,
  );

  // Judge by the server's answer, not by toasts (an earlier error toast may still be showing).
  if (!response) throw new Error(`${step}: POST /scenarios/${id}/transitions was not answered`);
  if (!response.ok()) {
    const body: unknown = await response.json().catch(() => null);
    const error = body && typeof body === "object" && "error" in body ? (body.error as { message?: unknown }) : null;
    throw new Error(`${step} was refused (HTTP ${response.status()}): ${typeof error?.message === "string" ? error.message : "no message"}`);
  }
  await waitVisible(
    page.getByTestId(`scenario-status-${id}`).filter({ hasText: exactText(expectStatus) }),
    `${step}: the row did not change to ${expectStatus}`,
    t,
  );
  return id;
}

/**
 * In 场景管理, publish the (newest) draft titled `title` as an administrator (their own
 * drafts go live directly): click 发布, confirm, and wait until its row shows 已发布.
 * Returns the scenario id.
 */
export async function publishScenario(page: Page, title: string, options: StepOptions = {}): Promise<string> {
  return scenarioAction(page, title, "publish", "已发布", options);
}
