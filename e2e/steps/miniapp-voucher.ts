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
  claimButton,
  chooseBenefitTab,
  exactText,
  gotoTab,
  modalGone,
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
  /** The benefit's title on the ticket. */
  title: string;
  /**
   * The signed token the QR code encodes, for the counter to "scan" (data-token of `voucher-qr`:
   * the page draws it as an image); "" when no QR is shown (not 待使用).
   */
  token: string;
  /** The 8-character 券码. */
  shortCode: string;
  /** The status tag as shown: 待使用 / 已核销 / 已取消 / 已过期. */
  status: string;
  /** The large line under the ticket's divider for a used-up voucher ("已核销", "已取消", "已过期"); "" for 待使用. */
  banner: string;
  /** What the page says happened and when ("核销时间 …", "取消时间 …，名额已退回"); "" for 待使用. */
  bannerSub: string;
}

export interface OpenVoucherOptions extends StepOptions {
  /** Look in this tab of 我的权益 only (default: 待使用, then 已使用, then 已失效). */
  tab?: BenefitTab;
}

export interface WhyNot {
  /** The panel's verdict line as shown: "您符合条件，可享：…", "您暂不符合领取条件", "您已领取该权益" … */
  verdict: string;
  /** Each `scenario-reason` (empty when eligible). */
  reasons: string[];
  /** Each `scenario-hint` (what would change it). */
  hints: string[];
  /** The benefit for my grade (`scenario-my-benefit`). */
  myBenefit: string;
  /** Whether the verdict reads 您符合条件. */
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
  const status = await textOf(statusEl);
  const codeEl = visible(root, "voucher-code");
  await waitVisible(codeEl, `${what}: the voucher page shows no 券码`, t);
  const shortCode = (await textOf(codeEl)).replace(/\s+/g, "");
  let token = "";
  let banner = "";
  let bannerSub = "";
  if (status === "待使用") {
    const qr = root.locator('[data-testid="voucher-qr"][data-token]:not([data-token=""])').filter({ visible: true });
    await waitVisible(qr, `${what}: the QR code did not appear`, t);
    token = (await qr.first().getAttribute("data-token")) ?? "";
  } else {
    const done = visible(root, "voucher-redeemed").or(visible(root, "voucher-void"));
    await waitVisible(done, `${what}: the voucher reads "${status}" but shows no 已核销 / 已取消 / 已过期 panel`, t);
    banner = await textOf(done.locator(".voucher__done-title, .voucher__void-title"));
    const sub = done.locator(".voucher__done-sub, .voucher__void-sub");
    bannerSub = (await sub.count()) ? await textOf(sub) : "";
  }
  return { title: await textOf(visible(root, "voucher-title")), token, shortCode, status, banner, bannerSub };
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
 * On an open scenario whose main button reads 出示券码 (already claimed): tap it and read the
 * voucher page it opens. Throws when the button says something else.
 */
export async function openVoucherFromScenario(page: Page, options: StepOptions = {}): Promise<VoucherView> {
  const t = options.timeoutMs;
  const what = "openVoucherFromScenario";
  const shown = await claimButton(page, options);
  if (shown.label !== "出示券码") throw new Error(`${what}: the scenario's button reads "${shown.label}", not 出示券码`);
  const detail = visible(page, "scenario-detail");
  await openOver(detail, visible(detail, "claim-button").first(), visible(page, "voucher-page"), `${what}: no voucher page opened`, t);
  const view = await readVoucher(page, what, t);
  // The voucher slides in from the right and may still be moving once it has loaded.
  const root = await visible(page, "voucher-page").first().elementHandle({ timeout: t });
  await root.waitForElementState("stable", { timeout: t });
  await root.dispose();
  return view;
}

/**
 * Wait until the open voucher page's status tag reads `status` (待使用 / 已核销 / 已取消 / 已过期);
 * the page polls the server every 3 s. Returns what it then shows.
 */
export async function waitForVoucherStatus(page: Page, status: string, timeoutMs?: number): Promise<VoucherView> {
  const what = `waitForVoucherStatus(${status})`;
  const root = await voucherRoot(page, what, timeoutMs);
  const target = visible(root, "voucher-status").filter({ hasText: exactText(status) });
  try {
    await target.first().waitFor({ state: "visible", timeout: timeoutMs });
  } catch {
    const shown = await textOf(visible(root, "voucher-status")).catch(() => "(no status)");
    throw new Error(`${what}: the voucher still reads "${shown}"`);
  }
  return readVoucher(page, what, timeoutMs);
}

/** On the open voucher page: 取消领取, confirm, and wait until it shows 已取消; returns what it then shows. */
export async function cancelVoucher(page: Page, options: StepOptions = {}): Promise<VoucherView> {
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
  const cancelled = visible(root, "voucher-status").filter({ hasText: exactText("已取消") });
  const error = visible(root, "voucher-cancel-error");
  await waitVisible(cancelled.or(error), `${what}: the voucher neither turned 已取消 nor showed an error`, t);
  if (await error.count()) throw new Error(`${what}: refused: ${await textOf(error)}`);
  await modalGone(page, t);
  return readVoucher(page, what, t);
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
  // The verdict is the panel's title, or for an eligible person its big first line.
  const verdict = await textOf(why.locator(".why__title, .why__line--big"));
  return {
    verdict,
    reasons: await textsOf(visible(why, "scenario-reason")),
    hints: await textsOf(visible(why, "scenario-hint")),
    myBenefit: await textOf(benefit),
    eligible: verdict.startsWith("您符合条件"),
  };
}
