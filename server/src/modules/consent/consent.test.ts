import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citizenIdCheckChar } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { AuditEntryModel } from "../audit/model";
import { ConsentGrantModel } from "./model";

const idNumber = "53010219870707345" + citizenIdCheckChar("53010219870707345");
const day = (offset: number) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);

let t: TestServer;
let citizen: string;
let operator: string;
let partnerId: string;

beforeAll(async () => {
  t = await startTestServer({ name: "consent" });
  const session = await t.citizenLogin("13900004001");
  await t.api("PATCH", "/me", { token: session.accessToken, body: { prefectureCode: "530100" } });
  await t.api("POST", "/me/real-name", { token: session.accessToken, body: { idNumber, name: "韩梅" } });
  citizen = (await t.api("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } })).body.accessToken;
  const op = await t.consoleLogin("ynly_operator", "Partner@2026");
  operator = op.accessToken;
  partnerId = op.user.partnerId!;
});
afterAll(() => t.close());

const lookup = () => t.api("POST", "/reports/lookup", { token: operator, body: { subject: { kind: "citizen", idNumber }, purpose: "免押金租车审核" } });
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
    const grant = await t.api("POST", "/me/consents", { token: citizen, body: { partnerId, purpose: "免押金租车审核", validUntil: day(30) } });
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ partnerName: "一部手机游云南", status: "active" });
    const res = await lookup();
    expect(res.status).toBe(200);
    expect(res.body.subject).toMatchObject({ name: "韩*", idMasked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}` });
    expect(res.body).toMatchObject({ score: 700, grade: "A", blacklisted: false, grant: { purpose: "免押金租车审核" } });
    expect(JSON.stringify(res.body)).not.toContain(idNumber);
    expect(await AuditEntryModel.countDocuments({ action: "report.read", "details.by": "partner" })).toBeGreaterThan(0);
  });

  it("refuses again once the grant has expired", async () => {
    await ConsentGrantModel.updateMany({ partnerId: new mongoose.Types.ObjectId(partnerId) }, { $set: { validUntil: new Date(Date.now() - 1000) } });
    const before = await deniedEntries();
    expect((await lookup()).status).toBe(403);
    expect(await deniedEntries()).toBe(before + 1);
    const grants = await t.api("GET", "/me/consents", { token: citizen });
    expect(grants.body.items[0].status).toBe("expired");
  });

  it("refuses again once the subject revokes the grant", async () => {
    const grant = await t.api("POST", "/me/consents", { token: citizen, body: { partnerId, purpose: "免押金租车审核", validUntil: day(10) } });
    expect((await lookup()).status).toBe(200);
    const revoked = await t.api("POST", `/me/consents/${grant.body.id}/revoke`, { token: citizen });
    expect(revoked.body.status).toBe("revoked");
    const before = await deniedEntries();
    expect((await lookup()).status).toBe(403);
    expect(await deniedEntries()).toBe(before + 1);
  });

  it("shows the subject who looked, when and why, refused attempts included", async () => {
    const accesses = await t.api("GET", "/me/report-accesses", { token: citizen });
    expect(accesses.body.items.map((a: { granted: boolean }) => a.granted)).toEqual([false, true, false, true, false]);
    expect(accesses.body.items[0]).toMatchObject({ partnerName: "一部手机游云南", purpose: "免押金租车审核" });
  });

  it("refuses a grant beyond one year or in the past, naming validUntil", async () => {
    for (const validUntil of [day(400), day(-1)]) {
      const res = await t.api("POST", "/me/consents", { token: citizen, body: { partnerId, purpose: "测试", validUntil } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe("body.validUntil");
    }
  });

  it("answers an unknown subject exactly like a subject without a grant", async () => {
    const res = await t.api("POST", "/reports/lookup", { token: operator, body: { subject: { kind: "enterprise", uscc: "91530100MA0000000X" }, purpose: "测试" } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("CONSENT_REQUIRED");
  });

  it("keeps citizens and administrators out of partner lookups", async () => {
    expect((await t.api("POST", "/reports/lookup", { token: citizen, body: { subject: { kind: "citizen", idNumber }, purpose: "x" } })).status).toBe(403);
  });
});
