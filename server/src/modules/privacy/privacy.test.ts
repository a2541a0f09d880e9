import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TSession } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { AuditEntryModel } from "../audit/model";
import { verifyAuditChain } from "../audit/service";
import { ReportAccessModel } from "../consent/model";
import { DEMO_IDENTITIES } from "../identity/demo-identities";
import { AccountSubjectModel, CitizenOwnerModel } from "../subjects/model";
import { UserModel } from "../users/model";
import { PrivacyConsentEventModel } from "./model";
import { publishDocument } from "./service";

let t: TestServer;
let operator: string;
let partnerId: string;

const UA = "Mozilla/5.0 (iPhone) xinyi-test";
const day = (offset: number) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestServer({ name: "privacy" });
  const op = await t.consoleLogin("ynly_operator", "Partner@2026");
  operator = op.accessToken;
  partnerId = op.user.partnerId!;
});
afterAll(() => t.close());

async function versions(): Promise<Record<string, number>> {
  const docs = (await t.api("GET", "/privacy/documents")).body.items as { kind: string; version: number }[];
  return Object.fromEntries(docs.map((d) => [d.kind, d.version]));
}

async function accept(token: string, which: { basic?: boolean; sensitive?: boolean }) {
  const v = await versions();
  return t.api("POST", "/me/privacy/consents", {
    token,
    headers: { "user-agent": UA },
    body: {
      ...(which.basic ? { userAgreementVersion: v.user_agreement, privacyNoticeVersion: v.privacy_notice } : {}),
      ...(which.sensitive ? { sensitiveInfoVersion: v.sensitive_info } : {}),
    },
  });
}

async function newCitizen(phone: string): Promise<TSession> {
  const session = await t.citizenLogin(phone);
  await t.api("PATCH", "/me", { token: session.accessToken, body: { prefectureCode: "530100" } });
  return session;
}

/** Consents, verifies the identity and renews the session so the token carries the subject. */
async function verifiedCitizen(phone: string, person: { idNumber: string; name: string }): Promise<TSession> {
  const session = await newCitizen(phone);
  expect((await accept(session.accessToken, { basic: true, sensitive: true })).status).toBe(201);
  const bound = await t.api("POST", "/me/real-name", { token: session.accessToken, body: person });
  expect(bound.status).toBe(200);
  return (await t.api("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } })).body;
}

const lookup = (idNumber: string, purpose = "loan_review") => t.api("POST", "/reports/lookup", { token: operator, body: { subject: { kind: "citizen", idNumber }, purpose } });

describe("agreements on first use", () => {
  it("publishes the three documents with versions and texts anyone can read", async () => {
    const res = await t.api("GET", "/privacy/documents");
    expect(res.status).toBe(200);
    expect(res.body.items.map((d: { kind: string; version: number }) => [d.kind, d.version])).toEqual([
      ["user_agreement", 1],
      ["privacy_notice", 1],
      ["sensitive_info", 1],
    ]);
    const notice = res.body.items[1].text as string;
    for (const word of ["手机号", "身份证号码", "公共信用", "合作机构", "保存", "查阅", "复制", "更正", "删除", "撤回", "注销", "联系我们"]) expect(notice).toContain(word);
  });

  it("refuses real-name verification before the separate sensitive-information consent", async () => {
    const session = await newCitizen("13900007001");
    const status = await t.api("GET", "/me/privacy", { token: session.accessToken });
    expect(status.body).toMatchObject({ mustAccept: true, sensitiveConsent: false, sensitiveRenewal: false });

    const person = { idNumber: DEMO_IDENTITIES.zhaoLei.idNumber, name: DEMO_IDENTITIES.zhaoLei.name };
    const before = await t.api("POST", "/me/real-name", { token: session.accessToken, body: person });
    expect(before.status).toBe(409);
    expect(before.body.error.code).toBe("PRIVACY_CONSENT_REQUIRED");

    // The user agreement and privacy notice alone do not cover sensitive information.
    expect((await accept(session.accessToken, { basic: true })).body).toMatchObject({ mustAccept: false, sensitiveConsent: false });
    const stillRefused = await t.api("POST", "/me/real-name", { token: session.accessToken, body: person });
    expect(stillRefused.body.error.code).toBe("PRIVACY_CONSENT_REQUIRED");
    expect((await UserModel.findById(session.user.id).lean())?.subjectId).toBeUndefined();

    expect((await accept(session.accessToken, { sensitive: true })).body).toMatchObject({ mustAccept: false, sensitiveConsent: true });
    const bound = await t.api("POST", "/me/real-name", { token: session.accessToken, body: person });
    expect(bound.status).toBe(200);
    expect(bound.body.subject).toMatchObject({ kind: "citizen", name: "赵磊" });
  });

  it("records each acceptance with version, time, IP and user agent", async () => {
    const session = await newCitizen("13900007002");
    await accept(session.accessToken, { basic: true, sensitive: true });
    const events = await PrivacyConsentEventModel.find({ userId: new mongoose.Types.ObjectId(session.user.id) }).lean();
    expect(events.map((e) => [e.kind, e.version, e.action]).sort()).toEqual([
      ["privacy_notice", 1, "accept"],
      ["sensitive_info", 1, "accept"],
      ["user_agreement", 1, "accept"],
    ]);
    for (const e of events) {
      expect(e.userAgent).toBe(UA);
      expect(e.ip).toMatch(/127\.0\.0\.1/);
      expect(e.at).toBeInstanceOf(Date);
    }
  });

  it("asks again when a new version is published, and keeps the earlier acceptance", async () => {
    const session = await newCitizen("13900007003");
    await accept(session.accessToken, { basic: true, sensitive: true });
    await publishDocument("privacy_notice", "隐私政策（第2版）：新增说明……");
    await publishDocument("sensitive_info", "敏感个人信息处理规则（第2版）……");

    const status = await t.api("GET", "/me/privacy", { token: session.accessToken });
    expect(status.body).toMatchObject({ mustAccept: true, sensitiveConsent: false, sensitiveRenewal: true });
    expect(status.body.items.find((i: { kind: string }) => i.kind === "privacy_notice")).toMatchObject({ currentVersion: 2, acceptedVersion: 1, current: false });

    // A version the person did not read is refused.
    const stale = await t.api("POST", "/me/privacy/consents", { token: session.accessToken, body: { userAgreementVersion: 1, privacyNoticeVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.issues[0].path).toBe("body.privacyNoticeVersion");

    expect((await accept(session.accessToken, { basic: true, sensitive: true })).body).toMatchObject({ mustAccept: false, sensitiveConsent: true });
    const notices = await PrivacyConsentEventModel.find({ userId: new mongoose.Types.ObjectId(session.user.id), kind: "privacy_notice" }).sort({ version: 1 }).lean();
    expect(notices.map((e) => e.version)).toEqual([1, 2]);
  });

  it("takes the user agreement and the privacy notice together", async () => {
    const session = await newCitizen("13900007004");
    const res = await t.api("POST", "/me/privacy/consents", { token: session.accessToken, body: { userAgreementVersion: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0]).toMatchObject({ path: "body.privacyNoticeVersion", message: "用户协议和隐私政策须一并同意" });
  });
});

describe("withdrawing the sensitive-information consent", () => {
  it("ends the grants given, refuses new ones and real-name binding, and is recorded", async () => {
    const person = DEMO_IDENTITIES.zhouMin;
    const session = await verifiedCitizen("13900007101", person);
    const grant = await t.api("POST", "/me/consents", { token: session.accessToken, body: { partnerId, purpose: "loan_review", validUntil: day(30) } });
    expect(grant.status).toBe(201);
    expect((await lookup(person.idNumber)).status).toBe(200);

    const withdrawn = await t.api("POST", "/me/privacy/withdraw", { token: session.accessToken });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ sensitiveConsent: false, mustAccept: false });
    expect(withdrawn.body.items.find((i: { kind: string }) => i.kind === "sensitive_info").withdrawnAt).toBeDefined();

    expect((await lookup(person.idNumber)).status).toBe(403);
    const grants = await t.api("GET", "/me/consents", { token: session.accessToken });
    expect(grants.body.items[0]).toMatchObject({ id: grant.body.id, status: "revoked" });
    const again = await t.api("POST", "/me/consents", { token: session.accessToken, body: { partnerId, purpose: "loan_review", validUntil: day(30) } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("PRIVACY_CONSENT_REQUIRED");

    const events = await PrivacyConsentEventModel.find({ userId: new mongoose.Types.ObjectId(session.user.id), kind: "sensitive_info" }).sort({ at: 1 }).lean();
    expect(events.map((e) => e.action)).toEqual(["accept", "withdraw"]);
    expect(await AuditEntryModel.countDocuments({ action: "privacy.withdraw", target: `user:${session.user.id}` })).toBe(1);
  });

  it("refuses real-name verification after a withdrawal", async () => {
    const session = await newCitizen("13900007102");
    await accept(session.accessToken, { basic: true, sensitive: true });
    await t.api("POST", "/me/privacy/withdraw", { token: session.accessToken });
    const res = await t.api("POST", "/me/real-name", { token: session.accessToken, body: DEMO_IDENTITIES.hanMei });
    expect(res.body.error.code).toBe("PRIVACY_CONSENT_REQUIRED");
  });
});

describe("closing the account", () => {
  it("needs the confirmation", async () => {
    const session = await newCitizen("13900007201");
    const res = await t.api("POST", "/me/close", { token: session.accessToken, body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe("body.confirm");
  });

  it("ends every session at once, frees the phone and the identity, ends grants, and keeps what the law requires", async () => {
    const phone = "13900007202";
    const person = DEMO_IDENTITIES.hanMei;
    const session = await verifiedCitizen(phone, person);
    await t.loseRedisData(); // the one-code-a-minute limit of the phone
    const other = await t.citizenLogin(phone); // a second device
    const userId = session.user.id;
    const subjectId = session.user.subject!.id;
    expect((await t.api("POST", "/me/consents", { token: session.accessToken, body: { partnerId, purpose: "loan_review", validUntil: day(30) } })).status).toBe(201);
    expect((await lookup(person.idNumber)).status).toBe(200);
    const auditBefore = await AuditEntryModel.countDocuments({ target: `subject:${subjectId}` });
    expect(auditBefore).toBeGreaterThan(0);

    const closed = await t.api("POST", "/me/close", { token: session.accessToken, body: { confirm: true } });
    expect(closed.status).toBe(200);

    // Sessions: old access and refresh tokens of both devices are refused.
    for (const s of [session, other]) {
      expect((await t.api("GET", "/me/privacy", { token: s.accessToken })).status).toBe(401);
      expect((await t.api("POST", "/auth/refresh", { body: { refreshToken: s.refreshToken } })).status).toBe(401);
    }

    // Deleted: login identifiers, profile, bindings; the grant ends.
    const tombstone = await UserModel.findById(userId).lean();
    expect(tombstone).toMatchObject({ displayName: "已注销用户" });
    expect(tombstone?.phone).toBeUndefined();
    expect(tombstone?.subjectId).toBeUndefined();
    expect(tombstone?.disabledAt).toBeInstanceOf(Date);
    expect(await AccountSubjectModel.countDocuments({ _id: new mongoose.Types.ObjectId(userId) })).toBe(0);
    expect(await CitizenOwnerModel.countDocuments({ userId: new mongoose.Types.ObjectId(userId) })).toBe(0);
    expect((await lookup(person.idNumber)).status).toBe(403);

    // Kept: the audit log, the access history and the consent records.
    expect(await AuditEntryModel.countDocuments({ target: `subject:${subjectId}` })).toBeGreaterThanOrEqual(auditBefore);
    expect(await AuditEntryModel.countDocuments({ action: "account.close", target: `user:${userId}` })).toBe(1);
    expect((await verifyAuditChain()).ok).toBe(true);
    expect(await ReportAccessModel.countDocuments({ subjectId: new mongoose.Types.ObjectId(subjectId) })).toBeGreaterThanOrEqual(2);
    const events = await PrivacyConsentEventModel.find({ userId: new mongoose.Types.ObjectId(userId) }).lean();
    expect(events.filter((e) => e.action === "accept")).toHaveLength(3);
    expect(events.find((e) => e.action === "withdraw")).toMatchObject({ kind: "sensitive_info", reason: "account_closed" });

    // The phone opens a new account, which starts over and may verify the same person again.
    await t.loseRedisData();
    const fresh = await newCitizen(phone);
    expect(fresh.user.id).not.toBe(userId);
    expect((await t.api("GET", "/me/privacy", { token: fresh.accessToken })).body.mustAccept).toBe(true);
    await accept(fresh.accessToken, { basic: true, sensitive: true });
    const rebound = await t.api("POST", "/me/real-name", { token: fresh.accessToken, body: person });
    expect(rebound.status).toBe(200);
    expect(rebound.body.subject.id).toBe(subjectId);
  });
});
