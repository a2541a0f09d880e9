/**
 * Browser steps for the console's credit screens (信用主体, 批量导入, 审计日志), driven through
 * the UI only. Sign in first with `adminLogin` (re-exported here from ./admin).
 *
 * `baseUrl` is the server origin (e.g. "http://127.0.0.1:3000"); a trailing "/admin" is
 * accepted too. Every step waits for elements or responses (never sleeps), returns once the
 * UI shows the outcome, and throws an Error with a readable reason otherwise. Timeouts are
 * the page's defaults (page.setDefaultTimeout) unless `timeoutMs` is given.
 */
import path from "node:path";
import type { Locator, Page, Response } from "playwright-core";
import { maskCitizenId } from "@xinyi/shared";
import { adminUrl, describeError, waitVisible, type StepOptions } from "./admin";

export { adminLogin } from "./admin";

export interface ImportResult {
  /** The job's status label once it stopped running, as shown: "已完成" or "失败". */
  status: string;
  accepted: number;
  rejected: number;
  unchanged: number;
  /** Rows published late (双公示 more than 7 working days after the decision). */
  late: number;
  processed: number;
  jobId: string;
}

export interface ImportOptions extends StepOptions {
  /** How long the job may run once uploaded; default 120 s. */
  finishTimeoutMs?: number;
}

/** Full citizen ID numbers never go into error messages or logs. */
function safeQuery(query: string): string {
  return query.replace(/\b\d{17}[\dXx]\b/g, (id) => maskCitizenId(id.toUpperCase()));
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, " ").trim();
}

/** Open a console page and make sure it is the page, not the login form or 没有权限. */
async function openConsolePage(page: Page, baseUrl: string, pathname: string, ready: Locator, step: string, t?: number): Promise<void> {
  await page.goto(adminUrl(baseUrl, pathname));
  const loginForm = page.getByTestId("login-username");
  const forbidden = page.getByTestId("page-forbidden");
  await waitVisible(ready.or(loginForm).or(forbidden), `${step}: ${pathname} did not load at ${page.url()}`, t);
  if (await loginForm.isVisible()) throw new Error(`${step}: not signed in (the console shows the login page); call adminLogin first`);
  if (await forbidden.isVisible()) throw new Error(`${step}: this account may not open ${pathname} (没有权限)`);
}

function isApi(res: Response, method: string, pattern: RegExp): boolean {
  if (res.request().method() !== method) return false;
  return pattern.test(new URL(res.url()).pathname);
}

/** A figure as printed on the page (antd may group digits: "1,200"). */
async function shownNumber(locator: Locator, what: string, step: string): Promise<number> {
  const text = await textOf(locator.first());
  const value = Number(text.replace(/[,\s]/g, ""));
  if (!text || !Number.isFinite(value)) throw new Error(`${step}: ${what} shows no number ("${text}")`);
  return value;
}

/**
 * In 批量导入, upload `filePath` (.csv or .json), wait until the job stops running, and read
 * its figures. Throws when the upload is refused (the console's message is in the error).
 */
export async function importFile(page: Page, baseUrl: string, filePath: string, options: ImportOptions = {}): Promise<ImportResult> {
  const t = options.timeoutMs;
  const input = page.locator('input[type="file"][data-testid="import-file-input"]');
  await page.goto(adminUrl(baseUrl, "/imports"));
  const loginForm = page.getByTestId("login-username");
  const forbidden = page.getByTestId("page-forbidden");
  const reload = page.getByTestId("import-jobs-reload");
  await waitVisible(reload.or(loginForm).or(forbidden), `importFile: 批量导入 did not load at ${page.url()}`, t);
  if (await loginForm.isVisible()) throw new Error("importFile: not signed in (the console shows the login page); call adminLogin first");
  if (await forbidden.isVisible()) throw new Error("importFile: this account may not import records (没有权限)");
  try {
    await input.waitFor({ state: "attached", timeout: t });
  } catch (err) {
    throw new Error(`importFile: the file input is missing (${describeError(err)})`);
  }

  const fileName = path.basename(filePath);
  const uploaded = page.waitForResponse((res) => isApi(res, "POST", /^\/api\/v1\/imports\/?$/), { timeout: t });
  // The page refuses some files itself (wrong extension, empty file) without asking the server.
  const uploadError = page.getByTestId("import-upload-error");
  const refusedLocally = uploadError.waitFor({ state: "visible", timeout: t }).then(() => null);
  uploaded.catch(() => undefined);
  refusedLocally.catch(() => undefined);

  await input.setInputFiles(filePath);
  let response: Response | null;
  try {
    response = await Promise.race([uploaded, refusedLocally]);
  } catch (err) {
    throw new Error(`importFile(${fileName}): the upload neither reached the server nor showed an error (${describeError(err)})`);
  }
  if (response === null) throw new Error(`importFile(${fileName}) was refused: ${await textOf(uploadError.first())}`);
  if (response.status() !== 202) {
    await waitVisible(uploadError, `importFile(${fileName}): POST /imports answered ${response.status()} and the page showed no error`, t);
    throw new Error(`importFile(${fileName}) was refused (HTTP ${response.status()}): ${await textOf(uploadError.first())}`);
  }
  const body: unknown = await response.json();
  const jobId = body && typeof body === "object" && "id" in body && typeof body.id === "string" ? body.id : null;
  if (!jobId) throw new Error(`importFile(${fileName}): POST /imports returned no job id`);

  const progress = page.locator(`[data-testid="import-progress"][data-job-id="${jobId}"]`);
  await waitVisible(progress, `importFile(${fileName}): the progress of job ${jobId} is not shown`, t);
  // The label reads 导入中 while the job runs.
  const finished = progress.getByTestId("import-status").filter({ hasNotText: "导入中" });
  await waitVisible(finished, `importFile(${fileName}): job ${jobId} did not finish in time`, options.finishTimeoutMs ?? 120_000);

  const status = await textOf(finished.first());
  const figure = (name: string) => shownNumber(progress.getByTestId(`import-${name}`), name, `importFile(${fileName})`);
  return {
    status,
    jobId,
    accepted: await figure("accepted"),
    rejected: await figure("rejected"),
    unchanged: await figure("unchanged"),
    late: await figure("late"),
    processed: await figure("processed"),
  };
}

/**
 * In 信用主体, search for `query` (name, masked ID, full ID number or USCC) and open the
 * matching subject's page (returns its id). With several matches, opens the one whose name is
 * exactly `query`; otherwise throws listing them.
 */
export async function openSubjectBySearch(page: Page, baseUrl: string, query: string, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const shown = safeQuery(query);
  const search = page.locator('input[data-testid="subject-search-input"]');
  await openConsolePage(page, baseUrl, "/subjects", search, "openSubjectBySearch", t);

  const q = query.trim();
  const searched = page.waitForResponse(
    (res) => isApi(res, "POST", /^\/api\/v1\/subjects\/search$/) && (res.request().postDataJSON() as { q?: string } | null)?.q === q,
    { timeout: t },
  );
  searched.catch(() => undefined);
  await search.fill(query);
  await search.press("Enter");
  let response: Response;
  try {
    response = await searched;
  } catch (err) {
    throw new Error(`openSubjectBySearch("${shown}"): the search was not sent (${describeError(err)})`);
  }
  if (!response.ok()) {
    const banner = page.locator('.ant-card .ant-alert-error');
    await waitVisible(banner, `openSubjectBySearch("${shown}"): search answered HTTP ${response.status()}`, t);
    throw new Error(`openSubjectBySearch("${shown}") failed: ${await textOf(banner.first())}`);
  }
  const body: unknown = await response.json();
  const items =
    body && typeof body === "object" && "items" in body && Array.isArray(body.items)
      ? body.items.filter((i): i is { id: string; name: string } => !!i && typeof i === "object" && typeof (i as { id?: unknown }).id === "string")
      : [];
  if (items.length === 0) throw new Error(`openSubjectBySearch("${shown}"): no subject matches`);
  const target = items.length === 1 ? items[0] : items.find((i) => i.name === q);
  if (!target) {
    throw new Error(`openSubjectBySearch("${shown}"): ${items.length} subjects match (${items.map((i) => i.name).join("、")}); search for something more specific`);
  }

  const row = page.getByTestId(`subject-row-${target.id}`);
  await waitVisible(row, `openSubjectBySearch("${shown}"): the matching subject is not listed`, t);
  await row.click();
  const name = page.getByTestId("subject-detail-name");
  await waitVisible(name, `openSubjectBySearch("${shown}"): the subject's page did not open`, t);
  await page.waitForURL((url) => url.pathname.endsWith(`/subjects/${target.id}`), { timeout: t });
  return target.id;
}

/**
 * In 审计日志, click 校验哈希链 and return the result as shown, e.g.
 * "哈希链完整：已校验 42 条记录，未发现篡改。" or "哈希链在第 7 条记录处断开：…".
 */
export async function verifyAuditChain(page: Page, baseUrl: string, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const button = page.getByTestId("audit-verify");
  await openConsolePage(page, baseUrl, "/audit", button, "verifyAuditChain", t);
  const result = page.getByTestId("audit-verify-result");
  await button.click();
  await waitVisible(result, "verifyAuditChain: no verification result appeared", t);
  return textOf(result.first());
}

export interface ShownEvaluation {
  /** The score's caption, e.g. "个人信用分". */
  scoreName: string;
  /** The score in large type. */
  score: number;
  /** The top of the scale printed beside it ("/ 1000"). */
  scaleMax: number;
  /** The grade tag, e.g. "个人信用等级 A · 良好". */
  grade: string;
}

/**
 * On an open subject's page (openSubjectBySearch), the evaluation as the administrator reads it:
 * the score, the scale it is on and the grade. Throws when the page says 该主体尚未评价.
 */
export async function subjectEvaluation(page: Page, options: StepOptions = {}): Promise<ShownEvaluation> {
  const t = options.timeoutMs;
  const panel = page.getByTestId("evaluation");
  const none = page.getByText("该主体尚未评价");
  await waitVisible(panel.or(none), "subjectEvaluation: the subject's page shows neither an evaluation nor 尚未评价", t);
  if (await none.isVisible()) throw new Error("subjectEvaluation: the page says 该主体尚未评价");
  const statistic = panel.locator(".ant-statistic").first();
  const scaleText = await textOf(statistic.getByTestId("evaluation-scale-max"));
  const scaleMax = Number(/^\/\s*(\d+)$/.exec(scaleText)?.[1] ?? NaN);
  if (!Number.isFinite(scaleMax)) throw new Error(`subjectEvaluation: the scale beside the score reads "${scaleText}"`);
  return {
    scoreName: await textOf(statistic.locator(".ant-statistic-title")),
    score: await shownNumber(statistic.locator(".ant-statistic-content-value"), "the score", "subjectEvaluation"),
    scaleMax,
    grade: await textOf(panel.getByTestId("evaluation-grade")),
  };
}

export type ReportLookup =
  | {
      ok: true;
      /** As the report shows it: masked for a person ("张*"). */
      name: string;
      /** The 信用分 figure as printed ("—" when not evaluated). */
      score: string;
      /** The grade tag ("A · 良好"), or "未评价". */
      grade: string;
      /** 授权用途 and 授权有效期至 as printed. */
      purpose: string;
      validUntil: string;
      text: string;
    }
  | { ok: false; message: string; httpStatus: number; errorCode?: string };

/**
 * 信用报告查询 (partner operators): look up a citizen's report by ID number for the purpose with
 * this label (e.g. "权益核验"). Answers the report as shown, or the refusal the page shows
 * ("未获得信用主体的有效授权…") with the server's HTTP status and error code.
 */
export async function lookupReport(
  page: Page,
  baseUrl: string,
  input: { idNumber: string; purpose: string },
  options: StepOptions = {},
): Promise<ReportLookup> {
  const t = options.timeoutMs;
  const step = `lookupReport(${maskCitizenId(input.idNumber)}, ${input.purpose})`;
  const idInput = page.getByTestId("report-form-id-number");
  await openConsolePage(page, baseUrl, "/reports", page.getByTestId("report-form-submit"), step, t);
  await page.getByTestId("report-form-kind").getByText("自然人", { exact: true }).click();
  await waitVisible(idInput, `${step}: the ID number field is not showing`, t);
  await idInput.fill(input.idNumber);

  await page.getByTestId("report-form-purpose").click();
  const dropdown = page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)");
  // Each option reads its label, then a hint in grey ("权益核验 核验是否符合…").
  const label = input.purpose.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const option = dropdown.locator(".ant-select-item-option").filter({ hasText: new RegExp(`^\\s*${label}`) });
  await waitVisible(option, `${step}: the purpose "${input.purpose}" is not offered`, t);
  await option.first().click();
  // A dropdown still open would hide the answer below it.
  await dropdown.first().waitFor({ state: "hidden", timeout: t });

  const answered = page.waitForResponse((res) => isApi(res, "POST", /^\/api\/v1\/reports\/lookup$/), { timeout: t }).catch(() => null);
  await page.getByTestId("report-form-submit").click();
  const response = await answered;
  if (!response) throw new Error(`${step}: POST /reports/lookup was not sent or not answered`);

  const result = page.getByTestId("report-result");
  const error = page.getByTestId("report-error");
  await waitVisible(result.or(error), `${step}: neither the report nor a refusal appeared (HTTP ${response.status()})`, t);
  if (await error.isVisible()) {
    const body: unknown = await response.json().catch(() => null);
    const code = body && typeof body === "object" && "error" in body ? (body.error as { code?: unknown }).code : undefined;
    return { ok: false, message: await textOf(error), httpStatus: response.status(), ...(typeof code === "string" ? { errorCode: code } : {}) };
  }
  const score = result.locator(".ant-statistic").filter({ has: page.locator(".ant-statistic-title", { hasText: /^信用分$/ }) });
  const grade = result.getByTestId("report-grade");
  return {
    ok: true,
    name: await textOf(result.getByTestId("report-name")),
    score: await textOf(score.locator(".ant-statistic-content-value")),
    grade: (await grade.count()) ? await textOf(grade) : "未评价",
    purpose: await textOf(result.getByTestId("report-grant-purpose")),
    validUntil: await textOf(result.getByTestId("report-grant-valid-until")),
    text: await textOf(result),
  };
}
