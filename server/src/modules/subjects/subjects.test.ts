import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citizenIdCheckChar, DEFAULT_SCORING_MODEL } from "@xinyi/shared";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import { acceptAllDocuments } from "../../../test/privacy";
import { CreditRecordModel, RecordEventModel } from "../credit-records/model";
import { DEMO_IDENTITIES } from "../identity/demo-identities";
import { SubjectAuthorityModel } from "../identity/model";
import { UserModel } from "../users/model";
import { AccountSubjectModel, CitizenOwnerModel, SubjectModel } from "./model";

const citizenId = (first17: string) => first17 + citizenIdCheckChar(first17);

let t: TestServer;
let admin: string;
let kunming: string;

beforeAll(async () => {
  t = await startTestServer({ name: "subjects" });
  admin = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
});
afterAll(() => t.close());

/** A new account that chose its prefecture and accepted the privacy documents (real-name verification needs them). */
async function newCitizen(phone: string, prefectureCode = "530100") {
  const session = await t.citizenLogin(phone);
  const chosen = await t.api("PATCH", "/me", { token: session.accessToken, body: { prefectureCode } });
  expect(chosen.status).toBe(200);
  await acceptAllDocuments(t, session.accessToken);
  return session;
}

/** Whom the store says an account is bound to: the user's subject and its account link (null when unbound). */
async function bindingOf(userId: string) {
  const [user, link] = await Promise.all([UserModel.findById(userId, { subjectId: 1 }).lean(), AccountSubjectModel.findById(userId).lean()]);
  return { subjectId: user?.subjectId?.toHexString() ?? null, linked: link?.subjectId.toHexString() ?? null };
}

const penalty = (idNumber: string, name: string, docNo: string, extra: Record<string, unknown> = {}) => ({
  subject: { kind: "citizen", idNumber, name },
  prefectureCode: "530100",
  kind: "penalty",
  severity: "serious",
  title: "无证经营",
  sourceDept: "昆明市市场监督管理局",
  docNo,
  decidedAt: new Date().toISOString().slice(0, 10),
  validUntil: new Date(Date.now() + 730 * 86400_000).toISOString().slice(0, 10),
  ...extra,
});

describe("real-name binding", () => {
  it("binds an account to a citizen ID, shows it masked, and evaluates the subject", async () => {
    // A person the development identity check knows and the platform has no records of (modules/identity/demo-identities.ts).
    const { idNumber, name } = DEMO_IDENTITIES.zhaoLei;
    expect(name).toBe("赵磊");
    const session = await newCitizen("13900002001");
    const bound = await t.api("POST", "/me/real-name", { token: session.accessToken, body: { idNumber, name: "赵磊" } });
    expect(bound.status).toBe(200);
    expect(bound.body.subject).toEqual({ id: expect.any(String), kind: "citizen", name: "赵磊", idMasked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}` });
    expect(JSON.stringify(bound.body)).not.toContain(idNumber);

    // The ID number is at rest only encrypted and hashed.
    const stored = await SubjectModel.findById(bound.body.subject.id).lean();
    expect(JSON.stringify(stored)).not.toContain(idNumber);
    expect(stored!.idSealed!.ct).toBeTruthy();
    expect(await bindingOf(session.user.id)).toEqual({ subjectId: bound.body.subject.id, linked: bound.body.subject.id });
    expect((await CitizenOwnerModel.findById(bound.body.subject.id).lean())!.userId.toHexString()).toBe(session.user.id);

    const refreshed = await t.api("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    const credit = await t.api("GET", "/me/credit", { token: refreshed.body.accessToken });
    expect(credit.status).toBe(200);
    expect(credit.body.evaluation).toMatchObject({ score: DEFAULT_SCORING_MODEL.citizen.base, grade: "A", gradeLabel: "良好", modelVersion: 1, blacklisted: false });
  });

  it("refuses an invalid ID number with the reason and the field", async () => {
    const session = await newCitizen("13900002002");
    const res = await t.api("POST", "/me/real-name", { token: session.accessToken, body: { idNumber: "530102198502034110", name: "钱七" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details.issues[0]).toMatchObject({ path: "body.idNumber", message: "身份证号码校验位不正确" });
    expect(await bindingOf(session.user.id)).toEqual({ subjectId: null, linked: null });
  });

  it("refuses a second account for the same citizen, and a second binding of one account", async () => {
    // Its own citizen, bound here: no other test of this file binds 赵强.
    const { idNumber, name } = DEMO_IDENTITIES.zhaoQiang;
    const first = await newCitizen("13900002004");
    const bound = await t.api("POST", "/me/real-name", { token: first.accessToken, body: { idNumber, name } });
    expect(bound.status).toBe(200);
    const subjectId = bound.body.subject.id;

    const other = await newCitizen("13900002003");
    const res = await t.api("POST", "/me/real-name", { token: other.accessToken, body: { idNumber, name } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("SUBJECT_BOUND_ELSEWHERE");
    // The second account stays unbound; the citizen stays with the first.
    expect(await bindingOf(other.user.id)).toEqual({ subjectId: null, linked: null });
    expect((await CitizenOwnerModel.findById(subjectId).lean())!.userId.toHexString()).toBe(first.user.id);

    const subjectsBefore = await SubjectModel.countDocuments();
    const again = await t.api("POST", "/me/real-name", { token: first.accessToken, body: { idNumber: citizenId("53010219850203412"), name: "赵强" } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("SUBJECT_ALREADY_BOUND");
    expect(await bindingOf(first.user.id)).toEqual({ subjectId, linked: subjectId });
    expect(await SubjectModel.countDocuments()).toBe(subjectsBefore);
  });

  it("refuses an enterprise binding with a bad checksum, and one the platform has no legal representative for", async () => {
    // Enterprise binding with the full flow (legal representative, mandates): modules/identity.
    const [holder] = await createCitizens([{ phone: "13900002005", name: "钱多多" }]);
    const token = t.tokenFor(holder!);
    await acceptAllDocuments(t, token);
    const subjectsBefore = await SubjectModel.countDocuments();
    const bad = await t.api("POST", "/me/enterprises", { token, body: { uscc: "91350100M0001TGQXM" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    expect(bad.body.error.details.issues[0].path).toBe("body.uscc");
    const unknown = await t.api("POST", "/me/enterprises", { token, body: { uscc: "91350100M000100Y43" } });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.code).toBe("ENTERPRISE_REVIEW_REQUIRED");
    // Neither created an enterprise, gave the holder authority over one, nor moved them off their own subject.
    expect(await SubjectModel.countDocuments()).toBe(subjectsBefore);
    expect(await SubjectAuthorityModel.countDocuments({ userId: holder!._id })).toBe(0);
    expect(await bindingOf(holder!._id.toHexString())).toEqual({ subjectId: holder!.subjectId!.toHexString(), linked: holder!.subjectId!.toHexString() });
  });
});

describe("records and the score", () => {
  it("a serious penalty lowers the score at once; freezing it restores it; every change has its version", async () => {
    const idNumber = citizenId("53010219900505222");
    const session = await newCitizen("13900003001");
    const bound = await t.api("POST", "/me/real-name", { token: session.accessToken, body: { idNumber, name: "周敏" } });
    expect(bound.status).toBe(200);
    const created = await t.api("POST", "/credit-records", { token: admin, body: penalty(idNumber, "周敏", "昆市监罚〔2026〕1号") });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "active", version: 1, late: false });

    const refreshed = await t.api("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } });
    expect(refreshed.status).toBe(200);
    const token = refreshed.body.accessToken;
    const credit = await t.api("GET", "/me/credit", { token });
    expect(credit.status).toBe(200);
    expect(credit.body.evaluation.score).toBe(580);
    expect(credit.body.evaluation.factors[0]).toMatchObject({ recordId: created.body.id, contribution: -120 });
    expect(credit.body.evaluation.improvements).toContainEqual(expect.objectContaining({ via: "repair", scoreAfter: 700, gain: 120 }));
    expect(credit.body.records.map((r: { id: string }) => r.id)).toContain(created.body.id);

    const frozen = await t.api("POST", `/credit-records/${created.body.id}/status`, { token: admin, body: { status: "frozen", reason: "当事人提出异议", expectedVersion: 1 } });
    expect(frozen.status).toBe(200);
    expect(frozen.body).toMatchObject({ status: "frozen", version: 2 });
    expect((await t.api("GET", "/me/credit", { token })).body.evaluation.score).toBe(700);

    const stale = await t.api("POST", `/credit-records/${created.body.id}/status`, { token: admin, body: { status: "revoked", reason: "过期页面", expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("VERSION_CONFLICT");
    expect(await CreditRecordModel.findById(created.body.id).lean()).toMatchObject({ status: "frozen", version: 2 });

    const history = await t.api("GET", `/credit-records/${created.body.id}/history`, { token: admin });
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { version: number; status: string }) => [e.version, e.status])).toEqual([[1, "active"], [2, "frozen"]]);

    const evaluations = await t.api("GET", `/subjects/${credit.body.subject.id}/evaluations`, { token: admin });
    expect(evaluations.status).toBe(200);
    expect(evaluations.body.items.map((e: { score: number }) => e.score).slice(0, 3)).toEqual([700, 580, 700]);
  });

  it("of two administrators changing the same version at once, exactly one wins", async () => {
    const created = await t.api("POST", "/credit-records", { token: admin, body: penalty(citizenId("53010219900505333"), "吴刚", "昆市监罚〔2026〕2号") });
    expect(created.status).toBe(201);
    const results = await Promise.all(
      ["repaired", "revoked", "frozen", "repaired"].map((status) =>
        t.api("POST", `/credit-records/${created.body.id}/status`, { token: admin, body: { status, reason: "并发测试", expectedVersion: 1 } }),
      ),
    );
    const winners = results.filter((r) => r.status === 200);
    expect(winners, JSON.stringify(results.map((r) => r.status))).toHaveLength(1);
    for (const loser of results.filter((r) => r.status !== 200)) {
      expect(loser.status).toBe(409);
      expect(loser.body.error.code).toBe("VERSION_CONFLICT");
    }
    // The store holds the winner's change as version 2, and one history entry per version.
    const won = winners[0]!.body.status;
    expect(await CreditRecordModel.findById(created.body.id).lean()).toMatchObject({ status: won, version: 2 });
    const events = await RecordEventModel.find({ recordId: created.body.id }).sort({ version: 1 }).lean();
    expect(events.map((e) => [e.version, e.status])).toEqual([[1, "active"], [2, won]]);
  });

  it("refuses the same document twice for a subject", async () => {
    const body = penalty(citizenId("53010219900505444"), "郑洁", "昆市监罚〔2026〕3号");
    const first = await t.api("POST", "/credit-records", { token: admin, body });
    expect(first.status).toBe(201);
    const again = await t.api("POST", "/credit-records", { token: admin, body });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "CONFLICT", message: "该主体已有同一来源部门、同一文书号的记录" });
    expect(await CreditRecordModel.countDocuments({ subjectId: first.body.subjectId, docNo: body.docNo })).toBe(1);
  });

  it("flags a 双公示 publication more than 7 working days late", async () => {
    const res = await t.api("POST", "/credit-records", {
      token: admin,
      body: penalty(citizenId("53010219900505555"), "冯雪", "昆市监罚〔2026〕4号", { decidedAt: "2026-11-02", publishedAt: "2026-11-20", validUntil: "2027-11-02" }),
    });
    expect(res.status).toBe(201);
    expect(res.body.late).toBe(true);
    expect(await CreditRecordModel.findById(res.body.id).lean()).toMatchObject({ late: true });
    // The control: published within 7 working days of the decision is not late.
    const onTime = await t.api("POST", "/credit-records", {
      token: admin,
      body: penalty(citizenId("53010219900505555"), "冯雪", "昆市监罚〔2026〕4-1号", { decidedAt: "2026-11-02", publishedAt: "2026-11-05", validUntil: "2027-11-02" }),
    });
    expect(onTime.status).toBe(201);
    expect(onTime.body.late).toBe(false);
  });

  it("a black-list record flags the subject whatever the score", async () => {
    const idNumber = citizenId("53010219880808666");
    const res = await t.api("POST", "/credit-records", {
      token: admin,
      body: { ...penalty(idNumber, "褚强", "（2026）云01执123号"), kind: "black_list", severity: undefined, title: "失信被执行人", sourceDept: "昆明市中级人民法院" },
    });
    expect(res.status).toBe(201);
    const found = await t.api("POST", "/subjects/search", { token: admin, body: { q: idNumber } });
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({ id: res.body.subjectId, blacklisted: true });
  });
});

describe("search and regional scope", () => {
  it("finds a subject by full ID, masked ID and name; never returns the full number", async () => {
    const idNumber = citizenId("53010219920909777");
    const created = await t.api("POST", "/credit-records", { token: admin, body: penalty(idNumber, "卫兰", "昆市监罚〔2026〕5号") });
    expect(created.status).toBe(201);
    const masked = `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`;
    for (const q of [idNumber, masked, "卫兰"]) {
      const res = await t.api("POST", "/subjects/search", { token: admin, body: { q } });
      expect(res.status).toBe(200);
      expect(res.body.items.map((s: { idMasked: string }) => s.idMasked), q).toContain(masked);
      expect(JSON.stringify(res.body)).not.toContain(idNumber);
    }
  });

  it("keeps a regional administrator to their prefecture", async () => {
    // One subject on each side, made here: the 大理 one is the newest, so an unfiltered list would show it first.
    const kunmingId = citizenId("53010219930303887");
    const own = await t.api("POST", "/credit-records", { token: admin, body: penalty(kunmingId, "韦青", "昆市监罚〔2026〕9号") });
    expect(own.status).toBe(201);
    const daliId = citizenId("53290119930303888");
    const created = await t.api("POST", "/credit-records", { token: admin, body: { ...penalty(daliId, "蒋芸", "大综执罚〔2026〕9号"), prefectureCode: "532900" } });
    expect(created.status).toBe(201);
    const subjectId = created.body.subjectId;

    // Their own prefecture's subject they see (the control for every refusal below).
    expect((await t.api("GET", `/subjects/${own.body.subjectId}`, { token: kunming })).status).toBe(200);
    for (const path of [`/subjects/${subjectId}`, `/subjects/${subjectId}/evaluations`, `/credit-records/${created.body.id}/history`]) {
      const res = await t.api("GET", path, { token: kunming });
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe("NOT_FOUND");
    }
    const found = await t.api("POST", "/subjects/search", { token: kunming, body: { q: kunmingId } });
    expect(found.status).toBe(200);
    expect(found.body.items.map((s: { id: string }) => s.id)).toEqual([own.body.subjectId]);
    const search = await t.api("POST", "/subjects/search", { token: kunming, body: { q: daliId } });
    expect(search.status).toBe(200);
    expect(search.body.items).toHaveLength(0);

    const statusChange = await t.api("POST", `/credit-records/${created.body.id}/status`, { token: kunming, body: { status: "revoked", reason: "越权", expectedVersion: 1 } });
    expect(statusChange.status).toBe(404);
    expect(statusChange.body.error.code).toBe("NOT_FOUND");
    expect(await CreditRecordModel.findById(created.body.id).lean()).toMatchObject({ status: "active", version: 1 });
    const write = await t.api("POST", "/credit-records", { token: kunming, body: { ...penalty(daliId, "蒋芸", "大综执罚〔2026〕10号"), prefectureCode: "532900" } });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe("FORBIDDEN");
    expect(write.body.error.details.issues[0].path).toBe("body.prefectureCode");
    expect(await CreditRecordModel.countDocuments({ docNo: "大综执罚〔2026〕10号" })).toBe(0);

    const all = await t.api("POST", "/subjects/search", { token: kunming, body: {} });
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(await SubjectModel.countDocuments({ prefectureCode: "530100" }));
    expect(all.body.items.length).toBeGreaterThan(0);
    expect(all.body.items.map((s: { id: string }) => s.id)).toContain(own.body.subjectId);
    for (const s of all.body.items) expect(s.prefectureCode).toBe("530100");
  });
});

describe("scoring model versions", () => {
  it("previews a draft's effect, publishes it, and leaves past evaluations on their version", async () => {
    const idNumber = citizenId("53010219950505999");
    const created = await t.api("POST", "/credit-records", { token: admin, body: penalty(idNumber, "沈冰", "昆市监罚〔2026〕6号") });
    const subjectId = created.body.subjectId;
    expect(created.status).toBe(201);
    const before = await t.api("GET", `/subjects/${subjectId}/evaluations`, { token: admin });
    expect(before.status).toBe(200);
    expect(before.body.items[0]).toMatchObject({ modelVersion: 1, score: 580 });

    const params = structuredClone(DEFAULT_SCORING_MODEL);
    params.citizen.base = 800;
    const draft = await t.api("POST", "/scoring-models", { token: admin, body: { note: "基础分上调", params } });
    expect(draft.status).toBe(201);
    expect(draft.body.status).toBe("draft");
    const version = draft.body.version;

    const preview = await t.api("GET", `/scoring-models/${version}/preview`, { token: admin });
    expect(preview.status).toBe(200);
    expect(preview.body.subjects).toBeGreaterThan(0);
    expect(preview.body.changed).toBeGreaterThan(0);
    const sum = (rows: { current: number; draft: number }[], key: "current" | "draft") => rows.reduce((n, r) => n + r[key], 0);
    expect(sum(preview.body.citizen, "current")).toBe(sum(preview.body.citizen, "draft"));

    const regional = await t.api("POST", `/scoring-models/${version}/publish`, { token: kunming });
    expect(regional.status).toBe(403);
    expect(regional.body.error.code).toBe("FORBIDDEN");
    const published = await t.api("POST", `/scoring-models/${version}/publish`, { token: admin });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe("published");
    const edit = await t.api("PUT", `/scoring-models/${version}`, { token: admin, body: { note: "改", params } });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe("MODEL_NOT_EDITABLE");

    // Re-evaluation runs in the background after publishing.
    let latest: { modelVersion: number; score: number } | undefined;
    for (let i = 0; i < 100 && latest?.modelVersion !== version; i++) {
      await new Promise((r) => setTimeout(r, 100));
      latest = (await t.api("GET", `/subjects/${subjectId}/evaluations`, { token: admin })).body.items[0];
    }
    expect(latest).toMatchObject({ modelVersion: version, score: 680 });
    const history = (await t.api("GET", `/subjects/${subjectId}/evaluations`, { token: admin })).body.items;
    expect(history.find((e: { modelVersion: number }) => e.modelVersion === 1)).toMatchObject({ score: 580 });
  });

  it("refuses a model whose bands are out of order, naming the field", async () => {
    const params = structuredClone(DEFAULT_SCORING_MODEL);
    params.enterprise.bands.reverse();
    const res = await t.api("POST", "/scoring-models", { token: admin, body: { params } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details.issues[0].path).toBe("body.params.enterprise.bands");
  });
});

describe("the profile cache", () => {
  it("serves 1,000 reads of 我的信用 without touching the store 1,000 times", async () => {
    const session = await t.citizenLogin("13800000001");
    const token = session.accessToken;
    expect((await t.api("GET", "/me/credit", { token })).status).toBe(200);
    let queries = 0;
    mongoose.set("debug", () => {
      queries += 1;
    });
    try {
      for (let i = 0; i < 1000; i++) {
        const res = await t.api("GET", "/me/credit", { token });
        if (res.status !== 200) throw new Error(`read ${i} failed: ${res.status}`);
      }
    } finally {
      mongoose.set("debug", false);
    }
    expect(queries).toBeLessThan(10);
  });
});
