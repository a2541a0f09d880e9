import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startTestServer, type TestServer } from "../server/test/harness";
import { DEMO_IDENTITIES, DEMO_UNKNOWN_IDENTITY } from "../server/src/modules/identity/demo-identities";
import { DEMO_ACCOUNTS } from "../server/src/seed/demo";
import { DESKTOP, PHONE, launchChromium, newPage, screenshotter } from "./browser";
import { adminLogin, decideOpenMandate, openMandate, openMandateQueue } from "./steps/admin-identity";
import { citizenLogin, gotoTab } from "./steps/miniapp";
import {
  bindEnterprise,
  chooseLetter,
  decideAgent,
  enterpriseAgents,
  mineProfile,
  myMandates,
  openAgreementFromBindError,
  openEnterpriseManagement,
  requestMandate,
  switchIdentity,
  verifyRealName,
} from "./steps/miniapp-identity";
import { acceptAgreements, withdrawSensitiveConsent } from "./steps/miniapp-privacy";

/**
 * Issue 7's "who is who" in a real browser against the real server, store and Redis: a new
 * phone accepts the agreement and verifies its holder; the registered legal representative binds
 * the enterprise and approves an employee's mandate in her app; the employee then acts for the
 * enterprise. Strangers and unknown identities are refused; a mandate with a letter is approved
 * by the prefecture's administrator in the console.
 */
let server: TestServer;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const takeShot = screenshotter("identity");
/** A screenshot once the mini-program's toast (企业认证成功 …) has gone, so it hides nothing. */
async function shot(page: Page, name: string): Promise<void> {
  await page.locator(".taro__toast").waitFor({ state: "hidden" });
  await takeShot(page, name);
}
/** The mini-program on a 375×812 phone. */
const SMALL_PHONE = { ...PHONE, viewport: { width: 375, height: 812 } };

const ENTERPRISE = DEMO_ACCOUNTS.enterprise;
const { wangFang, zhaoQiang, zhangMing, liHua } = DEMO_IDENTITIES;
const NOT_VERIFIED = "姓名与身份证号码核验未通过";
const NOT_LEGAL_REP = "您不是该企业登记的法定代表人";

let dir: string;
/** 王芳 and 赵强 stay signed in from one step of the journey to the next (a phone gets a new code only once a minute). */
let rep: Awaited<ReturnType<typeof newPage>>;
let employee: Awaited<ReturnType<typeof newPage>>;

beforeAll(async () => {
  server = await startTestServer({ name: "e2e-identity", web: true });
  chromium = await launchChromium();
  browser = chromium.browser;
  dir = mkdtempSync(path.join(tmpdir(), "xinyi-e2e-identity-"));
});
afterAll(async () => {
  await Promise.all([rep?.context.close(), employee?.context.close()]);
  await chromium?.close();
  await server?.close();
});

/** A stamped authorization letter drawn in the browser, saved as PNG. */
async function letterPng(page: Page): Promise<string> {
  // Runs in the page (a string: e2e compiles without the DOM library).
  const dataUrl = await page.evaluate<string>(`(() => {
    const c = document.createElement("canvas");
    c.width = 620;
    c.height = 420;
    const g = c.getContext("2d");
    g.fillStyle = "#fff";
    g.fillRect(0, 0, c.width, c.height);
    g.fillStyle = "#111";
    g.font = "bold 30px sans-serif";
    g.fillText("经办人授权委托书", 190, 60);
    g.font = "20px sans-serif";
    [
      "兹授权张明为我公司经办人，",
      "代表昆明滇池文旅发展有限公司办理信易+平台相关业务。",
      "授权期限：一年。",
      "委托单位（盖章）：昆明滇池文旅发展有限公司",
    ].forEach((line, i) => g.fillText(line, 40, 130 + i * 44));
    g.strokeStyle = "#d32f2f";
    g.lineWidth = 4;
    g.beginPath();
    g.arc(500, 330, 60, 0, Math.PI * 2);
    g.stroke();
    g.fillStyle = "#d32f2f";
    g.font = "18px sans-serif";
    g.fillText("合同专用章", 455, 337);
    return c.toDataURL("image/png");
  })()`);
  const file = path.join(dir, "授权委托书.png");
  writeFileSync(file, Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64"));
  return file;
}

describe("who is who in the mini-program", () => {
  it("without the sensitive-information consent the form leads to the agreement; an unknown identity and a wrong name get one answer", async () => {
    const { context, page } = await newPage(browser, SMALL_PHONE);
    // A new phone: citizenLogin accepts the agreement shown on first use; the sensitive-information consent is then withdrawn.
    await citizenLogin(page, server.baseUrl, "13800000009", { prefecture: "昆明市" });
    await gotoTab(page, "mine");
    await withdrawSensitiveConsent(page);
    const blocked = await verifyRealName(page, DEMO_UNKNOWN_IDENTITY.name, DEMO_UNKNOWN_IDENTITY.idNumber);
    expect(blocked.ok ? "" : blocked.message).toContain("请先阅读并同意用户协议、隐私政策及敏感个人信息处理规则");
    await shot(page, "consent-required");
    const agreement = await openAgreementFromBindError(page);
    expect(await agreement.innerText()).toContain("敏感个人信息处理（单独同意）");
    await shot(page, "agreement");
    await acceptAgreements(page);

    const unknown = await verifyRealName(page, DEMO_UNKNOWN_IDENTITY.name, DEMO_UNKNOWN_IDENTITY.idNumber);
    expect(unknown).toMatchObject({ ok: false });
    expect(unknown.ok ? "" : unknown.message).toContain(NOT_VERIFIED);
    await shot(page, "unknown-identity-refused");
    // A registered ID number with another name: the same words, so the form tells nobody who is registered.
    const wrongName = await verifyRealName(page, "赵刚", zhaoQiang.idNumber);
    expect(wrongName.ok ? "" : wrongName.message).toBe(unknown.ok ? "?" : unknown.message);
    await context.close();
  });

  it("an employee verifies on a new phone; the legal representative binds the enterprise; a stranger is refused", async () => {
    employee = await newPage(browser, SMALL_PHONE);
    // First use: the agreement and the sensitive-information consent are accepted on the way in.
    await citizenLogin(employee.page, server.baseUrl, zhaoQiang.phone, { prefecture: "昆明市" });
    await shot(employee.page, "employee-signed-in");
    const verified = await verifyRealName(employee.page, zhaoQiang.name, zhaoQiang.idNumber);
    expect(verified).toMatchObject({ ok: true, shownName: zhaoQiang.name });
    expect(verified.ok && verified.idMasked).toMatch(/^5301\*+\d{3}[\dX]$/);
    await shot(employee.page, "employee-verified");

    rep = await newPage(browser, SMALL_PHONE);
    await citizenLogin(rep.page, server.baseUrl, wangFang.phone);
    const bound = await bindEnterprise(rep.page, ENTERPRISE.uscc);
    expect(bound.ok).toBe(true);
    expect(bound.ok && bound.held.join(" ")).toContain(`${ENTERPRISE.name} 法定代表人`);
    await shot(rep.page, "legal-rep-bound");

    // 李华 is a verified citizen, but not the enterprise's legal representative.
    const stranger = await newPage(browser, SMALL_PHONE);
    await citizenLogin(stranger.page, server.baseUrl, liHua.phone);
    const refused = await bindEnterprise(stranger.page, ENTERPRISE.uscc);
    expect(refused.ok ? "" : refused.message).toContain(NOT_LEGAL_REP);
    expect(await stranger.page.getByText("申请成为企业经办人").isVisible()).toBe(true);
    await shot(stranger.page, "stranger-refused");
    expect((await mineProfile(stranger.page)).name).toBe(liHua.name);
    await stranger.context.close();

    // The employee is refused too, and asks the legal representative for a mandate instead.
    const employeeRefused = await bindEnterprise(employee.page, ENTERPRISE.uscc);
    expect(employeeRefused.ok ? "" : employeeRefused.message).toContain(NOT_LEGAL_REP);
    const asked = await requestMandate(employee.page, { enterpriseName: ENTERPRISE.name, approver: "法定代表人在其小程序中审批", note: "财务部，办理信易贷" });
    expect(asked).toMatchObject({ ok: true });
    expect(asked.ok && asked.listed).toContain("待审核");
    expect(asked.ok && asked.listed).toContain("等待法定代表人");
    await shot(employee.page, "employee-mandate-requested");
  });

  it("the legal representative approves the employee in her app, and the employee then acts for the enterprise", async () => {
    const manage = await openEnterpriseManagement(rep.page, ENTERPRISE.name);
    expect((await enterpriseAgents(manage)).pending.join(" ")).toContain(zhaoQiang.name);
    await shot(rep.page, "legal-rep-pending");
    const after = await decideAgent(rep.page, zhaoQiang.name, "同意");
    expect(after.pending.join(" ")).not.toContain(zhaoQiang.name);
    expect(after.active.join(" ")).toContain(zhaoQiang.name);
    await shot(rep.page, "legal-rep-approved");

    expect((await myMandates(employee.page)).join(" ")).toContain("已生效");
    const before = await mineProfile(employee.page);
    expect(before.name).toBe(zhaoQiang.name);
    const acting = await switchIdentity(employee.page, ENTERPRISE.name);
    expect(acting.name).toBe(ENTERPRISE.name);
    expect(acting.badge).toContain("经办人");
    expect(acting.text).toContain("企业信用");
    await shot(employee.page, "employee-acts-for-enterprise");
    // And back to the person.
    const self = await switchIdentity(employee.page, zhaoQiang.name);
    expect(self.name).toBe(zhaoQiang.name);
  });
});

describe("a mandate with a letter, approved by the prefecture's administrator", () => {
  it("the letter is checked on the phone, shown to the 昆明 administrator, and the approval reaches the applicant", async () => {
    const applicant = await newPage(browser, SMALL_PHONE);
    await citizenLogin(applicant.page, server.baseUrl, zhangMing.phone);
    const refused = await bindEnterprise(applicant.page, ENTERPRISE.uscc);
    expect(refused.ok ? "" : refused.message).toContain(NOT_LEGAL_REP);
    const text = path.join(dir, "授权书.txt");
    writeFileSync(text, "not a letter");
    const wrongType = await chooseLetter(applicant.page, text);
    expect(wrongType.ok ? "" : wrongType.message).toBe("授权书须为 PDF、JPG 或 PNG 文件");
    const letter = await letterPng(applicant.page);
    const asked = await requestMandate(applicant.page, { enterpriseName: ENTERPRISE.name, approver: "上传授权书由州市管理员审核", letterFile: letter });
    expect(asked.ok && asked.listed).toContain("等待州市管理员审核");
    await shot(applicant.page, "applicant-letter-uploaded");

    const admin = await newPage(browser, DESKTOP);
    await adminLogin(admin.page, server.baseUrl, "km_admin", "Kunming@2026");
    const queue = await openMandateQueue(admin.page, server.baseUrl);
    expect(queue.join(" ")).toContain(zhangMing.name);
    await shot(admin.page, "admin-mandate-queue");
    const opened = await openMandate(admin.page, { enterpriseName: ENTERPRISE.name, agentName: zhangMing.name });
    expect(opened.letter).toBe("image");
    expect(opened.text).toContain(ENTERPRISE.uscc);
    await shot(admin.page, "admin-mandate-letter");
    expect(await decideOpenMandate(admin.page, "通过", "授权书加盖企业公章，经办人信息与实名信息一致")).toBe("已生效");
    await shot(admin.page, "admin-mandate-approved");
    await admin.context.close();

    expect((await myMandates(applicant.page)).join(" ")).toContain("已生效");
    const acting = await switchIdentity(applicant.page, ENTERPRISE.name);
    expect(acting.name).toBe(ENTERPRISE.name);
    await applicant.context.close();
  });
});
