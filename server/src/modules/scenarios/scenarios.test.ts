import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TScenarioCreateRequest } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { PartnerDecisionModel, PartnerModel } from "../partners/model";
import { ScenarioEventModel, ScenarioModel } from "./model";

let t: TestServer;
let platform: string;
let kunming: string;
let operator: string;
let operatorPartnerId: string;

const window = () => ({ startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() });
const body = (overrides: Partial<TScenarioCreateRequest> = {}): TScenarioCreateRequest => ({
  title: "公交地铁8折",
  category: "travel",
  prefectureCodes: ["530100"],
  rule: { type: "minScore", score: 697 },
  benefit: { summary: "公交地铁8折" },
  quota: 100,
  ...window(),
  ...overrides,
});
const act = (token: string, id: string, action: string, expectedVersion: number, reason?: string) =>
  t.api("POST", `/scenarios/${id}/transitions`, { token, body: { action, expectedVersion, ...(reason ? { reason } : {}) } });
const create = async (token: string, overrides: Partial<TScenarioCreateRequest> = {}) => {
  const res = await t.api("POST", "/scenarios", { token, body: body(overrides) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number; status: string };
};
/** The scenario as stored: what a refused change must have left alone. */
const storedScenario = async (id: string) => (await ScenarioModel.findById(id).lean())!;

beforeAll(async () => {
  t = await startTestServer({ name: "scenarios" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
  const session = await t.consoleLogin("ynly_operator", "Partner@2026");
  operator = session.accessToken;
  operatorPartnerId = session.user.partnerId!;
});
afterAll(() => t.close());

describe("scenario workflow", () => {
  it("an administrator's own scenario: draft, published directly, paused, resumed, ended — every step a version", async () => {
    const created = await t.api("POST", "/scenarios", { token: platform, body: body() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "draft", version: 1, claimedCount: 0, remaining: 100, ruleSummary: "个人信用分不低于 697" });
    const id = created.body.id;
    const steps = [
      ["publish", "published"],
      ["pause", "paused"],
      ["resume", "published"],
      ["end", "ended"],
    ] as const;
    for (const [i, [action, status]] of steps.entries()) {
      const res = await act(platform, id, action, i + 1);
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body).toMatchObject({ id, status, version: i + 2 });
    }
    expect(await storedScenario(id)).toMatchObject({ status: "ended", version: 5, publishedAt: expect.any(Date) });
    const history = await t.api("GET", `/scenarios/${id}/history`, { token: platform });
    expect(history.status).toBe(200);
    expect(history.body.items.map((e: { version: number; to: string }) => [e.version, e.to])).toEqual([[1, "draft"], [2, "published"], [3, "paused"], [4, "published"], [5, "ended"]]);
    // An ended scenario goes nowhere.
    const again = await act(platform, id, "resume", 5);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("SCENARIO_TRANSITION_INVALID");
    expect(await storedScenario(id)).toMatchObject({ status: "ended", version: 5 });
  });

  it("a partner's scenario: submitted, rejected with a reason, edited, resubmitted, approved by the prefecture, published by the partner", async () => {
    const created = await t.api("POST", "/scenarios", { token: operator, body: body({ title: "石林门票立减", category: "tourism" }) });
    expect(created.status).toBe(201);
    expect(created.body.ownerPartnerName).toBe("一部手机游云南");
    const id = created.body.id;
    const early = await act(operator, id, "publish", 1);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: "SCENARIO_TRANSITION_INVALID", message: "合作机构的场景需提交审核、通过后才能发布" });
    expect(await storedScenario(id)).toMatchObject({ status: "draft", version: 1 });
    const submitted = await act(operator, id, "submit", 1);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: "submitted", version: 2 });
    const selfApproved = await act(operator, id, "approve", 2);
    expect(selfApproved.status).toBe(403);
    expect(selfApproved.body.error.code).toBe("FORBIDDEN");
    const noReason = await act(kunming, id, "reject", 2);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe("VALIDATION_FAILED");
    expect(noReason.body.error.details.issues[0].path).toBe("body.reason");
    expect(await storedScenario(id)).toMatchObject({ status: "submitted", version: 2 });
    const rejected = await act(kunming, id, "reject", 2, "请补充使用条款");
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: "rejected", rejectionReason: "请补充使用条款", version: 3 });
    const edited = await t.api("PUT", `/scenarios/${id}`, { token: operator, body: { ...body({ title: "石林门票立减", category: "tourism", terms: "每人限领1次" }), expectedVersion: 3 } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 4, terms: "每人限领1次" });
    expect(await storedScenario(id)).toMatchObject({ version: 4, terms: "每人限领1次" });
    const resubmitted = await act(operator, id, "submit", 4);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.status).toBe("submitted");
    const review = await t.api("GET", "/scenarios?status=submitted", { token: kunming });
    expect(review.status).toBe(200);
    expect(review.body.items.map((s: { id: string }) => s.id)).toContain(id);
    const approved = await act(kunming, id, "approve", 5);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe("approved");
    const published = await act(operator, id, "publish", 6);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: "published", version: 7 });
    expect(await storedScenario(id)).toMatchObject({ status: "published", version: 7, rejectionReason: "请补充使用条款" });
  });

  it("of two concurrent changes of one version, one wins and the other is told to reload", async () => {
    const { id } = await create(platform);
    const results = await Promise.all([act(platform, id, "publish", 1), act(platform, id, "publish", 1), act(platform, id, "publish", 1)]);
    expect(results.filter((r) => r.status === 200), JSON.stringify(results.map((r) => r.status))).toHaveLength(1);
    for (const loser of results.filter((r) => r.status !== 200)) {
      expect(loser.status).toBe(409);
      expect(loser.body.error.code).toBe("VERSION_CONFLICT");
    }
    // One version 2 in the history and on the scenario: the losers wrote nothing.
    const events = await ScenarioEventModel.find({ scenarioId: id }).sort({ version: 1 }).lean();
    expect(events.map((e) => [e.version, e.to])).toEqual([[1, "draft"], [2, "published"]]);
    expect(await storedScenario(id)).toMatchObject({ status: "published", version: 2 });
  });

  it("keeps partners to their own scenarios and their regions", async () => {
    const admins = await create(platform);
    const own = await create(operator, { title: "石林门票 自有", category: "tourism" });
    const hidden = await t.api("GET", `/scenarios/${admins.id}`, { token: operator });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe("NOT_FOUND");
    const list = await t.api("GET", "/scenarios", { token: operator });
    expect(list.status).toBe(200);
    const ids = list.body.items.map((s: { id: string }) => s.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(admins.id);
    // Exactly the partner's scenarios in the store (its seeded one and the one above), each named as the partner's.
    const stored = await ScenarioModel.find({ ownerPartnerId: operatorPartnerId }, { _id: 1 }).lean();
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect([...ids].sort()).toEqual(stored.map((s) => s._id.toHexString()).sort());
    for (const s of list.body.items) expect(s.ownerPartnerName).toBe("一部手机游云南");
    const before = await ScenarioModel.countDocuments();
    const outside = await t.api("POST", "/scenarios", { token: operator, body: body({ prefectureCodes: ["533400"] }) });
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe("FORBIDDEN");
    expect(outside.body.error.details.issues[0].path).toBe("body.prefectureCodes");
    expect(await ScenarioModel.countDocuments()).toBe(before);
  });

  it("dry run: who in scope qualifies today, per grade, and how fast the quota would go", async () => {
    const created = await t.api("POST", "/scenarios", { token: platform, body: body({ rule: { type: "minScore", score: 700 } }) });
    const dry = await t.api("GET", `/scenarios/${created.body.id}/dry-run`, { token: platform });
    expect(dry.status).toBe(200);
    // Seeded 昆明 subjects: 张明 (720) qualifies; the enterprises are on another scale and do not meet a citizen threshold.
    expect(dry.body.subjectsInScope).toBeGreaterThanOrEqual(1);
    expect(dry.body.eligible).toBeGreaterThanOrEqual(1);
    expect(dry.body.byGrade.find((g: { grade: string }) => g.grade === "A")).toMatchObject({ benefit: "公交地铁8折" });
    expect(dry.body.daysToExhaustQuota).toBeGreaterThan(0);
  });
});

describe("regional scope", () => {
  it("lets a regional administrator create only for their own prefecture", async () => {
    const own = await create(kunming);
    expect(await storedScenario(own.id)).toMatchObject({ prefectureCodes: ["530100"], provinceWide: false, status: "draft" });
    const before = await ScenarioModel.countDocuments();
    for (const scope of [{ prefectureCodes: ["532900"] }, { prefectureCodes: ["530100", "532900"] }] as const) {
      const other = await t.api("POST", "/scenarios", { token: kunming, body: body({ prefectureCodes: [...scope.prefectureCodes] }) });
      expect(other.status).toBe(403);
      expect(other.body.error.code).toBe("FORBIDDEN");
      expect(other.body.error.details.issues[0].path).toBe("body.prefectureCodes");
    }
    expect(await ScenarioModel.countDocuments()).toBe(before);
  });

  it("hides other prefectures' scenarios; shows, without letting change, shared ones", async () => {
    const dali = await create(platform, { prefectureCodes: ["532900"] });
    const hidden = await t.api("GET", `/scenarios/${dali.id}`, { token: kunming });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe("NOT_FOUND");
    const shared = await create(platform, { prefectureCodes: ["530100", "532900"] });
    const province = await create(platform, { prefectureCodes: [], provinceWide: true });
    const seen = await t.api("GET", `/scenarios/${shared.id}`, { token: kunming });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id: shared.id, prefectureCodes: ["530100", "532900"] });
    for (const id of [shared.id, province.id]) {
      const refused = await act(kunming, id, "publish", 1);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("FORBIDDEN");
      expect(await storedScenario(id)).toMatchObject({ status: "draft", version: 1 });
    }
    const list = await t.api("GET", "/scenarios", { token: kunming });
    expect(list.status).toBe(200);
    const ids = list.body.items.map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining([shared.id, province.id]));
    expect(ids).not.toContain(dali.id);
    for (const s of list.body.items) expect(s.provinceWide || s.prefectureCodes.includes("530100")).toBe(true);
  });

  it("refuses an end before the start, naming endsAt", async () => {
    const res = await t.api("POST", "/scenarios", { token: platform, body: body({ startsAt: "2026-12-02T00:00:00+08:00", endsAt: "2026-12-01T00:00:00+08:00" }) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details.issues).toEqual([{ path: "body.endsAt", message: "结束时间必须晚于开始时间" }]);
  });
});

describe("partners", () => {
  it("apply; the operator cannot sign in until the prefecture approves", async () => {
    const applied = await t.api("POST", "/partner-applications", {
      body: { name: "昆明共享充电宝公司", kind: "rental", prefectureCodes: ["530100"], contactName: "陈经理", contactPhone: "13700000001", operator: { username: "kmcharge", password: "Charge@2026x", displayName: "前台" } },
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ status: "pending", contactPhoneMasked: "137****0001" });
    const id = applied.body.id;
    const early = await t.api("POST", "/auth/console/login", { body: { username: "kmcharge", password: "Charge@2026x" } });
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe("PARTNER_PENDING_REVIEW");
    const queue = await t.api("GET", "/partner-applications", { token: kunming });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((p: { id: string }) => p.id)).toContain(id);
    const decided = await t.api("POST", `/partner-applications/${id}/decision`, { token: kunming, body: { decision: "approve" } });
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe("approved");
    const twice = await t.api("POST", `/partner-applications/${id}/decision`, { token: platform, body: { decision: "reject", reason: "x" } });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: "CONFLICT", message: "该申请已处理" });
    // The first decision stands: one decision, the prefecture's approval.
    expect(await PartnerModel.findById(id).lean()).toMatchObject({ status: "approved" });
    expect(await PartnerDecisionModel.find({ _id: id }).lean()).toEqual([expect.objectContaining({ decision: "approve" })]);
    const signedIn = await t.api("POST", "/auth/console/login", { body: { username: "kmcharge", password: "Charge@2026x" } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ role: "partner_operator", partnerId: id });
  });

  it("a province-wide applicant is decided by the platform, not a prefecture", async () => {
    const applied = await t.api("POST", "/partner-applications", {
      body: { name: "云南出行集团", kind: "transport", provinceWide: true, contactName: "李主任", contactPhone: "13700000002", operator: { username: "ynchuxing", password: "Travel@2026x", displayName: "调度" } },
    });
    expect(applied.status).toBe(201);
    const id = applied.body.id;
    const regional = await t.api("POST", `/partner-applications/${id}/decision`, { token: kunming, body: { decision: "approve" } });
    expect(regional.status).toBe(404);
    expect(regional.body.error.code).toBe("NOT_FOUND");
    expect(await PartnerModel.findById(id).lean()).toMatchObject({ status: "pending" });
    expect(await PartnerDecisionModel.countDocuments({ _id: id })).toBe(0);
    const rejected = await t.api("POST", `/partner-applications/${id}/decision`, { token: platform, body: { decision: "reject", reason: "材料不全" } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: "rejected", rejectionReason: "材料不全" });
    expect(await PartnerModel.findById(id).lean()).toMatchObject({ status: "rejected", rejectionReason: "材料不全" });
    const login = await t.api("POST", "/auth/console/login", { body: { username: "ynchuxing", password: "Travel@2026x" } });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe("PARTNER_REJECTED");
  });
});
