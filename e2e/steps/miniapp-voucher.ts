/**
 * Browser steps for vouchers and the "why / why not" of the citizens' mini-program (H5 build):
 * 我的权益 → a voucher (QR token, 券码, status, 取消领取) and a scenario's reasons and hints.
 * Sign in first with `citizenLogin` (re-exported here from ./miniapp). Use a mobile viewport
 * (e.g. 390x844).
 *
 * Every step waits for elements (never sleeps), returns once the UI shows the outcome, and throws
 * an Error with a readable reason otherwise. Timeouts are the page's defaults
 * (page.setDefaultTimeout) unless `timeoutMs` is given.
 */
import type { Locator, Page } from "playwright-core";
import {
  BENEFIT_TABS,
  chooseBenefitTab,
  exactText,
  gotoTab,
  openOver,
  openScenario,
  textOf,
  textsOf,
  visible,
  visiblePrefixed,
  waitPageReady,
  waitVisible,
  type BenefitTab,
  type HomeListOptions,
  type StepOptions,
} from "./miniapp";

export { citizenLogin, claim, openScenario, type StepOptions } from "./miniapp";

export interface VoucherView {
  /** The signed token the QR code encodes (data-token of `voucher-qr`); "" when no QR is shown (not 待使用). */
  token: string;
  /** The 8-character 券码. */
  shortCode: string;
  /** claimed / redeemed / expired / cancelled (data-status of `voucher-status`). */
  status: string;
}

export interface OpenVoucherOptions extends StepOptions {
  /** Look in this tab of 我的权益 only (default: 待使用, then 已使用, then 已失效). */
  tab?: BenefitTab;
}

export interface WhyNot {
  /** Each `scenario-reason` (empty when eligible). */
  reasons: string[];
  /** Each `scenario-hint` (what would change it). */
  hints: string[];
  /** The benefit for my grade (`scenario-my-benefit`). */
  myBenefit: string;
  eligible: boolean;
}

/** The open voucher page (the visible one), once it has loaded. */
async function voucherRoot(page: Page, what: string, t?: number): Promise<Locator> {
  const settled = page
    .locator('[data-testid="voucher-page"][data-state="ready"], [data-testid="voucher-page"][data-state="error"], [data-testid="voucher-page"][data-state="missing"]')
    .filter({ visible: true });
  await waitVisible(settled, `${what}: no voucher page is open (at ${page.url()})`, t);
  const root = settled.first();
  const state = await root.getAttribute("data-state");
  if (state === "missing") throw new Error(`${what}: the voucher page says the voucher does not exist`);
  if (state === "error") {
    const message = await textsOf(root.locator('[data-testid="voucher-error"]'));
    throw new Error(`${what}: the voucher page shows an error: ${message.join(" ") || "(no message)"}`);
  }
  return root;
}

/** What the open voucher page shows; for an unused voucher, waits for the QR code. */
async function readVoucher(page: Page, what: string, t?: number): Promise<VoucherView> {
  const root = await voucherRoot(page, what, t);
  const statusEl = visible(root, "voucher-status");
  await waitVisible(statusEl, `${what}: the voucher page shows no status`, t);
  const status = (await statusEl.first().getAttribute("data-status")) ?? "";
  const codeEl = visible(root, "voucher-code");
  await waitVisible(codeEl, `${what}: the voucher page shows no 券码`, t);
  const shortCode = (await textOf(codeEl)).replace(/\s+/g, "");
  let token = "";
  if (status === "claimed") {
    const qr = root.locator('[data-testid="voucher-qr"][data-token]:not([data-token=""])').filter({ visible: true });
    await waitVisible(qr, `${what}: the QR code did not appear`, t);
    token = (await qr.first().getAttribute("data-token")) ?? "";
  }
  return { token, shortCode, status };
}

/**
 * From 我的权益, open the voucher of the scenario with this exact title (the newest one, looking
 * in 待使用 first, then 已使用 and 已失效 unless `options.tab` says which) and read it.
 */
export async function openVoucher(page: Page, title: string, options: OpenVoucherOptions = {}): Promise<VoucherView> {
  const t = options.timeoutMs;
  const what = `openVoucher(${title})`;
  await gotoTab(page, "benefits", t);
  await waitPageReady(page, "benefits-page", what, t);
  const looked: string[] = [];
  for (const tab of options.tab ? [options.tab] : BENEFIT_TABS) {
    const root = await chooseBenefitTab(page, tab, { timeoutMs: t });
    const items = visiblePrefixed(root, "benefit-item-");
    const item = items.filter({ has: page.locator('[data-testid="benefit-title"]', { hasText: exactText(title) }) });
    if (!(await item.count())) {
      looked.push(`${tab}: ${(await textsOf(items.locator('[data-testid="benefit-title"]'))).map((x) => `"${x}"`).join(", ") || "(none)"}`);
      continue;
    }
    const claimId = ((await item.first().getAttribute("data-testid")) ?? "").replace(/^benefit-item-/, "");
    await openOver(
      root,
      item.first(),
      page.locator(`[data-testid="voucher-page"][data-claim-id="${claimId}"]`).filter({ visible: true }),
      `${what}: the voucher page did not open`,
      t,
    );
    return readVoucher(page, what, t);
  }
  throw new Error(`${what}: no voucher titled "${title}" in 我的权益; shown: ${looked.join("; ")}`);
}

/**
 * Wait until the open voucher page shows `status` (claimed / redeemed / expired / cancelled);
 * the page polls the server every 3 s. Returns what it then shows.
 */
export async function waitForVoucherStatus(page: Page, status: string, timeoutMs?: number): Promise<VoucherView> {
  const what = `waitForVoucherStatus(${status})`;
  const root = await voucherRoot(page, what, timeoutMs);
  const target = root.locator(`[data-testid="voucher-status"][data-status="${status}"]`).filter({ visible: true });
  try {
    await target.first().waitFor({ state: "visible", timeout: timeoutMs });
  } catch {
    const shown = await visible(root, "voucher-status").first().getAttribute("data-status").catch(() => null);
    throw new Error(`${what}: the voucher still shows "${shown ?? "(no status)"}"`);
  }
  if (status === "redeemed") await waitVisible(visible(root, "voucher-redeemed"), `${what}: the 已核销 banner is not showing`, timeoutMs);
  return readVoucher(page, what, timeoutMs);
}

/** On the open voucher page: 取消领取, confirm, and wait until it shows 已取消. */
export async function cancelVoucher(page: Page, options: StepOptions = {}): Promise<void> {
  const t = options.timeoutMs;
  const what = "cancelVoucher";
  const root = await voucherRoot(page, what, t);
  const button = visible(root, "voucher-cancel");
  await waitVisible(button, `${what}: no 取消领取 button (only an unused voucher can be cancelled)`, t);
  await button.first().click();
  // Taro's H5 modal.
  const confirm = page.locator(".taro__modal .taro-model__confirm").filter({ visible: true });
  await waitVisible(confirm, `${what}: the confirmation did not appear`, t);
  await confirm.first().click();
  const cancelled = root.locator('[data-testid="voucher-status"][data-status="cancelled"]').filter({ visible: true });
  const error = visible(root, "voucher-cancel-error");
  await waitVisible(cancelled.or(error), `${what}: the voucher neither turned 已取消 nor showed an error`, t);
  if (await error.count()) throw new Error(`${what}: refused: ${await textOf(error)}`);
}

/**
 * Open the scenario with this exact title from the home page and read its "why / why not":
 * the reasons, the hints and the benefit for my grade.
 */
export async function scenarioWhyNot(page: Page, title: string, options: HomeListOptions = {}): Promise<WhyNot> {
  const t = options.timeoutMs;
  await openScenario(page, title, options);
  const detail = visible(page, "scenario-detail");
  const why = visible(detail, "scenario-why");
  await waitVisible(why, `scenarioWhyNot(${title}): the detail page has no eligibility panel`, t);
  const benefit = visible(why, "scenario-my-benefit");
  await waitVisible(benefit, `scenarioWhyNot(${title}): the benefit for my grade is not showing`, t);
  return {
    reasons: await textsOf(visible(why, "scenario-reason")),
    hints: await textsOf(visible(why, "scenario-hint")),
    myBenefit: await textOf(benefit),
    eligible: (await why.first().getAttribute("data-eligible")) === "true",
  };
}
