import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type EmbeddedRedis } from "../src/infra/embedded/redis-server";
import { ClaimModel, QuotaSeatModel } from "../src/modules/claims/model";
import { createCitizens } from "./fixtures";
import { startTestServer, type TestServer } from "./harness";
import { claimScenario, publishedScenario } from "./scenario-fixtures";

/**
 * Redis is a fast path only: with it gone, people still sign in, see and claim
 * benefits and have them checked, and the store's guarantees still hold. Every
 * Redis command then waits for its timeout, so this file keeps to few requests.
 */
let redis: EmbeddedRedis;
let t: TestServer;
let admin: string;
let scenarioId: string;
let citizens: string[];

beforeAll(async () => {
  redis = await startRedisServer();
  t = await startTestServer({ name: "redis-down", env: { REDIS_URL: redis.url } });
  admin = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  scenarioId = (await publishedScenario(t, admin, { title: "Redis 停机时的权益", quota: 1 })).id;
  citizens = (await createCitizens([{ phone: "13900008001", score: 720 }, { phone: "13900008002", score: 720 }])).map((u) => t.tokenFor(u));
  await redis.stop();
}, 120_000);
afterAll(async () => {
  await t.redis.disconnect().catch(() => undefined);
  await t.close().catch(() => undefined);
});

describe("with Redis down", { timeout: 120_000 }, () => {
  it("reports not ready, and still signs people in", async () => {
    expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(503);
    const login = await t.api("POST", "/auth/console/login", { body: { username: "km_admin", password: "Kunming@2026" } });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ role: "regional_admin" });
  });

  it("lists and claims from the store, keeping the quota and the one-per-person limit exact", async () => {
    const listed = await t.api("GET", "/scenarios/available", { token: citizens[0] });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(scenarioId);

    const first = await claimScenario(t, citizens[0]!, scenarioId);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await claimScenario(t, citizens[0]!, scenarioId);
    expect(again.body.error?.code).toBe("CLAIM_ALREADY_CLAIMED");
    const other = await claimScenario(t, citizens[1]!, scenarioId);
    expect(other.body.error?.code).toBe("CLAIM_QUOTA_EXHAUSTED");
    const id = new mongoose.Types.ObjectId(scenarioId);
    expect(await ClaimModel.countDocuments({ scenarioId: id })).toBe(1);
    expect(await QuotaSeatModel.countDocuments({ scenarioId: id })).toBe(1);

    // The scenario's owner redeems it at the counter, the voucher read from the store.
    const redeemed = await t.api("POST", "/vouchers/redeem", { token: admin, body: { code: first.body.shortCode, place: "东门" } });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
    expect((await ClaimModel.findById(first.body.id).lean())!.status).toBe("redeemed");
  });
});
