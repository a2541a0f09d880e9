import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness";
import { createLogger } from "../../infra/logger";
import { AuditEntryModel } from "../audit/model";
import { DEMO_IDENTITIES } from "../identity/demo-identities";
import { migrateConsentPurposes } from "./migrate";
import { ConsentGrantModel, ReportAccessModel } from "./model";

const { idNumber, name } = DEMO_IDENTITIES.hanMei;
const day = (offset: number) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);

let t: TestServer;
let citizen: string;
let citizenUserId: string;
let subjectId: string;
let operator: string;
let partnerId: string;

/** Accepts every current document, the sensitive-information consent included. */
async function acceptAll(token: string): Promise<void> {
  const docs = (await t.api("GET", "/privacy/documents")).body.items as { kind: string; version: number }[];
  const version = (kind: string) => docs.find((d) => d.kind === kind)!.version;
  const res = await t.api("POST", "/me/privacy/consents", {
    token,
    body: { userAgreementVersion: version("user_agreement"), privacyNoticeVersion: version("privacy_notice"), sensitiveInfoVersion: version("sensitive_info") },
  });
  if (res.status !== 201) throw new Error(`accepting the documents failed: ${res.status} ${JSON.stringify(res.body)}`);
}

beforeAll(async () => {
  t = await startTestServer({ name: "consent" });
  const session = await t.citizenLogin("13900004001");
  citizenUserId = session.user.id;
  await t.api("PATCH", "/me", { token: session.accessToken, body: { prefectureCode: "530100" } });
  await acceptAll(session.accessToken);
  const bound = await t.api("POST", "/me/real-name", { token: session.accessToken, body: { idNumber, name } });
  if (bound.status !== 200) throw new Error(`real-name failed: ${bound.status} ${JSON.stringify(bound.body)}`);
  const renewed = (await t.api("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } })).body;
  citizen = renewed.accessToken;
  subjectId = renewed.user.subject.id;
  const op = await t.consoleLogin("ynly_operator", "Partner@2026");
  operator = op.accessToken;
  partnerId = op.user.partnerId!;
});
afterAll(() => t.close());

const lookup = (purpose = "rental_deposit_waiver") => t.api("POST", "/reports/lookup", { token: operator, body: { subject: { kind: "citizen", idNumber }, purpose } });
const deniedEntries = () => AuditEntryModel.countDocuments({ action: "report.denied" });

describe("consent to read a credit report", () => {
  it("refuses a partner without a grant (403) and records the attempt", async () => {
    const before = await deniedEntries();
    const res = await lookup();
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "CONSENT_REQUIRED", message: "未获得信用主体的有效授权，不能查询其信用报告" });
    expect(await deniedEntries()).toBe(before + 1);
  });

  it("lets the partner read the report, masked, while the grant is valid", async () => {
    const grant = await t.api("POST", "/me/consents", { token: citizen, body: { partnerId, purpose: "rental_deposit_waiver", validUntil: day(30) } });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ partnerName: "一部手机游云南", status: "active", purpose: "rental_deposit_waiver", purposeLabel: "免押租赁" });
    const res = await lookup();
    expect(res.status).toBe(200);
    expect(res.body.subject).toMatchObject({ name: "韩*", idMasked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}` });
    expect(res.body).toMatchObject({ score: 700, grade: "A", blacklisted: false, grant: { purpose: "rental_deposit_waiver", purposeLabel: "免押租赁" } });
    expect(JSON.stringify(res.body)).not.toContain(idNumber);
    expect(await AuditEntryModel.countDocuments({ action: "report.read", "details.by": "partner" })).toBeGreaterThan(0);
  });

  it("refuses a lookup for a purpose the grant does not cover (403), and the subject sees the attempt", async () => {
    const before = await deniedEntries();
    const res = await lookup("loan_review");
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("CONSENT_REQUIRED");
    expect(res.body.error.message).toBe("信用主体的授权不包含“贷款审批”用途，不能为此查询其信用报告");
    expect(res.body).not.toHaveProperty("score");
    expect(await deniedEntries()).toBe(before + 1);
    const stored = await ReportAccessModel.findOne({ subjectId: new mongoose.Types.ObjectId(subjectId) }).sort({ at: -1 }).lean();
    expect(stored).toMatchObject({ purpose: "loan_review", granted: false });
    const accesses = await t.api("GET", "/me/report-accesses", { token: citizen });
    expect(accesses.body.items[0]).toMatchObject({ partnerName: "一部手机游云南", purpose: "loan_review", purposeLabel: "贷款审批", granted: false });
  });

  it("does not let a grant for 权益核验 (e.g. 景区门票优惠核验) open the report for 贷款审批", async () => {
    const grant = await t.api("POST", "/me/consents", { token: citizen, body: { partnerId, purpose: "scenario_verification", validUntil: day(5) } });
    expect(grant.status).toBe(201);
    expect((await lookup("scenario_verification")).status).toBe(200);
    expect((await lookup("loan_review")).status).toBe(403);
    await t.api("POST", `/me/consents/${grant.body.id}/revoke`, { token: citizen });
  });

  it("refuses free-text purposes, in grants and in lookups, naming body.purpose", async () => {
    const grant = await t.api("POST", "/me/consents", { token: citizen, body: { partnerId, purpose: "免押金租车审核", validUntil: day(30) } });
    expect(grant.status).toBe(400);
    expect(grant.body.error.details.issues[0]).toMatchObject({ path: "body.purpose", message: "请从列表中选择查询用途" });
    const res = await lookup("贷款");
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe("body.purpose");
  });

  it("refuses again once the grant has expired", async () => {
    await ConsentGrantModel.updateMany({ partnerId: new mongoose.Types.ObjectId(partnerId) }, { $set: { validUntil: new Date(Date.now() - 1000) } });
    const before = await deniedEntries();
    expect((await lookup()).status).toBe(403);
    expect(await deniedEntries()).toBe(before + 1);
    const grants = await t.api("GET", "/me/consents", { token: citizen });
    expect(grants.body.items.find((g: { purpose: string }) => g.purpose === "rental_deposit_waiver").status).toBe("expired");
  });

  it("refuses again once the subject revokes the grant", async () => {
    const grant = await t.api("POST", "/me/consents", { token: citizen, body: { partnerId, purpose: "rental_deposit_waiver", validUntil: day(10) } });
    expect((await lookup()).status).toBe(200);
    const revoked = await t.api("POST", `/me/consents/${grant.body.id}/revoke`, { token: citizen });
    expect(revoked.body.status).toBe("revoked");
    const before = await deniedEntries();
    expect((await lookup()).status).toBe(403);
    expect(await deniedEntries()).toBe(before + 1);
  });

  it("shows the subject who looked, when and why, refused attempts included", async () => {
    const accesses = await t.api("GET", "/me/report-accesses", { token: citizen });
    expect(accesses.body.items.map((a: { granted: boolean }) => a.granted)).toEqual([false, true, false, false, true, false, true, false]);
    expect(accesses.body.items[0]).toMatchObject({ partnerName: "一部手机游云南", purpose: "rental_deposit_waiver", purposeLabel: "免押租赁" });
  });

  it("refuses a grant beyond one year or in the past, naming validUntil", async () => {
    for (const validUntil of [day(400), day(-1)]) {
      const res = await t.api("POST", "/me/consents", { token: citizen, body: { partnerId, purpose: "loan_review", validUntil } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe("body.validUntil");
    }
  });

  it("answers an unknown subject exactly like a subject without a grant", async () => {
    const res = await t.api("POST", "/reports/lookup", { token: operator, body: { subject: { kind: "enterprise", uscc: "91530100MA0000000X" }, purpose: "loan_review" } });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "CONSENT_REQUIRED", message: "未获得信用主体的有效授权，不能查询其信用报告" });
  });

  it("keeps citizens and administrators out of partner lookups", async () => {
    expect((await t.api("POST", "/reports/lookup", { token: citizen, body: { subject: { kind: "citizen", idNumber }, purpose: "loan_review" } })).status).toBe(403);
  });

  it("acts for the token's subject: a session without one is told to bind first", async () => {
    const session = await t.citizenLogin("13900004002");
    const res = await t.api("GET", "/me/consents", { token: session.accessToken });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("SUBJECT_NOT_BOUND");
  });
});

describe("grants from before purposes were a fixed list", () => {
  it("maps known wordings to their purpose, anything else to 权益核验, and keeps the words", async () => {
    const legacySubject = new mongoose.Types.ObjectId();
    const base = { subjectId: legacySubject, partnerId: new mongoose.Types.ObjectId(partnerId), grantedAt: new Date(), validUntil: new Date(Date.now() + 86400_000), grantedBy: new mongoose.Types.ObjectId(citizenUserId) };
    await ConsentGrantModel.collection.insertMany([
      { ...base, purpose: "景区门票优惠核验" },
      { ...base, purpose: "免押金租车审核" },
      { ...base, purpose: "信易贷授信审批" },
      { ...base, purpose: "其他" },
    ]);
    await ReportAccessModel.collection.insertOne({ subjectId: legacySubject, partnerId: base.partnerId, operatorId: base.grantedBy, purpose: "信易贷授信审批", granted: false, at: new Date() });
    expect(await migrateConsentPurposes(createLogger("silent"))).toBe(5);
    const grants = await ConsentGrantModel.find({ subjectId: legacySubject }).sort({ _id: 1 }).lean();
    expect(grants.map((g) => [g.legacyPurpose, g.purpose])).toEqual([
      ["景区门票优惠核验", "scenario_verification"],
      ["免押金租车审核", "rental_deposit_waiver"],
      ["信易贷授信审批", "loan_review"],
      ["其他", "scenario_verification"],
    ]);
    expect(await ReportAccessModel.findOne({ subjectId: legacySubject }).lean()).toMatchObject({ purpose: "loan_review", legacyPurpose: "信易贷授信审批" });
    expect(await migrateConsentPurposes(createLogger("silent"))).toBe(0);
  });
});
