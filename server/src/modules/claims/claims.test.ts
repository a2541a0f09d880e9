import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TPrefectureCode, TScenario, TScenarioCreateRequest } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { createCitizens } from "../../../test/fixtures";
import { ClaimModel, QuotaSeatModel } from "./model";

let t: TestServer;
let adminToken: string;

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
      minCreditScore: 600,
      quota: 10,
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 86400_000).toISOString(),
      ...overrides,
    },
  });
  expect(created.status).toBe(201);
  const published = await t.api("POST", `/scenarios/${created.body.id}/publish`, { token: adminToken });
  expect(published.status).toBe(200);
  expect(published.body.status).toBe("published");
  return published.body;
}

/** Citizens made straight in the store, with tokens from the real signer: a load test must not go through OTP rate limits. */
async function makeCitizens(count: number, prefix: string, prefectureCode: TPrefectureCode = "530100", score = 700, blacklisted = false) {
  const users = await createCitizens(
    Array.from({ length: count }, (_, i) => ({ phone: `1${prefix}${String(i).padStart(10 - prefix.length, "0")}`, prefectureCode, score, blacklisted })),
  );
  return users.map((u) => t.tokenFor(u));
}

describe("claiming a benefit", () => {
  it("a citizen of 昆明 sees the scenario, claims it, and finds it under 我的权益", async () => {
    const scenario = await publishedScenario({ title: "滇池游船8折测试" });
    const citizen = await t.citizenLogin("13800000001");
    const listed = await t.api("GET", "/scenarios/available", { token: citizen.accessToken });
    const mine = listed.body.items.find((s: { id: string }) => s.id === scenario.id);
    expect(mine).toMatchObject({ eligible: true, claimedByMe: false, remaining: 10 });

    const claim = await t.api("POST", `/scenarios/${scenario.id}/claims`, { token: citizen.accessToken });
    expect(claim.status).toBe(201);
    expect(claim.body).toMatchObject({ scenarioId: scenario.id, scenarioTitle: "滇池游船8折测试", status: "claimed" });

    const benefits = await t.api("GET", "/me/claims", { token: citizen.accessToken });
    expect(benefits.body.items.map((c: { id: string }) => c.id)).toContain(claim.body.id);
    const after = await t.api("GET", "/scenarios/available", { token: citizen.accessToken });
    expect(after.body.items.find((s: { id: string }) => s.id === scenario.id)).toMatchObject({ claimedByMe: true, remaining: 9 });

    const second = await t.api("POST", `/scenarios/${scenario.id}/claims`, { token: citizen.accessToken });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: "CLAIM_ALREADY_CLAIMED", message: "您已领取过该权益，不能重复领取" });
  });

  it("a citizen of another prefecture does not see it and cannot claim it", async () => {
    const scenario = await publishedScenario();
    const daliCitizen = await t.citizenLogin("13800000002");
    const listed = await t.api("GET", "/scenarios/available", { token: daliCitizen.accessToken });
    expect(listed.body.items.map((s: { id: string }) => s.id)).not.toContain(scenario.id);
    const claim = await t.api("POST", `/scenarios/${scenario.id}/claims`, { token: daliCitizen.accessToken });
    expect(claim.status).toBe(403);
    expect(claim.body.error.code).toBe("CLAIM_OUT_OF_REGION");
    expect(claim.body.error.message).toContain("大理");
  });

  it("refuses a claim past the quota", async () => {
    const scenario = await publishedScenario({ quota: 2 });
    const tokens = await makeCitizens(3, "701");
    expect((await t.api("POST", `/scenarios/${scenario.id}/claims`, { token: tokens[0] })).status).toBe(201);
    expect((await t.api("POST", `/scenarios/${scenario.id}/claims`, { token: tokens[1] })).status).toBe(201);
    const third = await t.api("POST", `/scenarios/${scenario.id}/claims`, { token: tokens[2] });
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({ code: "CLAIM_QUOTA_EXHAUSTED", message: "该权益名额已领完" });
  });

  it("tells a citizen below the threshold how many points they miss", async () => {
    const scenario = await publishedScenario({ minCreditScore: 697 });
    const [token] = await makeCitizens(1, "702", "530100", 685);
    const listed = await t.api("GET", "/scenarios/available", { token });
    expect(listed.body.items.find((s: { id: string }) => s.id === scenario.id)).toMatchObject({
      eligible: false,
      ineligibleReason: "您的信用分为 685，该权益需要 697 分，还差 12 分",
    });
    const claim = await t.api("POST", `/scenarios/${scenario.id}/claims`, { token });
    expect(claim.status).toBe(422);
    expect(claim.body.error.code).toBe("CLAIM_NOT_ELIGIBLE");
  });

  it("never lets a black-listed subject claim, whatever the score", async () => {
    const scenario = await publishedScenario({ minCreditScore: 0 });
    const [token] = await makeCitizens(1, "705", "530100", 900, true);
    const listed = await t.api("GET", "/scenarios/available", { token });
    expect(listed.body.items.find((s: { id: string }) => s.id === scenario.id)).toMatchObject({ eligible: false, ineligibleReason: "您在失信联合惩戒名单中，暂不能享受信易+守信激励" });
    const claim = await t.api("POST", `/scenarios/${scenario.id}/claims`, { token });
    expect(claim.status).toBe(422);
    expect(claim.body.error.message).toContain("失信");
  });

  it("asks a citizen without real-name binding to bind first", async () => {
    const scenario = await publishedScenario();
    const fresh = await t.citizenLogin("13900001234");
    await t.api("PATCH", "/me", { token: fresh.accessToken, body: { prefectureCode: "530100" } });
    const claim = await t.api("POST", `/scenarios/${scenario.id}/claims`, { token: fresh.accessToken });
    expect(claim.status).toBe(422);
    expect(claim.body.error.message).toBe("请先完成实名认证，才能判断您是否符合条件");
  });

  it("refuses drafts and scenarios outside their window", async () => {
    const [token] = await makeCitizens(1, "703");
    const draft = await t.api("POST", "/scenarios", {
      token: adminToken,
      body: { title: "未发布的场景", category: "rental", prefectureCodes: ["530100"], minCreditScore: 0, quota: 5, startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() },
    });
    expect((await t.api("POST", `/scenarios/${draft.body.id}/claims`, { token })).status).toBe(404);
    const future = await publishedScenario({ startsAt: new Date(Date.now() + 86400_000).toISOString(), endsAt: new Date(Date.now() + 2 * 86400_000).toISOString() });
    const early = await t.api("POST", `/scenarios/${future.id}/claims`, { token });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("SCENARIO_NOT_AVAILABLE");
  });

  it("returns the same claim when a request is retried with the same Idempotency-Key", async () => {
    const scenario = await publishedScenario();
    const [token] = await makeCitizens(1, "704");
    const headers = { "idempotency-key": "retry-key-0001" };
    const first = await t.api("POST", `/scenarios/${scenario.id}/claims`, { token, headers });
    const retry = await t.api("POST", `/scenarios/${scenario.id}/claims`, { token, headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await ClaimModel.countDocuments({ scenarioId: new mongoose.Types.ObjectId(scenario.id) })).toBe(1);
  });
});

describe("claims under concurrency, on the real store", () => {
  it("500 concurrent claims from distinct citizens against a quota of 50 give exactly 50", async () => {
    const scenario = await publishedScenario({ quota: 50 });
    const tokens = await makeCitizens(500, "71");
    const results = await Promise.all(tokens.map((token) => t.api("POST", `/scenarios/${scenario.id}/claims`, { token })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(450);
    const scenarioId = new mongoose.Types.ObjectId(scenario.id);
    expect(await ClaimModel.countDocuments({ scenarioId })).toBe(50);
    expect(await QuotaSeatModel.countDocuments({ scenarioId })).toBe(50);
    const seen = await t.api("GET", `/scenarios/${scenario.id}`, { token: adminToken });
    expect(seen.body).toMatchObject({ claimedCount: 50, remaining: 0 });
  });

  it("50 concurrent claims by one citizen give one", async () => {
    const scenario = await publishedScenario({ quota: 50 });
    const [token] = await makeCitizens(1, "72");
    const results = await Promise.all(Array.from({ length: 50 }, () => t.api("POST", `/scenarios/${scenario.id}/claims`, { token })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.body?.error?.code === "CLAIM_ALREADY_CLAIMED")).toHaveLength(49);
    expect(await ClaimModel.countDocuments({ scenarioId: new mongoose.Types.ObjectId(scenario.id) })).toBe(1);
  });

  it("stays exact when Redis loses its data halfway through", async () => {
    const scenario = await publishedScenario({ quota: 150 });
    const tokens = await makeCitizens(200, "73");
    const claimAll = (batch: string[]) => Promise.all(batch.map((token) => t.api("POST", `/scenarios/${scenario.id}/claims`, { token })));
    const firstHalf = await claimAll(tokens.slice(0, 100));
    expect(firstHalf.filter((r) => r.status === 201)).toHaveLength(100);
    // The seat counter restarts at 1: every proposal now collides with a taken seat.
    await t.redis.flushAll();
    const secondHalf = await claimAll(tokens.slice(100));
    expect(secondHalf.filter((r) => r.status === 201)).toHaveLength(50);
    expect(secondHalf.filter((r) => r.body?.error?.code === "CLAIM_QUOTA_EXHAUSTED")).toHaveLength(50);
    expect(await ClaimModel.countDocuments({ scenarioId: new mongoose.Types.ObjectId(scenario.id) })).toBe(150);
  });
});
