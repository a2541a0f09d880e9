import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citizenIdCheckChar } from "@xinyi/shared";
import { AuditEntryModel } from "../src/modules/audit/model";
import { hashPassword } from "../src/modules/auth/service";
import { ConsentGrantModel, ConsentRevocationModel, ReportAccessModel } from "../src/modules/consent/model";
import { CreditRecordModel, RecordEventModel } from "../src/modules/credit-records/model";
import { ImportJobModel } from "../src/modules/imports/model";
import { SubjectModel } from "../src/modules/subjects/model";
import { UserModel } from "../src/modules/users/model";
import { DEMO_ACCOUNTS } from "../src/seed/demo";
import { startTestServer, type TestServer } from "./harness";
import { acceptAllDocuments } from "./privacy";

/**
 * One prefecture's administrator, one partner, one citizen acting on another's
 * data: each is refused as if the thing did not exist, and the store is unchanged.
 */
let t: TestServer;
let platform: string;
let kunming: string;
let dali: string;
let daliUserId: string;
let partnerA: string;
let partnerAId: string;
let partnerB: string;
let partnerBId: string;
/** Citizens sign in once per file: a second code for the same phone within a minute is rate limited. */
let zhangMingToken: string;
let liHuaToken: string;
const zhangMing = DEMO_ACCOUNTS.citizens[0]!;
const liHua = DEMO_ACCOUNTS.citizens[1]!;

beforeAll(async () => {
  t = await startTestServer({ name: "tenant-isolation" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
  await UserModel.create({ role: "regional_admin", username: "dl_admin", displayName: "大理州信用办", passwordHash: await hashPassword("Dali@2026xx"), prefectureCode: "532900" });
  const daliSession = await t.consoleLogin("dl_admin", "Dali@2026xx");
  dali = daliSession.accessToken;
  daliUserId = daliSession.user.id;
  const a = await t.consoleLogin("ynly_operator", "Partner@2026");
  partnerA = a.accessToken;
  partnerAId = a.user.partnerId!;

  const applied = await t.api("POST", "/partner-applications", {
    body: { name: "昆明某租车公司", kind: "rental", prefectureCodes: ["530100"], contactName: "钱经理", contactPhone: "13700000031", operator: { username: "kmrental", password: "Rental@2026xx", displayName: "前台" } },
  });
  await t.api("POST", `/partner-applications/${applied.body.id}/decision`, { token: kunming, body: { decision: "approve" } });
  const b = await t.consoleLogin("kmrental", "Rental@2026xx");
  partnerB = b.accessToken;
  partnerBId = b.user.partnerId!;
  zhangMingToken = (await t.citizenLogin(zhangMing.phone)).accessToken;
  liHuaToken = (await t.citizenLogin(liHua.phone)).accessToken;
  await acceptAllDocuments(t, zhangMingToken);
  await acceptAllDocuments(t, liHuaToken);
});
afterAll(() => t.close());

const oid = (id: string) => new mongoose.Types.ObjectId(id);
const kunmingSubject = async () => (await SubjectModel.findOne({ name: zhangMing.displayName, kind: "citizen" }).lean())!;

describe("another prefecture's administrator", () => {
  it("does not see 昆明's import job, its progress or its rejected rows", async () => {
    const first17 = "53010219850505001";
    const rows = [{ subjectKind: "citizen", idNumber: first17 + citizenIdCheckChar(first17), name: "周全", prefectureCode: "530100", kind: "licence", title: "许可", sourceDept: "昆明市政务服务管理局", docNo: "TI-1", decidedAt: "2026-03-01" }];
    const res = await fetch(`${t.baseUrl}/api/v1/imports?fileName=km.json`, { method: "POST", headers: { authorization: `Bearer ${kunming}`, "content-type": "application/json" }, body: JSON.stringify(rows) });
    expect(res.status).toBe(202);
    const jobId = ((await res.json()) as { id: string }).id;
    expect((await ImportJobModel.findById(jobId).lean())!.prefectureScope).toBe("530100");

    expect((await t.api("GET", `/imports/${jobId}`, { token: kunming })).status).toBe(200);
    expect((await t.api("GET", `/imports/${jobId}`, { token: platform })).status).toBe(200);
    const seen = await t.api("GET", `/imports/${jobId}`, { token: dali });
    expect(seen.status).toBe(404);
    expect(seen.body.error.code).toBe("NOT_FOUND");
    const list = await t.api("GET", "/imports", { token: dali });
    expect(list.status).toBe(200);
    expect(list.body.items.map((j: { id: string }) => j.id)).not.toContain(jobId);
    expect((await t.api("GET", "/imports", { token: kunming })).body.items.map((j: { id: string }) => j.id)).toContain(jobId);
    const csv = await fetch(`${t.baseUrl}/api/v1/imports/${jobId}/rejections.csv`, { headers: { authorization: `Bearer ${dali}` } });
    expect(csv.status).toBe(404);
  });

  it("cannot change the status of a 昆明 record: refused, and the record and its history are unchanged", async () => {
    const record = (await CreditRecordModel.findOne({ docNo: "JY25301020001" }).lean())!;
    expect(record).toMatchObject({ status: "active" });
    const id = record._id.toHexString();
    const res = await t.api("POST", `/credit-records/${id}/status`, { token: dali, body: { status: "revoked", reason: "越权撤销测试", expectedVersion: record.version } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
    expect(await CreditRecordModel.findById(id).lean()).toMatchObject({ status: "active", version: record.version });
    expect(await RecordEventModel.countDocuments({ recordId: record._id })).toBe(record.version);
    expect((await t.api("GET", `/credit-records/${id}/history`, { token: dali })).status).toBe(404);
    // 昆明's own administrator may.
    expect((await t.api("GET", `/credit-records/${id}/history`, { token: kunming })).status).toBe(200);
  });

  it("cannot read a 昆明 subject's evaluations or profile, and no read of it is recorded", async () => {
    const subject = await kunmingSubject();
    const id = subject._id.toHexString();
    const evaluations = await t.api("GET", `/subjects/${id}/evaluations`, { token: dali });
    expect(evaluations.status).toBe(404);
    expect(evaluations.body.error.code).toBe("NOT_FOUND");
    expect((await t.api("GET", `/subjects/${id}`, { token: dali })).status).toBe(404);
    expect(await AuditEntryModel.countDocuments({ action: "report.read", actorId: daliUserId })).toBe(0);
    const own = await t.api("GET", `/subjects/${id}/evaluations`, { token: kunming });
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
  });
});

describe("a partner and another partner's grant", () => {
  it("partner B cannot read a report under the grant given to partner A; the attempt is recorded as refused", async () => {
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const grant = await t.api("POST", "/me/consents", { token: zhangMingToken, body: { partnerId: partnerAId, purpose: "scenario_verification", validUntil: until } });
    expect(grant.status, JSON.stringify(grant.body)).toBe(201);
    const lookup = (token: string) => t.api("POST", "/reports/lookup", { token, body: { subject: { kind: "citizen", idNumber: zhangMing.idNumber }, purpose: "scenario_verification" } });

    const subject = await kunmingSubject();
    const before = await ReportAccessModel.countDocuments({ subjectId: subject._id, partnerId: oid(partnerBId) });
    const refused = await lookup(partnerB);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("CONSENT_REQUIRED");
    expect(JSON.stringify(refused.body)).not.toMatch(/score|records/);
    const attempts = await ReportAccessModel.find({ subjectId: subject._id, partnerId: oid(partnerBId) }).lean();
    expect(attempts).toHaveLength(before + 1);
    expect(attempts.at(-1)).toMatchObject({ granted: false });

    // The grant is real: partner A reads the report with it.
    const allowed = await lookup(partnerA);
    expect(allowed.status).toBe(200);
    expect(allowed.body.grant).toMatchObject({ purpose: "scenario_verification" });
  });

  it("another citizen cannot revoke someone's grant; it stays valid", async () => {
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const grant = await t.api("POST", "/me/consents", { token: zhangMingToken, body: { partnerId: partnerAId, purpose: "scenario_verification", validUntil: until } });
    expect(grant.status).toBe(201);
    const res = await t.api("POST", `/me/consents/${grant.body.id}/revoke`, { token: liHuaToken });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
    expect(await ConsentRevocationModel.exists({ _id: oid(grant.body.id) })).toBeNull();
    expect(await ConsentGrantModel.exists({ _id: oid(grant.body.id) })).not.toBeNull();
    const mine = await t.api("GET", "/me/consents", { token: zhangMingToken });
    expect(mine.body.items.find((g: { id: string }) => g.id === grant.body.id)).toMatchObject({ status: "active" });
    const theirs = await t.api("GET", "/me/consents", { token: liHuaToken });
    expect(theirs.body.items.map((g: { id: string }) => g.id)).not.toContain(grant.body.id);
  });
});
