/**
 * Browser steps for the console's 企业授权审核 (mandate requests with an uploaded letter, decided
 * by the enterprise's prefecture administrators), driven through the UI only. Sign in first with
 * `adminLogin` (re-exported here from ./admin).
 *
 * Every step waits for elements or responses (never sleeps), returns what the administrator
 * reads, and throws an Error with a readable reason otherwise.
 */
import type { Locator, Page } from "playwright-core";
import { adminUrl, clickUntilSent, waitVisible, type StepOptions } from "./admin";

export { adminLogin } from "./admin";

async function textOf(locator: Locator): Promise<string> {
  return (await locator.first().innerText()).replace(/\s+/g, " ").trim();
}

/** Open 企业授权审核 from the menu (待审核 shown first); answers the rows' texts. */
export async function openMandateQueue(page: Page, baseUrl: string, options: StepOptions = {}): Promise<string[]> {
  const t = options.timeoutMs;
  await page.goto(adminUrl(baseUrl, "/scenarios"));
  const nav = page.getByTestId("nav-mandates");
  await waitVisible(nav, "openMandateQueue: the menu has no 企业授权审核 (not an administrator?)", t);
  const listed = page.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname.endsWith("/enterprise-mandates"), { timeout: t });
  await nav.click();
  const res = await listed;
  if (!res.ok()) throw new Error(`openMandateQueue: the queue did not load (HTTP ${res.status()})`);
  const table = page.getByTestId("mandate-table");
  await waitVisible(table, "openMandateQueue: the table did not show", t);
  await table.locator(".ant-spin-spinning").waitFor({ state: "detached", timeout: t }).catch(() => undefined);
  const rows = table.locator('tr[data-testid^="mandate-row-"]');
  return (await rows.allInnerTexts()).map((x) => x.replace(/\s+/g, " ").trim());
}

/**
 * 审核 the queue's row naming this enterprise and applicant: opens the drawer and waits for the
 * uploaded letter to show (image inline or PDF viewer). Answers the drawer and its text.
 */
export async function openMandate(page: Page, match: { enterpriseName: string; agentName: string }, options: StepOptions = {}): Promise<{ drawer: Locator; text: string; letter: "image" | "pdf" }> {
  const t = options.timeoutMs;
  const row = page.locator('tr[data-testid^="mandate-row-"]').filter({ hasText: match.enterpriseName }).filter({ hasText: match.agentName });
  await waitVisible(row, `openMandate: no request of ${match.agentName} for ${match.enterpriseName} in the queue`, t);
  await row.first().getByRole("button").first().click();
  const drawer = page.getByTestId("mandate-detail");
  await waitVisible(drawer, "openMandate: the detail drawer did not open", t);
  const image = drawer.getByTestId("mandate-letter-image");
  const pdf = drawer.getByTestId("mandate-letter-pdf");
  await waitVisible(image.or(pdf), `openMandate: the letter did not show (${await textOf(drawer)})`, t);
  if (await image.isVisible()) {
    // The image is decoded from a blob URL: wait until it has pixels, so a screenshot shows it.
    await image.evaluate("(img) => img.complete && img.naturalWidth > 0 ? undefined : new Promise((r) => img.addEventListener('load', r, { once: true }))");
  }
  return { drawer, text: await textOf(drawer), letter: (await image.isVisible()) ? "image" : "pdf" };
}

/** In the open drawer: 通过 / 驳回 with a reason; answers the status the drawer then shows (e.g. "已生效"). */
export async function decideOpenMandate(page: Page, decision: "通过" | "驳回", reason: string, options: StepOptions = {}): Promise<string> {
  const t = options.timeoutMs;
  const drawer = page.getByTestId("mandate-detail");
  await waitVisible(drawer, "decideOpenMandate: no request is open", t);
  const before = await textOf(drawer.getByTestId("mandate-detail-status"));
  await drawer.getByTestId(decision === "通过" ? "mandate-approve" : "mandate-reject").click();
  const box = page.getByTestId("mandate-reason");
  await waitVisible(box, "decideOpenMandate: the reason dialog did not open", t);
  await box.fill(reason);
  const ok = page.getByTestId(decision === "通过" ? "mandate-approve-confirm" : "mandate-reject-confirm");
  const res = await clickUntilSent(page, ok, (r) => r.method() === "POST" && /\/enterprise-mandates\/[^/]+\/decision$/.test(new URL(r.url()).pathname), "decideOpenMandate", t);
  if (!res?.ok()) throw new Error(`decideOpenMandate: the server refused (HTTP ${res?.status() ?? "?"})`);
  const status = drawer.getByTestId("mandate-detail-status").filter({ hasNotText: before });
  await waitVisible(status, "decideOpenMandate: the status did not change", t);
  return textOf(status);
}
