import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citizenIdCheckChar } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { acceptAllDocuments } from "../../../test/privacy";
import { nextPhone } from "../../../test/scenario-fixtures";
import { createLogger } from "../../infra/logger";
import { AuditEntryModel } from "../audit/model";
import { UserModel } from "../users/model";
import { migrateConsentPurposes } from "./migrate";
import { ConsentGrantModel, ConsentRevocationModel, ReportAccessModel } from "./model";

const day = (offset: number) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);

let t: TestServer;
let operator: string;
let partnerId: string;
let platformAdmin: string;
let regionalAdmin: string;

beforeAll(async () => {
  t = await startTestServer({ name: "consent" });
  const op = await t.consoleLogin("ynly_operator", "Partner@2026");
  operator = op.accessToken;
  partnerId = op.user.partnerId!;
  platformAdmin = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  regionalAdmin = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
});
afterAll(() => t.close());

type Citizen = { token: string; userId: string; subjectId: string; idNumber: string };

let idSeq = 0;
/**
 * A 昆明 citizen of their own for each test: accepted the privacy documents and bound to a new subject
 * the way the seed binds verified people (the demo identity check knows only a handful of numbers).
 */
async function boundCitizen(): Promise<Citizen> {
  idSeq += 1;
  const first17 = `53010219870808${String(idSeq).padStart(3, "0")}`;
  const idNumber = first17 + citizenIdCheckChar(first17);
  const user = await UserModel.create({ role: "citizen", phone: nextPhone("139"), displayName: "韩梅", prefectureCode: "530100" });
  await acceptAllDocuments(t, t.tokenFor(user));
  const subject = await t.services.identity.bindVerifiedCitizen(user._id.toHexString(), { idNumber, name: "韩梅" });
  return { token: t.tokenFor({ ...user.toObject(), subjectId: subject._id }), userId: user._id.toHexString(), subjectId: subject._id.toHexString(), idNumber };
}

const grantTo = (citizen: Citizen, purpose: string, validUntil = day(30)) => t.api("POST", "/me/consents", { token: citizen.token, body: { partnerId, purpose, validUntil } });
const lookup = (citizen: Citizen, purpose = "rental_deposit_waiver", token = operator) =>
  t.api("POST", "/reports/lookup", { token, body: { subject: { kind: "citizen", idNumber: citizen.idNumber }, purpose } });
const auditCount = (action: string, citizen: Citizen) => AuditEntryModel.countDocuments({ action, target: `subject:${citizen.subjectId}` });
const accessesOf = (citizen: Citizen) => ReportAccessModel.countDocuments({ subjectId: new mongoose.Types.ObjectId(citizen.subjectId) });
const grantsOf = (citizen: Citizen) => ConsentGrantModel.countDocuments({ subjectId: new mongoose.Types.ObjectId(citizen.subjectId) });

describe("consent to read a credit report", () => {
  it("refuses a partner without a grant (403) and records the attempt", async () => {
    const citizen = await boundCitizen();
    const [denied, accesses] = [await auditCount("report.denied", citizen), await accessesOf(citizen)];
    const res = await lookup(citizen);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "CONSENT_REQUIRED", message: "未获得信用主体的有效授权，不能查询其信用报告" });
    expect(await auditCount("report.denied", citizen)).toBe(denied + 1);
    expect(await accessesOf(citizen)).toBe(accesses + 1);
    expect(await ReportAccessModel.findOne({ subjectId: new mongoose.Types.ObjectId(citizen.subjectId) }).lean()).toMatchObject({ purpose: "rental_deposit_waiver", granted: false });
  });

  it("lets the partner read the report, masked, while the grant is valid", async () => {
    const citizen = await boundCitizen();
    const grant = await grantTo(citizen, "rental_deposit_waiver");
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ partnerName: "一部手机游云南", status: "active", purpose: "rental_deposit_waiver", purposeLabel: "免押租赁" });
    expect(await ConsentGrantModel.findById(grant.body.id).lean()).toMatchObject({ purpose: "rental_deposit_waiver", subjectId: new mongoose.Types.ObjectId(citizen.subjectId), partnerId: new mongoose.Types.ObjectId(partnerId) });

    const reads = await auditCount("report.read", citizen);
    const res = await lookup(citizen);
    expect(res.status).toBe(200);
    expect(res.body.subject).toMatchObject({ name: "韩*", idMasked: `${citizen.idNumber.slice(0, 4)}**********${citizen.idNumber.slice(-4)}` });
    expect(res.body).toMatchObject({ score: 700, grade: "A", blacklisted: false, grant: { purpose: "rental_deposit_waiver", purposeLabel: "免押租赁" } });
    expect(JSON.stringify(res.body)).not.toContain(citizen.idNumber);
    expect(await auditCount("report.read", citizen)).toBe(reads + 1);
    expect(await AuditEntryModel.findOne({ action: "report.read", target: `subject:${citizen.subjectId}` }).lean()).toMatchObject({ details: { by: "partner", purpose: "rental_deposit_waiver", grantId: grant.body.id } });
  });

  it("refuses a lookup for a purpose the grant does not cover (403), and the subject sees the attempt", async () => {
    const citizen = await boundCitizen();
    expect((await grantTo(citizen, "rental_deposit_waiver")).status).toBe(201);
    const before = await auditCount("report.denied", citizen);
    const res = await lookup(citizen, "loan_review");
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("CONSENT_REQUIRED");
    expect(res.body.error.message).toBe("信用主体的授权不包含“贷款审批”用途，不能为此查询其信用报告");
    expect(res.body).not.toHaveProperty("score");
    expect(await auditCount("report.denied", citizen)).toBe(before + 1);
    const stored = await ReportAccessModel.find({ subjectId: new mongoose.Types.ObjectId(citizen.subjectId) }).lean();
    expect(stored).toEqual([expect.objectContaining({ purpose: "loan_review", granted: false })]);
    const accesses = await t.api("GET", "/me/report-accesses", { token: citizen.token });
    expect(accesses.body.items).toEqual([expect.objectContaining({ partnerName: "一部手机游云南", purpose: "loan_review", purposeLabel: "贷款审批", granted: false })]);
  });

  it("does not let a grant for 权益核验 (e.g. 景区门票优惠核验) open the report for 贷款审批", async () => {
    const citizen = await boundCitizen();
    expect((await grantTo(citizen, "scenario_verification", day(5))).status).toBe(201);
    expect((await lookup(citizen, "scenario_verification")).status).toBe(200);
    const loan = await lookup(citizen, "loan_review");
    expect(loan.status).toBe(403);
    expect(loan.body.error.code).toBe("CONSENT_REQUIRED");
  });

  it("refuses free-text purposes, in grants and in lookups, naming body.purpose", async () => {
    const citizen = await boundCitizen();
    const grant = await grantTo(citizen, "免押金租车审核");
    expect(grant.status).toBe(400);
    expect(grant.body.error.code).toBe("VALIDATION_FAILED");
    expect(grant.body.error.details.issues[0]).toMatchObject({ path: "body.purpose", message: "请从列表中选择查询用途" });
    expect(await grantsOf(citizen)).toBe(0);
    const res = await lookup(citizen, "贷款");
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe("body.purpose");
    expect(await accessesOf(citizen)).toBe(0);
  });

  it("refuses again once the grant has expired", async () => {
    const citizen = await boundCitizen();
    const grant = await grantTo(citizen, "rental_deposit_waiver");
    expect((await lookup(citizen)).status).toBe(200);
    // The end date is a calendar day at least tomorrow: move it into the past instead of waiting.
    await ConsentGrantModel.updateOne({ _id: new mongoose.Types.ObjectId(grant.body.id) }, { $set: { validUntil: new Date(Date.now() - 1000) } });
    const before = await auditCount("report.denied", citizen);
    const res = await lookup(citizen);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("CONSENT_REQUIRED");
    expect(await auditCount("report.denied", citizen)).toBe(before + 1);
    const grants = await t.api("GET", "/me/consents", { token: citizen.token });
    expect(grants.body.items).toEqual([expect.objectContaining({ id: grant.body.id, purpose: "rental_deposit_waiver", status: "expired" })]);
  });

  it("refuses again once the subject revokes the grant", async () => {
    const citizen = await boundCitizen();
    const grant = await grantTo(citizen, "rental_deposit_waiver", day(10));
    expect((await lookup(citizen)).status).toBe(200);
    const revoked = await t.api("POST", `/me/consents/${grant.body.id}/revoke`, { token: citizen.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe("revoked");
    expect(await ConsentRevocationModel.findById(grant.body.id).lean()).toMatchObject({ by: new mongoose.Types.ObjectId(citizen.userId) });
    const before = await auditCount("report.denied", citizen);
    const res = await lookup(citizen);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("CONSENT_REQUIRED");
    expect(await auditCount("report.denied", citizen)).toBe(before + 1);
  });

  it("shows the subject who looked, when and why, refused attempts included", async () => {
    const citizen = await boundCitizen();
    expect((await lookup(citizen)).status).toBe(403);
    expect((await grantTo(citizen, "rental_deposit_waiver")).status).toBe(201);
    expect((await lookup(citizen)).status).toBe(200);
    expect((await lookup(citizen, "loan_review")).status).toBe(403);
    const accesses = await t.api("GET", "/me/report-accesses", { token: citizen.token });
    expect(accesses.status).toBe(200);
    // Newest first.
    expect(accesses.body.items.map((a: { purpose: string; granted: boolean }) => [a.purpose, a.granted])).toEqual([
      ["loan_review", false],
      ["rental_deposit_waiver", true],
      ["rental_deposit_waiver", false],
    ]);
    expect(accesses.body.items[1]).toMatchObject({ partnerName: "一部手机游云南", purposeLabel: "免押租赁", at: expect.any(String) });
  });

  it("refuses a grant beyond one year or in the past, naming validUntil", async () => {
    const citizen = await boundCitizen();
    for (const validUntil of [day(400), day(-1)]) {
      const res = await grantTo(citizen, "loan_review", validUntil);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe("body.validUntil");
    }
    expect(await grantsOf(citizen)).toBe(0);
  });

  it("answers an unknown subject exactly like a subject without a grant", async () => {
    const before = await AuditEntryModel.countDocuments({ action: "report.denied", target: "subject:unknown" });
    const res = await t.api("POST", "/reports/lookup", { token: operator, body: { subject: { kind: "enterprise", uscc: "91530100MA0000000X" }, purpose: "loan_review" } });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "CONSENT_REQUIRED", message: "未获得信用主体的有效授权，不能查询其信用报告" });
    expect(await AuditEntryModel.countDocuments({ action: "report.denied", target: "subject:unknown" })).toBe(before + 1);
  });

  it("keeps citizens and administrators out of partner lookups, even for a subject with a valid grant", async () => {
    const citizen = await boundCitizen();
    expect((await grantTo(citizen, "loan_review")).status).toBe(201);
    const callers = { citizen: citizen.token, "platform administrator": platformAdmin, "regional administrator of the subject's prefecture": regionalAdmin };
    for (const [who, token] of Object.entries(callers)) {
      const res = await lookup(citizen, "loan_review", token);
      expect(res.status, who).toBe(403);
      expect(res.body.error.code, who).toBe("FORBIDDEN");
      expect(res.body, who).not.toHaveProperty("score");
    }
    // None of them got as far as reading the store: nothing was recorded for the subject.
    expect(await accessesOf(citizen)).toBe(0);
    expect(await AuditEntryModel.countDocuments({ target: `subject:${citizen.subjectId}`, action: { $in: ["report.read", "report.denied"] } })).toBe(0);
    // Control: the partner the grant names reads it.
    expect((await lookup(citizen, "loan_review")).status).toBe(200);
    expect(await accessesOf(citizen)).toBe(1);
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
    const base = { subjectId: legacySubject, partnerId: new mongoose.Types.ObjectId(partnerId), grantedAt: new Date(), validUntil: new Date(Date.now() + 86400_000), grantedBy: new mongoose.Types.ObjectId() };
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
