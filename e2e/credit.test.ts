import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { citizenIdCheckChar, IMPORT_COLUMNS } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../server/test/harness";
import { DESKTOP, PHONE, launchChromium, newPage, screenshotter } from "./browser";
import { adminLogin } from "./steps/admin";
import { importFile, openSubjectBySearch, verifyAuditChain } from "./steps/admin-credit";
import { citizenLogin } from "./steps/miniapp";
import { openMyCredit } from "./steps/miniapp-credit";

/**
 * Issue 3's journeys in a real browser: an administrator imports a file of credit
 * records and looks at a subject; (with the mini-program) a citizen reads 我的信用.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const shot = screenshotter("credit");

beforeAll(async () => {
  server = await startTestServer({ name: "e2e-credit", web: true });
  chromium = await launchChromium();
  browser = chromium.browser;
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

function importFileWithBadRows(): { file: string; good: number; bad: number; firstName: string } {
  const lines = [IMPORT_COLUMNS.join(",")];
  let bad = 0;
  for (let i = 0; i < 60; i++) {
    const id17 = `5301021985${String(1 + (i % 12)).padStart(2, "0")}1${i % 10}${String(100 + i).padStart(3, "0")}`;
    const broken = i % 20 === 19;
    if (broken) bad += 1;
    const kind = broken ? "lottery" : ["licence", "penalty", "commitment"][i % 3]!;
    lines.push(["citizen", id17 + citizenIdCheckChar(id17), "", `导入${i}号`, "530100", kind, kind === "penalty" ? "minor" : "", "", `事由${i}`, "昆明市市场监督管理局", `E2E-${i}`, "2026-10-15", "", ""].join(","));
  }
  const dir = mkdtempSync(path.join(tmpdir(), "xinyi-e2e-import-"));
  const file = path.join(dir, "信用记录-2026年10月.csv");
  writeFileSync(file, lines.join("\n"));
  return { file, good: 60 - bad, bad, firstName: "导入0号" };
}

describe("administrator: batch import and subject detail", () => {
  it("imports a CSV with a progress bar, reports rejected rows, and shows the subjects' scores", async () => {
    const { file, good, bad, firstName } = importFileWithBadRows();
    const { context, page } = await newPage(browser, DESKTOP);
    await adminLogin(page, server.baseUrl, "admin", "Admin@2026");
    const result = await importFile(page, server.baseUrl, file);
    expect(result).toMatchObject({ status: "completed", accepted: good, rejected: bad, unchanged: 0 });
    await shot(page, "admin-import-completed");

    const again = await importFile(page, server.baseUrl, file);
    expect(again).toMatchObject({ status: "completed", accepted: 0, unchanged: good, rejected: bad });
    await shot(page, "admin-reimport-unchanged");

    await openSubjectBySearch(page, server.baseUrl, firstName);
    await page.getByText("如何提升").first().waitFor();
    await shot(page, "admin-subject-detail");

    expect(await verifyAuditChain(page, server.baseUrl)).toContain("完整");
    await shot(page, "admin-audit-verified");
    await context.close();
  });
});

describe("citizen: 我的信用", () => {
  it("shows the score, the grade and the factors behind it", async () => {
    const { context, page } = await newPage(browser, PHONE);
    await citizenLogin(page, server.baseUrl, "13800000002");
    const credit = await openMyCredit(page);
    // 李华: base 700, a minor penalty (−30) and a commitment (+10).
    expect(credit).toMatchObject({ score: 680, grade: "A" });
    await page.getByText("如何提升").first().waitFor();
    await shot(page, "citizen-my-credit");
    await context.close();
  });
});
