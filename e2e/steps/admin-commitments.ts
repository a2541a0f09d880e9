/**
 * Browser steps for 信易批 in the console — the department's case list, 受理承诺事项 with the
 * eligibility check first (逢办必查), the case page with 登记核查 / 登记补齐材料 / 终止办理 — and the
 * partners' 信用变动通知. Sign in first with `adminLogin` (re-exported from ./admin).
 *
 * Every step waits for elements (never sleeps), judges an action by the server's answer, returns
 * once the page shows the outcome, and throws an Error with a readable reason otherwise.
 */
import type { Locator, Page } from "playwright-core";
import { clickUntilSent, waitVisible, type StepOptions } from "./admin";
import { pickOption, refusal, tableLoaded } from "./admin-loans";

export { adminLogin } from "./admin";

async function textOf(locator: Locator): Promise<string> {
  return (await locator.first().innerText()).replace(/\s+/g, " ").trim();
}

async function shownErrors(page: Page): Promise<string> {
  const texts = await page.locator('.ant-form-item-explain-error, [data-testid="commitment-form-error"], [data-testid="commitment-check-error"], [data-testid="commitment-action-error"]').allInnerTexts();
  return texts.map((x) => x.replace(/\s+/g, " ").trim()).filter(Boolean).join("；");
}

/** An antd DatePicker's input (the test id may sit on the input itself or on its wrapper). */
async function typeDate(picker: Locator, date: string): Promise<void> {
  const input = picker.locator("xpath=self::input | .//input").first();
  await input.click();
  await input.fill(date);
  await input.press("Enter");
}

/** Open a menu entry's page; when it is the page already shown, 刷新 reloads it as a person would. */
async function openFromMenu(page: Page, nav: string, path: string, reload: string, apiPath: string, t?: number): Promise<void> {
  await waitVisible(page.getByTestId(nav), `the menu offers no ${nav}`, t);
  const here = new URL(page.url()).pathname.replace(/\/+$/, "") === path;
  await page.getByTestId(nav).click();
  if (here) {
    const reloaded = page.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname.endsWith(apiPath), { timeout: t });
    await page.getByTestId(reload).click();
    await reloaded;
  }
}

// ---------------------------------------------------------------- the list

export interface CaseRow {
  id: string;
  text: string;
  status: string;
  due: string;
}

/** 信易批 through the menu: the rows of the first page as shown. */
export async function openCommitmentCases(page: Page, options: StepOptions = {}): Promise<CaseRow[]> {
  const t = options.timeoutMs;
  await openFromMenu(page, "nav-commitments", "/admin/commitments", "commitment-list-reload", "/commitment-cases", t);
  const table = page.getByTestId("commitment-table");
  await waitVisible(table, "openCommitmentCases: the list did not open", t);
  await tableLoaded(table, t);
  const rows: CaseRow[] = [];
  for (const row of await table.locator("tr[data-row-key]").all()) {
    const id = (await row.getAttribute("data-row-key")) ?? "";
    rows.push({ id, text: await textOf(row), status: await textOf(row.getByTestId(`commitment-status-${id}`)), due: await textOf(row.getByTestId(`commitment-due-${id}`)) });
  }
  return rows;
}

// ---------------------------------------------------------------- 受理: eligibility, then the case

export type SubjectInput = { idNumber: string } | { uscc: string };

export interface Eligibility {
  eligible: boolean;
  /** The reasons of a refusal, one a line. */
  reasons: string[];
  /** The applicant's name as the department sees it (masked). */
  name: string;
  /** The records behind a refusal, as their rows read. */
  records: string[];
  /** Whether the case form is offered. */
  formShown: boolean;
}

/** From the list: 受理承诺事项 → pick the type and the applicant → 查验信用状况. Returns the answer as shown. */
export async function checkEligibility(page: Page, type: "告知承诺" | "容缺受理", subject: SubjectInput, options: StepOptions = {}): Promise<Eligibility> {
  const t = options.timeoutMs;
  const what = `checkEligibility(${type})`;
  const form = page.getByTestId("commitment-check");
  if (!(await form.isVisible())) {
    await openCommitmentCases(page, options);
    await waitVisible(page.getByTestId("commitment-new"), `${what}: the list offers no 受理承诺事项 (not a department?)`, t);
    await page.getByTestId("commitment-new").click();
  }
  await waitVisible(form, `${what}: the form did not open`, t);
  await page.getByTestId("commitment-type").getByText(type, { exact: true }).click();
  if ("idNumber" in subject) {
    await page.getByTestId("commitment-subject-kind").getByText("个人", { exact: true }).click();
    await page.getByTestId("commitment-id-number").fill(subject.idNumber);
  } else {
    await page.getByTestId("commitment-subject-kind").getByText("企业", { exact: true }).click();
    await page.getByTestId("commitment-uscc").fill(subject.uscc);
  }
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith("/commitment-cases/eligibility"), { timeout: t }).catch(() => null);
  await form.click();
  const response = await answered;
  if (!response?.ok()) throw new Error(`${(await refusal(what, response)).message} — the page says: ${await shownErrors(page)}`);
  const ok = page.getByTestId("commitment-eligibility-ok");
  const refused = page.getByTestId("commitment-eligibility-refused");
  await waitVisible(ok.or(refused), `${what}: the answer is not shown`, t);
  const eligible = await ok.isVisible();
  const records = page.getByTestId("commitment-eligibility-records");
  const caseForm = page.getByTestId("commitment-case-form");
  if (eligible) await waitVisible(caseForm, `${what}: eligible, but the case form is not offered`, t);
  return {
    eligible,
    reasons: eligible ? [] : (await page.getByTestId("commitment-eligibility-reasons").locator("li").allInnerTexts()).map((x) => x.trim()),
    name: await textOf(page.getByTestId("commitment-eligibility-name")),
    records: (await records.count()) ? (await records.locator("tr[data-row-key]").allInnerTexts()).map((x) => x.replace(/\s+/g, " ").trim()) : [],
    formShown: await caseForm.isVisible(),
  };
}

export interface CaseInput {
  matter: string;
  /** 容缺: the missing items, and the due date (yyyy-mm-dd; the form's default otherwise). */
  items?: string[];
  dueDate?: string;
}

/** After an eligible check: fill the case form and 受理并发送承诺书. Returns the case id once its page shows it. */
export async function openCase(page: Page, input: CaseInput, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const what = `openCase(${input.matter})`;
  await waitVisible(page.getByTestId("commitment-case-form"), `${what}: no case form (check eligibility first)`, t);
  await page.getByTestId("commitment-form-matter").fill(input.matter);
  for (const [i, name] of (input.items ?? []).entries()) {
    if (i > 0) await page.getByTestId("commitment-form-item-add").click();
    await page.getByTestId(`commitment-form-item-${i}`).fill(name);
  }
  if (input.dueDate) await typeDate(page.getByTestId("commitment-form-due-date"), input.dueDate);
  const created = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith("/api/v1/commitment-cases"), { timeout: t }).catch(() => null);
  await page.getByTestId("commitment-form-submit").click();
  const title = page.getByTestId("commitment-title");
  const failure = page.locator('.ant-form-item-explain-error, [data-testid="commitment-form-error"]');
  await waitVisible(title.or(failure), `${what}: neither the case nor a form error appeared`, t);
  if (!(await title.isVisible())) throw new Error(`${what} was refused: ${await shownErrors(page)}`);
  const response = await created;
  if (!response || response.status() !== 201) throw await refusal(what, response);
  return ((await response.json()) as { id: string }).id;
}

/** The text the form shows under one of its fields after an attempt (empty when none). */
export async function fieldError(page: Page, testId: string): Promise<string> {
  const item = page.getByTestId(testId).locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' ant-form-item ')][1]");
  const error = item.locator(".ant-form-item-explain-error");
  return (await error.count()) ? textOf(error) : "";
}

// ---------------------------------------------------------------- the case page

export interface CaseView {
  title: string;
  status: string;
  due: string;
  /** The outcome banner (kept / broken / terminated) or the next step. */
  banner: string;
  brokenRecord: boolean;
  items: string[];
  timeline: string[];
  actions: string[];
}

/** The case page (opened from the list when not already shown), as a person reads it. */
export async function readCase(page: Page, caseId: string, options: StepOptions = {}): Promise<CaseView> {
  const t = options.timeoutMs;
  if (!new URL(page.url()).pathname.endsWith(`/commitments/${caseId}`)) {
    await openCommitmentCases(page, options);
    await page.getByTestId(`commitment-open-${caseId}`).click();
  }
  await waitVisible(page.getByTestId("commitment-timeline"), `readCase: the case page did not open`, t);
  const opt = async (tid: string) => ((await page.getByTestId(tid).count()) ? textOf(page.getByTestId(tid)) : "");
  const outcome = await opt("commitment-outcome");
  return {
    title: await textOf(page.getByTestId("commitment-title")),
    status: await textOf(page.getByTestId("commitment-status")),
    due: await opt("commitment-due"),
    banner: outcome || (await opt("commitment-next-step")),
    brokenRecord: (await page.getByTestId("commitment-broken-record").count()) > 0,
    items: (await page.getByTestId("commitment-items").locator(".ant-list-item").allInnerTexts()).map((x) => x.replace(/\s+/g, " ").trim()),
    timeline: (await page.getByTestId("commitment-timeline").locator(".ant-timeline-item").allInnerTexts()).map((x) => x.replace(/\s+/g, " ").trim()),
    actions: (await page.locator('[data-testid^="commitment-action-"]:not([data-testid="commitment-action-confirm"])').allInnerTexts()).map((x) => x.trim()).filter(Boolean),
  };
}

/** The case as the server has it now: 刷新 on its page, once the server has answered. */
export async function reloadCase(page: Page, caseId: string, options: StepOptions = {}): Promise<CaseView> {
  // Another page is shown: opening this case from the list loads it fresh anyway.
  if (!new URL(page.url()).pathname.endsWith(`/commitments/${caseId}`)) return readCase(page, caseId, options);
  const reloaded = page.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname.endsWith(`/commitment-cases/${caseId}`), { timeout: options.timeoutMs });
  await page.getByTestId("commitment-reload").click();
  await reloaded;
  return readCase(page, caseId, options);
}

export type CaseStep =
  | { action: "verify"; method: "书面核查" | "网络核查" | "现场核查" | "公示核查"; result: "守诺" | "违诺"; note?: string }
  | { action: "supply"; items: string[]; note?: string }
  | { action: "terminate"; note: string };

/**
 * On the case page: one of the department's steps through its dialog (the verification date stays
 * at the form's today). Returns the status tag afterwards; a refusal throws with what the dialog says.
 */
export async function caseStep(page: Page, caseId: string, step: CaseStep, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const what = `caseStep(${step.action})`;
  const button = page.getByTestId(`commitment-action-${step.action}`);
  await waitVisible(button, `${what}: the case offers no such step`, t);
  const before = await textOf(page.getByTestId("commitment-status"));
  await button.click();
  const dialog = page.locator(".ant-modal").filter({ has: page.getByTestId("commitment-action-confirm") });
  await waitVisible(dialog, `${what}: the dialog did not open`, t);
  if (step.action === "verify") {
    await pickOption(page, dialog.getByTestId("commitment-verify-method"), step.method, `${what}: 核查方式`, t);
    await dialog.getByTestId("commitment-verify-result").getByText(step.result, { exact: false }).click();
  }
  if (step.action === "supply") {
    const group = dialog.getByTestId("commitment-supply-items");
    for (const box of await group.locator(".ant-checkbox-wrapper").all()) {
      const name = (await box.innerText()).trim();
      const checked = (await box.locator("input").isChecked()) === true;
      if (checked !== step.items.includes(name)) await box.click();
    }
  }
  if (step.note !== undefined) await dialog.getByTestId("commitment-action-note").fill(step.note);
  const response = await clickUntilSent(page, page.getByTestId("commitment-action-confirm"), (r) => r.method() === "POST" && new URL(r.url()).pathname.endsWith(`/commitment-cases/${caseId}/transitions`), what, t);
  if (!response?.ok()) throw new Error(`${(await refusal(what, response)).message} — the dialog says: ${await shownErrors(page)}`);
  const { statusLabel } = (await response.json()) as { statusLabel: string };
  await dialog.waitFor({ state: "hidden", timeout: t });
  await waitVisible(page.getByTestId("commitment-status").filter({ hasText: statusLabel }), `${what}: the page did not show ${statusLabel} (was ${before})`, t);
  return textOf(page.getByTestId("commitment-status"));
}

// ---------------------------------------------------------------- partners

export interface CreditEventRow {
  id: string;
  subject: string;
  record: string;
  change: string;
  text: string;
}

/** 信用变动通知 through the menu: the events of the first page as shown. */
export async function openCreditEvents(page: Page, options: StepOptions = {}): Promise<CreditEventRow[]> {
  const t = options.timeoutMs;
  await openFromMenu(page, "nav-credit-events", "/admin/credit-events", "credit-events-reload", "/partners/mine/credit-events", t);
  const table = page.getByTestId("credit-events-table");
  await waitVisible(table, "openCreditEvents: the page did not open", t);
  await tableLoaded(table, t);
  const rows: CreditEventRow[] = [];
  for (const row of await table.locator("tr[data-row-key]").all()) {
    const id = (await row.getAttribute("data-row-key")) ?? "";
    rows.push({
      id,
      subject: await textOf(row.getByTestId(`credit-event-subject-${id}`)),
      record: await textOf(row.getByTestId(`credit-event-record-${id}`)),
      change: await textOf(row.getByTestId(`credit-event-change-${id}`)),
      text: await textOf(row),
    });
  }
  return rows;
}
