import { randomUUID } from "node:crypto";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TPrefectureCode, TScenario, TScenarioCreateRequest } from "@xinyi/shared";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import { ClaimModel, QuotaSeatModel } from "./model";

let t: TestServer;
let adminToken: string;
let phoneSeq = 0;

beforeAll(async () => {
  t = await startTestServer({ name: "claims" });
  adminToken = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
});
afterAll(() => t.close());

async function publishedScenario(overrides: Partial<TScenarioCreateRequest> = {}): Promise<TScenario> {
  const now = Date.now();
  const created = await t.api("POST", "/scenarios", {
    token: adminToken,
    body: {
      title: `测试权益 ${Math.random().toString(36).slice(2, 8)}`,
      category: "tourism",
      prefectureCodes: ["530100"],
      rule: { type: "minScore", score: 600 },
      benefit: { summary: "门票9折", tiers: [{ grades: ["AAA"], summary: "门票7折", discountPercent: 30 }] },
      quota: 10,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 86400_000).toISOString(),
      ...overrides,
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const published = await t.api("POST", `/scenarios/${created.body.id}/transitions`, { token: adminToken, body: { action: "publish", expectedVersion: created.body.version } });
  expect(published.body.status).toBe("published");
  return published.body;
}

/** Citizens made straight in the store, with tokens from the real signer: a load test must not go through OTP rate limits. */
async function makeCitizens(count: number, opts: { prefectureCode?: TPrefectureCode; score?: number; blacklisted?: boolean } = {}) {
  const base = 17_000_000 + (phoneSeq += 1) * 10_000;
  const users = await createCitizens(Array.from({ length: count }, (_, i) => ({ phone: `1${String(base + i).padStart(10, "0")}`, ...opts })));
  return users.map((u) => t.tokenFor(u));
}

const claim = (token: string, scenarioId: string, key: string = randomUUID()) => t.api("POST", `/scenarios/${scenarioId}/claims`, { token, headers: { "idempotency-key": key } });

describe("claiming a benefit", () => {
  it("a citizen of 昆明 sees the scenario, claims it, and finds it under 我的权益 with the benefit of their grade", async () => {
    const scenario = await publishedScenario({ title: "滇池游船测试" });
    const citizen = await t.citizenLogin("13800000001");
    const listed = await t.api("GET", "/scenarios/available", { token: citizen.accessToken });
    const mine = listed.body.items.find((s: { id: string }) => s.id === scenario.id);
    expect(mine).toMatchObject({ eligible: true, claimedByMe: false, remaining: 10, myBenefit: "门票9折", reasons: [] });

    const claimed = await claim(citizen.accessToken, scenario.id);
    expect(claimed.status).toBe(201);
    expect(claimed.body).toMatchObject({ scenarioId: scenario.id, scenarioTitle: "滇池游船测试", status: "claimed", benefit: "门票9折", ruleVersion: 2 });
    expect(claimed.body.shortCode).toMatch(/^[2-9A-Z]{8}$/);

    const benefits = await t.api("GET", "/me/claims", { token: citizen.accessToken });
    expect(benefits.body.items.map((c: { id: string }) => c.id)).toContain(claimed.body.id);
    const after = await t.api("GET", "/scenarios/available", { token: citizen.accessToken });
    expect(after.body.items.find((s: { id: string }) => s.id === scenario.id)).toMatchObject({ claimedByMe: true, remaining: 9 });

    const second = await claim(citizen.accessToken, scenario.id);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: "CLAIM_ALREADY_CLAIMED", message: "您已领取过该权益，不能重复领取" });
  });


  it("returns the same claim when a request is retried with the same Idempotency-Key, and refuses the key for another request", async () => {
    const scenario = await publishedScenario();
    const other = await publishedScenario();
    const [token] = await makeCitizens(1);
    const first = await claim(token!, scenario.id, "retry-key-0001");
    const retry = await claim(token!, scenario.id, "retry-key-0001");
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await ClaimModel.countDocuments({ scenarioId: new mongoose.Types.ObjectId(scenario.id) })).toBe(1);
    const misuse = await claim(token!, other.id, "retry-key-0001");
    expect(misuse.status).toBe(409);
    expect(misuse.body.error.details.issues[0].path).toBe("headers.idempotency-key");
    const missing = await t.api("POST", `/scenarios/${scenario.id}/claims`, { token: token! });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues[0]).toEqual({ path: "headers.idempotency-key", message: "请求缺少 Idempotency-Key" });
  });

  it("cancelling an unused voucher gives the quota place back", async () => {
    const scenario = await publishedScenario({ quota: 1 });
    const [a, b] = await makeCitizens(2);
    const first = await claim(a!, scenario.id);
    expect((await claim(b!, scenario.id)).body.error.code).toBe("CLAIM_QUOTA_EXHAUSTED");
    const cancelled = await t.api("POST", `/me/claims/${first.body.id}/cancel`, { token: a! });
    expect(cancelled.body.status).toBe("cancelled");
    expect((await claim(b!, scenario.id)).status).toBe(201);
    // And the canceller can claim again once a place is free: their slot came back too.
    expect((await claim(a!, scenario.id)).body.error.code).toBe("CLAIM_QUOTA_EXHAUSTED");
  });
});

describe("every refusal, with its message", () => {
  it("not published", async () => {
    const [token] = await makeCitizens(1);
    const draft = await t.api("POST", "/scenarios", {
      token: adminToken,
      body: { title: "未发布的场景", category: "rental", prefectureCodes: ["530100"], benefit: { summary: "x" }, quota: 5, startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() },
    });
    const res = await claim(token!, draft.body.id);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("该权益不存在或尚未发布");
  });

  it("outside its window, and paused", async () => {
    const [token] = await makeCitizens(1);
    const future = await publishedScenario({ startsAt: new Date(Date.now() + 86400_000).toISOString(), endsAt: new Date(Date.now() + 2 * 86400_000).toISOString() });
    expect((await claim(token!, future.id)).body.error).toMatchObject({ code: "SCENARIO_NOT_AVAILABLE", message: "该权益不在领取时间内" });
    const open = await publishedScenario();
    await t.api("POST", `/scenarios/${open.id}/transitions`, { token: adminToken, body: { action: "pause", expectedVersion: open.version } });
    expect((await claim(token!, open.id)).body.error).toMatchObject({ code: "SCENARIO_NOT_AVAILABLE", message: "该权益已暂停领取" });
  });

  it("out of region: not listed, and refused naming the subject's prefecture", async () => {
    const scenario = await publishedScenario();
    const [token] = await makeCitizens(1, { prefectureCode: "532900" });
    const listed = await t.api("GET", "/scenarios/available", { token: token! });
    expect(listed.body.items.map((s: { id: string }) => s.id)).not.toContain(scenario.id);
    const res = await claim(token!, scenario.id);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "CLAIM_OUT_OF_REGION", message: "该权益不面向您所在的地区（大理白族自治州）" });
  });

  it("not eligible: how many points are missing, listed and at claim time", async () => {
    const scenario = await publishedScenario({ rule: { type: "minScore", score: 697 } });
    const [token] = await makeCitizens(1, { score: 685 });
    const listed = await t.api("GET", "/scenarios/available", { token: token! });
    expect(listed.body.items.find((s: { id: string }) => s.id === scenario.id)).toMatchObject({ eligible: false, reasons: ["信用分 685，需 697，还差 12 分"] });
    const res = await claim(token!, scenario.id);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "CLAIM_NOT_ELIGIBLE", message: "信用分 685，需 697，还差 12 分" });
  });

  it("black-listed: never, whatever the rule and score", async () => {
    const scenario = await publishedScenario({ rule: { type: "all", rules: [] } });
    const [token] = await makeCitizens(1, { score: 900, blacklisted: true });
    const res = await claim(token!, scenario.id);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe("您在失信联合惩戒名单中，暂不能享受信易+守信激励");
  });

  it("not bound to a subject yet", async () => {
    const scenario = await publishedScenario();
    const fresh = await t.citizenLogin("13900001234");
    await t.api("PATCH", "/me", { token: fresh.accessToken, body: { prefectureCode: "530100" } });
    const res = await claim(fresh.accessToken, scenario.id);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe("请先完成实名认证，才能判断您是否符合条件");
  });

  it("per-subject limits: in total and per month", async () => {
    const twice = await publishedScenario({ perSubjectLimit: { total: 2 } });
    const monthly = await publishedScenario({ perSubjectLimit: { total: 5, perPeriod: { period: "month", count: 1 } } });
    const [token] = await makeCitizens(1);
    expect((await claim(token!, twice.id)).status).toBe(201);
    expect((await claim(token!, twice.id)).status).toBe(201);
    expect((await claim(token!, twice.id)).body.error).toMatchObject({ code: "CLAIM_LIMIT_REACHED", message: "每人最多领取 2 次，您已达到上限" });
    expect((await claim(token!, monthly.id)).status).toBe(201);
    expect((await claim(token!, monthly.id)).body.error).toMatchObject({ code: "CLAIM_LIMIT_REACHED", message: "本月的领取次数（1 次）已用完，下月可再领" });
  });

  it("quota exhausted", async () => {
    const scenario = await publishedScenario({ quota: 2 });
    const tokens = await makeCitizens(3);
    expect((await claim(tokens[0]!, scenario.id)).status).toBe(201);
    expect((await claim(tokens[1]!, scenario.id)).status).toBe(201);
    const third = await claim(tokens[2]!, scenario.id);
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({ code: "CLAIM_QUOTA_EXHAUSTED", message: "该权益名额已领完" });
  });
});

describe("claims under concurrency, on the real store", () => {
  it("500 concurrent claims from distinct citizens against a quota of 50 give exactly 50", async () => {
    const scenario = await publishedScenario({ quota: 50 });
    const tokens = await makeCitizens(500);
    const results = await Promise.all(tokens.map((token) => claim(token, scenario.id)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(450);
    const scenarioId = new mongoose.Types.ObjectId(scenario.id);
    expect(await ClaimModel.countDocuments({ scenarioId })).toBe(50);
    expect(await QuotaSeatModel.countDocuments({ scenarioId })).toBe(50);
    const seen = await t.api("GET", `/scenarios/${scenario.id}`, { token: adminToken });
    expect(seen.body).toMatchObject({ claimedCount: 50, remaining: 0 });
  });

  it("100 concurrent claims by one citizen with limit 1 give one", async () => {
    const scenario = await publishedScenario({ quota: 200 });
    const [token] = await makeCitizens(1);
    const results = await Promise.all(Array.from({ length: 100 }, () => claim(token!, scenario.id)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.body?.error?.code === "CLAIM_ALREADY_CLAIMED")).toHaveLength(99);
    expect(await ClaimModel.countDocuments({ scenarioId: new mongoose.Types.ObjectId(scenario.id) })).toBe(1);
  });

  it("stays exact when Redis loses its data halfway through", async () => {
    const scenario = await publishedScenario({ quota: 150 });
    const tokens = await makeCitizens(200);
    const claimAll = (batch: string[]) => Promise.all(batch.map((token) => claim(token, scenario.id)));
    const firstHalf = await claimAll(tokens.slice(0, 100));
    expect(firstHalf.filter((r) => r.status === 201)).toHaveLength(100);
    // The seat counter restarts at 1: every proposal now collides with a taken seat.
    await t.loseRedisData();
    const secondHalf = await claimAll(tokens.slice(100));
    expect(secondHalf.filter((r) => r.status === 201)).toHaveLength(50);
    expect(secondHalf.filter((r) => r.body?.error?.code === "CLAIM_QUOTA_EXHAUSTED")).toHaveLength(50);
    expect(await ClaimModel.countDocuments({ scenarioId: new mongoose.Types.ObjectId(scenario.id) })).toBe(150);
  });
});
