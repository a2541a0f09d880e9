import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usccCheckChar, type TSession } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { applicationBody, applyFor } from "../../../test/loan-fixtures";
import { hashPassword } from "../auth/service";
import { LoanApplicationModel, LoanProductModel } from "../loans/model";
import { SubjectModel } from "../subjects/model";
import { UserModel } from "../users/model";
import { DEMO_IDENTITIES, DEMO_UNKNOWN_IDENTITY } from "./demo-identities";
import { MandateLetterModel, MandateModel, SubjectAuthorityModel } from "./model";

let t: TestServer;
let kunming: string;
let platform: string;
let dali: string;
let enterpriseId: string;
/** 王芳's session (one sign-in per phone a minute). */
let wangFang: TSession;
const ENTERPRISE_USCC = "91530100MA6K2Q1X9" + usccCheckChar("91530100MA6K2Q1X9");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

beforeAll(async () => {
  t = await startTestServer({ name: "identity" });
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  await UserModel.create({ role: "regional_admin", username: "dl_admin", displayName: "大理州信用办", prefectureCode: "532900", passwordHash: await hashPassword("Dali@2026") });
  dali = (await t.consoleLogin("dl_admin", "Dali@2026")).accessToken;
  enterpriseId = (await SubjectModel.findOne({ uscc: ENTERPRISE_USCC }).lean())!._id.toHexString();
});
afterAll(() => t.close());

const claims = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { role: string; sbj?: string };

/** A new account that chose its prefecture and accepted the current privacy documents (required before real-name). */
async function signIn(phone: string): Promise<TSession> {
  const session = await t.citizenLogin(phone);
  await t.api("PATCH", "/me", { token: session.accessToken, body: { prefectureCode: "530100" } });
  const docs: { kind: string; version: number }[] = (await t.api("GET", "/privacy/documents")).body.items;
  const version = (kind: string) => docs.find((d) => d.kind === kind)!.version;
  const consent = await t.api("POST", "/me/privacy/consents", {
    token: session.accessToken,
    body: { userAgreementVersion: version("user_agreement"), privacyNoticeVersion: version("privacy_notice"), sensitiveInfoVersion: version("sensitive_info") },
  });
  expect(consent.status).toBe(201);
  return session;
}

/** Signs in, passes real-name verification and refreshes, so the token carries the citizen subject. */
async function verified(phone: string, person: { name: string; idNumber: string }): Promise<TSession> {
  const session = await signIn(phone);
  const res = await t.api("POST", "/me/real-name", { token: session.accessToken, body: { name: person.name, idNumber: person.idNumber } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (await t.api("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } })).body;
}

async function actAs(session: TSession, subjectId: string) {
  return t.api<TSession>("POST", "/auth/act-as", { body: { refreshToken: session.refreshToken, subjectId } });
}

const letter = (data: Buffer, contentType = "application/pdf", fileName = "授权书.pdf") => ({ fileName, contentType, dataBase64: data.toString("base64") });
const newUscc = (first17: string) => first17 + usccCheckChar(first17);

describe("real-name verification", () => {
  it("answers an unknown person and a wrong name alike, and creates nobody", async () => {
    const session = await signIn("13900007001");
    const subjectsBefore = await SubjectModel.countDocuments();
    const unknown = await t.api("POST", "/me/real-name", { token: session.accessToken, body: { name: DEMO_UNKNOWN_IDENTITY.name, idNumber: DEMO_UNKNOWN_IDENTITY.idNumber } });
    const wrongName = await t.api("POST", "/me/real-name", { token: session.accessToken, body: { name: "张敏", idNumber: DEMO_IDENTITIES.zhangMing.idNumber } });
    expect(unknown.status).toBe(422);
    expect(wrongName.status).toBe(422);
    expect(unknown.body.error.code).toBe("IDENTITY_NOT_VERIFIED");
    expect({ code: wrongName.body.error.code, message: wrongName.body.error.message, details: wrongName.body.error.details }).toEqual({
      code: unknown.body.error.code,
      message: unknown.body.error.message,
      details: unknown.body.error.details,
    });
    expect(await SubjectModel.countDocuments()).toBe(subjectsBefore);
    const me = await t.api("GET", "/me", { token: session.accessToken });
    expect(me.body.subject).toBeUndefined();
    expect(me.body.identity).toEqual({ verified: false });
  });

  it("limits attempts per account: the sixth in a day is refused with 429", async () => {
    const session = await signIn("13900007002");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.api("POST", "/me/real-name", { token: session.accessToken, body: { name: "错误姓名", idNumber: DEMO_IDENTITIES.liHua.idNumber } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
    // Even the right name is refused now: the limit is on attempts, not failures.
    const right = await t.api("POST", "/me/real-name", { token: session.accessToken, body: { name: DEMO_IDENTITIES.liHua.name, idNumber: DEMO_IDENTITIES.liHua.idNumber } });
    expect(right.status).toBe(429);
    expect(right.headers.get("retry-after")).toBeTruthy();
  });

  it("binds a verified person not yet known to the platform, and shows the identity", async () => {
    const session = await verified("13900007003", DEMO_IDENTITIES.zhaoLei);
    expect(session.user.identity).toEqual({ verified: true, name: "赵磊", idMasked: expect.stringMatching(/^5301\*{10}/) });
    expect(session.user.identities).toEqual([expect.objectContaining({ kind: "citizen", authority: "self", name: "赵磊" })]);
    expect(claims(session.accessToken)).toMatchObject({ role: "citizen", sbj: session.user.subject!.id });
  });
});

describe("binding the seeded enterprise", () => {
  it("the old caller-supplied binding is gone", async () => {
    const session = await signIn("13900007010");
    const res = await t.api("POST", "/me/enterprise", { token: session.accessToken, body: { uscc: ENTERPRISE_USCC } });
    expect(res.status).toBe(404);
  });

  it("refuses a stranger: unverified, then verified but not the legal representative", async () => {
    const session = await signIn("13900007011");
    const unverified = await t.api("POST", "/me/enterprises", { token: session.accessToken, body: { uscc: ENTERPRISE_USCC } });
    expect(unverified.body.error.code).toBe("IDENTITY_REQUIRED");
    const stranger = await verified("13900007012", DEMO_IDENTITIES.zhouMin);
    const res = await t.api("POST", "/me/enterprises", { token: stranger.accessToken, body: { uscc: ENTERPRISE_USCC } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("ENTERPRISE_AUTHORITY_REQUIRED");
    expect(await SubjectAuthorityModel.countDocuments({ subjectId: enterpriseId })).toBe(1); // the seeded legal representative only
    expect((await actAs(stranger, enterpriseId)).status).toBe(403);
  });

  it("the legal representative acts for the enterprise after act-as, and refresh keeps it", async () => {
    const session = await t.citizenLogin(DEMO_IDENTITIES.wangFang.phone);
    expect(session.user.identities!.map((i) => [i.kind, i.authority])).toEqual([["citizen", "self"], ["enterprise", "legal_rep"]]);
    const again = await t.api("POST", "/me/enterprises", { token: session.accessToken, body: { uscc: ENTERPRISE_USCC } });
    expect(again.status).toBe(200);

    const acting = await actAs(session, enterpriseId);
    expect(acting.status).toBe(200);
    expect(claims(acting.body.accessToken)).toMatchObject({ role: "enterprise", sbj: enterpriseId });
    expect(acting.body.user).toMatchObject({ role: "enterprise", displayName: "昆明滇池文旅发展有限公司", subject: { id: enterpriseId, kind: "enterprise" } });
    const me = await t.api("GET", "/me", { token: acting.body.accessToken });
    expect(me.body).toMatchObject({ displayName: "昆明滇池文旅发展有限公司", subject: { id: enterpriseId, kind: "enterprise", uscc: ENTERPRISE_USCC } });
    const credit = await t.api("GET", "/me/credit", { token: acting.body.accessToken });
    expect(credit.body.subject.id).toBe(enterpriseId);

    const refreshed = await t.api<TSession>("POST", "/auth/refresh", { body: { refreshToken: acting.body.refreshToken } });
    expect(claims(refreshed.body.accessToken)).toMatchObject({ role: "enterprise", sbj: enterpriseId });
    const back = await actAs(refreshed.body, session.user.subject!.id);
    expect(claims(back.body.accessToken)).toMatchObject({ role: "citizen", sbj: session.user.subject!.id });
    expect(back.body.user.displayName).toBe("王芳");
    wangFang = back.body;
  });
});

describe("mandates (经办人授权)", () => {
  let employee: TSession;
  let legalRep: TSession;
  let mandateId: string;

  beforeAll(async () => {
    employee = await verified(DEMO_IDENTITIES.zhaoQiang.phone, DEMO_IDENTITIES.zhaoQiang);
    legalRep = wangFang;
  });

  it("the legal representative approves an employee, who then acts for the enterprise", async () => {
    const requested = await t.api("POST", "/me/enterprise-mandates", {
      token: employee.accessToken,
      body: { uscc: ENTERPRISE_USCC, enterpriseName: "昆明滇池文旅发展有限公司", approver: "legal_rep", note: "财务部经办人" },
    });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ status: "pending", approver: "legal_rep", hasLetter: false, agent: { name: "赵强", phoneMasked: "138****0004" } });
    mandateId = requested.body.id;
    expect((await actAs(employee, enterpriseId)).status).toBe(403);

    const list = await t.api("GET", `/me/enterprises/${enterpriseId}/mandates`, { token: legalRep.accessToken });
    expect(list.body.items.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([[mandateId, "pending"]]);
    // Only the legal representative sees the enterprise's requests.
    expect((await t.api("GET", `/me/enterprises/${enterpriseId}/mandates`, { token: employee.accessToken })).status).toBe(404);
    expect((await t.api("POST", `/enterprise-mandates/${mandateId}/decision`, { token: employee.accessToken, body: { decision: "approve" } })).status).toBe(403);

    const approved = await t.api("POST", `/enterprise-mandates/${mandateId}/decision`, { token: legalRep.accessToken, body: { decision: "approve" } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "active", decidedBy: "legal_rep" });

    const acting = await actAs(employee, enterpriseId);
    expect(acting.status).toBe(200);
    expect(claims(acting.body.accessToken)).toMatchObject({ role: "enterprise", sbj: enterpriseId });
    expect(acting.body.user.identities!.find((i) => i.subjectId === enterpriseId)).toMatchObject({ authority: "agent" });
    employee = acting.body;
  });

  it("a revoked mandate ends the employee's enterprise token at once, loan applications included", async () => {
    const loan = await LoanProductModel.findOne({ name: /云税贷/ }).lean();
    expect((await t.api("GET", "/me", { token: employee.accessToken })).status).toBe(200);

    const revoked = await t.api("POST", `/enterprise-mandates/${mandateId}/revoke`, { token: legalRep.accessToken, body: { reason: "已离职" } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe("revoked");

    const applied = await applyFor(t, employee.accessToken, loan!._id.toHexString(), applicationBody(), "revoked-agent-1");
    expect(applied.status).toBe(401);
    expect(await LoanApplicationModel.countDocuments({ productId: loan!._id })).toBe(0);
    expect((await t.api("GET", "/me/credit", { token: employee.accessToken })).status).toBe(401);
    // The session goes on as the person's own identity, and cannot switch back.
    const refreshed = await t.api<TSession>("POST", "/auth/refresh", { body: { refreshToken: employee.refreshToken } });
    expect(claims(refreshed.body.accessToken)).toMatchObject({ role: "citizen" });
    expect(refreshed.body.user.identities!.map((i) => i.kind)).toEqual(["citizen"]);
    expect((await actAs(refreshed.body, enterpriseId)).status).toBe(403);
    employee = refreshed.body;
  });

  describe("an enterprise with no legal representative on file", () => {
    const uscc = newUscc("91530102MA6N7T3K2");
    let pending: string;

    it("can only be bound after an administrator's review: legal-rep binding and legal-rep approval are refused", async () => {
      expect((await t.api("POST", "/me/enterprises", { token: employee.accessToken, body: { uscc } })).body.error.code).toBe("ENTERPRISE_REVIEW_REQUIRED");
      const res = await t.api("POST", "/me/enterprise-mandates", { token: employee.accessToken, body: { uscc, enterpriseName: "昆明新设商贸有限公司", approver: "legal_rep" } });
      expect(res.body.error.code).toBe("ENTERPRISE_REVIEW_REQUIRED");
    });

    it("refuses a letter that is not what it says (an .exe renamed .pdf) and stores nothing", async () => {
      const counts = async () => [await MandateModel.countDocuments(), await MandateLetterModel.countDocuments(), await SubjectModel.countDocuments()];
      const before = await counts();
      const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(64)]);
      const res = await t.api("POST", "/me/enterprise-mandates", {
        token: employee.accessToken,
        body: { uscc, enterpriseName: "昆明新设商贸有限公司", prefectureCode: "530100", approver: "administrator", letter: letter(exe, "application/pdf", "授权书.pdf") },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe("body.letter.dataBase64");
      expect(await counts()).toEqual(before);
    });

    it("an administrator of the prefecture approves with a reason after reading the letter; the employee acts for it", async () => {
      const requested = await t.api("POST", "/me/enterprise-mandates", {
        token: employee.accessToken,
        body: { uscc, enterpriseName: "昆明新设商贸有限公司", prefectureCode: "530100", approver: "administrator", letter: letter(PDF) },
      });
      expect(requested.status).toBe(201);
      expect(requested.body).toMatchObject({ status: "pending", approver: "administrator", hasLetter: true, enterprise: { uscc, prefectureCode: "530100" } });
      pending = requested.body.id;

      const queue = await t.api("GET", "/enterprise-mandates?status=pending", { token: kunming });
      expect(queue.body.items.map((m: { id: string }) => m.id)).toContain(pending);
      const download = await fetch(`${t.baseUrl}/api/v1/enterprise-mandates/${pending}/letter`, { headers: { authorization: `Bearer ${kunming}` } });
      expect(download.status).toBe(200);
      expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);

      const noReason = await t.api("POST", `/enterprise-mandates/${pending}/decision`, { token: kunming, body: { decision: "approve" } });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.details.issues[0].path).toBe("body.reason");

      const approved = await t.api("POST", `/enterprise-mandates/${pending}/decision`, { token: kunming, body: { decision: "approve", reason: "授权书加盖公章，与营业执照一致" } });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: "active", decidedBy: "administrator", reason: "授权书加盖公章，与营业执照一致" });
      const acting = await actAs(employee, approved.body.enterprise.subjectId);
      expect(acting.status).toBe(200);
      expect(acting.body.user).toMatchObject({ role: "enterprise", displayName: "昆明新设商贸有限公司" });
    });

    it("another prefecture's administrator can neither see nor decide nor read the letter", async () => {
      const other = await t.api("POST", "/me/enterprise-mandates", {
        token: employee.accessToken,
        body: { uscc: newUscc("91530102MA6N7T3K3"), enterpriseName: "昆明另一商贸有限公司", prefectureCode: "530100", approver: "administrator", letter: letter(PDF) },
      });
      expect(other.status).toBe(201);
      const queue = await t.api("GET", "/enterprise-mandates", { token: dali });
      expect(queue.status).toBe(200);
      expect(queue.body.items.map((m: { id: string }) => m.id)).not.toContain(other.body.id);
      expect((await t.api("POST", `/enterprise-mandates/${other.body.id}/decision`, { token: dali, body: { decision: "approve", reason: "越权" } })).status).toBe(404);
      expect((await t.api("GET", `/enterprise-mandates/${other.body.id}/letter`, { token: dali })).status).toBe(404);
      // Nor can another citizen read it.
      const stranger = await signIn("13900007020");
      expect((await t.api("GET", `/enterprise-mandates/${other.body.id}/letter`, { token: stranger.accessToken })).status).toBe(404);
      expect((await MandateModel.findById(other.body.id).lean())!.status).toBe("pending");
    });

    it("of two administrators deciding at once, exactly one wins", async () => {
      const requested = await t.api("POST", "/me/enterprise-mandates", {
        token: employee.accessToken,
        body: { uscc: newUscc("91530102MA6N7T3K4"), enterpriseName: "昆明第三商贸有限公司", prefectureCode: "530100", approver: "administrator", letter: letter(PDF) },
      });
      const id = requested.body.id;
      const results = await Promise.all([
        t.api("POST", `/enterprise-mandates/${id}/decision`, { token: kunming, body: { decision: "approve", reason: "材料齐全" } }),
        t.api("POST", `/enterprise-mandates/${id}/decision`, { token: platform, body: { decision: "reject", reason: "授权书不清晰" } }),
        t.api("POST", `/enterprise-mandates/${id}/decision`, { token: kunming, body: { decision: "reject", reason: "重复审核" } }),
      ]);
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.body?.error?.code === "MANDATE_TRANSITION_INVALID")).toHaveLength(2);
      const winner = results.find((r) => r.status === 200)!.body;
      expect((await MandateModel.findById(id).lean())!.status).toBe(winner.status);
      const authorities = await SubjectAuthorityModel.countDocuments({ subjectId: winner.enterprise.subjectId });
      expect(authorities).toBe(winner.status === "active" ? 1 : 0);
    });

    it("lists my requests", async () => {
      const mine = await t.api("GET", "/me/enterprise-mandates", { token: employee.accessToken });
      expect(mine.body.items.length).toBeGreaterThanOrEqual(4);
      expect(JSON.stringify(mine.body)).not.toContain(DEMO_IDENTITIES.zhaoQiang.idNumber);
    });
  });
});

describe("closing an account that asked to act for an enterprise", () => {
  const request = (session: TSession) =>
    t.api("POST", "/me/enterprise-mandates", { token: session.accessToken, body: { uscc: ENTERPRISE_USCC, enterpriseName: "昆明滇池文旅发展有限公司", approver: "legal_rep" } });
  const close = (session: TSession) => t.api("POST", "/me/close", { token: session.accessToken, body: { confirm: true } });

  it("withdraws its pending request and its active authority; they leave the legal representative's list", async () => {
    const asking = await verified("13900007030", DEMO_IDENTITIES.hanMei);
    const pending = await request(asking);
    expect(pending.status).toBe(201);
    expect((await close(asking)).status).toBe(200);

    // Closure frees the identity: the same person verifies on a new account, is approved, then closes that one too.
    const acting = await verified("13900007031", DEMO_IDENTITIES.hanMei);
    const active = await request(acting);
    expect(active.status).toBe(201);
    expect((await t.api("POST", `/enterprise-mandates/${active.body.id}/decision`, { token: wangFang.accessToken, body: { decision: "approve" } })).status).toBe(200);
    expect(await SubjectAuthorityModel.countDocuments({ userId: new Types.ObjectId(acting.user.id) })).toBe(1);
    expect((await close(acting)).status).toBe(200);

    for (const id of [pending.body.id, active.body.id]) {
      expect(await MandateModel.findById(id).lean()).toMatchObject({ status: "withdrawn", decidedBy: "agent", reason: "账号已注销" });
    }
    const list = await t.api("GET", `/me/enterprises/${enterpriseId}/mandates`, { token: wangFang.accessToken });
    expect(list.status).toBe(200);
    // Her list holds pending requests and acting accounts: neither is one any more.
    const shown = list.body.items.map((m: { id: string }) => m.id);
    expect(shown).not.toContain(pending.body.id);
    expect(shown).not.toContain(active.body.id);
    // Nothing is left for the legal representative to approve, and nobody acts for the enterprise from those accounts.
    const decision = await t.api("POST", `/enterprise-mandates/${pending.body.id}/decision`, { token: wangFang.accessToken, body: { decision: "approve" } });
    expect(decision.status).toBe(409);
    expect(decision.body.error.code).toBe("MANDATE_TRANSITION_INVALID");
    expect(await SubjectAuthorityModel.countDocuments({ userId: { $in: [new Types.ObjectId(asking.user.id), new Types.ObjectId(acting.user.id)] } })).toBe(0);
  });
});
