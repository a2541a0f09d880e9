/**
 * Browser steps for 异议 and 信用修复 in the console: the objection queue (overdue cases tinted
 * red), a case page and its steps (受理 / 转来源部门核查 / 录入部门答复 / 异议成立 / 异议不成立 /
 * 不予受理), the repair queue and its decision, and the platform administrator's 异议与修复设置
 * (deadlines, limits, period rules). Sign in first with `adminLogin` (re-exported from ./admin).
 *
 * Every step waits for elements (never sleeps), judges an action by the server's answer, returns
 * once the page shows the outcome, and throws an Error with a readable reason otherwise.
 */
import type { Locator, Page } from "playwright-core";
import { clickUntilSent, waitVisible, type StepOptions } from "./admin";
import { refusal, tableLoaded } from "./admin-loans";

export { adminLogin } from "./admin";

async function textOf(locator: Locator): Promise<string> {
  return (await locator.first().innerText()).replace(/\s+/g, " ").trim();
}

async function visibleErrors(page: Page, banner: string): Promise<string[]> {
  const texts = await page.locator(`.ant-form-item-explain-error, [data-testid="${banner}"]`).allInnerTexts();
  return texts.map((x) => x.replace(/\s+/g, " ").trim()).filter(Boolean);
}

/** Open a menu entry; if its page is already open, reload it with the page's 刷新 as a person would. */
async function openFromMenu(page: Page, nav: string, path: string, table: string, reload: string, reloadPath: string, what: string, t?: number): Promise<Locator> {
  const entry = page.getByTestId(nav);
  await waitVisible(entry, `${what}: the menu has no such entry (not an administrator?)`, t);
  const here = new URL(page.url()).pathname.replace(/\/+$/, "") === path;
  await entry.click();
  const list = page.getByTestId(table);
  await waitVisible(list, `${what}: the list did not open`, t);
  if (here) {
    const reloaded = page.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname.endsWith(reloadPath), { timeout: t });
    await page.getByTestId(reload).click();
    await reloaded;
  }
  await tableLoaded(list, t);
  return list;
}

// ---------------------------------------------------------------- objections

export interface ObjectionQueueRow {
  id: string;
  text: string;
  status: string;
  due: string;
  overdue: boolean;
  /** The row's cells are tinted (overdue rows stand out). */
  tinted: boolean;
}

/** 异议处理 from the menu: the rows shown, with each one's status, deadline and whether it is flagged overdue. */
export async function openObjectionQueue(page: Page, options: StepOptions = {}): Promise<{ rows: ObjectionQueueRow[]; banner: string | null }> {
  const t = options.timeoutMs;
  const table = await openFromMenu(page, "nav-objections", "/admin/credit-rights/objections", "objection-queue-table", "objection-queue-reload", "/objections", "openObjectionQueue", t);
  const rows: ObjectionQueueRow[] = [];
  for (const row of await table.locator('tr[data-testid^="objection-row-"]').all()) {
    const id = (await row.getAttribute("data-testid"))!.replace("objection-row-", "");
    const due = row.getByTestId(`objection-due-${id}`);
    const hasDue = (await due.count()) > 0;
    // The tint is the cells' own style (see DeadlineCell.overdueCell).
    const cellStyle = (await row.locator("td").first().getAttribute("style")) ?? "";
    rows.push({
      id,
      text: await textOf(row),
      status: await textOf(row.getByTestId(`objection-status-${id}`)),
      due: hasDue ? await textOf(due) : "已办结",
      overdue: hasDue && (await due.getAttribute("data-overdue")) === "true",
      tinted: /background:\s*rgb\(255, 242, 240\)|background:\s*#fff2f0/i.test(cellStyle),
    });
  }
  const bannerEl = page.getByTestId("objection-overdue-banner");
  const banner = (await bannerEl.count()) > 0 ? await textOf(bannerEl) : null;
  return { rows, banner };
}

export interface ObjectionCaseView {
  title: string;
  status: string;
  overdue: boolean;
  recordStatus: string;
  ground: string;
  department: string | null;
  answer: string | null;
  decision: string | null;
  steps: string[];
  files: number;
  /** Buttons offered now, by action. */
  actions: string[];
}

/** The case page as shown now. */
export async function readObjectionCase(page: Page, options: StepOptions = {}): Promise<ObjectionCaseView> {
  await waitVisible(page.getByTestId("objection-title"), "readObjectionCase: the case page is not open", options.timeoutMs);
  const optional = async (id: string) => ((await page.getByTestId(id).count()) > 0 ? textOf(page.getByTestId(id)) : null);
  const actions: string[] = [];
  for (const button of await page.locator('[data-testid^="objection-action-"]').all()) {
    const id = (await button.getAttribute("data-testid"))!.replace("objection-action-", "");
    if (!["confirm", "reason", "error"].includes(id) && (await button.isVisible())) actions.push(id);
  }
  return {
    title: await textOf(page.getByTestId("objection-title")),
    status: await textOf(page.getByTestId("objection-status")),
    overdue: (await page.getByTestId("objection-overdue").count()) > 0,
    recordStatus: await textOf(page.getByTestId("objection-record-status")),
    ground: await textOf(page.getByTestId("objection-ground")),
    department: await optional("objection-department"),
    answer: await optional("objection-answer-text-shown"),
    decision: await optional("objection-decision"),
    steps: (await page.getByTestId("objection-timeline").locator('[data-testid^="objection-step-"]').allInnerTexts())
      .map((x) => x.split("\n")[0]!.trim())
      .filter(Boolean),
    files: await page.locator('[data-testid="objection-files"] [data-testid^="case-file-"]').filter({ has: page.locator('[data-testid^="case-file-save-"]') }).count(),
    actions,
  };
}

/** From the queue: open a case (its 办理 / 查看 button) and wait for its page. */
export async function openObjectionCase(page: Page, caseId: string, options: StepOptions = {}): Promise<ObjectionCaseView> {
  const t = options.timeoutMs;
  const button = page.getByTestId(`objection-open-${caseId}`);
  await waitVisible(button, `openObjectionCase: the case ${caseId} is not in the queue`, t);
  await button.click();
  await waitVisible(page.getByTestId("objection-title"), "openObjectionCase: the case page did not open", t);
  await page.getByTestId("objection-timeline").waitFor({ timeout: t });
  return readObjectionCase(page, options);
}

export interface ObjectionStepInput {
  department?: string;
  answerText?: string;
  reason?: string;
  /** correct: amend instead of withdrawing. */
  amendTitle?: string;
}

/**
 * On the open case page: one step — click its button, fill the dialog, confirm. Returns the
 * status label the page shows once the server has answered. Throws with the form's messages
 * (`expectRefusal` returns them instead, the dialog left open).
 */
export async function objectionStep(
  page: Page,
  caseId: string,
  action: "accept" | "forward" | "answer" | "correct" | "uphold" | "decline",
  input: ObjectionStepInput = {},
  options: StepOptions & { expectRefusal?: boolean } = {},
): Promise<{ status: string; errors: string[] }> {
  const t = options.timeoutMs;
  const what = `objectionStep(${action})`;
  const button = page.getByTestId(`objection-action-${action}`);
  await waitVisible(button, `${what}: the case page offers no such step`, t);
  await button.click();
  const confirm = page.getByTestId("objection-action-confirm");
  await waitVisible(confirm, `${what}: the dialog did not open`, t);
  if (input.department !== undefined) await page.getByTestId("objection-forward-department").fill(input.department);
  if (input.answerText !== undefined) await page.getByTestId("objection-answer-text").fill(input.answerText);
  if (input.amendTitle !== undefined) {
    await page.getByTestId("objection-correct-mode").getByText("更正记录内容", { exact: true }).click();
    await page.getByTestId("objection-amend-title").fill(input.amendTitle);
  }
  if (input.reason !== undefined) await page.getByTestId("objection-action-reason").fill(input.reason);

  if (options.expectRefusal) {
    await confirm.click();
    const errors = page.locator('.ant-modal .ant-form-item-explain-error, [data-testid="objection-action-error"]');
    await waitVisible(errors, `${what}: no error was shown`, t);
    return { status: await textOf(page.getByTestId("objection-status")), errors: await visibleErrors(page, "objection-action-error") };
  }
  const response = await clickUntilSent(page, confirm, (r) => r.method() === "POST" && new URL(r.url()).pathname.endsWith(`/objections/${caseId}/transitions`), what, t);
  if (!response?.ok()) throw await refusal(what, response);
  const { statusLabel } = (await response.json()) as { statusLabel: string };
  await confirm.waitFor({ state: "hidden", timeout: t });
  const status = page.getByTestId("objection-status").filter({ hasText: statusLabel });
  await waitVisible(status, `${what}: the page does not show ${statusLabel}`, t);
  return { status: await textOf(status), errors: [] };
}

/** Close an open dialog with 取消. */
export async function cancelDialog(page: Page, options: StepOptions = {}): Promise<void> {
  const modal = page.locator(".ant-modal-wrap:not([style*='display: none']) .ant-modal").last();
  await modal.getByRole("button", { name: /取\s*消/ }).click();
  await modal.waitFor({ state: "hidden", timeout: options.timeoutMs });
}

// ---------------------------------------------------------------- repairs

export interface RepairQueueRow {
  id: string;
  text: string;
  status: string;
  due: string;
}

/** 信用修复审核 from the menu (opens on 待审核). */
export async function openRepairQueue(page: Page, options: StepOptions = {}): Promise<RepairQueueRow[]> {
  const t = options.timeoutMs;
  const table = await openFromMenu(page, "nav-repairs", "/admin/credit-rights/repairs", "repair-queue-table", "repair-queue-reload", "/repairs", "openRepairQueue", t);
  const rows: RepairQueueRow[] = [];
  for (const row of await table.locator('tr[data-testid^="repair-row-"]').all()) {
    const id = (await row.getAttribute("data-testid"))!.replace("repair-row-", "");
    const due = row.getByTestId(`repair-due-${id}`);
    rows.push({ id, text: await textOf(row), status: await textOf(row.getByTestId(`repair-status-${id}`)), due: (await due.count()) > 0 ? await textOf(due) : "" });
  }
  return rows;
}

export interface RepairCaseView {
  title: string;
  status: string;
  recordStatus: string;
  repairableFrom: string;
  stopsCountingOn: string;
  proofs: number;
  commitment: string;
  steps: string[];
  decision: string | null;
}

export async function readRepairCase(page: Page, options: StepOptions = {}): Promise<RepairCaseView> {
  await waitVisible(page.getByTestId("repair-title"), "readRepairCase: the case page is not open", options.timeoutMs);
  return {
    title: await textOf(page.getByTestId("repair-title")),
    status: await textOf(page.getByTestId("repair-status")),
    recordStatus: await textOf(page.getByTestId("repair-record-status")),
    repairableFrom: await textOf(page.getByTestId("repair-record-from")),
    stopsCountingOn: await textOf(page.getByTestId("repair-record-stops")),
    proofs: await page.locator('[data-testid="repair-proofs"] [data-testid^="case-file-save-"]').count(),
    commitment: await textOf(page.getByTestId("repair-commitment")),
    steps: (await page.getByTestId("repair-timeline").locator('[data-testid^="repair-step-"]').allInnerTexts()).map((x) => x.split("\n")[0]!.trim()),
    decision: (await page.getByTestId("repair-decision").count()) > 0 ? await textOf(page.getByTestId("repair-decision")) : null,
  };
}

export async function openRepairCase(page: Page, repairId: string, options: StepOptions = {}): Promise<RepairCaseView> {
  const t = options.timeoutMs;
  const button = page.getByTestId(`repair-open-${repairId}`);
  await waitVisible(button, `openRepairCase: the application ${repairId} is not in the queue`, t);
  await button.click();
  await waitVisible(page.getByTestId("repair-timeline"), "openRepairCase: the case page did not open", t);
  return readRepairCase(page, options);
}

/** On the open repair page: 准予修复 or 不予修复 with the reason; returns the status the page shows. */
export async function decideRepair(page: Page, repairId: string, action: "grant" | "reject", reason: string, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const what = `decideRepair(${action})`;
  const button = page.getByTestId(`repair-action-${action}`);
  await waitVisible(button, `${what}: the page offers no such decision`, t);
  await button.click();
  const confirm = page.getByTestId("repair-action-confirm");
  await waitVisible(confirm, `${what}: the dialog did not open`, t);
  await page.getByTestId("repair-action-reason").fill(reason);
  const response = await clickUntilSent(page, confirm, (r) => r.method() === "POST" && new URL(r.url()).pathname.endsWith(`/repairs/${repairId}/transitions`), what, t);
  if (!response?.ok()) throw await refusal(what, response);
  const { statusLabel } = (await response.json()) as { statusLabel: string };
  await confirm.waitFor({ state: "hidden", timeout: t });
  const status = page.getByTestId("repair-status").filter({ hasText: statusLabel });
  await waitVisible(status, `${what}: the page does not show ${statusLabel}`, t);
  return textOf(status);
}

// ---------------------------------------------------------------- settings

/** 异议与修复设置 from the menu, once both cards have loaded. */
export async function openCreditRightsSettings(page: Page, options: StepOptions = {}): Promise<void> {
  const t = options.timeoutMs;
  const entry = page.getByTestId("nav-credit-rights-settings");
  await waitVisible(entry, "openCreditRightsSettings: the menu has no 异议与修复设置 (not the platform administrator?)", t);
  await entry.click();
  await waitVisible(page.getByTestId("rights-settings-save"), "openCreditRightsSettings: the deadlines did not load", t);
  await waitVisible(page.getByTestId("repair-rules-save"), "openCreditRightsSettings: the period rules did not load", t);
}

type SaveResult = { saved: true; version: string } | { saved: false; errors: string[] };

async function saveAndJudge(page: Page, button: string, path: string, banner: string, versionTestId: string, what: string, t?: number): Promise<SaveResult> {
  const before = await textOf(page.getByTestId(versionTestId));
  const sent = page.waitForRequest((r) => r.method() === "PUT" && new URL(r.url()).pathname.endsWith(path), { timeout: 3_000 }).catch(() => null);
  await page.getByTestId(button).click();
  const request = await sent;
  if (!request) {
    const errors = page.locator(`.ant-form-item-explain-error, [data-testid="${banner}"]`);
    await waitVisible(errors, `${what}: nothing was sent and no error was shown`, t);
    return { saved: false, errors: await visibleErrors(page, banner) };
  }
  const response = await request.response();
  if (!response?.ok()) throw await refusal(what, response);
  const version = page.getByTestId(versionTestId).filter({ hasNotText: before });
  await waitVisible(version, `${what}: the saved version is not shown`, t);
  return { saved: true, version: await textOf(version) };
}

/** Type numbers into the deadlines form (keys as the schema names them: decideDays, reviewDays…) and save. */
export async function saveDeadlines(page: Page, values: Record<string, number | null>, options: StepOptions = {}): Promise<SaveResult> {
  for (const [key, value] of Object.entries(values)) {
    const input = page.getByTestId(`rights-settings-${key}`);
    await waitVisible(input, `saveDeadlines: no field ${key}`, options.timeoutMs);
    await input.fill(value === null ? "" : String(value));
    await input.blur();
  }
  return saveAndJudge(page, "rights-settings-save", "/credit-rights/settings", "rights-settings-error", "rights-settings-version", "saveDeadlines", options.timeoutMs);
}

/** The rules table as shown: one line per rule. */
export async function readRepairRules(page: Page): Promise<{ min: string; max: string; example: string }[]> {
  const rows = await page.getByTestId("repair-rules-table").locator("tbody tr.ant-table-row").all();
  const out = [];
  for (let i = 0; i < rows.length; i++) {
    out.push({
      min: await page.getByTestId(`repair-rule-min-${i}`).inputValue(),
      max: await page.getByTestId(`repair-rule-max-${i}`).inputValue(),
      example: await textOf(page.getByTestId(`repair-rule-example-${i}`)),
    });
  }
  return out;
}

/** Change one rule's months (by its row) and save the rules. */
export async function saveRepairRule(page: Page, index: number, change: { minMonths?: number; maxMonths?: number }, options: StepOptions = {}): Promise<SaveResult> {
  if (change.minMonths !== undefined) await page.getByTestId(`repair-rule-min-${index}`).fill(String(change.minMonths));
  if (change.maxMonths !== undefined) await page.getByTestId(`repair-rule-max-${index}`).fill(String(change.maxMonths));
  await page.getByTestId(`repair-rule-max-${index}`).blur();
  return saveAndJudge(page, "repair-rules-save", "/repair-rules", "repair-rules-error", "repair-rules-version", "saveRepairRule", options.timeoutMs);
}
