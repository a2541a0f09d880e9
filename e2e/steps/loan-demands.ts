/**
 * Browser steps for 融资需求 (financing demands): the enterprise publishes one in the mini-program
 * (acting for the enterprise: `switchIdentity` first), banks take and answer it on the console's
 * 融资需求 board, the enterprise accepts one offer, which becomes an application with that bank.
 *
 * Every step waits for elements (never sleeps), judges an action by the server's answer, and throws
 * an Error with a readable reason otherwise.
 */
import type { Locator, Page } from "playwright-core";
import { clickUntilSent, waitVisible, type StepOptions } from "./admin";
import { pickOption, refusal, tableLoaded } from "./admin-loans";
import { modalGone, openOver, textOf, visible, visiblePrefixed, waitVisible as waitShown } from "./miniapp";
import { openLoans } from "./miniapp-loans";

export interface DemandInput {
  amountWan: number;
  termMonths: number;
  purpose: string;
  /** Labels of the acceptable guarantees, e.g. ["信用", "保证"]. */
  guarantees: string[];
  contactName: string;
  contactPhone: string;
}

export interface DemandTakeView {
  id: string;
  bank: string;
  status: string;
  offer: string;
  decline: string;
}

export interface DemandView {
  id: string;
  status: string;
  amount: string;
  slots: string;
  takes: DemandTakeView[];
}

function demandPage(page: Page): Locator {
  return page.locator('[data-testid="loan-demand-page"][data-state="ready"]').filter({ visible: true });
}

/** Home → 信易贷 → 发布融资需求: the demand page, ready. */
export async function openDemands(page: Page, options: StepOptions = {}): Promise<Locator> {
  const t = options.timeoutMs;
  await openLoans(page, options);
  const loans = visible(page, "loans-page");
  await openOver(loans, visible(loans, "loans-goto-demand"), demandPage(page), "openDemands: 融资需求 did not open (acting for an enterprise?)", t);
  return demandPage(page).first();
}

/** On the demand page: 发布融资需求 with this input and the consent ticked; answers the new demand's id. */
export async function publishDemand(page: Page, input: DemandInput, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const root = demandPage(page).first();
  await visible(root, "loan-demand-new").click();
  const form = visible(root, "demand-form");
  await waitShown(form, "publishDemand: the form did not open", t);
  await visible(form, "demand-amount-input").locator("input").fill(String(input.amountWan));
  await visible(form, "demand-term-input").locator("input").fill(String(input.termMonths));
  await visible(form, "demand-purpose-input").locator("textarea").fill(input.purpose);
  // Chips toggle: choose exactly the guarantees asked for, whatever the form starts with.
  for (const chip of await visible(form, "demand-guarantee").locator("[data-active]").all()) {
    const wanted = input.guarantees.includes((await chip.innerText()).trim());
    if ((await chip.getAttribute("data-active")) !== String(wanted)) await chip.click();
  }
  await visible(form, "demand-contact-name-input").locator("input").fill(input.contactName);
  await visible(form, "demand-contact-phone-input").locator("input").fill(input.contactPhone);
  const check = visible(form, "demand-consent-check").first();
  if ((await check.getAttribute("data-checked")) !== "true") await check.click();
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith("/me/loan-demands"), { timeout: t });
  await visible(form, "demand-submit").click();
  const response = await answered;
  if (response.status() !== 201) throw await refusal("publishDemand", response);
  const { id } = (await response.json()) as { id: string };
  await waitShown(visible(root, `demand-card-${id}`), "publishDemand: the new demand is not listed", t);
  return id;
}

/** The demand page read afresh (a person pulls to refresh; from another page, they go back to it first). */
export async function readDemand(page: Page, demandId: string, options: StepOptions = {}): Promise<DemandView> {
  const t = options.timeoutMs;
  if (!(await demandPage(page).count())) await page.goBack();
  await waitShown(demandPage(page), "readDemand: the demand page is not open", t);
  await page.reload();
  const card = visible(demandPage(page), `demand-card-${demandId}`);
  await waitShown(card, `readDemand: demand ${demandId} is not listed`, t);
  const takes: DemandTakeView[] = [];
  for (const take of await visiblePrefixed(card, "demand-take-").and(card.locator("[data-status]")).all()) {
    const offer = visible(take, "demand-take-offer");
    const decline = visible(take, "demand-take-decline");
    takes.push({
      id: ((await take.getAttribute("data-testid")) ?? "").replace(/^demand-take-/, ""),
      bank: await textOf(visible(take, "demand-take-bank")),
      status: await textOf(visible(take, "demand-take-status")),
      offer: (await offer.count()) ? await textOf(offer) : "",
      decline: (await decline.count()) ? await textOf(decline) : "",
    });
  }
  return {
    id: demandId,
    status: await textOf(visible(card, "demand-status")),
    amount: await textOf(visible(card, "demand-amount")),
    slots: (await visible(card, "demand-slots").count()) ? await textOf(visible(card, "demand-slots")) : "",
    takes,
  };
}

/** On the demand page: 接受此报价 on this bank's offer, confirmed; returns once the application opens. */
export async function acceptOffer(page: Page, demandId: string, bank: string, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const card = visible(demandPage(page), `demand-card-${demandId}`);
  const take = visiblePrefixed(card, "demand-take-").and(card.locator("[data-status]")).filter({ has: visible(page, "demand-take-bank").filter({ hasText: bank }) });
  await waitShown(take, `acceptOffer: no take by ${bank}`, t);
  await visible(take.first(), "demand-take-accept").click();
  const confirm = page.locator(".taro__modal .taro-model__confirm").filter({ visible: true });
  await waitShown(confirm, "acceptOffer: no confirmation was asked", t);
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && /\/me\/loan-demands\/[^/]+\/takes\/[^/]+\/accept$/.test(new URL(r.url()).pathname), { timeout: t });
  await confirm.click();
  await modalGone(page, t);
  const response = await answered;
  if (!response.ok()) throw await refusal("acceptOffer", response);
  const { id } = (await response.json()) as { id: string };
  await waitShown(page.locator('[data-testid="loan-application-page"][data-state="ready"]').filter({ visible: true }), "acceptOffer: the application did not open", t);
  return id;
}

/** Console → 融资需求: the demand's row on the 待接单 tab, once the board has loaded. */
export async function demandOnBoard(page: Page, demandId: string, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  await page.getByTestId("nav-loan-demands").click();
  const table = page.getByTestId("loan-demand-open-table");
  await waitVisible(table, "demandOnBoard: the board did not open", t);
  await tableLoaded(table, t);
  const row = page.getByTestId(`loan-demand-row-${demandId}`);
  await waitVisible(row, `demandOnBoard: demand ${demandId} is not on the board`, t);
  return textOf(row);
}

/** On the board: 接单; then the 本行已接 tab shows it with the bank's answer due. Returns that cell's text. */
export async function takeDemand(page: Page, demandId: string, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const response = await clickUntilSent(
    page,
    page.getByTestId(`loan-demand-take-${demandId}`),
    (r) => r.method() === "POST" && new URL(r.url()).pathname.endsWith(`/loan-demands/${demandId}/takes`),
    "takeDemand",
    t,
  );
  if (!response?.ok()) throw await refusal("takeDemand", response);
  await page.getByRole("tab", { name: /本行已接/ }).click();
  const status = page.getByTestId(`loan-demand-take-status-${demandId}`);
  await waitVisible(status, "takeDemand: the demand is not under 本行已接", t);
  return textOf(status);
}

export type DemandAnswer = { answer: "offer"; annualRate: number; amountWan?: number; termMonths?: number; note?: string } | { answer: "decline"; reasonLabel: string; text?: string };

/** Under 本行已接: 报价 or 婉拒 through the dialog; returns the row's answer cell afterwards. */
export async function answerDemand(page: Page, demandId: string, answer: DemandAnswer, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const what = `answerDemand(${answer.answer})`;
  await page.getByTestId(`loan-demand-${answer.answer}-${demandId}`).click();
  const dialog = page.locator(".ant-modal").filter({ has: page.getByTestId("loan-demand-answer-confirm") });
  await waitVisible(dialog, `${what}: the dialog did not open`, t);
  const fill = async (tid: string, value: number | undefined) => {
    if (value === undefined) return;
    const input = dialog.getByTestId(tid);
    await input.fill("");
    await input.fill(String(value));
  };
  if (answer.answer === "offer") {
    await fill("loan-offer-amount", answer.amountWan);
    await fill("loan-offer-rate", answer.annualRate);
    await fill("loan-offer-term", answer.termMonths);
    if (answer.note) await dialog.getByTestId("loan-offer-note").fill(answer.note);
  } else {
    await pickOption(page, dialog.getByTestId("loan-decline-reason"), answer.reasonLabel, `${what}: 婉拒原因`, t);
    if (answer.text) await dialog.getByTestId("loan-decline-text").fill(answer.text);
  }
  const response = await clickUntilSent(
    page,
    page.getByTestId("loan-demand-answer-confirm"),
    (r) => r.method() === "POST" && new URL(r.url()).pathname.endsWith(`/loan-demands/${demandId}/takes/mine/answer`),
    what,
    t,
  );
  if (!response?.ok()) throw await refusal(what, response);
  await dialog.waitFor({ state: "hidden", timeout: t });
  const expected = answer.answer === "offer" ? "已报价" : "已婉拒";
  const status = page.getByTestId(`loan-demand-take-status-${demandId}`);
  await waitVisible(status.filter({ hasText: expected }), `${what}: the answer cell does not read ${expected}`, t);
  return textOf(status);
}
