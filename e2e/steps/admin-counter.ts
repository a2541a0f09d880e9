/**
 * Browser steps for the console's 核销台 (voucher counter), driven through the UI only.
 * Sign in first with `adminLogin` (re-exported here from ./admin): a partner operator
 * verifies and redeems; administrators may only verify.
 *
 * `baseUrl` is the server origin (e.g. "http://127.0.0.1:3000"); a trailing "/admin" is
 * accepted too. Every step waits for elements or responses (never sleeps), returns once the
 * UI shows the outcome, and throws an Error with a readable reason otherwise. Timeouts are
 * the page's defaults (page.setDefaultTimeout) unless `timeoutMs` is given.
 */
import type { Locator, Page } from "playwright-core";
import { adminUrl, describeError, waitVisible, type StepOptions } from "./admin";

export { adminLogin } from "./admin";

export interface CounterOptions extends StepOptions {
  /** 核销地点 to fill in (the console remembers it); left as it is when absent. */
  place?: string;
}

export interface VerifyResult {
  /** The verdict in large type on the result panel, as the operator reads it: "有效", "无效" (or "核销成功"); "" without a panel. */
  headline: string;
  /** Whether that verdict reads "有效". */
  valid: boolean;
  /** The result panel's text (or the message shown when the server could not be asked). */
  text: string;
  /** The offline signature check's text, for a QR token ("签名有效（离线校验）" / "签名无效：疑似伪造…"). */
  offline?: string;
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, " ").trim();
}

/** The panel opens with its mark and verdict ("✓ 有效 可以核销 …"): the verdict is what the operator goes by. */
function headlineOf(panelText: string): string {
  return /^[✓✗]?\s*(核销成功|有效|无效)/.exec(panelText)?.[1] ?? "";
}

/** Open 核销台 with an empty code, making sure it is the page, not the login form or 没有权限. */
async function openCounter(page: Page, baseUrl: string, step: string, options: CounterOptions): Promise<void> {
  const t = options.timeoutMs;
  await page.goto(adminUrl(baseUrl, "/counter"));
  const code = page.getByTestId("counter-code");
  const loginForm = page.getByTestId("login-username");
  const forbidden = page.getByTestId("page-forbidden");
  await waitVisible(code.or(loginForm).or(forbidden), `${step}: 核销台 did not load at ${page.url()}`, t);
  if (await loginForm.isVisible()) throw new Error(`${step}: not signed in (the console shows the login page); call adminLogin first`);
  if (await forbidden.isVisible()) throw new Error(`${step}: this account may not open 核销台 (没有权限)`);
  if (options.place !== undefined) await page.getByTestId("counter-place").fill(options.place);
}

/** Enter `code`, click 查验 and wait for the verdict (or the message saying the server could not be asked). */
async function enterAndVerify(page: Page, code: string, step: string, options: CounterOptions): Promise<VerifyResult> {
  const t = options.timeoutMs;
  await page.getByTestId("counter-code").fill(code);
  const verified = page
    .waitForResponse((res) => res.request().method() === "POST" && new URL(res.url()).pathname.endsWith("/vouchers/verify"), {
      timeout: t,
    })
    .catch(() => null);
  await page.getByTestId("counter-verify").click();

  const result = page.getByTestId("counter-result");
  const message = page.getByTestId("counter-message");
  const codeError = page.getByTestId("counter-code-error");
  await waitVisible(result.or(message).or(codeError).first(), `${step}: no verdict appeared after 查验`, t);
  if (await codeError.isVisible()) throw new Error(`${step}: the code was refused before asking the server: ${await textOf(codeError)}`);
  await verified;
  // The answer may land a moment after the response: wait for the panel or the failure message.
  await waitVisible(result.or(message).first(), `${step}: no verdict appeared after the server answered`, t);

  const offlineLocator = page.getByTestId("counter-offline-result");
  const offline = (await offlineLocator.count()) > 0 ? await textOf(offlineLocator) : undefined;
  if (!(await result.isVisible())) {
    return { headline: "", valid: false, text: await textOf(message), ...(offline !== undefined ? { offline } : {}) };
  }
  const text = await textOf(result);
  const headline = headlineOf(text);
  if (!headline) throw new Error(`${step}: the result panel shows no verdict (有效/无效): "${text}"`);
  return { headline, valid: headline === "有效", text, ...(offline !== undefined ? { offline } : {}) };
}

/**
 * Open 核销台, enter `code` (short code or QR token) and click 查验. Returns whether the
 * voucher is valid, the result panel's text and, for a QR token, the offline signature check.
 */
export async function verifyAtCounter(page: Page, baseUrl: string, code: string, options: CounterOptions = {}): Promise<VerifyResult> {
  const step = "verifyAtCounter";
  await openCounter(page, baseUrl, step, options);
  return enterAndVerify(page, code, step, options);
}

/**
 * Open 核销台, enter `code`, 查验 then 核销 (partner operators only). Returns the verdict's
 * text, the message shown after redeeming: "核销成功：…" or "不能核销：<reason>"
 * (已核销 / 不属于本机构 / 已过期 …), and the server's answer to 核销 (HTTP status, error code).
 */
export async function redeemAtCounter(
  page: Page,
  baseUrl: string,
  code: string,
  options: CounterOptions = {},
): Promise<{ verifyText: string; redeemText: string; httpStatus: number; errorCode?: string }> {
  const t = options.timeoutMs;
  const step = "redeemAtCounter";
  await openCounter(page, baseUrl, step, options);
  const verdict = await enterAndVerify(page, code, step, options);

  const redeemButton = page.getByTestId("counter-redeem");
  if ((await redeemButton.count()) === 0) throw new Error(`${step}: this account cannot redeem (no 核销 button; administrators only verify)`);
  const redeemed = page
    .waitForResponse((res) => res.request().method() === "POST" && new URL(res.url()).pathname.endsWith("/vouchers/redeem"), {
      timeout: t,
    })
    .catch(() => null);
  await redeemButton.click();
  const response = await redeemed;
  if (!response) throw new Error(`${step}: POST /vouchers/redeem was not sent or not answered`);

  const message = page.getByTestId("counter-message").filter({ hasText: /^\s*(核销成功|不能核销)/ });
  try {
    await message.first().waitFor({ state: "visible", timeout: t });
  } catch (err) {
    throw new Error(`${step}: no outcome shown after 核销 (HTTP ${response.status()}; ${describeError(err)})`);
  }
  const body: unknown = await response.json().catch(() => null);
  const errorCode = body && typeof body === "object" && "error" in body ? (body.error as { code?: unknown }).code : undefined;
  return {
    verifyText: verdict.text,
    redeemText: await textOf(message.first()),
    httpStatus: response.status(),
    ...(typeof errorCode === "string" ? { errorCode } : {}),
  };
}
