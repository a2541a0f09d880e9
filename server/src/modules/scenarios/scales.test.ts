import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TEligibilityRuleInput, TScenarioCreateRequest } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { authorityId, SubjectAuthorityModel } from "../identity/model";
import { UserModel } from "../users/model";
import { upgradeStoredRules } from "./migrate";
import { ScenarioModel } from "./model";

// Citizens are scored 0–1000 (AAA…D), enterprises 0–100 (A…D). The seeded 昆明滇池文旅发展有限公司
// stands at 93 (base 75, tax grade A +10, red list +8): grade A on its scale.
let t: TestServer;
let platform: string;
let enterpriseToken: string;
let enterpriseId: string;

const window = () => ({ startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() });
const body = (rule: TEligibilityRuleInput, overrides: Partial<TScenarioCreateRequest> = {}): TScenarioCreateRequest => ({
  title: "企业信用贷款贴息",
  category: "loan",
  prefectureCodes: ["530100"],
  rule,
  benefit: { summary: "贴息0.5个百分点" },
  quota: 100,
  ...window(),
  ...overrides,
});
const onlyEnterprises = (...rules: TEligibilityRuleInput[]): TEligibilityRuleInput => ({ type: "all", rules: [{ type: "subjectKinds", kinds: ["enterprise"] }, ...rules] });

async function publish(rule: TEligibilityRuleInput, title: string): Promise<string> {
  const created = await t.api("POST", "/scenarios", { token: platform, body: body(rule, { title }) });
  expect(created.status).toBe(201);
  const published = await t.api("POST", `/scenarios/${created.body.id}/transitions`, { token: platform, body: { action: "publish", expectedVersion: created.body.version } });
  expect(published.status).toBe(200);
  return created.body.id;
}

beforeAll(async () => {
  t = await startTestServer({ name: "scales" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  const found = await t.api("POST", "/subjects/search", { token: platform, body: { q: "昆明滇池文旅发展有限公司" } });
  enterpriseId = found.body.items[0].id;
  // An account acting for the enterprise as its legal representative (how it got that authority is the identity module's business).
  const user = await UserModel.create({ role: "citizen", displayName: "法定代表人", prefectureCode: "530100" });
  await SubjectAuthorityModel.create({ _id: authorityId(user._id, enterpriseId), userId: user._id, subjectId: new Types.ObjectId(enterpriseId), authority: "legal_rep", at: new Date() });
  enterpriseToken = t.tokenFor({ ...user.toObject(), role: "enterprise", subjectId: new Types.ObjectId(enterpriseId) });
});
afterAll(() => t.close());

describe("scales", () => {
  it("the published model's scales are served to every signed-in client", async () => {
    const res = await t.api("GET", "/credit-scales", { token: platform });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ modelVersion: 1, citizen: { min: 0, max: 1000, base: 700 }, enterprise: { min: 0, max: 100, base: 75 } });
    expect(res.body.enterprise.bands.map((b: { grade: string }) => b.grade)).toEqual(["A", "B", "C", "D"]);
  });

  it("the credit profile carries its scale, and whole-point contributions that add up to the score", async () => {
    const res = await t.api("GET", `/subjects/${enterpriseId}`, { token: platform });
    expect(res.status).toBe(200);
    const evaluation = res.body.evaluation;
    expect(evaluation).toMatchObject({ score: 93, grade: "A", base: 75, scale: { min: 0, max: 100 } });
    for (const f of evaluation.factors) expect(Number.isInteger(f.contribution)).toBe(true);
    expect(evaluation.base + evaluation.factors.reduce((s: number, f: { contribution: number }) => s + f.contribution, 0)).toBe(93);

    const mine = await t.api("GET", "/me/credit", { token: enterpriseToken });
    expect(mine.status).toBe(200);
    expect(mine.body.evaluation.scale.max).toBe(100);
  });
});

describe("rules state each threshold on its kind's scale", () => {
  it("refuses an enterprise threshold beyond the enterprise scale, naming the field, and stores nothing", async () => {
    const before = (await t.api("GET", "/scenarios", { token: platform })).body.items.length;
    const res = await t.api("POST", "/scenarios", { token: platform, body: body(onlyEnterprises({ type: "minScore", subjectKind: "enterprise", score: 650 })) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.details.issues).toEqual([{ path: "body.rule.rules.1.score", message: "企业信用分为 0–100 分，门槛 650 超出范围" }]);
    expect((await t.api("GET", "/scenarios", { token: platform })).body.items.length).toBe(before);
  });

  it("refuses a citizen threshold in a rule only enterprises can meet", async () => {
    const res = await t.api("POST", "/scenarios", { token: platform, body: body(onlyEnterprises({ type: "minScore", subjectKind: "citizen", score: 650 })) });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([
      { path: "body.rule.rules.1.subjectKind", message: "该门槛按个人信用分计，而同时须满足的其他条件只适用于企业，没有主体能全部满足" },
    ]);
  });

  it("refuses a grade the kind's scale does not have, on edits too", async () => {
    const bad = await t.api("POST", "/scenarios", { token: platform, body: body({ type: "minGrade", subjectKind: "enterprise", grade: "AAA" }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues).toEqual([{ path: "body.rule.grade", message: "企业信用等级没有「AAA」，可选 A、B、C、D" }]);

    const created = await t.api("POST", "/scenarios", { token: platform, body: body({ type: "minGrade", subjectKind: "enterprise", grade: "A" }) });
    expect(created.status).toBe(201);
    expect(created.body.ruleSummary).toBe("企业信用等级 A 级及以上");
    const edit = await t.api("PUT", `/scenarios/${created.body.id}`, {
      token: platform,
      body: { ...body({ type: "grades", subjectKind: "enterprise", grades: ["A", "AA"] }), expectedVersion: created.body.version },
    });
    expect(edit.status).toBe(400);
    expect(edit.body.error.details.issues[0].path).toBe("body.rule.grades.1");
    expect((await t.api("GET", `/scenarios/${created.body.id}`, { token: platform })).body.version).toBe(created.body.version);
  });

  it("reads a score threshold written without a kind as on the citizen scale, and stores it so", async () => {
    const res = await t.api("POST", "/scenarios", { token: platform, body: body({ type: "minScore", score: 650 }) });
    expect(res.status).toBe(201);
    expect(res.body.rule).toEqual({ type: "minScore", subjectKind: "citizen", score: 650 });
    expect(res.body.ruleSummary).toBe("个人信用分不低于 650");
    expect((await ScenarioModel.findById(res.body.id).lean())?.rule).toEqual({ type: "minScore", subjectKind: "citizen", score: 650 });
  });
});

describe("judging on the subject's own scale", () => {
  it("dry run: an enterprise threshold counts enterprises by their score and grade on the enterprise scale", async () => {
    const dry = async (rule: TEligibilityRuleInput) => {
      const created = await t.api("POST", "/scenarios", { token: platform, body: body(rule) });
      expect(created.status).toBe(201);
      return (await t.api("GET", `/scenarios/${created.body.id}/dry-run`, { token: platform })).body;
    };
    // 昆明 enterprises: 昆明滇池文旅 93 (A) and the pilot-era one (B, a licence at most over the base of 75).
    expect(await dry(onlyEnterprises({ type: "minScore", subjectKind: "enterprise", score: 90 }))).toMatchObject({ eligible: 1, byGrade: [{ grade: "A", eligible: 1 }] });
    expect((await dry(onlyEnterprises({ type: "minScore", subjectKind: "enterprise", score: 94 }))).eligible).toBe(0);
    expect((await dry({ type: "minGrade", subjectKind: "enterprise", grade: "B" })).eligible).toBe(2);
    // Both kinds, each on its own scale: 张明 (720) and 昆明滇池文旅 (A).
    expect((await dry({ type: "any", rules: [{ type: "minScore", subjectKind: "citizen", score: 710 }, { type: "minGrade", subjectKind: "enterprise", grade: "A" }] })).eligible).toBe(2);
  });

  it("an enterprise is told how far it is on its own scale, and that a citizen threshold is not for it", async () => {
    const near = await publish({ type: "minScore", subjectKind: "enterprise", score: 95 }, "企业95分贴息");
    const gradeA = await publish({ type: "minGrade", subjectKind: "enterprise", grade: "A" }, "企业A级贴息");
    const available = await t.api("GET", "/scenarios/available", { token: enterpriseToken });
    expect(available.status).toBe(200);
    const item = (id: string) => available.body.items.find((s: { id: string }) => s.id === id);
    expect(item(near)).toMatchObject({ eligible: false, reasons: ["贵企业信用分 93，需 95，还差 2 分"] });
    expect(item(gradeA)).toMatchObject({ eligible: true, reasons: [] });
    // The seeded 滇池游船 offer is for citizens with 650 points: not "还差 557 分".
    const boat = available.body.items.find((s: { title: string }) => s.title === "滇池游船 守信游客优惠");
    expect(boat).toMatchObject({ eligible: false, reasons: ["仅限个人申领"] });
  });
});

describe("rules stored before thresholds named their scale", () => {
  it("are upgraded once at boot: scores on the citizen scale, grades on the kind the rule is restricted to; the version is kept", async () => {
    const legacy = {
      type: "all",
      rules: [{ type: "subjectKinds", kinds: ["enterprise"] }, { type: "any", rules: [{ type: "grades", grades: ["A"] }, { type: "redList" }] }],
    };
    const { _id } = await ScenarioModel.create({
      ...body({ type: "all", rules: [] }),
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 86400_000),
      rule: { type: "any", rules: [legacy, { type: "minScore", score: 650 }] },
      perSubjectLimit: { total: 1 },
      redemptionHours: 72,
      status: "draft",
      version: 3,
      createdBy: new Types.ObjectId(),
    });
    expect(await upgradeStoredRules()).toBeGreaterThanOrEqual(1);
    const stored = await ScenarioModel.findById(_id).lean();
    expect(stored?.version).toBe(3);
    expect(stored?.rule).toEqual({
      type: "any",
      rules: [
        { type: "all", rules: [{ type: "subjectKinds", kinds: ["enterprise"] }, { type: "any", rules: [{ type: "grades", subjectKind: "enterprise", grades: ["A"] }, { type: "redList" }] }] },
        { type: "minScore", subjectKind: "citizen", score: 650 },
      ],
    });
    expect(await upgradeStoredRules()).toBe(0);
  });
});
