import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { citizenIdCheckChar, gradeName, IMPORT_COLUMNS, scoreName, type TCreditProfile } from "@xinyi/shared";
import { ConsentGrantModel, ConsentRevocationModel, ReportAccessModel } from "../server/src/modules/consent/model";
import { DEMO_IDENTITIES } from "../server/src/modules/identity/demo-identities";
import { PartnerModel } from "../server/src/modules/partners/model";
import { UserModel } from "../server/src/modules/users/model";
import { startTestServer, type TestServer } from "../server/test/harness";
import { DESKTOP, PHONE, launchChromium, newPage, screenshotter } from "./browser";
import { adminLogin } from "./steps/admin";
import { importFile, lookupReport, openSubjectBySearch, subjectEvaluation, verifyAuditChain } from "./steps/admin-credit";
import { citizenLogin, toastGone } from "./steps/miniapp";
import { grantConsent, myGrants, openMyCredit, reportAccesses, revokeConsent } from "./steps/miniapp-credit";

/**
 * Issue 3's journeys in a real browser: an administrator imports a file of credit
 * records and looks at a subject; (with the mini-program) a citizen reads 我的信用,
 * grants a partner a consent and revokes it while the partner looks her report up.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const shot = screenshotter("credit");

/** A citizen's own view of her evaluation through the API, with her own (citizen) token. */
async function myCreditByApi(phone: string): Promise<TCreditProfile> {
  const user = await UserModel.findOne({ phone }).lean();
  if (!user) throw new Error(`no user with phone ${phone}`);
  const res = await server.api<TCreditProfile>("GET", "/me/credit", { token: server.tokenFor(user) });
  expect(res.status).toBe(200);
  return res.body;
}

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
    expect(result).toMatchObject({ status: "已完成", accepted: good, rejected: bad, unchanged: 0 });
    await shot(page, "admin-import-completed");

    const again = await importFile(page, server.baseUrl, file);
    expect(again).toMatchObject({ status: "已完成", accepted: 0, unchanged: good, rejected: bad });
    await shot(page, "admin-reimport-unchanged");

    // What the administrator reads on two imported subjects' pages against what the API gives the
    // same role: 导入0号 holds a licence, 导入1号 a minor penalty, so their scores differ.
    const { accessToken } = await server.consoleLogin("admin", "Admin@2026");
    const seen: number[] = [];
    for (const name of [firstName, "导入1号"]) {
      const id = await openSubjectBySearch(page, server.baseUrl, name);
      const shown = await subjectEvaluation(page);
      const api = await server.api<TCreditProfile>("GET", `/subjects/${id}`, { token: accessToken });
      expect(api.status).toBe(200);
      const evaluation = api.body.evaluation!;
      expect(evaluation, `${name} has an evaluation`).toBeDefined();
      expect(shown).toEqual({
        scoreName: scoreName(evaluation.subjectKind),
        score: evaluation.score,
        scaleMax: evaluation.scale.max,
        grade: `${gradeName(evaluation.subjectKind)} ${evaluation.grade} · ${evaluation.gradeLabel}`,
      });
      seen.push(shown.score);
      if (name === firstName) {
        await page.getByText("如何提升").first().waitFor();
        await shot(page, "admin-subject-detail");
      }
    }
    expect(seen[0]).not.toBe(seen[1]);

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
    // And exactly what the API gives her, on the scale the page prints ("/1000").
    const api = (await myCreditByApi("13800000002")).evaluation!;
    expect(credit).toEqual({ score: api.score, scaleMax: api.scale.max, grade: api.grade, gradeLabel: api.gradeLabel });
    await page.getByText("如何提升").first().waitFor();
    await shot(page, "citizen-my-credit");
    await context.close();
  });
});

describe("citizen and partner: a consent granted, used, revoked", () => {
  it("the partner reads 张明's report while her grant lasts, is refused once she revokes it, and she sees both attempts", async () => {
    const { zhangMing } = DEMO_IDENTITIES;
    const PARTNER = "一部手机游云南";
    const PURPOSE = "权益核验";
    const REFUSED = "未获得信用主体的有效授权，不能查询其信用报告";
    const user = (await UserModel.findOne({ phone: zhangMing.phone }).lean())!;
    const partner = (await PartnerModel.findOne({ name: PARTNER }).lean())!;
    const stored = { subjectId: user.subjectId, partnerId: partner._id };
    expect(await ConsentGrantModel.countDocuments(stored)).toBe(0);

    // One phone and one console session for the whole story.
    const citizen = await newPage(browser, PHONE);
    const counter = await newPage(browser, DESKTOP);
    try {
      await citizenLogin(citizen.page, server.baseUrl, zhangMing.phone);
      const granted = await grantConsent(citizen.page, PARTNER, PURPOSE);
      expect(granted).toMatchObject({ partner: PARTNER, status: "有效", purpose: `用途：${PURPOSE}` });
      await toastGone(citizen.page);
      await shot(citizen.page, "citizen-consent-granted");
      const grants = await ConsentGrantModel.find(stored).lean();
      expect(grants).toHaveLength(1);
      expect(grants[0]).toMatchObject({ purpose: "scenario_verification" });
      expect(String(grants[0]!._id)).toBe(granted.id);

      await adminLogin(counter.page, server.baseUrl, "ynly_operator", "Partner@2026");
      const report = await lookupReport(counter.page, server.baseUrl, { idNumber: zhangMing.idNumber, purpose: PURPOSE });
      const mine = (await myCreditByApi(zhangMing.phone)).evaluation!;
      expect(report).toMatchObject({ ok: true, name: "张*", score: String(mine.score), grade: `${mine.grade} · ${mine.gradeLabel}`, purpose: PURPOSE });
      expect(report.ok && report.text).not.toContain(zhangMing.idNumber);
      await shot(counter.page, "partner-report-shown");
      expect(await ReportAccessModel.find(stored).lean()).toMatchObject([{ granted: true, grantId: grants[0]!._id, purpose: "scenario_verification" }]);

      const after = await revokeConsent(citizen.page, PARTNER);
      expect(after.find((g) => g.id === granted.id)).toMatchObject({ partner: PARTNER, status: "已撤销" });
      expect(after.filter((g) => g.partner === PARTNER && g.status === "有效")).toEqual([]);
      await toastGone(citizen.page);
      await shot(citizen.page, "citizen-consent-revoked");
      expect(await ConsentRevocationModel.countDocuments({ _id: grants[0]!._id })).toBe(1);

      const refused = await lookupReport(counter.page, server.baseUrl, { idNumber: zhangMing.idNumber, purpose: PURPOSE });
      expect(refused).toEqual({ ok: false, message: REFUSED, httpStatus: 403, errorCode: "CONSENT_REQUIRED" });
      await shot(counter.page, "partner-report-refused");
      const accesses = await ReportAccessModel.find(stored).sort({ at: 1 }).lean();
      expect(accesses.map((a) => a.granted)).toEqual([true, false]);

      // 查询记录, newest first: the refused attempt above the one her grant allowed.
      const seen = await reportAccesses(citizen.page);
      expect(seen.map(({ partner: p, result, purpose }) => ({ p, result, purpose }))).toEqual([
        { p: PARTNER, result: "被拒绝", purpose: `用途：${PURPOSE}` },
        { p: PARTNER, result: "已授权", purpose: `用途：${PURPOSE}` },
      ]);
      expect((await myGrants(citizen.page)).find((g) => g.id === granted.id)?.status).toBe("已撤销");
      await shot(citizen.page, "citizen-report-accesses");
    } finally {
      await Promise.all([citizen.context.close(), counter.context.close()]);
    }
  });
});
