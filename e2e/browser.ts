import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { repoRoot } from "../server/src/infra/embedded/repo-root";

/**
 * Debian's Chromium with the flags this machine needs; never a downloaded browser.
 * Playwright gives every launch a fresh, temporary profile of its own.
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN" };
export const DESKTOP = { viewport: { width: 1366, height: 860 }, locale: "zh-CN" };

export async function newPage(browser: Browser, options: typeof PHONE | typeof DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** Screenshots of each journey step, kept under artifacts/screenshots/ (git-ignored). */
export function screenshotter(journey: string) {
  const dir = path.join(repoRoot(), "artifacts", "screenshots", journey);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let step = 0;
  return async (page: Page, name: string) => {
    step += 1;
    await page.screenshot({ path: path.join(dir, `${String(step).padStart(2, "0")}-${name}.png`), fullPage: true });
  };
}

/**
 * Like screenshotter, but each shot waits until the mini-program's toast and the console's messages
 * have gone and finite transitions (a table's loading overlay fading, a menu highlight moving) have
 * ended, so they hide nothing.
 */
export function settledScreenshotter(journey: string) {
  const take = screenshotter(journey);
  return async (page: Page, name: string) => {
    await page.locator(".taro__toast").waitFor({ state: "hidden" });
    await page.locator(".ant-message-notice").first().waitFor({ state: "detached" });
    await page.evaluate(
      `Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => undefined)))`,
    );
    await take(page, name);
  };
}
