/**
 * Browser steps for the mini-program's privacy screens: the agreement page shown after login (and
 * when a document has a new version), 我的 → 隐私与账号, and 注销账号. Same conventions as
 * steps/miniapp.ts: waits for elements, never sleeps, throws with a readable reason.
 */
import type { Locator, Page } from "playwright-core";
import { exactText, modalGone, textOf, textsOf, visible, waitVisible, type StepOptions } from "./miniapp";

export interface AgreementOptions extends StepOptions {
  /** Also give the separate consent for sensitive personal information (default true: real-name verification needs it). */
  sensitive?: boolean;
}

/** Tap the box itself: the document titles in the text beside it open the document instead. */
async function tickBox(row: Locator): Promise<void> {
  await row.first().locator(".check-row__box").click();
}

/** The agreement page if it is showing now (after login), settled; null when another page shows. */
export async function agreementPage(page: Page, t?: number): Promise<Locator | null> {
  const root = visible(page, "agreement-page");
  if (!(await root.count())) return null;
  const settled = page.locator('[data-testid="agreement-page"][data-state="ready"], [data-testid="agreement-page"][data-state="error"]').filter({ visible: true });
  await waitVisible(settled, "agreement page: it did not finish loading", t);
  if ((await root.first().getAttribute("data-state")) === "error") {
    throw new Error(`agreement page shows an error: ${(await textsOf(visible(page, "agreement-load-error"))).join(" ")}`);
  }
  return root.first();
}

/**
 * On the agreement page: tick 用户协议和隐私政策 (when asked) and, unless `sensitive: false`, the
 * separate 敏感个人信息处理 box, then tap 同意并继续. Returns once the page has gone (the app goes
 * on to the prefecture picker or the home page).
 */
export async function acceptAgreements(page: Page, options: AgreementOptions = {}): Promise<void> {
  const t = options.timeoutMs;
  await waitVisible(visible(page, "agreement-page"), "acceptAgreements: the agreement page is not showing", t);
  const root = await agreementPage(page, t);
  if (!root) throw new Error("acceptAgreements: the agreement page is not showing");
  const basic = visible(root, "agreement-basic");
  if ((await basic.count()) && (await basic.first().getAttribute("data-checked")) !== "true") await tickBox(basic);
  const sensitive = visible(root, "agreement-sensitive");
  const wantSensitive = options.sensitive ?? true;
  if ((await sensitive.count()) && ((await sensitive.first().getAttribute("data-checked")) === "true") !== wantSensitive) await tickBox(sensitive);

  // The label sits inside NutUI's button, which takes the tap: find the button by its label, tap the button.
  const button = visible(root, "agreement-accept").filter({ hasText: exactText("同意并继续") });
  await waitVisible(button, "acceptAgreements: no 同意并继续 button", t);
  await button.first().click();
  const error = visible(page, "agreement-error");
  await waitVisible(
    visible(page, "home-page").or(visible(page, "prefecture-picker")).or(error),
    "acceptAgreements: after 同意并继续, neither the next page nor an error appeared",
    t,
  );
  if (await error.count()) throw new Error(`acceptAgreements refused: ${await textOf(error)}`);
}

/** On the agreement page: 不同意, confirmed; returns once the login page shows (the session is ended). */
export async function declineAgreements(page: Page, options: StepOptions = {}): Promise<void> {
  const t = options.timeoutMs;
  const root = await agreementPage(page, t);
  if (!root) throw new Error("declineAgreements: the agreement page is not showing");
  await visible(root, "agreement-decline").first().click();
  const confirm = page.locator(".taro__modal .taro-model__confirm").filter({ visible: true });
  await waitVisible(confirm, "declineAgreements: the confirmation dialog did not appear", t);
  await confirm.first().click();
  await waitVisible(visible(page, "login-page"), "declineAgreements: the login page did not show", t);
}

/** Open the document of this kind from the agreement page and return its text; goes back to the page. */
export async function readAgreementDocument(page: Page, kind: "user_agreement" | "privacy_notice" | "sensitive_info", options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const root = await agreementPage(page, t);
  if (!root) throw new Error("readAgreementDocument: the agreement page is not showing");
  await visible(root, `agreement-open-${kind}`).first().click();
  const reader = page.locator(`[data-testid="agreement-reader"][data-kind="${kind}"]`).filter({ visible: true });
  await waitVisible(reader, `readAgreementDocument(${kind}): the document did not open`, t);
  const text = await textOf(reader.locator(`[data-testid="document-${kind}"]`));
  await visible(reader, "agreement-reader-close").first().click();
  await waitVisible(visible(page, "agreement-page"), `readAgreementDocument(${kind}): the agreement page did not come back`, t);
  return text;
}

async function openFromMine(page: Page, rowTestId: string, pageTestId: string, what: string, t?: number): Promise<Locator> {
  const mine = visible(page, "mine-page");
  await waitVisible(mine, `${what}: 我的 is not showing (open the 我的 tab first)`, t);
  await visible(mine, rowTestId).first().click();
  const opened = visible(page, pageTestId);
  await waitVisible(opened, `${what}: the page did not open`, t);
  return opened.first();
}

/** 我的 → 敏感个人信息授权 → 撤回同意 (confirmed); returns the status text shown afterwards. */
export async function withdrawSensitiveConsent(page: Page, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const root = await openFromMine(page, "mine-privacy", "privacy-page", "withdrawSensitiveConsent", t);
  const button = visible(root, "privacy-withdraw");
  await waitVisible(button, "withdrawSensitiveConsent: no 撤回同意 button (no consent given?)", t);
  await button.first().click();
  const confirm = page.locator(".taro__modal .taro-model__confirm").filter({ visible: true });
  await waitVisible(confirm, "withdrawSensitiveConsent: the confirmation dialog did not appear", t);
  await confirm.first().click();
  // 当前状态 reads 已同意 until the withdrawal is through ("已于…撤回" afterwards).
  const status = visible(root, "privacy-sensitive-status").filter({ hasNotText: "已同意" });
  await waitVisible(status, "withdrawSensitiveConsent: 当前状态 still reads 已同意", t);
  await modalGone(page, t);
  return textOf(status);
}

/** 我的 → 注销账号: the closure screen's two lists, as the person reads them. */
export async function openCloseAccount(page: Page, options: StepOptions = {}): Promise<{ deletes: string[]; keeps: string[] }> {
  const t = options.timeoutMs;
  const root = await openFromMine(page, "mine-close-account", "close-account-page", "openCloseAccount", t);
  const lines = async (id: string) => (await textsOf(visible(root, id).locator(".close-account__item")));
  return { deletes: await lines("close-account-deletes"), keeps: await lines("close-account-keeps") };
}

/** On the closure screen: tick the box, tap 注销账号 and confirm; returns once the login page shows. */
export async function closeAccount(page: Page, options: StepOptions = {}): Promise<void> {
  const t = options.timeoutMs;
  const root = visible(page, "close-account-page");
  await waitVisible(root, "closeAccount: the closure screen is not showing (call openCloseAccount first)", t);
  const box = visible(root, "close-account-understood");
  if ((await box.first().getAttribute("data-checked")) !== "true") await tickBox(box);
  await visible(root, "close-account-submit").first().click();
  const confirm = page.locator(".taro__modal .taro-model__confirm").filter({ visible: true });
  await waitVisible(confirm, "closeAccount: the confirmation dialog did not appear", t);
  await confirm.first().click();
  const error = visible(page, "close-account-error");
  await waitVisible(visible(page, "login-page").or(error), "closeAccount: neither the login page nor an error appeared", t);
  if (await error.count()) throw new Error(`closeAccount refused: ${await textOf(error)}`);
}
