import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORT_COLUMNS, usccCheckChar, type TSession } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { SubjectModel } from "../subjects/model";
import { DEMO_IDENTITIES } from "./demo-identities";

/** What registration data brings: checked identifiers, pilot-era codes held for review, the legal representative. */
let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await startTestServer({ name: "registration" });
  admin = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
});
afterAll(() => t.close());

const BAD_CHECKSUM = "91530102MA6K1234X3";
const BAD_AREA = "91999999MA6K12345L";
// A pilot-era code: a valid organization code (MA6K12349) with a check character that fails GB 32100.
const PILOT_17 = "91530100MA6K12349";
const PILOT = PILOT_17 + (usccCheckChar(PILOT_17) === "1" ? "2" : "1");
const valid = (first17: string) => first17 + usccCheckChar(first17);

const record = (subject: Record<string, unknown>, docNo: string, extra: Record<string, unknown> = {}) => ({
  subject,
  prefectureCode: "530100",
  kind: "tax_grade",
  taxGrade: "A",
  title: "2025年度纳税信用A级",
  sourceDept: "国家税务总局昆明市税务局",
  docNo,
  decidedAt: new Date().toISOString().slice(0, 10),
  ...extra,
});

async function upload(csv: string) {
  const res = await fetch(`${t.baseUrl}/api/v1/imports?fileName=registration.csv`, { method: "POST", headers: { authorization: `Bearer ${admin}`, "content-type": "text/csv" }, body: csv });
  const job = (await res.json()) as { id: string };
  for (let i = 0; i < 300; i++) {
    const state = await t.api("GET", `/imports/${job.id}`, { token: admin });
    if (state.body.status !== "running") return state.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("import did not finish");
}

const csvRow = (values: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>) => IMPORT_COLUMNS.map((c) => values[c] ?? "").join(",");

async function scoreOf(uscc: string): Promise<{ id: string; score: number; grade: string }> {
  const found = await t.api("POST", "/subjects/search", { token: admin, body: { q: uscc } });
  return found.body.items[0];
}

describe("USCCs in registration data (hole 1)", () => {
  it("record entry refuses a failing checksum and an impossible area code, naming the field", async () => {
    const before = await SubjectModel.countDocuments();
    for (const [uscc, why] of [[BAD_CHECKSUM, "校验位"], [BAD_AREA, "行政区划"]] as const) {
      const res = await t.api("POST", "/credit-records", { token: admin, body: record({ kind: "enterprise", uscc, name: "测试登记企业" }, `BAD-${uscc}`) });
      expect(res.status, uscc).toBe(400);
      expect(res.body.error.details.issues[0]).toMatchObject({ path: "body.subject.uscc", message: expect.stringContaining(why) });
    }
    expect(await SubjectModel.countDocuments()).toBe(before);
  });

  it("import rejects the same two rows with the field, and takes a pilot-era code for review", async () => {
    const csv = [
      IMPORT_COLUMNS.join(","),
      csvRow({ subjectKind: "enterprise", uscc: BAD_CHECKSUM, name: "坏校验企业", prefectureCode: "530100", kind: "licence", title: "许可", sourceDept: "昆明市市场监督管理局", docNo: "IMP-1", decidedAt: "2026-03-01" }),
      csvRow({ subjectKind: "enterprise", uscc: BAD_AREA, name: "坏区划企业", prefectureCode: "530100", kind: "licence", title: "许可", sourceDept: "昆明市市场监督管理局", docNo: "IMP-2", decidedAt: "2026-03-01" }),
      csvRow({ subjectKind: "enterprise", uscc: PILOT, name: "试点期导入企业", prefectureCode: "530100", kind: "tax_grade", taxGrade: "A", title: "纳税信用A级", sourceDept: "国家税务总局昆明市税务局", docNo: "IMP-3", decidedAt: "2026-03-01" }),
    ].join("\n");
    const job = await upload(csv);
    expect(job).toMatchObject({ status: "completed", acceptedRows: 1, rejectedRows: 2 });
    const report = await (await fetch(`${t.baseUrl}/api/v1/imports/${job.id}/rejections.csv`, { headers: { authorization: `Bearer ${admin}` } })).text();
    expect(report).toMatch(/2,uscc,统一社会信用代码校验位不正确/);
    expect(report).toMatch(/3,uscc,统一社会信用代码中的行政区划码无效/);
    const pilot = await SubjectModel.findOne({ uscc: PILOT }).lean();
    expect(pilot).toMatchObject({ usccValid: false });
    // Its tax grade A does not count while the code waits for review: the base 75 (B), not 85 (A).
    expect(await scoreOf(PILOT)).toMatchObject({ score: 75, grade: "B" });
  });

  it("a pilot-era code from record entry is flagged and its records count only once reviewed", async () => {
    // Another valid organization code (MA6K1235 with its GB 11714 check character), failing check character.
    const org = "MA6K1235";
    const weights = [3, 7, 9, 10, 5, 8, 4, 2];
    const c = 11 - ([...org].reduce((sum, ch, i) => sum + parseInt(ch, 36) * weights[i]!, 0) % 11);
    const code17 = `91530100${org}${c === 10 ? "X" : c === 11 ? "0" : c}`;
    const uscc = code17 + (usccCheckChar(code17) === "1" ? "2" : "1");
    const res = await t.api("POST", "/credit-records", { token: admin, body: record({ kind: "enterprise", uscc, name: "试点期录入企业" }, "PILOT-1") });
    expect(res.status).toBe(201);
    expect((await SubjectModel.findOne({ uscc }).lean())!.usccValid).toBe(false);
    const before = await scoreOf(uscc);
    expect(before).toMatchObject({ score: 75, grade: "B" });

    const reviewed = await t.api("POST", `/subjects/${before.id}/uscc-review`, { token: admin, body: { reason: "2015年试点期赋码，经核对营业执照无误" } });
    expect(reviewed.status).toBe(200);
    expect(await scoreOf(uscc)).toMatchObject({ score: 85, grade: "A" });
  });
});

describe("the legal representative from registration data", () => {
  const uscc = valid("91530100MA6P8R2Q4");
  let hanMei: TSession;

  async function verified(phone: string, person: { name: string; idNumber: string }): Promise<TSession> {
    const session = await t.citizenLogin(phone);
    await t.api("PATCH", "/me", { token: session.accessToken, body: { prefectureCode: "530100" } });
    const docs: { kind: string; version: number }[] = (await t.api("GET", "/privacy/documents")).body.items;
    const version = (kind: string) => docs.find((d) => d.kind === kind)!.version;
    await t.api("POST", "/me/privacy/consents", {
      token: session.accessToken,
      body: { userAgreementVersion: version("user_agreement"), privacyNoticeVersion: version("privacy_notice"), sensitiveInfoVersion: version("sensitive_info") },
    });
    expect((await t.api("POST", "/me/real-name", { token: session.accessToken, body: person })).status).toBe(200);
    return (await t.api("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } })).body;
  }

  it("record entry stores the legal representative like every ID, and they bind the enterprise", async () => {
    const { name, idNumber } = DEMO_IDENTITIES.hanMei;
    const created = await t.api("POST", "/credit-records", { token: admin, body: record({ kind: "enterprise", uscc, name: "昆明法代测试有限公司", legalRepName: name, legalRepIdNumber: idNumber }, "LR-1") });
    expect(created.status).toBe(201);
    const stored = await SubjectModel.findOne({ uscc }).lean();
    expect(stored).toMatchObject({ legalRepName: name, legalRepIdMasked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}` });
    expect(stored!.legalRepIdSealed!.ct).toBeTruthy();
    expect(JSON.stringify(stored)).not.toContain(idNumber);

    hanMei = await verified("13900008001", DEMO_IDENTITIES.hanMei);
    const bound = await t.api("POST", "/me/enterprises", { token: hanMei.accessToken, body: { uscc } });
    expect(bound.status).toBe(200);
    expect(bound.body.identities.find((i: { uscc?: string }) => i.uscc === uscc)).toMatchObject({ authority: "legal_rep", name: "昆明法代测试有限公司" });
    const acting = await t.api<TSession>("POST", "/auth/act-as", { body: { refreshToken: hanMei.refreshToken, subjectId: stored!._id.toHexString() } });
    expect(acting.status).toBe(200);
    hanMei = acting.body;
  });

  it("a changed legal representative in later registration data ends the previous one's binding at once", async () => {
    const { name, idNumber } = DEMO_IDENTITIES.zhouMin;
    const res = await t.api("POST", "/credit-records", { token: admin, body: record({ kind: "enterprise", uscc, name: "昆明法代测试有限公司", legalRepName: name, legalRepIdNumber: idNumber }, "LR-2") });
    expect(res.status).toBe(201);
    expect((await SubjectModel.findOne({ uscc }).lean())!.legalRepName).toBe(name);
    expect((await t.api("GET", "/me", { token: hanMei.accessToken })).status).toBe(401);
    const refreshed = await t.api<TSession>("POST", "/auth/refresh", { body: { refreshToken: hanMei.refreshToken } });
    expect(refreshed.body.user.identities!.map((i) => i.kind)).toEqual(["citizen"]);
  });

  it("an import brings the legal representative to an enterprise that had none", async () => {
    const target = valid("91530100MA6P8R2Q5");
    await t.api("POST", "/credit-records", { token: admin, body: record({ kind: "enterprise", uscc: target, name: "昆明先登记后补法代有限公司" }, "LR-3") });
    expect((await SubjectModel.findOne({ uscc: target }).lean())!.legalRepIdHash).toBeUndefined();
    const { name, idNumber } = DEMO_IDENTITIES.zhaoLei;
    const job = await upload(
      [
        IMPORT_COLUMNS.join(","),
        csvRow({ subjectKind: "enterprise", uscc: target, name: "昆明先登记后补法代有限公司", prefectureCode: "530100", kind: "licence", title: "许可", sourceDept: "昆明市市场监督管理局", docNo: "LR-IMP-1", decidedAt: "2026-03-01", legalRepName: name, legalRepIdNumber: idNumber }),
        csvRow({ subjectKind: "enterprise", uscc: valid("91530100MA6P8R2Q6"), name: "只填姓名企业", prefectureCode: "530100", kind: "licence", title: "许可", sourceDept: "昆明市市场监督管理局", docNo: "LR-IMP-2", decidedAt: "2026-03-01", legalRepName: name }),
      ].join("\n"),
    );
    expect(job).toMatchObject({ acceptedRows: 1, rejectedRows: 1 });
    expect(await SubjectModel.findOne({ uscc: target }).lean()).toMatchObject({ legalRepName: name, legalRepIdMasked: expect.stringMatching(/^5301\*+/) });
  });
});
