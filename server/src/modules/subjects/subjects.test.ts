import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citizenIdCheckChar, DEFAULT_SCORING_MODEL } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { SubjectModel } from "./model";

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
  await t.api("PATCH", "/me", { token: session.accessToken, body: { prefectureCode } });
  const docs: { kind: string; version: number }[] = (await t.api("GET", "/privacy/documents")).body.items;
  const version = (kind: string) => docs.find((d) => d.kind === kind)!.version;
  await t.api("POST", "/me/privacy/consents", {
    token: session.accessToken,
    body: { userAgreementVersion: version("user_agreement"), privacyNoticeVersion: version("privacy_notice"), sensitiveInfoVersion: version("sensitive_info") },
  });
  return session;
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
  // A demo identity the development identity check knows (modules/identity/demo-identities.ts).
  const idNumber = citizenId("53010219850203411");
  let boundSession: Awaited<ReturnType<typeof newCitizen>>;

  it("binds an account to a citizen ID, shows it masked, and evaluates the subject", async () => {
    const session = (boundSession = await newCitizen("13900002001"));
    const bound = await t.api("POST", "/me/real-name", { token: session.accessToken, body: { idNumber, name: "赵磊" } });
    expect(bound.status).toBe(200);
    expect(bound.body.subject).toEqual({ id: expect.any(String), kind: "citizen", name: "赵磊", idMasked: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}` });
    expect(JSON.stringify(bound.body)).not.toContain(idNumber);

    // The ID number is at rest only encrypted and hashed.
    const stored = await SubjectModel.findById(bound.body.subject.id).lean();
    expect(JSON.stringify(stored)).not.toContain(idNumber);
    expect(stored!.idSealed!.ct).toBeTruthy();

    const refreshed = await t.api("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } });
    const credit = await t.api("GET", "/me/credit", { token: refreshed.body.accessToken });
    expect(credit.status).toBe(200);
    expect(credit.body.evaluation).toMatchObject({ score: DEFAULT_SCORING_MODEL.citizen.base, grade: "A", gradeLabel: "良好", modelVersion: 1, blacklisted: false });
  });

  it("refuses an invalid ID number with the reason and the field", async () => {
    const session = await newCitizen("13900002002");
    const res = await t.api("POST", "/me/real-name", { token: session.accessToken, body: { idNumber: "530102198502034110", name: "钱七" } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0]).toMatchObject({ path: "body.idNumber", message: "身份证号码校验位不正确" });
  });

  it("refuses a second account for the same citizen, and a second binding of one account", async () => {
    const other = await newCitizen("13900002003");
    const res = await t.api("POST", "/me/real-name", { token: other.accessToken, body: { idNumber, name: "赵磊" } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("SUBJECT_BOUND_ELSEWHERE");

    const again = await t.api("POST", "/me/real-name", { token: boundSession.accessToken, body: { idNumber: citizenId("53010219850203412"), name: "赵磊" } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("SUBJECT_ALREADY_BOUND");
  });

  it("refuses an enterprise binding with a bad checksum, and one the platform has no legal representative for", async () => {
    // Enterprise binding with the full flow (legal representative, mandates): modules/identity.
    const bad = await t.api("POST", "/me/enterprises", { token: boundSession.accessToken, body: { uscc: "91350100M0001TGQXM" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe("body.uscc");
    const unknown = await t.api("POST", "/me/enterprises", { token: boundSession.accessToken, body: { uscc: "91350100M000100Y43" } });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.code).toBe("ENTERPRISE_REVIEW_REQUIRED");
  });
});

describe("records and the score", () => {
  it("a serious penalty lowers the score at once; freezing it restores it; every change has its version", async () => {
    const idNumber = citizenId("53010219900505222");
    const session = await newCitizen("13900003001");
    await t.api("POST", "/me/real-name", { token: session.accessToken, body: { idNumber, name: "周敏" } });
    const created = await t.api("POST", "/credit-records", { token: admin, body: penalty(idNumber, "周敏", "昆市监罚〔2026〕1号") });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "active", version: 1, late: false });

    const token = (await t.api("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } })).body.accessToken;
    const credit = await t.api("GET", "/me/credit", { token });
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

    const history = await t.api("GET", `/credit-records/${created.body.id}/history`, { token: admin });
    expect(history.body.items.map((e: { version: number; status: string }) => [e.version, e.status])).toEqual([[1, "active"], [2, "frozen"]]);

    const evaluations = await t.api("GET", `/subjects/${credit.body.subject.id}/evaluations`, { token: admin });
    expect(evaluations.body.items.map((e: { score: number }) => e.score).slice(0, 3)).toEqual([700, 580, 700]);
  });

  it("of two administrators changing the same version at once, exactly one wins", async () => {
    const created = await t.api("POST", "/credit-records", { token: admin, body: penalty(citizenId("53010219900505333"), "吴刚", "昆市监罚〔2026〕2号") });
    const results = await Promise.all(
      ["repaired", "revoked", "frozen", "repaired"].map((status) =>
        t.api("POST", `/credit-records/${created.body.id}/status`, { token: admin, body: { status, reason: "并发测试", expectedVersion: 1 } }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.body?.error?.code === "VERSION_CONFLICT")).toHaveLength(3);
  });

  it("refuses the same document twice for a subject", async () => {
    const body = penalty(citizenId("53010219900505444"), "郑洁", "昆市监罚〔2026〕3号");
    expect((await t.api("POST", "/credit-records", { token: admin, body })).status).toBe(201);
    const again = await t.api("POST", "/credit-records", { token: admin, body });
    expect(again.status).toBe(409);
  });

  it("flags a 双公示 publication more than 7 working days late", async () => {
    const res = await t.api("POST", "/credit-records", {
      token: admin,
      body: penalty(citizenId("53010219900505555"), "冯雪", "昆市监罚〔2026〕4号", { decidedAt: "2026-11-02", publishedAt: "2026-11-20", validUntil: "2027-11-02" }),
    });
    expect(res.body.late).toBe(true);
  });

  it("a black-list record flags the subject whatever the score", async () => {
    const idNumber = citizenId("53010219880808666");
    const res = await t.api("POST", "/credit-records", {
      token: admin,
      body: { ...penalty(idNumber, "褚强", "（2026）云01执123号"), kind: "black_list", severity: undefined, title: "失信被执行人", sourceDept: "昆明市中级人民法院" },
    });
    expect(res.status).toBe(201);
    const found = await t.api("POST", "/subjects/search", { token: admin, body: { q: idNumber } });
    expect(found.body.items[0]).toMatchObject({ blacklisted: true });
  });
});

describe("search and regional scope", () => {
  it("finds a subject by full ID, masked ID and name; never returns the full number", async () => {
    const idNumber = citizenId("53010219920909777");
    await t.api("POST", "/credit-records", { token: admin, body: penalty(idNumber, "卫兰", "昆市监罚〔2026〕5号") });
    const masked = `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`;
    for (const q of [idNumber, masked, "卫兰"]) {
      const res = await t.api("POST", "/subjects/search", { token: admin, body: { q } });
      expect(res.body.items.map((s: { idMasked: string }) => s.idMasked), q).toContain(masked);
      expect(JSON.stringify(res.body)).not.toContain(idNumber);
    }
  });

  it("keeps a regional administrator to their prefecture", async () => {
    const daliId = citizenId("53290119930303888");
    const created = await t.api("POST", "/credit-records", { token: admin, body: { ...penalty(daliId, "蒋芸", "大综执罚〔2026〕9号"), prefectureCode: "532900" } });
    const subjectId = created.body.subjectId;
    expect((await t.api("GET", `/subjects/${subjectId}`, { token: kunming })).status).toBe(404);
    const search = await t.api("POST", "/subjects/search", { token: kunming, body: { q: daliId } });
    expect(search.body.items).toHaveLength(0);
    const write = await t.api("POST", "/credit-records", { token: kunming, body: { ...penalty(daliId, "蒋芸", "大综执罚〔2026〕10号"), prefectureCode: "532900" } });
    expect(write.status).toBe(403);
    const all = await t.api("POST", "/subjects/search", { token: kunming, body: {} });
    for (const s of all.body.items) expect(s.prefectureCode).toBe("530100");
  });
});

describe("scoring model versions", () => {
  it("previews a draft's effect, publishes it, and leaves past evaluations on their version", async () => {
    const idNumber = citizenId("53010219950505999");
    const created = await t.api("POST", "/credit-records", { token: admin, body: penalty(idNumber, "沈冰", "昆市监罚〔2026〕6号") });
    const subjectId = created.body.subjectId;
    const before = await t.api("GET", `/subjects/${subjectId}/evaluations`, { token: admin });
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

    expect((await t.api("POST", `/scoring-models/${version}/publish`, { token: kunming })).status).toBe(403);
    const published = await t.api("POST", `/scoring-models/${version}/publish`, { token: admin });
    expect(published.body.status).toBe("published");
    expect((await t.api("PUT", `/scoring-models/${version}`, { token: admin, body: { note: "改", params } })).body.error.code).toBe("MODEL_NOT_EDITABLE");

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
