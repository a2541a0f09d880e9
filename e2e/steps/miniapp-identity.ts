/**
 * Browser steps for "who is who" in the citizens' mini-program (H5 build): 实名认证, 企业认证
 * (法定代表人 binding, 经办人 mandate requests with an uploaded letter), 企业授权管理 of the legal
 * representative, and the identity switcher of 我的. Sign in first with `citizenLogin`.
 *
 * Every step starts from the tab bar, waits for elements or the server's answer (never sleeps),
 * returns what a person reads, and throws an Error with a readable reason otherwise. Full ID
 * numbers never go into error messages.
 */
import type { Locator, Page } from "playwright-core";
import {
  exactText,
  gotoTab,
  openOver,
  textOf,
  textsOf,
  visible,
  visiblePrefixed,
  waitVisible,
  type StepOptions,
} from "./miniapp";
import { agreementPage } from "./miniapp-privacy";

/** Outcome of a form the server may refuse: the message the page shows for this attempt. */
export type Refused = { ok: false; message: string };

function byText(root: Page | Locator, text: string | RegExp): Locator {
  return root.getByText(text, { exact: typeof text === "string" }).filter({ visible: true });
}

/** The seq of the form's current error message (0 when none), to tell the next attempt's message apart. */
async function errorSeq(root: Locator, testId: string): Promise<number> {
  const el = visible(root, testId);
  return (await el.count()) ? Number((await el.first().getAttribute("data-seq")) ?? "0") : 0;
}

function errorAfter(root: Locator, testId: string, seq: number): Locator {
  return root.locator(`[data-testid="${testId}"][data-seq="${seq + 1}"]`).filter({ visible: true });
}

/** 我的 → 实名认证 / 企业认证: the binding page, once /me has answered. */
async function openBind(page: Page, mode: "citizen" | "enterprise", what: string, t?: number): Promise<Locator> {
  await gotoTab(page, "mine", t);
  const mine = visible(page, "mine-page");
  await waitVisible(mine, `${what}: the 我的 page did not show`, t);
  const cell = visible(mine, mode === "citizen" ? "mine-realname" : "mine-enterprise");
  const settled = page
    .locator(["verified", "unverified", "error"].map((s) => `[data-testid="bind-page"][data-state="${s}"]`).join(", "))
    .filter({ visible: true });
  await openOver(mine, cell, settled, `${what}: the ${mode === "citizen" ? "实名认证" : "企业认证"} page did not open`, t);
  const root = settled.first();
  if ((await root.getAttribute("data-state")) === "error") throw new Error(`${what}: the page shows an error: ${await textOf(root)}`);
  if ((await root.getAttribute("data-mode")) !== mode) await visible(root, `bind-mode-${mode}`).first().click();
  return root;
}

/**
 * 实名认证 from 我的: fill name and ID number and submit. Answers the masked ID number the page
 * then shows, or the refusal as the page words it ("姓名与身份证号码核验未通过…").
 */
export async function verifyRealName(
  page: Page,
  name: string,
  idNumber: string,
  options: StepOptions = {},
): Promise<{ ok: true; idMasked: string; shownName: string } | Refused> {
  const t = options.timeoutMs;
  const root = await openBind(page, "citizen", "verifyRealName", t);
  if ((await root.getAttribute("data-state")) === "verified") throw new Error("verifyRealName: the account is already verified");
  const form = visible(root, "bind-form");
  await waitVisible(form, "verifyRealName: the 实名认证 form did not show", t);
  await visible(form, "bind-name").locator("input").fill(name);
  await visible(form, "bind-id-number").locator("input").fill(idNumber);
  const seq = await errorSeq(root, "bind-error");
  await visible(form, "bind-submit").first().click();

  const done = visible(root, "bind-done");
  const error = errorAfter(root, "bind-error", seq);
  await waitVisible(done.or(error), "verifyRealName: after 提交核验, neither 已完成实名认证 nor an error appeared", t);
  if (await error.count()) return { ok: false, message: await textOf(error) };
  return { ok: true, idMasked: await textOf(visible(done, "bind-id-masked")), shownName: await textOf(visible(done, "bind-subject-name")) };
}

/** After a refusal asking for the privacy consent: tap 阅读并同意; returns once the agreement page has loaded. */
export async function openAgreementFromBindError(page: Page, options: StepOptions = {}): Promise<Locator> {
  const t = options.timeoutMs;
  const link = visible(page, "bind-goto-agreement");
  await waitVisible(link, "openAgreementFromBindError: the refusal offers no 阅读并同意", t);
  await link.first().click();
  await waitVisible(visible(page, "agreement-page"), "openAgreementFromBindError: the agreement page did not open", t);
  const root = await agreementPage(page, t);
  if (!root) throw new Error("openAgreementFromBindError: the agreement page did not open");
  return root;
}

/** The enterprises 企业认证 lists as held by the account: "昆明滇池文旅发展有限公司 法定代表人 9153…". */
async function heldEnterprises(root: Locator): Promise<string[]> {
  const held = visible(root, "ent-held");
  return (await held.count()) ? textsOf(visiblePrefixed(held, "identity-").and(root.locator("[data-current]"))) : [];
}

/**
 * 企业认证 from 我的: enter the USCC and bind as the enterprise's registered legal representative.
 * Answers the enterprises then listed as held, or the refusal the page shows (the 经办人 form
 * then opens below it: see requestMandate).
 */
export async function bindEnterprise(page: Page, uscc: string, options: StepOptions = {}): Promise<{ ok: true; held: string[] } | Refused> {
  const t = options.timeoutMs;
  const root = await openBind(page, "enterprise", "bindEnterprise", t);
  if ((await root.getAttribute("data-state")) !== "verified") throw new Error("bindEnterprise: the page asks for 实名认证 first");
  const form = visible(root, "ent-form");
  await waitVisible(form, "bindEnterprise: the 企业认证 form did not show", t);
  await visible(form, "ent-uscc").locator("input").fill(uscc);
  const seq = await errorSeq(root, "ent-error");
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith("/me/enterprises"), { timeout: t });
  await visible(form, "ent-submit").first().click();
  const res = await answered;

  const error = errorAfter(root, "ent-error", seq);
  if (!res.ok()) {
    await waitVisible(error, `bindEnterprise: the server refused (HTTP ${res.status()}) but the page shows no message`, t);
    return { ok: false, message: await textOf(error) };
  }
  const body = (await res.json()) as { identities?: { subjectId: string; kind: string }[] };
  const ids = (body.identities ?? []).filter((i) => i.kind === "enterprise").map((i) => i.subjectId);
  await waitVisible(visible(root, "ent-held"), "bindEnterprise: bound, but 我可代表的企业 does not list it", t);
  for (const id of ids) await waitVisible(visible(root, `identity-${id}`), "bindEnterprise: an enterprise the server answered is not listed", t);
  return { ok: true, held: await heldEnterprises(root) };
}

export interface MandateInput {
  enterpriseName: string;
  /** As the form words it: the legal representative approves in their app, or an administrator reviews the letter. */
  approver: "法定代表人在其小程序中审批" | "上传授权书由州市管理员审核";
  /** A file on disk (PDF, JPG or PNG) chosen through the page's file chooser. */
  letterFile?: string;
  note?: string;
}

/**
 * Choose the letter through the page's file chooser; answers the form's message when the file
 * is refused on the phone (type or size), or the picked file's name as shown.
 */
export async function chooseLetter(page: Page, file: string, options: StepOptions = {}): Promise<{ ok: true; shown: string } | Refused> {
  const t = options.timeoutMs;
  const form = visible(page, "mandate-form");
  await waitVisible(form, "chooseLetter: the 经办人授权申请 form is not showing", t);
  // The letter goes with the administrator's review.
  const choose = visible(form, "mandate-letter-choose");
  if (!(await choose.count())) await byText(form, "上传授权书由州市管理员审核").first().click();
  await waitVisible(choose, "chooseLetter: the form offers no 选择文件", t);
  const seq = await errorSeq(form, "mandate-error");
  const [chooser] = await Promise.all([page.waitForEvent("filechooser", { timeout: t }), choose.first().click()]);
  await chooser.setFiles(file);
  const picked = visible(form, "mandate-letter-picked");
  const error = errorAfter(form, "mandate-error", seq);
  const name = file.split(/[\\/]/).pop() ?? file;
  const thisFile = picked.filter({ hasText: name });
  await waitVisible(thisFile.or(error), "chooseLetter: neither the file nor an error is showing", t);
  if (await error.count()) return { ok: false, message: await textOf(error) };
  return { ok: true, shown: await textOf(thisFile) };
}

/**
 * The 经办人授权申请 form that opens after a refused binding: fill it and submit. Answers the new
 * request as 我的授权申请 lists it ("昆明滇池文旅发展有限公司 待审核 …"), or the form's message.
 */
export async function requestMandate(page: Page, input: MandateInput, options: StepOptions = {}): Promise<{ ok: true; listed: string } | Refused> {
  const t = options.timeoutMs;
  const form = visible(page, "mandate-form");
  await waitVisible(form, "requestMandate: the 经办人授权申请 form is not showing (bind first, and be refused)", t);
  await visible(form, "mandate-enterprise-name").locator("input").fill(input.enterpriseName);
  await byText(form, input.approver).first().click();
  if (input.letterFile) {
    const picked = await chooseLetter(page, input.letterFile, options);
    if (!picked.ok) return picked;
  }
  if (input.note) await visible(form, "mandate-note").locator("input").fill(input.note);
  const seq = await errorSeq(form, "mandate-error");
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith("/me/enterprise-mandates"), {
    timeout: t,
  });
  await visible(form, "mandate-submit").first().click();
  const res = await answered.catch(() => null);
  if (!res || !res.ok()) {
    const error = errorAfter(form, "mandate-error", seq);
    await waitVisible(error, `requestMandate: refused (HTTP ${res?.status() ?? "no request"}) but the form shows no message`, t);
    return { ok: false, message: await textOf(error) };
  }
  const { id } = (await res.json()) as { id: string };
  const item = visible(page, `my-mandate-${id}`);
  await waitVisible(item, "requestMandate: submitted, but 我的授权申请 does not list it", t);
  return { ok: true, listed: await textOf(item) };
}

/** 企业认证 → 我的授权申请, newest first, as listed. */
export async function myMandates(page: Page, options: StepOptions = {}): Promise<string[]> {
  const t = options.timeoutMs;
  const root = await openBind(page, "enterprise", "myMandates", t);
  // The list loads after the page settles; an account without requests shows none.
  await waitVisible(root.locator('[data-testid="ent-section"][data-mandates="ready"]'), "myMandates: 我的授权申请 did not load", t);
  const list = visible(root, "my-mandates");
  if (!(await list.count())) return [];
  return textsOf(visiblePrefixed(list, "my-mandate-").and(list.locator("[data-status]")));
}

/** The 我的 page's header: the name the account shows and its badge ("已实名", "企业 · 经办人"). */
export async function mineProfile(page: Page, options: StepOptions = {}): Promise<{ name: string; badge: string; text: string }> {
  const t = options.timeoutMs;
  await gotoTab(page, "mine", t);
  const mine = visible(page, "mine-page");
  await waitVisible(mine, "mineProfile: the 我的 page did not show", t);
  const badge = visible(mine, "mine-verified");
  return { name: await textOf(visible(mine, "mine-name")), badge: (await badge.count()) ? await textOf(badge) : "", text: await textOf(mine) };
}

/** 我的 → 切换身份: the row of the identity with this name. */
async function identityRow(page: Page, name: string, what: string, t?: number): Promise<{ mine: Locator; row: Locator }> {
  await gotoTab(page, "mine", t);
  const mine = visible(page, "mine-page");
  const switcher = visible(mine, "mine-identities");
  await waitVisible(switcher, `${what}: 我的 shows no 切换身份 (the account holds no enterprise)`, t);
  const row = visiblePrefixed(switcher, "identity-").and(switcher.locator("[data-current]")).filter({ hasText: name });
  if (!(await row.count())) throw new Error(`${what}: 切换身份 lists no "${name}"; it lists: ${(await textsOf(visiblePrefixed(switcher, "identity-").and(switcher.locator("[data-current]")))).join(" | ")}`);
  return { mine, row: row.first() };
}

/** 我的 → 切换身份 → 切换 on the identity with this name; answers the 我的 header afterwards. */
export async function switchIdentity(page: Page, name: string, options: StepOptions = {}): Promise<{ name: string; badge: string; text: string }> {
  const t = options.timeoutMs;
  const { mine, row } = await identityRow(page, name, `switchIdentity(${name})`, t);
  // The current identity reads 当前身份 where the others offer 切换.
  const currentTag = row.locator(".identity-list__current").filter({ hasText: exactText("当前身份") });
  if (!(await currentTag.count())) {
    const id = ((await row.getAttribute("data-testid")) ?? "").replace(/^identity-/, "");
    await visible(row, `identity-switch-${id}`).first().click();
    await waitVisible(currentTag, `switchIdentity(${name}): the identity did not become 当前身份`, t);
    await waitVisible(visible(mine, "mine-name").filter({ hasText: name }), `switchIdentity(${name}): 我的 does not show the new name`, t);
  }
  return mineProfile(page, options);
}

/** 我的 → 切换身份 → 授权管理 of an enterprise the account represents legally; answers the page root. */
export async function openEnterpriseManagement(page: Page, enterpriseName: string, options: StepOptions = {}): Promise<Locator> {
  const t = options.timeoutMs;
  const { mine, row } = await identityRow(page, enterpriseName, "openEnterpriseManagement", t);
  const link = byText(row, "授权管理");
  if (!(await link.count())) throw new Error(`openEnterpriseManagement: "${enterpriseName}" offers no 授权管理 (not its legal representative)`);
  const settled = page.locator('[data-testid="enterprise-page"][data-state="ready"], [data-testid="enterprise-page"][data-state="error"]').filter({ visible: true });
  await openOver(mine, link, settled, "openEnterpriseManagement: 企业授权管理 did not open", t);
  const root = settled.first();
  if ((await root.getAttribute("data-state")) === "error") throw new Error(`openEnterpriseManagement: the page shows an error: ${await textOf(root)}`);
  return root;
}

/** 企业授权管理 as listed: 待审批 requests and the accounts acting for the enterprise. */
export async function enterpriseAgents(root: Locator): Promise<{ pending: string[]; active: string[] }> {
  const items = (section: string) => textsOf(visiblePrefixed(visible(root, section), "ent-mandate-").and(root.locator("[data-status]")));
  return { pending: await items("enterprise-pending"), active: await items("enterprise-active") };
}

/**
 * 企业授权管理: 同意 / 拒绝 a pending request, or 撤销 an active one, of the agent with this name,
 * confirming the dialog; answers the lists afterwards.
 */
export async function decideAgent(
  page: Page,
  agentName: string,
  action: "同意" | "拒绝" | "撤销",
  options: StepOptions = {},
): Promise<{ pending: string[]; active: string[] }> {
  const t = options.timeoutMs;
  const root = visible(page, "enterprise-page").first();
  await waitVisible(root, "decideAgent: 企业授权管理 is not open", t);
  const section = visible(root, action === "撤销" ? "enterprise-active" : "enterprise-pending");
  const item = visiblePrefixed(section, "ent-mandate-").and(section.locator("[data-status]")).filter({ hasText: agentName });
  if (!(await item.count())) throw new Error(`decideAgent: no ${action === "撤销" ? "active" : "pending"} entry for ${agentName}`);
  const testId = (await item.first().getAttribute("data-testid")) ?? "";
  const button = { 同意: "approve", 拒绝: "reject", 撤销: "revoke" }[action];
  await visible(item.first(), testId.replace(/^ent-mandate-/, `ent-${button}-`)).first().click();
  // Taro's H5 showModal: a DOM dialog outside the page.
  const confirm = page.locator(".taro__modal .taro-model__confirm").filter({ visible: true });
  await waitVisible(confirm, `decideAgent(${agentName}, ${action}): the confirmation dialog did not appear`, t);
  await confirm.first().click();
  // The entry's status tag, as the legal representative reads it (MANDATE_STATUS_LABELS).
  const expected = action === "同意" ? "已生效" : action === "拒绝" ? "未通过" : "已撤销";
  const status = root.locator(`[data-testid="${testId}"] .agent__status`).filter({ hasText: exactText(expected) });
  await waitVisible(status, `decideAgent(${agentName}, ${action}): the entry does not read ${expected}`, t);
  return enterpriseAgents(root);
}

