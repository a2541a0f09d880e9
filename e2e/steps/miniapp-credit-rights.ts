/**
 * Browser steps for a subject's rights on their credit records in the mini-program (H5 build):
 * a record's detail from 我的信用 (its dates, 提出异议 / 申请信用修复), the objection form with
 * attachments, the repair form with proofs and the signed 信用承诺书, and 我的异议 / 我的信用修复
 * with each case's status, outcome and steps. Sign in first with `citizenLogin` (./miniapp); use a
 * mobile viewport.
 *
 * Every step waits for elements (never sleeps), returns once the UI shows the outcome, and throws
 * an Error with a readable reason otherwise.
 */
import type { Locator, Page } from "playwright-core";
import { gotoTab, openOver, textOf, textsOf, visible, visiblePrefixed, waitPageReady, waitVisible, type StepOptions } from "./miniapp";

/** A file to attach: its name, type and bytes (the page checks type and size, the server the content). */
export interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

async function settle(root: Locator, t?: number): Promise<void> {
  const handle = await root.first().elementHandle({ timeout: t });
  await handle.waitForElementState("stable", { timeout: t });
  await handle.dispose();
}

/** A page root in a final state (ready; error throws), settled where a person sees it. */
async function readyRoot(page: Page, testId: string, what: string, extra = "", t?: number): Promise<Locator> {
  const settled = page.locator(`[data-testid="${testId}"]${extra}[data-state="ready"], [data-testid="${testId}"]${extra}[data-state="error"]`).filter({ visible: true });
  await waitVisible(settled, `${what}: the page did not load (at ${page.url()})`, t);
  const root = settled.first();
  if ((await root.getAttribute("data-state")) === "error") throw new Error(`${what}: the page shows an error: ${await textOf(root)}`);
  await settle(root, t);
  return root;
}

async function optionalText(l: Locator): Promise<string> {
  return (await l.count()) ? textOf(l) : "";
}

export interface RecordView {
  /** 有效 / 异议中 / 已撤销 / 已修复 … */
  status: string;
  title: string;
  /** "-15 分" or "暂不计入" (and why). */
  effect: string;
  counts: boolean;
  repairableFrom: string;
  stopsCounting: string;
  mayObject: boolean;
  mayRepair: boolean;
  /** The line under each button: what it is for, or why it is not open now. */
  objectNote: string;
  repairNote: string;
  /** "异议中 …" / "修复审核中 …" when a case is open. */
  openCase: string;
  /** Repaired, withdrawn or run out: what the page says instead of the rights. */
  closed: string;
}

/** On an open record page: what it shows. */
export async function readCreditRecord(page: Page, options: StepOptions = {}): Promise<RecordView> {
  const root = await readyRoot(page, "credit-record-page", "readCreditRecord", "", options.timeoutMs);
  const rights = visible(root, "record-rights");
  const effect = visible(root, "record-effect");
  const has = (await rights.count()) > 0;
  return {
    status: await textOf(visible(root, "credit-record-status")),
    title: await textOf(visible(root, "credit-record-title")),
    effect: await optionalText(effect),
    counts: (await effect.count()) ? (await effect.first().getAttribute("data-counts")) === "true" : false,
    repairableFrom: has ? await textOf(visible(rights, "rights-repairable-from").locator(".rights__date-value")) : "",
    stopsCounting: has ? await textOf(visible(rights, "rights-stops-counting").locator(".rights__date-value")) : "",
    mayObject: has && (await rights.first().getAttribute("data-may-object")) === "true",
    mayRepair: has && (await rights.first().getAttribute("data-may-repair")) === "true",
    objectNote: has ? await textOf(visible(rights, "rights-object-note")) : "",
    repairNote: has ? await textOf(visible(rights, "rights-repair-note")) : "",
    openCase: [await optionalText(visible(root, "rights-open-objection")), await optionalText(visible(root, "rights-open-repair"))].filter(Boolean).join(" "),
    closed: await optionalText(visible(root, "credit-record-closed")),
  };
}

/** 我的信用 → tap one record: its detail with the dates and the actions. */
export async function openCreditRecord(page: Page, recordId: string, options: StepOptions = {}): Promise<RecordView> {
  const t = options.timeoutMs;
  await gotoTab(page, "credit", t);
  const credit = await waitPageReady(page, "credit-page", "openCreditRecord", t);
  const row = visible(credit, `credit-record-${recordId}`);
  await waitVisible(row, `openCreditRecord(${recordId}): 我的信用 does not list the record`, t);
  await row.first().scrollIntoViewIfNeeded();
  await openOver(credit, row, visible(page, "credit-record-page"), `openCreditRecord(${recordId}): the record page did not open`, t);
  return readCreditRecord(page, options);
}

/** 我的信用's list: each record's status pill as shown ("异议中", "已撤销"…), by record id. */
export async function recordStatuses(page: Page, options: StepOptions = {}): Promise<Record<string, string>> {
  await gotoTab(page, "credit", options.timeoutMs);
  const credit = await waitPageReady(page, "credit-page", "recordStatuses", options.timeoutMs);
  const out: Record<string, string> = {};
  for (const el of await visiblePrefixed(credit, "credit-record-").all()) {
    out[((await el.getAttribute("data-testid")) ?? "").replace(/^credit-record-/, "")] = await textOf(visible(el, "record-status"));
  }
  return out;
}

export type FormResult = { ok: true; id: string } | { ok: false; message: string; fieldErrors: Record<string, string> };

/** The visible field errors of a form, by the field's test id ("objection-ground" → "请选择异议理由"). */
async function fieldErrors(form: Locator): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const el of await form.locator(".field--error").filter({ visible: true }).all()) {
    const id = (await el.getAttribute("data-testid")) ?? "?";
    out[id] = await textOf(el.locator(".field__error"));
  }
  return out;
}

async function attach(form: Locator, pickerTestId: string, fieldTestId: string, files: readonly UploadFile[], what: string, t?: number): Promise<void> {
  if (!files.length) return;
  const picker = form.locator(`[data-testid="${pickerTestId}"]`).first();
  const before = (await picker.getAttribute("data-count")) ?? "0";
  // The file input is hidden behind its button (as a person taps 选择文件); it takes files all the same.
  await form.locator(`[data-testid="${pickerTestId}-input"]`).first().setInputFiles(files.map((f) => ({ name: f.name, mimeType: f.mimeType, buffer: f.buffer })), { timeout: t });
  const added = form.locator(`[data-testid="${pickerTestId}"]:not([data-count="${before}"])`);
  const refused = visible(form, `${fieldTestId}-error`);
  await waitVisible(added.or(refused), `${what}: the picked files neither showed nor were refused`, t);
}

/** Files listed in a picker ("复议决定书.pdf"…). */
export async function pickedFiles(form: Locator, pickerTestId: string): Promise<string[]> {
  const out: string[] = [];
  for (const el of await visible(form, `${pickerTestId}-file`).all()) out.push((await el.getAttribute("data-name")) ?? "");
  return out;
}

/** Remove a picked file by its name. */
export async function removePickedFile(form: Locator, pickerTestId: string, name: string): Promise<void> {
  const row = form.locator(`[data-testid="${pickerTestId}-file"][data-name="${name}"]`).filter({ visible: true });
  await waitVisible(row, `removePickedFile(${name}): not listed`);
  await visible(row, `${pickerTestId}-remove`).first().click();
  await row.first().waitFor({ state: "detached" });
}

async function submitAndWait(
  page: Page,
  form: Locator,
  prefix: "objection" | "repair",
  pathPattern: RegExp,
  detail: Locator,
  what: string,
  t?: number,
): Promise<FormResult> {
  const previous = visible(form, `${prefix}-error`);
  const seq = (await previous.count()) ? Number((await previous.first().getAttribute("data-seq")) ?? "0") : 0;
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && pathPattern.test(new URL(r.url()).pathname), { timeout: t }).catch(() => null);
  await visible(form, `${prefix}-submit`).first().click();
  const error = form.locator(`[data-testid="${prefix}-error"][data-seq="${seq + 1}"]`).filter({ visible: true });
  await waitVisible(error.or(detail), `${what}: neither the case nor an error showed after submitting`, t);
  if (await error.count()) return { ok: false, message: await textOf(error), fieldErrors: await fieldErrors(form) };
  const response = await answered;
  if (!response || response.status() !== 201) throw new Error(`${what}: the page moved on, but POST answered ${response?.status() ?? "nothing"}`);
  const body = (await response.json()) as { id: string };
  return { ok: true, id: body.id };
}

export interface ObjectionInput {
  /** A ground chip's label ("记录内容有误"); none: left unchosen. */
  ground?: string;
  explanation: string;
  files?: UploadFile[];
}

/** On an open record page: 提出异议 → the form (the record shown in it). Answers the form's root. */
export async function startObjection(page: Page, options: StepOptions = {}): Promise<Locator> {
  const t = options.timeoutMs;
  const record = await readyRoot(page, "credit-record-page", "startObjection", "", t);
  const button = visible(record, "rights-object");
  await waitVisible(button, "startObjection: the record offers no 提出异议", t);
  const form = page.locator('[data-testid="objection-page"][data-mode="form"][data-state="ready"]').filter({ visible: true });
  await openOver(record, button, form, "startObjection: the objection form did not open", t);
  await waitVisible(visible(form, "objection-form"), "startObjection: the page shows no form (the record may not allow one)", t);
  await settle(form, t);
  return form.first();
}

/** Fill the open objection form (files are added to those already picked) and 提交异议. */
export async function submitObjection(page: Page, input: ObjectionInput, options: StepOptions = {}): Promise<FormResult> {
  const t = options.timeoutMs;
  const form = page.locator('[data-testid="objection-page"][data-mode="form"]').filter({ visible: true }).first();
  await waitVisible(form, "submitObjection: the objection form is not open", t);
  if (input.ground) await visible(form, "objection-ground-chips").getByText(input.ground, { exact: true }).click();
  await visible(form, "objection-explanation").locator("textarea").fill(input.explanation);
  await attach(form, "objection-files", "objection-attachments", input.files ?? [], "submitObjection", t);
  const detail = page.locator('[data-testid="objection-page"][data-mode="detail"][data-state="ready"]').filter({ visible: true });
  return submitAndWait(page, form, "objection", /\/me\/objections$/, detail, "submitObjection", t);
}

export interface CaseView {
  /** submitted / accepted / … as data-status. */
  status: string;
  statusLabel: string;
  /** Deadline line ("受理期限：2026年12月9日") while open. */
  due: string;
  decision: string;
  reason: string;
  steps: string[];
  stepReasons: string[];
  files: string[];
  text: string;
}

/** On an open objection page (after submitting, from 我的异议, or from a message). */
export async function readObjection(page: Page, options: StepOptions = {}): Promise<CaseView> {
  const root = await readyRoot(page, "objection-page", "readObjection", '[data-mode="detail"]', options.timeoutMs);
  const status = visible(root, "objection-status");
  return {
    status: (await status.first().getAttribute("data-status")) ?? "",
    statusLabel: await textOf(status),
    due: await optionalText(visible(root, "objection-due")),
    decision: await optionalText(visible(root, "objection-decision-text")),
    reason: await optionalText(visible(root, "objection-decision-reason")),
    steps: await textsOf(visible(root, "objection-steps-step-label")),
    stepReasons: await textsOf(visible(root, "objection-steps-step-reason")),
    files: await textsOf(visible(root, "objection-files-shown-file").locator(".case-files__name")),
    text: await textOf(root),
  };
}

export interface CaseCard {
  id: string;
  title: string;
  status: string;
  reason: string;
}

async function readCards(root: Locator, prefix: "my-objection" | "my-repair"): Promise<CaseCard[]> {
  const out: CaseCard[] = [];
  for (const card of await root.locator(`[data-testid^="${prefix}-"][data-status]`).filter({ visible: true }).all()) {
    out.push({
      id: ((await card.getAttribute("data-testid")) ?? "").slice(prefix.length + 1),
      title: await textOf(visible(card, `${prefix}-title`)),
      status: await textOf(visible(card, `${prefix}-status`)),
      reason: await optionalText(visible(card, `${prefix}-reason`)),
    });
  }
  return out;
}

async function openList(page: Page, link: string, rootId: string, what: string, t?: number): Promise<Locator> {
  await gotoTab(page, "credit", t);
  const credit = await waitPageReady(page, "credit-page", what, t);
  const entry = visible(credit, link);
  await waitVisible(entry, `${what}: 我的信用 has no ${link} entry`, t);
  await entry.first().scrollIntoViewIfNeeded();
  await openOver(credit, entry, visible(page, rootId), `${what}: the list did not open`, t);
  return readyRoot(page, rootId, what, "", t);
}

/** 我的信用 → 我的异议: my objections as listed. */
export async function openMyObjections(page: Page, options: StepOptions = {}): Promise<CaseCard[]> {
  return readCards(await openList(page, "credit-objections", "objections-page", "openMyObjections", options.timeoutMs), "my-objection");
}

/** From the open 我的异议, open one objection. */
export async function openObjectionFromList(page: Page, id: string, options: StepOptions = {}): Promise<CaseView> {
  const t = options.timeoutMs;
  const list = await readyRoot(page, "objections-page", "openObjectionFromList", "", t);
  await openOver(list, visible(list, `my-objection-${id}`), visible(page, "objection-page"), `openObjectionFromList(${id}): the case did not open`, t);
  return readObjection(page, options);
}

export interface RepairInput {
  proofs?: UploadFile[];
  certificate?: UploadFile;
  /** Tick the 信用承诺书 (default true). */
  accept?: boolean;
}

export interface RepairFormView {
  root: Locator;
  commitmentTitle: string;
  commitmentText: string;
  commitmentVersion: string;
  notice: string;
}

/** On an open record page: 申请信用修复 → the form, with the 信用承诺书 as shown. */
export async function startRepair(page: Page, options: StepOptions = {}): Promise<RepairFormView> {
  const t = options.timeoutMs;
  const record = await readyRoot(page, "credit-record-page", "startRepair", "", t);
  const button = visible(record, "rights-repair");
  await waitVisible(button, "startRepair: the record offers no 申请信用修复", t);
  const form = page.locator('[data-testid="repair-page"][data-mode="form"][data-state="ready"]').filter({ visible: true });
  await openOver(record, button, form, "startRepair: the repair form did not open", t);
  await waitVisible(visible(form, "repair-form"), "startRepair: the page shows no form (the record may not allow repair)", t);
  await settle(form, t);
  const text = visible(form, "repair-commitment-text");
  return {
    root: form.first(),
    commitmentTitle: await textOf(text.locator(".repair-commitment__title")),
    commitmentText: await textOf(text),
    commitmentVersion: (await text.first().getAttribute("data-version")) ?? "",
    notice: await textOf(visible(form, "repair-form-notice")),
  };
}

/** Fill the open repair form, tick the commitment (unless accept is false) and submit. */
export async function submitRepair(page: Page, input: RepairInput, options: StepOptions = {}): Promise<FormResult> {
  const t = options.timeoutMs;
  const form = page.locator('[data-testid="repair-page"][data-mode="form"]').filter({ visible: true }).first();
  await waitVisible(form, "submitRepair: the repair form is not open", t);
  await attach(form, "repair-proof-files", "repair-proofs", input.proofs ?? [], "submitRepair", t);
  if (input.certificate) await attach(form, "repair-certificate-files", "repair-certificate", [input.certificate], "submitRepair", t);
  const check = visible(form, "repair-commitment-check").first();
  const want = input.accept ?? true;
  if (((await check.getAttribute("data-checked")) === "true") !== want) await check.click();
  const detail = page.locator('[data-testid="repair-page"][data-mode="detail"][data-state="ready"]').filter({ visible: true });
  return submitAndWait(page, form, "repair", /\/me\/repairs$/, detail, "submitRepair", t);
}

/** On an open repair application. */
export async function readRepair(page: Page, options: StepOptions = {}): Promise<CaseView & { signed: string }> {
  const root = await readyRoot(page, "repair-page", "readRepair", '[data-mode="detail"]', options.timeoutMs);
  const status = visible(root, "repair-status");
  return {
    status: (await status.first().getAttribute("data-status")) ?? "",
    statusLabel: await textOf(status),
    due: await optionalText(visible(root, "repair-due")),
    decision: await optionalText(visible(root, "repair-decision-text")),
    reason: await optionalText(visible(root, "repair-decision-reason")),
    steps: await textsOf(visible(root, "repair-steps-step-label")),
    stepReasons: await textsOf(visible(root, "repair-steps-step-reason")),
    files: await textsOf(visible(root, "repair-proofs-shown-file").locator(".case-files__name")),
    signed: await textOf(visible(root, "repair-signed")),
    text: await textOf(root),
  };
}

/** 我的信用 → 我的信用修复. */
export async function openMyRepairs(page: Page, options: StepOptions = {}): Promise<CaseCard[]> {
  return readCards(await openList(page, "credit-repairs", "repairs-page", "openMyRepairs", options.timeoutMs), "my-repair");
}

export async function openRepairFromList(page: Page, id: string, options: StepOptions = {}): Promise<CaseView & { signed: string }> {
  const t = options.timeoutMs;
  const list = await readyRoot(page, "repairs-page", "openRepairFromList", "", t);
  await openOver(list, visible(list, `my-repair-${id}`), visible(page, "repair-page"), `openRepairFromList(${id}): the application did not open`, t);
  return readRepair(page, options);
}
