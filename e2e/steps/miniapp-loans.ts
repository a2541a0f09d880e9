/**
 * Browser steps for 信易贷 in the mini-program (H5 build): the products with my terms (from the home
 * screen's 信易贷 category), a product's detail and "why not", the application form with its consent,
 * and my applications with their timeline. Sign in first with `citizenLogin` (./miniapp); to act for
 * an enterprise, `switchIdentity` (./miniapp-identity). Use a mobile viewport (e.g. 390x844).
 *
 * Every step waits for elements (never sleeps), returns once the UI shows the outcome, and throws
 * an Error with a readable reason otherwise.
 */
import type { Locator, Page } from "playwright-core";
import { exactText, gotoTab, openOver, textOf, textsOf, visible, visiblePrefixed, waitPageReady, waitVisible, type StepOptions } from "./miniapp";

export interface LoanProductCard {
  id: string;
  name: string;
  bank: string;
  /** The tag: 可申请 / 暂不符合 / 办理中 / 待实名认证. */
  state: string;
  /** "最高可贷 300 万元，年利率 3.6% 起" for me, or the product's own range. */
  terms: string;
  reasons: string[];
  hints: string[];
}

/** Wait until a page that has just slid in stands still, so what is read and shot is where a person sees it. */
async function settle(root: Locator, t?: number): Promise<void> {
  const handle = await root.first().elementHandle({ timeout: t });
  await handle.waitForElementState("stable", { timeout: t });
  await handle.dispose();
}

/** The loans page once it has settled (ready or error: then throw). */
async function loansRoot(page: Page, what: string, t?: number): Promise<Locator> {
  const settled = page.locator('[data-testid="loans-page"][data-state="ready"], [data-testid="loans-page"][data-state="error"], [data-testid="loans-page"][data-state="unbound"]').filter({ visible: true });
  await waitVisible(settled, `${what}: the 信易贷 page did not load (at ${page.url()})`, t);
  const root = settled.first();
  if ((await root.getAttribute("data-state")) === "error") throw new Error(`${what}: the 信易贷 page shows an error: ${await textOf(root)}`);
  return root;
}

async function readCards(root: Locator): Promise<LoanProductCard[]> {
  const out: LoanProductCard[] = [];
  for (const card of await visiblePrefixed(root, "loan-product-card-").all()) {
    out.push({
      id: ((await card.getAttribute("data-testid")) ?? "").replace(/^loan-product-card-/, ""),
      name: await textOf(visible(card, "loan-product-name")),
      bank: await textOf(visible(card, "loan-product-bank")),
      state: await textOf(visible(card, "loan-product-state")),
      terms: await textOf(visible(card, "loan-product-terms")),
      reasons: await textsOf(visible(card, "loan-product-reason")),
      hints: await textsOf(visible(card, "loan-product-hint")),
    });
  }
  return out;
}

/** Home → the 信易贷 category: the products listed for me (the subject I act for). */
export async function openLoans(page: Page, options: StepOptions = {}): Promise<LoanProductCard[]> {
  const t = options.timeoutMs;
  await gotoTab(page, "home", t);
  const home = await waitPageReady(page, "home-page", "openLoans", t);
  const chip = visible(home, "category-loan");
  await waitVisible(chip, "openLoans: the home page has no 信易贷 category", t);
  await openOver(home, chip, visible(page, "loans-page"), "openLoans: tapping 信易贷 did not open the loans page", t);
  const root = await loansRoot(page, "openLoans", t);
  await settle(root, t);
  return readCards(root);
}

/** The products on the open 信易贷 page (after openLoans). */
export async function loanCards(page: Page, options: StepOptions = {}): Promise<LoanProductCard[]> {
  return readCards(await loansRoot(page, "loanCards", options.timeoutMs));
}

/** The card of the product with this exact name on the open 信易贷 page. */
export async function loanCard(page: Page, name: string, options: StepOptions = {}): Promise<LoanProductCard> {
  const cards = await loanCards(page, options);
  const card = cards.find((c) => c.name === name);
  if (!card) throw new Error(`loanCard(${name}): not listed; shown: ${cards.map((c) => `"${c.name}"`).join(", ") || "(none)"}`);
  return card;
}

export interface LoanProductView {
  id: string;
  state: string;
  /** The "我的" panel: "您符合申请条件（信用等级 A） 最高可贷 …" or "您暂不符合申请条件 …". */
  why: string;
  eligible: boolean;
  myTerms: string;
  reasons: string[];
  /** The footer button: 立即申请 / 暂不符合申请条件 / 查看我的申请进度 / 去实名认证. */
  action: string;
}

async function productRoot(page: Page, what: string, t?: number): Promise<Locator> {
  const settled = page.locator(`[data-testid="loan-product-page"][data-state="ready"]`).filter({ visible: true });
  await waitVisible(settled, `${what}: the product page did not load`, t);
  return settled.first();
}

/** From the open 信易贷 page, open the product with this exact name and read what it says for me. */
export async function openLoanProduct(page: Page, name: string, options: StepOptions = {}): Promise<LoanProductView> {
  const t = options.timeoutMs;
  const what = `openLoanProduct(${name})`;
  const root = await loansRoot(page, what, t);
  const { id } = await loanCard(page, name, options);
  const card = visible(root, `loan-product-card-${id}`);
  await openOver(root, card, visible(page, "loan-product-page"), `${what}: the product page did not open`, t);
  const detail = await productRoot(page, what, t);
  await settle(detail, t);
  const shownName = await textOf(visible(detail, "loan-product-name"));
  if (shownName !== name) throw new Error(`${what}: the page shows "${shownName}"`);
  const why = visible(detail, "loan-product-why");
  const myTerms = visible(detail, "loan-product-my-terms");
  return {
    id,
    state: await textOf(visible(detail, "loan-product-state")),
    why: await textOf(why),
    eligible: (await why.first().getAttribute("data-eligible")) === "true",
    myTerms: (await myTerms.count()) ? await textOf(myTerms) : "",
    reasons: await textsOf(visible(detail, "loan-product-reason")),
    action: await textOf(visible(detail, "loan-product-action")),
  };
}

export interface LoanApplyInput {
  amountWan: number;
  termMonths: number;
  purpose: string;
  /** A chip label of the product's repayment modes; needed when it offers more than one. */
  repayment?: string;
  contactName?: string;
  contactPhone: string;
}

export interface LoanApplyForm {
  /** The consent as the form words it: "授权建设银行云南省分行在2026年…前查询贵企业的信用报告，用于贷款审批". */
  consent: string;
  /** The consent's notes (purpose only, expiry, revoking, every look recorded). */
  consentNotes: string;
  /** The hint under the amount ("本产品可申请 …"). */
  amountHint: string;
  /** Terms shown at the top of the form. */
  myTerms: string;
}

/** On an open product: 立即申请, and read the form (with its consent) before filling it. */
export async function startLoanApplication(page: Page, options: StepOptions = {}): Promise<LoanApplyForm> {
  const t = options.timeoutMs;
  const detail = visible(page, "loan-product-page");
  const button = visible(detail, "loan-product-action").filter({ hasText: exactText("立即申请") });
  await waitVisible(button, "startLoanApplication: the product offers no 立即申请", t);
  const form = page.locator('[data-testid="loan-product-page"][data-mode="apply"]').filter({ visible: true });
  await openOver(detail, button, form, "startLoanApplication: the application form did not open", t);
  const root = form.first();
  await waitVisible(visible(root, "apply-form"), "startLoanApplication: no form on the page", t);
  await settle(root, t);
  const consent = visible(root, "apply-consent");
  const terms = visible(root, "loan-product-my-terms");
  return {
    consent: await textOf(visible(consent, "apply-consent-text")),
    consentNotes: await textOf(consent.locator(".loan-consent__notes")),
    amountHint: await textOf(visible(root, "apply-amountWan").locator(".field__hint")),
    myTerms: (await terms.count()) ? await textOf(terms) : "",
  };
}

export type LoanApplyResult = { ok: true; applicationId: string } | { ok: false; message: string; fieldErrors: string[] };

/**
 * Fill the open application form, tick the consent (unless `acceptConsent` is false) and 提交申请.
 * Answers the new application's id once its page shows, or what the form says.
 */
export async function submitLoanApplication(page: Page, input: LoanApplyInput, options: StepOptions & { acceptConsent?: boolean } = {}): Promise<LoanApplyResult> {
  const t = options.timeoutMs;
  const root = page.locator('[data-testid="loan-product-page"][data-mode="apply"]').filter({ visible: true }).first();
  await waitVisible(root, "submitLoanApplication: the application form is not open", t);
  await visible(root, "apply-amountWan").locator("input").fill(String(input.amountWan));
  await visible(root, "apply-termMonths").locator("input").fill(String(input.termMonths));
  await visible(root, "apply-purpose").locator("textarea").fill(input.purpose);
  if (input.repayment) await visible(root, "apply-repayment").getByText(input.repayment, { exact: true }).click();
  if (input.contactName !== undefined) await visible(root, "apply-contactName").locator("input").fill(input.contactName);
  await visible(root, "apply-contactPhone").locator("input").fill(input.contactPhone);
  const check = visible(root, "apply-consent-check");
  if ((options.acceptConsent ?? true) && (await check.first().getAttribute("data-checked")) !== "true") await check.first().click();

  const previous = visible(root, "apply-error");
  const seq = (await previous.count()) ? Number((await previous.first().getAttribute("data-seq")) ?? "0") : 0;
  const answered = page
    .waitForResponse((r) => r.request().method() === "POST" && /\/loan-products\/[^/]+\/applications$/.test(new URL(r.url()).pathname), { timeout: t })
    .catch(() => null);
  await visible(root, "apply-submit").first().click();
  const error = root.locator(`[data-testid="apply-error"][data-seq="${seq + 1}"]`).filter({ visible: true });
  const opened = page.locator('[data-testid="loan-application-page"][data-state="ready"]').filter({ visible: true });
  await waitVisible(error.or(opened), "submitLoanApplication: neither the application nor an error showed after 提交申请", t);
  if (await error.count()) {
    return { ok: false, message: await textOf(error), fieldErrors: await textsOf(root.locator('[data-testid$="-error"]:not([data-testid="apply-error"])').filter({ visible: true })) };
  }
  const response = await answered;
  if (!response || response.status() !== 201) throw new Error(`submitLoanApplication: the page moved on, but POST answered ${response?.status() ?? "nothing"}`);
  const { id } = (await response.json()) as { id: string };
  await settle(opened, t);
  return { ok: true, applicationId: id };
}

export interface LoanApplicationView {
  id: string;
  product: string;
  bank: string;
  status: string;
  /** The first-response promise while the bank has not decided. */
  promise: string;
  /** "授信结果 授信额度 200 万元 年利率 3.8% 期限 12 个月 …" ("" until approved). */
  approved: string;
  disbursed: string;
  rejection: string;
  rejectionReason: string;
  rejectionText: string;
  /** Timeline, oldest first: { label, actor, text }. */
  events: { label: string; actor: string; text: string }[];
  consent: string;
}

/** What the open application page shows. */
export async function readLoanApplication(page: Page, options: StepOptions = {}): Promise<LoanApplicationView> {
  const t = options.timeoutMs;
  const root = page.locator('[data-testid="loan-application-page"][data-state="ready"]').filter({ visible: true }).first();
  await waitVisible(root, "readLoanApplication: no application page is open", t);
  const optional = async (testId: string) => {
    const el = visible(root, testId);
    return (await el.count()) ? textOf(el) : "";
  };
  const events: LoanApplicationView["events"] = [];
  for (const e of await visible(root, "loan-application-event").all()) {
    events.push({ label: await textOf(visible(e, "loan-application-event-label")), actor: await textOf(visible(e, "loan-application-event-actor")), text: await textOf(e) });
  }
  return {
    id: new URL(page.url().replace("#", "")).searchParams.get("id") ?? "",
    product: await textOf(visible(root, "loan-application-product")),
    bank: await textOf(visible(root, "loan-application-bank")),
    status: await textOf(visible(root, "loan-application-status")),
    promise: await optional("loan-application-promise"),
    approved: await optional("loan-application-approved"),
    disbursed: await optional("loan-application-disbursed"),
    rejection: await optional("loan-application-rejection"),
    rejectionReason: await optional("loan-application-rejection-reason"),
    rejectionText: await optional("loan-application-rejection-text"),
    events,
    consent: await optional("loan-application-consent"),
  };
}

export interface LoanApplicationEntry {
  id: string;
  product: string;
  status: string;
  next: string;
}

/** 我的 → 我的贷款申请: the entries as listed, newest first. */
export async function myLoanApplications(page: Page, options: StepOptions = {}): Promise<LoanApplicationEntry[]> {
  const t = options.timeoutMs;
  await gotoTab(page, "mine", t);
  const mine = visible(page, "mine-page");
  await waitVisible(mine, "myLoanApplications: the 我的 page did not show", t);
  const settled = page.locator('[data-testid="loan-applications-page"][data-state="ready"]').filter({ visible: true });
  await openOver(mine, visible(mine, "mine-loan-applications"), settled, "myLoanApplications: 我的贷款申请 did not open", t);
  await settle(settled, t);
  const out: LoanApplicationEntry[] = [];
  for (const card of await visiblePrefixed(settled.first(), "loan-application-card-").all()) {
    out.push({
      id: ((await card.getAttribute("data-testid")) ?? "").replace(/^loan-application-card-/, ""),
      product: await textOf(visible(card, "loan-application-product")),
      status: await textOf(visible(card, "loan-application-status")),
      next: await textOf(visible(card, "loan-application-next")),
    });
  }
  return out;
}

/** On 我的贷款申请 (after myLoanApplications): open this application and read it. */
export async function openMyLoanApplication(page: Page, applicationId: string, options: StepOptions = {}): Promise<LoanApplicationView> {
  const t = options.timeoutMs;
  const list = visible(page, "loan-applications-page");
  const card = visible(list, `loan-application-card-${applicationId}`);
  await waitVisible(card, `openMyLoanApplication: 我的贷款申请 does not list ${applicationId}`, t);
  const opened = page.locator('[data-testid="loan-application-page"][data-state="ready"]').filter({ visible: true });
  await openOver(list, card, opened, "openMyLoanApplication: the application did not open", t);
  await settle(opened, t);
  return readLoanApplication(page, options);
}

/**
 * Home → 信易贷: the product with this exact name as its card says it for me — its tag and the
 * reasons it is not for me (with what would change it).
 */
export async function loanWhyNot(page: Page, name: string, options: StepOptions = {}): Promise<LoanProductCard> {
  await openLoans(page, options);
  return loanCard(page, name, options);
}
