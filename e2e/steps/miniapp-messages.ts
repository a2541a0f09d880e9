/**
 * Browser steps for 消息 (the message center) and 我的承诺 (信易批 commitments) in the mini-program
 * (H5 build): the unread count on 我的, the message list, opening what a message is about, my
 * commitments and one case with its 信用承诺书 to sign. Sign in first with `citizenLogin` (./miniapp);
 * use a mobile viewport (e.g. 390x844).
 *
 * Every step waits for elements (never sleeps), returns once the UI shows the outcome, and throws
 * an Error with a readable reason otherwise.
 */
import type { Locator, Page } from "playwright-core";
import { gotoTab, openOver, textOf, textsOf, visible, visiblePrefixed, waitVisible, type StepOptions } from "./miniapp";

/** Wait until a page that has just slid in stands still, so what is read and shot is where a person sees it. */
async function settle(root: Locator, t?: number): Promise<void> {
  const handle = await root.first().elementHandle({ timeout: t });
  await handle.waitForElementState("stable", { timeout: t });
  await handle.dispose();
}

/** A page root in a final state (ready; error or missing → throw with what it says). */
async function pageRoot(page: Page, testId: string, what: string, t?: number): Promise<Locator> {
  const settled = page
    .locator(`[data-testid="${testId}"][data-state="ready"], [data-testid="${testId}"][data-state="error"], [data-testid="${testId}"][data-state="missing"]`)
    .filter({ visible: true });
  await waitVisible(settled, `${what}: ${testId} did not finish loading (at ${page.url()})`, t);
  const root = settled.first();
  const state = await root.getAttribute("data-state");
  if (state !== "ready") throw new Error(`${what}: ${testId} shows ${state}: ${await textOf(root)}`);
  return root;
}

async function openMine(page: Page, what: string, t?: number): Promise<Locator> {
  await gotoTab(page, "mine", t);
  const mine = visible(page, "mine-page");
  await waitVisible(mine, `${what}: the 我的 page did not show`, t);
  return mine.first();
}

/**
 * 我的 → the unread count beside 消息 once it has loaded (0 when no badge shows). The badge text is
 * checked against the count: "99+" stands for anything above 99.
 */
export async function unreadOnMine(page: Page, options: StepOptions = {}): Promise<number> {
  const t = options.timeoutMs;
  const mine = await openMine(page, "unreadOnMine", t);
  const row = mine.locator('[data-testid="mine-messages"]:not([data-unread=""])').filter({ visible: true });
  await waitVisible(row, "unreadOnMine: 消息 on 我的 never showed its unread count", t);
  const unread = Number(await row.first().getAttribute("data-unread"));
  const badge = visible(row, "mine-messages-unread");
  const shown = (await badge.count()) ? await textOf(badge) : "";
  const expected = unread <= 0 ? "" : unread > 99 ? "99+" : String(unread);
  if (shown !== expected) throw new Error(`unreadOnMine: ${unread} unread, but the badge shows "${shown}"`);
  return unread;
}

export interface ShownMessage {
  id: string;
  kind: string;
  /** The kind's label as shown: 信用承诺, 异议处理 … */
  kindLabel: string;
  title: string;
  body: string;
  read: boolean;
  /** The page key it leads to ("" when none). */
  link: string;
}

export interface ShownMessages {
  /** The unread count the list's bar states (0 when it says 全部已读). */
  unread: number;
  items: ShownMessage[];
}

async function readMessages(root: Locator): Promise<ShownMessages> {
  const items: ShownMessage[] = [];
  // Only the messages carry data-read (message-list, message-title … share the prefix).
  for (const el of await root.locator('[data-testid^="message-"][data-read]').filter({ visible: true }).all()) {
    const testId = (await el.getAttribute("data-testid")) ?? "";
    const read = (await el.getAttribute("data-read")) === "true";
    if (read === (await visible(el, "message-unread-dot").count()) > 0) throw new Error(`readMessages: ${testId} is ${read ? "read" : "unread"} but its dot says otherwise`);
    items.push({
      id: testId.replace(/^message-/, ""),
      kind: (await el.getAttribute("data-kind")) ?? "",
      kindLabel: await textOf(visible(el, "message-kind")),
      title: await textOf(visible(el, "message-title")),
      body: await textOf(visible(el, "message-body")),
      read,
      link: (await el.getAttribute("data-link")) ?? "",
    });
  }
  const bar = visible(root, "messages-unread");
  const barText = (await bar.count()) ? await textOf(bar) : "";
  const unread = /^(\d+) 条未读$/.exec(barText)?.[1];
  const count = unread ? Number(unread) : 0;
  if (!unread && barText && barText !== "全部已读") throw new Error(`readMessages: the bar reads "${barText}"`);
  if (String(count) !== (await root.getAttribute("data-unread"))) throw new Error(`readMessages: the bar says ${count} unread, the page ${await root.getAttribute("data-unread")}`);
  return { unread: count, items };
}

/** 我的 → 消息: the messages as listed, newest first, and the unread count. */
export async function openMessages(page: Page, options: StepOptions = {}): Promise<ShownMessages> {
  const t = options.timeoutMs;
  const mine = await openMine(page, "openMessages", t);
  const opened = page.locator('[data-testid="messages-page"][data-state="ready"]').filter({ visible: true });
  await openOver(mine, visible(mine, "mine-messages"), opened, "openMessages: 消息 did not open", t);
  const root = await pageRoot(page, "messages-page", "openMessages", t);
  await settle(root, t);
  return readMessages(root);
}

/** The messages on the open 消息 page as they stand now. */
export async function shownMessages(page: Page, options: StepOptions = {}): Promise<ShownMessages> {
  return readMessages(await pageRoot(page, "messages-page", "shownMessages", options.timeoutMs));
}

/**
 * On 消息: tap the message with this title (the newest such) and wait until the page it leads to
 * (root test id `opensTestId`, e.g. "commitment-page") is ready.
 */
export async function openMessage(page: Page, title: string, opensTestId: string, options: StepOptions = {}): Promise<void> {
  const t = options.timeoutMs;
  const what = `openMessage(${title})`;
  const root = await pageRoot(page, "messages-page", what, t);
  const { items } = await readMessages(root);
  const m = items.find((x) => x.title === title);
  if (!m) throw new Error(`${what}: not listed; shown: ${items.map((x) => `"${x.title}"`).join(", ") || "(none)"}`);
  const opened = page.locator(`[data-testid="${opensTestId}"][data-state="ready"]`).filter({ visible: true });
  await openOver(root, visible(root, `message-${m.id}`), opened, `${what}: ${opensTestId} did not open`, t);
  await settle(opened, t);
}

export interface CommitmentEntry {
  id: string;
  matter: string;
  type: string;
  status: string;
  /** "补齐期限 2026年12月15日 · 还剩 7 天" ("" when there is no date to keep). */
  due: string;
  next: string;
}

/** 我的 → 我的承诺: the cases as listed, newest first. */
export async function myCommitments(page: Page, options: StepOptions = {}): Promise<CommitmentEntry[]> {
  const t = options.timeoutMs;
  const mine = await openMine(page, "myCommitments", t);
  const opened = page.locator('[data-testid="commitments-page"][data-state="ready"]').filter({ visible: true });
  await openOver(mine, visible(mine, "mine-commitments"), opened, "myCommitments: 我的承诺 did not open", t);
  const root = await pageRoot(page, "commitments-page", "myCommitments", t);
  await settle(root, t);
  const out: CommitmentEntry[] = [];
  for (const card of await visiblePrefixed(root, "commitment-card-").all()) {
    const due = visible(card, "commitment-due");
    out.push({
      id: ((await card.getAttribute("data-testid")) ?? "").replace(/^commitment-card-/, ""),
      matter: await textOf(visible(card, "commitment-matter")),
      type: await textOf(visible(card, "commitment-type")),
      status: await textOf(visible(card, "commitment-status")),
      due: (await due.count()) ? await textOf(due) : "",
      next: await textOf(visible(card, "commitment-next")),
    });
  }
  return out;
}

/** On 我的承诺: open this case and read it. */
export async function openMyCommitment(page: Page, id: string, options: StepOptions = {}): Promise<CommitmentView> {
  const t = options.timeoutMs;
  const root = await pageRoot(page, "commitments-page", "openMyCommitment", t);
  const card = visible(root, `commitment-card-${id}`);
  await waitVisible(card, `openMyCommitment: 我的承诺 does not list ${id}`, t);
  const opened = page.locator('[data-testid="commitment-page"][data-state="ready"]').filter({ visible: true });
  await openOver(root, card, opened, "openMyCommitment: the case did not open", t);
  await settle(opened, t);
  return readCommitment(page, options);
}

export interface CommitmentView {
  id: string;
  status: string;
  type: string;
  matter: string;
  department: string;
  /** What happens next ("" once the case has ended: the outcome says it). */
  next: string;
  due: string;
  /** 容缺 items: name and 待补齐 / 已补齐. */
  items: { text: string; supplied: boolean }[];
  /** The 信用承诺书 as shown. */
  text: string;
  /** "张明 已于 … 在线签署" ("" until signed). */
  signature: string;
  outcome: string;
  outcomeReason: string;
  /** The note that a broken commitment is now a credit record ("" otherwise). */
  brokenRecord: string;
  /** Timeline labels, oldest first. */
  events: string[];
  /** The sign bar shows (the case waits for the subject). */
  signable: boolean;
}

/** What the open case page shows. */
export async function readCommitment(page: Page, options: StepOptions = {}): Promise<CommitmentView> {
  const root = await pageRoot(page, "commitment-page", "readCommitment", options.timeoutMs);
  const optional = async (testId: string) => {
    const el = visible(root, testId);
    return (await el.count()) ? textOf(el) : "";
  };
  const items: CommitmentView["items"] = [];
  for (const el of await visible(root, "commitment-missing-item").all()) {
    items.push({ text: await textOf(el), supplied: (await el.getAttribute("data-supplied")) === "true" });
  }
  return {
    id: new URL(page.url().replace("#", "")).searchParams.get("id") ?? "",
    status: await textOf(visible(root, "commitment-status")),
    type: await textOf(visible(root, "commitment-type")),
    matter: await textOf(visible(root, "commitment-matter")),
    department: await textOf(visible(root, "commitment-department")),
    next: await optional("commitment-next"),
    due: await optional("commitment-due"),
    items,
    text: await textOf(visible(root, "commitment-text")),
    signature: await optional("commitment-signature"),
    outcome: await optional("commitment-outcome-label"),
    outcomeReason: await optional("commitment-outcome-reason"),
    brokenRecord: await optional("commitment-broken-record"),
    events: await textsOf(visible(root, "commitment-event-label")),
    signable: (await visible(root, "commitment-sign").count()) > 0,
  };
}

export type SignResult = { ok: true; view: CommitmentView } | { ok: false; message: string; fieldError: string };

/**
 * On an open case waiting for signature: tick the box (unless `accept` is false) and 签署承诺. Answers
 * the case as it then shows, or what the page says when refused.
 */
export async function signOpenCommitment(page: Page, options: StepOptions & { accept?: boolean } = {}): Promise<SignResult> {
  const t = options.timeoutMs;
  const root = await pageRoot(page, "commitment-page", "signOpenCommitment", t);
  const bar = visible(root, "commitment-sign");
  await waitVisible(bar, "signOpenCommitment: the case offers no 签署承诺", t);
  const check = visible(bar, "commitment-sign-accepted");
  const checked = (await check.first().getAttribute("data-checked")) === "true";
  if ((options.accept ?? true) !== checked) await check.first().click();

  const previous = visible(bar, "commitment-sign-error");
  const seq = (await previous.count()) ? Number((await previous.first().getAttribute("data-seq")) ?? "0") : 0;
  await visible(bar, "commitment-sign-submit").first().click();
  const fieldError = visible(bar, "commitment-sign-accepted-error");
  const formError = root.locator(`[data-testid="commitment-sign-error"][data-seq="${seq + 1}"]`).filter({ visible: true });
  const signed = page.locator('[data-testid="commitment-page"][data-state="ready"]:not([data-status="pending_signature"])').filter({ visible: true });
  await waitVisible(fieldError.or(formError).or(signed), "signOpenCommitment: neither the signed case nor an error showed after 签署承诺", t);
  if (await signed.count()) return { ok: true, view: await readCommitment(page, options) };
  return { ok: false, message: (await formError.count()) ? await textOf(formError) : "", fieldError: (await fieldError.count()) ? await textOf(fieldError) : "" };
}
