/**
 * Browser steps for the credit screens of the citizens' mini-program (H5 build): 我的信用,
 * 实名认证, 授权管理 and 查询记录. Sign in first with `citizenLogin` (re-exported here from
 * ./miniapp). Use a mobile viewport (e.g. 390x844).
 *
 * Every step starts from the tab bar (so it works from any page of the mini-program), waits for
 * elements (never sleeps), returns once the UI shows the outcome, and throws an Error with a
 * readable reason otherwise. Timeouts are the page's defaults (page.setDefaultTimeout) unless
 * `timeoutMs` is given. Full ID numbers never go into error messages.
 */
import type { Locator, Page } from "playwright-core";
import { describeError, exactText, gotoTab, modalGone, textOf, textsOf, visible, visiblePrefixed, waitVisible, type StepOptions } from "./miniapp";
import { verifyRealName } from "./miniapp-identity";

export { citizenLogin, type StepOptions } from "./miniapp";

export interface MyCredit {
  /** The score in large type. */
  score: number;
  /** The top of the scale printed beside it ("/1000"). */
  scaleMax: number;
  /** The grade letter(s) shown, e.g. "A". */
  grade: string;
  /** The grade label shown beside it, e.g. "良好". */
  gradeLabel: string;
}

export interface MyCreditDetails extends MyCredit {
  blacklisted: boolean;
  /** "距离「优秀」还差 30 分", or the top-grade message. */
  nextBand: string;
  /** Each factor row: the points printed on it ("+10" → 10), and whether it is drawn grey (不计入). */
  factors: { recordId: string; contribution: number; counts: boolean; text: string }[];
  /** The 如何提升 lines, e.g. "占道经营 完成信用修复后可达 700 分 +20". */
  improvements: string[];
  /** Each record: its status label (e.g. "公示中"), and whether it carries the 逾期公示 tag. */
  records: { id: string; status: string; late: boolean; text: string }[];
}

export interface GrantOptions extends StepOptions {
  /** Validity from today: one of the quick choices 7, 30, 90 or 365 days (default: the form's 30 days). */
  days?: 7 | 30 | 90 | 365;
}

/** Wait until the page root shows one of `states` (its data-state); returns the state. */
async function waitState(page: Page, rootTestId: string, states: string[], what: string, t?: number): Promise<{ root: Locator; state: string }> {
  const settled = page.locator(states.map((s) => `[data-testid="${rootTestId}"][data-state="${s}"]`).join(", ")).filter({ visible: true });
  await waitVisible(settled, `${what}: the page did not finish loading (at ${page.url()})`, t);
  const root = settled.first();
  return { root, state: (await root.getAttribute("data-state")) ?? "" };
}

async function throwIfLoadError(root: Locator, state: string, what: string): Promise<void> {
  if (state !== "error") return;
  const message = await textsOf(root.locator('[data-testid$="-error"]'));
  throw new Error(`${what}: the page shows an error: ${message.join(" ") || "(no message)"}`);
}

/** 我的 → a cell (mine-realname, mine-consent, …); returns once the tapped page is showing. */
async function openFromMine(page: Page, cellTestId: string, targetTestId: string, what: string, t?: number): Promise<void> {
  await gotoTab(page, "mine", t);
  await waitVisible(visible(page, "mine-page"), `${what}: the 我的 page did not show`, t);
  const cell = visible(page, cellTestId);
  await waitVisible(cell, `${what}: the 我的 page has no ${cellTestId} entry`, t);
  const mine = await visible(page, "mine-page").first().elementHandle({ timeout: t });
  await cell.first().click();
  await waitVisible(visible(page, targetTestId), `${what}: tapping ${cellTestId} did not open ${targetTestId}`, t);
  // The new page slides in over 我的, whose tab bar stays visible (and would take clicks) until
  // the animation ends and Taro hides it.
  if (mine) {
    await mine.waitForElementState("hidden", { timeout: t }).catch((err: unknown) => {
      throw new Error(`${what}: 我的 stayed visible under ${targetTestId} (${describeError(err)})`);
    });
    await mine.dispose();
  }
}

/** Open 授权管理 (from 我的) and wait until it has loaded; throws when the account is not bound. */
export async function openConsentPage(page: Page, options: StepOptions = {}): Promise<Locator> {
  const t = options.timeoutMs;
  await openFromMine(page, "mine-consent", "consent-page", "openConsentPage", t);
  const { root, state } = await waitState(page, "consent-page", ["ready", "unbound", "error"], "openConsentPage", t);
  if (state === "unbound") throw new Error("openConsentPage: the account has no real-name binding (授权管理 asks to bind first)");
  await throwIfLoadError(root, state, "openConsentPage");
  return root;
}

/** Tap the 我的信用 tab and read the score and grade; throws when the account is not bound yet. */
export async function openMyCredit(page: Page, options: StepOptions = {}): Promise<MyCredit> {
  const t = options.timeoutMs;
  await gotoTab(page, "credit", t);
  const { root, state } = await waitState(page, "credit-page", ["ready", "unbound", "error"], "openMyCredit", t);
  if (state === "unbound") throw new Error("openMyCredit: the account has no real-name binding (我的信用 asks to bind first)");
  await throwIfLoadError(root, state, "openMyCredit");

  const scoreEl = visible(root, "credit-score");
  const gradeEl = visible(root, "credit-grade");
  await waitVisible(scoreEl.or(visible(root, "credit-pending")), "openMyCredit: neither a score nor 正在计算 is showing", t);
  if (!(await scoreEl.count())) throw new Error("openMyCredit: the subject has no evaluation yet (信用分正在计算中)");
  const scoreText = await textOf(scoreEl);
  const score = /^\d+$/.test(scoreText) ? Number(scoreText) : NaN;
  if (!Number.isFinite(score)) throw new Error(`openMyCredit: the score reads "${scoreText}"`);
  const scaleText = await textOf(visible(root, "credit-scale-max"));
  const scaleMax = Number(/^\/\s*(\d+)$/.exec(scaleText)?.[1] ?? NaN);
  if (!Number.isFinite(scaleMax)) throw new Error(`openMyCredit: the scale beside the score reads "${scaleText}"`);
  const grade = await textOf(gradeEl.locator(".credit__grade-code"));
  const gradeLabel = await textOf(gradeEl.locator(".credit__grade-label"));
  if (!grade) throw new Error("openMyCredit: credit-grade shows no grade");
  return { score, scaleMax, grade, gradeLabel };
}

/** openMyCredit, plus what the page explains: black list, next band, factors, 如何提升, records. */
export async function myCreditDetails(page: Page, options: StepOptions = {}): Promise<MyCreditDetails> {
  const summary = await openMyCredit(page, options);
  const root = visible(page, "credit-page").first();
  const factors: MyCreditDetails["factors"] = [];
  for (const el of await visiblePrefixed(root, "credit-factor-").all()) {
    const points = await textOf(visible(el, "factor-points"));
    factors.push({
      recordId: ((await el.getAttribute("data-testid")) ?? "").replace(/^credit-factor-/, ""),
      contribution: Number(points.replace(/^\+/, "").replace(/^[−–]/, "-")),
      // A factor that does not count is drawn grey (the legend's 不计入); a person sees no text for it.
      counts: !((await el.getAttribute("class")) ?? "").split(/\s+/).includes("factor--off"),
      text: await textOf(el),
    });
  }
  const records: MyCreditDetails["records"] = [];
  for (const el of await visiblePrefixed(root, "credit-record-").all()) {
    records.push({
      id: ((await el.getAttribute("data-testid")) ?? "").replace(/^credit-record-/, ""),
      status: await textOf(visible(el, "record-status")),
      late: (await visible(el, "record-late").filter({ hasText: "逾期公示" }).count()) > 0,
      text: await textOf(el),
    });
  }
  const nextBand = visible(root, "credit-next-band");
  return {
    ...summary,
    blacklisted: (await visible(root, "credit-blacklisted").count()) > 0,
    nextBand: (await nextBand.count()) ? await textOf(nextBand) : "",
    factors,
    improvements: await textsOf(visible(root, "credit-improvement")),
    records,
  };
}

/**
 * 实名认证 from 我的 (the identity service checks name and ID number): returns the masked ID
 * number the page then shows (e.g. "5301**********1234"). Throws with the message the page shows
 * when the check is refused, client-side ("身份证号码校验位不正确") or by the server.
 */
export async function bindRealName(page: Page, name: string, idNumber: string, options: StepOptions = {}): Promise<string> {
  const result = await verifyRealName(page, name, idNumber, options);
  if (!result.ok) throw new Error(`bindRealName refused: ${result.message}`);
  if (!result.idMasked) throw new Error("bindRealName: the page shows an empty masked ID number");
  return result.idMasked;
}

/** A grant in 授权管理 as the person reads it. */
export interface ShownGrant {
  id: string;
  partner: string;
  /** 有效 / 已撤销 / 已过期. */
  status: string;
  /** "用途：权益核验". */
  purpose: string;
  text: string;
}

/** The grants listed under 我的授权 of the open 授权管理 page. */
async function grantsOn(root: Locator): Promise<ShownGrant[]> {
  const out: ShownGrant[] = [];
  for (const el of await visiblePrefixed(root, "consent-item-").all()) {
    out.push({
      id: ((await el.getAttribute("data-testid")) ?? "").replace(/^consent-item-/, ""),
      partner: await textOf(visible(el, "consent-partner-name")),
      status: await textOf(visible(el, "consent-status")),
      purpose: await textOf(visible(el, "grant-purpose")),
      text: await textOf(el),
    });
  }
  return out;
}

/** The grant items of this partner whose status reads `status`. */
function grantItems(root: Locator, partnerName: string, status: string): Locator {
  return visiblePrefixed(root, "consent-item-")
    .filter({ has: root.page().getByTestId("consent-partner-name").filter({ hasText: exactText(partnerName) }) })
    .filter({ has: root.page().getByTestId("consent-status").filter({ hasText: exactText(status) }) });
}

/** 授权管理 (from 我的): 我的授权 as listed, 有效 first. */
export async function myGrants(page: Page, options: StepOptions = {}): Promise<ShownGrant[]> {
  return grantsOn(await openConsentPage(page, options));
}

/**
 * 授权管理 → 新增授权: grant the partner with this exact name access for `purpose` (its label in the list, e.g. "贷款审批"); returns
 * the new grant once it is listed as 有效. Throws with the form's message when the grant is refused.
 */
export async function grantConsent(page: Page, partnerName: string, purpose: string, options: GrantOptions = {}): Promise<ShownGrant> {
  const t = options.timeoutMs;
  const root = await openConsentPage(page, { timeoutMs: t });
  const before = new Set((await grantsOn(root)).map((g) => g.id));

  await visible(root, "consent-new").first().click();
  const form = visible(root, "consent-form");
  await waitVisible(form, "grantConsent: the 新增授权 form did not open", t);

  const partners = visible(form, "consent-partner");
  if (!(await partners.count())) throw new Error("grantConsent: the form offers no partner (暂无可授权的机构)");
  const partnerOptions = visiblePrefixed(partners, "consent-partner-option-");
  const option = partnerOptions.filter({ has: page.locator(".consent__partner-name", { hasText: exactText(partnerName) }) });
  if (!(await option.count())) {
    const offered = await textsOf(partnerOptions.locator(".consent__partner-name"));
    throw new Error(`grantConsent: "${partnerName}" is not offered; partners: ${offered.map((x) => `"${x}"`).join(", ") || "(none)"}`);
  }
  await option.first().click();
  const purposeOption = visiblePrefixed(visible(form, "consent-purpose"), "consent-purpose-option-").filter({
    has: page.locator(".consent__partner-name", { hasText: exactText(purpose) }),
  });
  if (!(await purposeOption.count())) throw new Error(`grantConsent: the purpose "${purpose}" is not in the list`);
  await purposeOption.first().click();
  if (options.days !== undefined) {
    const quick = visible(form, `consent-days-${options.days}`);
    if (!(await quick.count())) throw new Error(`grantConsent: no quick choice for ${options.days} days`);
    await quick.first().click();
  }

  const previous = visible(form, "consent-error");
  const previousSeq = (await previous.count()) ? Number((await previous.first().getAttribute("data-seq")) ?? "0") : 0;
  await visible(form, "consent-submit").first().click();

  const error = root.locator(`[data-testid="consent-error"][data-seq="${previousSeq + 1}"]`).filter({ visible: true });
  // The new item and the closed form arrive in one render; wait for the form to go or the error to show.
  await waitVisible(error.or(visible(root, "consent-new")), "grantConsent: after 确认授权, neither the new grant nor an error appeared", t);
  if (await error.count()) throw new Error(`grantConsent(${partnerName}) refused: ${await textOf(error)}`);
  const added = (await grantsOn(root)).find((g) => !before.has(g.id) && g.partner === partnerName && g.status === "有效");
  if (!added) {
    const listed = await textsOf(visiblePrefixed(root, "consent-item-"));
    throw new Error(`grantConsent(${partnerName}): the form closed but no new 有效 grant is listed; grants: ${listed.join(" | ") || "(none)"}`);
  }
  return added;
}

/**
 * 授权管理: revoke every 有效 grant of the partner with this exact name (confirming the dialog),
 * so the partner can no longer read the report; returns the grants as listed afterwards. Throws
 * when the partner has no active grant.
 */
export async function revokeConsent(page: Page, partnerName: string, options: StepOptions = {}): Promise<ShownGrant[]> {
  const t = options.timeoutMs;
  const root = await openConsentPage(page, { timeoutMs: t });
  const active = () => grantItems(root, partnerName, "有效");
  if (!(await active().count())) {
    const listed = await textsOf(visiblePrefixed(root, "consent-item-"));
    throw new Error(`revokeConsent: no 有效 grant for "${partnerName}"; grants: ${listed.join(" | ") || "(none)"}`);
  }
  for (let guard = 0; guard < 50 && (await active().count()); guard++) {
    const item = active().first();
    const id = ((await item.getAttribute("data-testid")) ?? "").replace(/^consent-item-/, "");
    await visible(item, `consent-revoke-${id}`).first().click();

    // Taro's H5 showModal: a DOM dialog outside the page.
    const confirm = page.locator(".taro__modal .taro-model__confirm").filter({ visible: true });
    await waitVisible(confirm, `revokeConsent(${partnerName}): the confirmation dialog did not appear`, t);
    await confirm.first().click();

    const status = visible(root, `consent-item-${id}`).getByTestId("consent-status");
    try {
      await status.filter({ hasText: exactText("已撤销") }).waitFor({ state: "visible", timeout: t });
    } catch {
      const shown = await textOf(status).catch(() => "(not listed)");
      throw new Error(`revokeConsent(${partnerName}): the grant did not turn 已撤销 (it reads "${shown}")`);
    }
    await modalGone(page, t);
  }
  return grantsOn(root);
}

/** An entry of 查询记录 as the person reads it. */
export interface ShownAccess {
  partner: string;
  /** "已授权" or "被拒绝". */
  result: string;
  /** Whether the result reads 已授权. */
  granted: boolean;
  /** "用途：权益核验". */
  purpose: string;
  text: string;
}

/** 授权管理 → 查询记录: who looked at the report, newest first, with 已授权 / 被拒绝 as shown. */
export async function reportAccesses(page: Page, options: StepOptions = {}): Promise<ShownAccess[]> {
  const root = await openConsentPage(page, options);
  const out: ShownAccess[] = [];
  for (const el of await visiblePrefixed(root, "access-item-").all()) {
    const result = await textOf(visible(el, "access-result"));
    out.push({
      partner: await textOf(el.locator(".access__partner")),
      result,
      granted: result === "已授权",
      purpose: await textOf(el.locator(".access__purpose")),
      text: await textOf(el),
    });
  }
  return out;
}
