/**
 * Browser steps for 信易贷 in the console: the bank manager's product editor and product workflow,
 * the administrators' 产品审核, the bank's review queue (countdown), an application's credit report
 * and decision forms (受理 / 授信 / 拒绝 / 放款), and 贷款统计. Sign in first with `adminLogin`
 * (re-exported from ./admin).
 *
 * Every step waits for elements (never sleeps), judges an action by the server's answer, returns
 * once the page shows the outcome, and throws an Error with a readable reason otherwise.
 */
import type { Locator, Page, Response } from "playwright-core";
import { adminUrl, clickUntilSent, waitVisible, type StepOptions } from "./admin";

export { adminLogin } from "./admin";

function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.first().innerText()).replace(/\s+/g, " ").trim();
}

/** The server's refusal of `what`, as an Error naming the status and message. */
export async function refusal(what: string, response: Response | null): Promise<Error> {
  if (!response) return new Error(`${what}: the request was not answered`);
  const body: unknown = await response.json().catch(() => null);
  const error = body && typeof body === "object" && "error" in body ? (body.error as { code?: unknown; message?: unknown; details?: unknown }) : null;
  return new Error(`${what} was refused (HTTP ${response.status()}): ${String(error?.code ?? "")} ${String(error?.message ?? "")} ${error?.details ? JSON.stringify(error.details) : ""}`.trim());
}

/** The open antd dropdown's option whose text starts with `label` (options may carry an explanation). */
export async function pickOption(page: Page, select: Locator, label: string | RegExp, what: string, t?: number): Promise<void> {
  await select.click();
  const dropdown = page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)");
  const option = dropdown.locator(".ant-select-item-option").filter({ hasText: typeof label === "string" ? exactText(label) : label });
  await waitVisible(option, `${what}: option "${String(label)}" is not offered`, t);
  await option.first().click();
}

/**
 * An antd table once its loading overlay has gone. The overlay wraps the element carrying the
 * table's data-testid, so it is looked for in the table's wrapper; a page's first load shows it
 * from the first render on.
 */
export async function tableLoaded(table: Locator, t?: number): Promise<void> {
  const wrapper = table.locator("xpath=ancestor-or-self::div[contains(concat(' ', @class, ' '), ' ant-table-wrapper ')][1]");
  await wrapper.locator(".ant-spin-spinning").first().waitFor({ state: "detached", timeout: t });
}

// ---------------------------------------------------------------- products

export interface LoanProductInput {
  name: string;
  description?: string;
  /** Checkbox labels besides the form's default 信用 (e.g. "保证"). */
  extraGuarantees?: string[];
  amountWan: { min: number; max: number };
  termMonths: { min: number; max: number };
  annualRate: { min: number; max: number };
  /** Prefecture name, e.g. "昆明市". */
  prefectureName: string;
  /** One 信用等级不低于 condition on the enterprise scale (e.g. "B"). */
  minEnterpriseGrade?: string;
  /** One tier: these grades up to this amount from this rate. */
  tier?: { grades: string[]; maxAmountWan: number; minRate: number };
  responseDays?: number;
}

/**
 * 贷款产品 → 新建产品: fill the editor (applicants stay at its default 企业, repayment at 等额本息)
 * and 保存为草稿. Returns the new product's id once its detail page shows it as 草稿.
 */
export async function createLoanProduct(page: Page, baseUrl: string, input: LoanProductInput, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const what = `createLoanProduct(${input.name})`;
  await page.goto(adminUrl(baseUrl, "/loans/products"));
  await waitVisible(page.getByTestId("loan-product-new"), `${what}: 贷款产品 offers no 新建产品 (not a bank manager?)`, t);
  await page.getByTestId("loan-product-new").click();
  const name = page.getByTestId("loan-product-form-name");
  await waitVisible(name, `${what}: the product editor did not open`, t);
  await name.fill(input.name);
  if (input.description) await page.getByTestId("loan-product-form-description").fill(input.description);

  const guarantees = page.getByTestId("loan-product-form-guarantee");
  for (const label of input.extraGuarantees ?? []) await guarantees.getByText(label, { exact: true }).click();

  const range = async (tid: string, r: { min: number; max: number }) => {
    await page.getByTestId(`${tid}-min`).fill(String(r.min));
    await page.getByTestId(`${tid}-max`).fill(String(r.max));
  };
  await range("loan-product-form-amount", input.amountWan);
  await range("loan-product-form-term", input.termMonths);
  await range("loan-product-form-rate", input.annualRate);

  if (input.tier) {
    await page.getByTestId("loan-product-form-tier-add").click();
    const grades = page.getByTestId("loan-product-form-tier-grades-0");
    await waitVisible(grades, `${what}: adding a tier showed no row`, t);
    for (const g of input.tier.grades) await pickOption(page, grades, new RegExp(`^\\s*${g}（`), `${what}: tier grades`, t);
    await page.keyboard.press("Escape");
    await page.getByTestId("loan-product-form-tier-amount-0").fill(String(input.tier.maxAmountWan));
    await page.getByTestId("loan-product-form-tier-rate-0").fill(String(input.tier.minRate));
  }

  const prefectures = page.getByTestId("loan-product-form-prefectures");
  await waitVisible(prefectures, `${what}: 服务州市 is not shown`, t);
  const chosen = prefectures.locator(".ant-select-selection-item").filter({ hasText: exactText(input.prefectureName) });
  if (!(await chosen.count())) {
    await pickOption(page, prefectures, input.prefectureName, `${what}: 服务州市`, t);
    await page.keyboard.press("Escape");
  }
  await waitVisible(chosen, `${what}: 服务州市 does not show ${input.prefectureName}`, t);

  if (input.minEnterpriseGrade) {
    await page.getByTestId("scenario-form-rule-add-mingrade").click();
    const kind = page.getByTestId("scenario-form-rule-mingrade-kind").last();
    await waitVisible(kind, `${what}: adding 信用等级及以上 showed no condition`, t);
    await kind.getByText("企业", { exact: true }).click();
    await pickOption(page, page.getByTestId("scenario-form-rule-mingrade-input").last(), new RegExp(`^\\s*${input.minEnterpriseGrade}（`), `${what}: 信用等级`, t);
  }
  if (input.responseDays !== undefined) await page.getByTestId("loan-product-form-response-days").fill(String(input.responseDays));

  const created = page
    .waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith("/api/v1/loan-products"), { timeout: t })
    .catch(() => null);
  await page.getByTestId("loan-product-form-submit").click();
  const detail = page.getByTestId("loan-product-detail-name");
  const failure = page.locator('.ant-form-item-explain-error, [data-testid="loan-product-form-error"], [data-testid="scenario-form-rule-error"]');
  await waitVisible(detail.or(failure), `${what}: neither the product nor a form error appeared after saving`, t);
  if (!(await detail.isVisible())) {
    const errors = (await failure.allInnerTexts()).map((x) => x.replace(/\s+/g, " ").trim()).filter(Boolean);
    throw new Error(`${what} was refused: ${errors.join("；")}`);
  }
  const response = await created;
  if (!response || response.status() !== 201) throw await refusal(what, response);
  const { id } = (await response.json()) as { id: string };
  await waitVisible(page.getByTestId(`loan-product-status-${id}`).filter({ hasText: exactText("草稿") }), `${what}: the new product is not shown as 草稿`, t);
  return id;
}

export type ProductAction = "submit" | "approve" | "reject" | "publish" | "pause" | "resume" | "end";

/**
 * A product workflow action from a list — 贷款产品 (`/loans/products`) or 产品审核 (`/loans/review`),
 * reached through the menu: click the row's button, confirm (with `reason` to reject). Returns the
 * status the server answered, as the console labels it (草稿, 待审核, 已通过, 已发布 …).
 */
export async function productActionInList(
  page: Page,
  list: "products" | "review",
  productId: string,
  action: ProductAction,
  options: StepOptions & { reason?: string } = {},
): Promise<string> {
  const t = options.timeoutMs;
  const what = `productActionInList(${list}, ${action})`;
  const nav = page.getByTestId(list === "review" ? "nav-loan-review" : "nav-loan-products");
  await waitVisible(nav, `${what}: the menu offers no ${list === "review" ? "产品审核" : "贷款产品"}`, t);
  const path = list === "review" ? "/admin/loans/review" : "/admin/loans/products";
  // The menu entry of the page already open does not reload it: 刷新 does, as a person would.
  const here = new URL(page.url()).pathname.replace(/\/+$/, "") === path;
  await nav.click();
  const table = page.getByTestId(list === "review" ? "loan-review-table" : "loan-product-table");
  await waitVisible(table, `${what}: the list did not open`, t);
  if (here) {
    const reloaded = page.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname.endsWith("/loan-products"), { timeout: t });
    await page.getByTestId("loan-product-reload").click();
    await reloaded;
  }
  await tableLoaded(table, t);
  const row = page.getByTestId(`loan-product-row-${productId}`);
  await waitVisible(row, `${what}: the product is not listed`, t);
  const button = page.getByTestId(`loan-product-action-${action}-${productId}`);
  await waitVisible(button, `${what}: the row offers no such button`, t);
  await button.click();
  const confirm = page.getByTestId("loan-product-action-confirm");
  await waitVisible(confirm, `${what}: the confirmation did not open`, t);
  if (options.reason !== undefined) await page.getByTestId("loan-product-action-reason").fill(options.reason);
  const response = await clickUntilSent(page, confirm, (r) => r.method() === "POST" && new URL(r.url()).pathname.endsWith(`/loan-products/${productId}/transitions`), what, t);
  if (!response?.ok()) throw await refusal(what, response);
  const { status } = (await response.json()) as { status: string };
  await confirm.waitFor({ state: "hidden", timeout: t });
  return status;
}

/** The product's detail page: its status tag as shown. */
export async function productStatus(page: Page, baseUrl: string, productId: string, options: StepOptions = {}): Promise<string> {
  await page.goto(adminUrl(baseUrl, `/loans/products/${productId}`));
  const tag = page.getByTestId(`loan-product-status-${productId}`);
  await waitVisible(tag, "productStatus: the product detail did not load", options.timeoutMs);
  return textOf(tag);
}

// ---------------------------------------------------------------- the review queue

export interface QueueRow {
  id: string;
  text: string;
  status: string;
  countdown: string;
}

/** 贷款审批 through the menu: the rows of the first page as shown. */
export async function openLoanQueue(page: Page, options: StepOptions = {}): Promise<QueueRow[]> {
  const t = options.timeoutMs;
  await waitVisible(page.getByTestId("nav-loan-applications"), "openLoanQueue: the menu offers no 贷款审批", t);
  const here = new URL(page.url()).pathname.replace(/\/+$/, "") === "/admin/loans/applications";
  await page.getByTestId("nav-loan-applications").click();
  const table = page.getByTestId("loan-queue-table");
  await waitVisible(table, "openLoanQueue: the queue did not open", t);
  if (here) {
    // Already open: the menu does not reload it, 刷新 does.
    const reloaded = page.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname.endsWith("/loan-applications"), { timeout: t });
    await page.getByTestId("loan-queue-reload").click();
    await reloaded;
  }
  await tableLoaded(table, t);
  const rows: QueueRow[] = [];
  for (const row of await table.locator("tr[data-row-key]").all()) {
    const id = (await row.getAttribute("data-row-key")) ?? "";
    const countdown = row.getByTestId(`loan-countdown-${id}`);
    rows.push({
      id,
      text: await textOf(row),
      status: await textOf(row.getByTestId(`loan-app-status-${id}`)),
      countdown: (await countdown.count()) ? await textOf(countdown) : "",
    });
  }
  return rows;
}

/** From the queue: 办理 on this application; returns once its detail page shows. */
export async function openQueuedApplication(page: Page, applicationId: string, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  await page.getByTestId(`loan-app-open-${applicationId}`).click();
  const title = page.getByTestId("loan-app-title");
  await waitVisible(title, "openQueuedApplication: the application did not open", t);
  await waitVisible(page.getByTestId("loan-app-timeline"), "openQueuedApplication: the application shows no 办理记录", t);
  return textOf(page.locator(".ant-card").first());
}

/** On an open application: 查看信用报告 (through the applicant's consent). Returns the report as shown. */
export async function openApplicationReport(page: Page, options: StepOptions = {}): Promise<{ name: string; purpose: string; grade: string; text: string }> {
  const t = options.timeoutMs;
  const opened = page.waitForResponse((r) => r.request().method() === "GET" && /\/loan-applications\/[^/]+\/report$/.test(new URL(r.url()).pathname), { timeout: t });
  await page.getByTestId("loan-report-open").click();
  const response = await opened;
  if (!response.ok()) {
    await waitVisible(page.getByTestId("loan-report-error"), "openApplicationReport: refused, but the page says nothing", t);
    throw new Error(`openApplicationReport: refused (HTTP ${response.status()}): ${await textOf(page.getByTestId("loan-report-error"))}`);
  }
  const report = page.getByTestId("report-result");
  await waitVisible(report, "openApplicationReport: the report did not show", t);
  const grade = report.getByTestId("report-grade");
  return {
    name: await textOf(report.getByTestId("report-name")),
    purpose: await textOf(report.getByTestId("report-grant-purpose")),
    grade: (await grade.count()) ? await textOf(grade) : "",
    text: await textOf(report),
  };
}

export type Decision =
  | { action: "accept"; note?: string }
  | { action: "approve"; amountWan: number; annualRate: number; termMonths: number; note?: string }
  | { action: "reject"; reasonLabel: string; text?: string }
  | { action: "disburse"; amountWan: number; note?: string };

const DECISION_STATUS: Record<Decision["action"], string> = { accept: "已受理", approve: "已授信", reject: "未通过", disburse: "已放款" };

/**
 * On an open application: one of the bank's decisions through its dialog (dates stay at the form's
 * defaults: the offer valid 30 days, disbursed today). Returns the page's status tag afterwards.
 */
export async function decideApplication(page: Page, decision: Decision, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const what = `decideApplication(${decision.action})`;
  const button = page.getByTestId(`loan-decision-${decision.action}`);
  await waitVisible(button, `${what}: the application offers no such decision`, t);
  await button.click();
  const dialog = page.locator(".ant-modal").filter({ has: page.getByTestId("loan-decision-confirm") });
  await waitVisible(dialog, `${what}: the dialog did not open`, t);
  const fill = async (tid: string, value: number) => {
    const input = dialog.getByTestId(tid);
    await input.fill("");
    await input.fill(String(value));
  };
  if (decision.action === "approve") {
    await fill("loan-approve-amount", decision.amountWan);
    await fill("loan-approve-rate", decision.annualRate);
    await fill("loan-approve-term", decision.termMonths);
  } else if (decision.action === "reject") {
    await pickOption(page, dialog.getByTestId("loan-reject-reason"), decision.reasonLabel, `${what}: 拒绝原因`, t);
    if (decision.text) await dialog.getByTestId("loan-reject-text").fill(decision.text);
  } else if (decision.action === "disburse") {
    await fill("loan-disburse-amount", decision.amountWan);
  }
  if ("note" in decision && decision.note) await dialog.getByTestId("loan-decision-note").fill(decision.note);
  const response = await clickUntilSent(
    page,
    page.getByTestId("loan-decision-confirm"),
    (r) => r.method() === "POST" && /\/loan-applications\/[^/]+\/transitions$/.test(new URL(r.url()).pathname),
    what,
    t,
  );
  if (!response?.ok()) {
    const banner = dialog.getByTestId("loan-decision-error");
    const shown = (await banner.count()) ? ` — the dialog says: ${await textOf(banner)}` : "";
    throw new Error(`${(await refusal(what, response)).message}${shown}`);
  }
  const expected = DECISION_STATUS[decision.action];
  await waitVisible(page.getByTestId("loan-app-status").filter({ hasText: exactText(expected) }), `${what}: the status did not change to ${expected}`, t);
  await dialog.waitFor({ state: "hidden", timeout: t });
  return textOf(page.getByTestId("loan-app-status"));
}

/** The open application's 办理记录, oldest first: the step ("受理"), and the whole entry as shown. */
export async function applicationTimeline(page: Page): Promise<{ step: string; text: string }[]> {
  const out: { step: string; text: string }[] = [];
  for (const item of await page.getByTestId("loan-app-timeline").locator(".ant-timeline-item").all()) {
    out.push({ step: await textOf(item.locator("strong")), text: await textOf(item) });
  }
  return out;
}

// ---------------------------------------------------------------- numbers

export interface LoanNumbers {
  applications: string;
  accepted: string;
  approved: string;
  disbursed: string;
  rate: string;
  firstLoan: string;
  withinPromise: string;
  /** The funnel card's whole text (amounts appear as "授信金额 200 万元"). */
  funnel: string;
  /** The detail table's rows as text. */
  rows: string[];
}

/** 贷款统计 through the menu, once the numbers have loaded. */
export async function openLoanStats(page: Page, options: StepOptions = {}): Promise<LoanNumbers> {
  const t = options.timeoutMs;
  await waitVisible(page.getByTestId("nav-loan-stats"), "openLoanStats: the menu offers no 贷款统计", t);
  await page.getByTestId("nav-loan-stats").click();
  const funnel = page.getByTestId("loan-stats-funnel");
  await waitVisible(funnel, "openLoanStats: the page did not open", t);
  // Loaded: the first number is no longer a placeholder or a skeleton.
  await waitVisible(page.getByTestId("loan-stats-applications").filter({ hasText: /^\d+$/ }), "openLoanStats: the numbers did not load", t);
  const table = page.getByTestId("loan-stats-table");
  await tableLoaded(table, t);
  const n = (tid: string) => textOf(page.getByTestId(tid));
  return {
    applications: await n("loan-stats-applications"),
    accepted: await n("loan-stats-accepted"),
    approved: await n("loan-stats-approved"),
    disbursed: await n("loan-stats-disbursed"),
    rate: await n("loan-stats-rate"),
    firstLoan: await n("loan-stats-first-loan"),
    withinPromise: await n("loan-stats-within-promise"),
    funnel: await textOf(funnel),
    rows: (await table.locator("tr[data-row-key]").allInnerTexts()).map((x) => x.replace(/\s+/g, " ").trim()),
  };
}
