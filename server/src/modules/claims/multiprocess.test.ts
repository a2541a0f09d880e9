import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import path from "node:path";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startRedisServer, type EmbeddedRedis } from "../../infra/embedded/redis-server";
import { createAccessTokens } from "../auth/tokens";
import { createCitizens } from "../../../test/fixtures";
import { TEST_SECRETS } from "../../../test/harness";
import { ClaimModel, QuotaSeatModel } from "./model";

/**
 * The guarantees across several server processes at once: three real `main.ts`
 * processes share one store and one Redis of their own (this file flushes it).
 */
const DB = `t_multiprocess_${randomUUID().slice(0, 8)}`;
const serverDir = path.resolve(import.meta.dirname, "../../..");
let redis: EmbeddedRedis;
const processes: ChildProcess[] = [];
const urls: string[] = [];

async function startServer(seed: boolean): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...TEST_SECRETS,
      NODE_ENV: "test",
      PORT: "0",
      MONGODB_URI: inject("mongoUri"),
      MONGODB_DB: DB,
      REDIS_URL: redis.url,
      SERVE_WEB: "false",
      SEED_DEMO: String(seed),
      LOG_LEVEL: "info",
      VALIDATE_RESPONSES: "false",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  processes.push(child);
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  for (let i = 0; i < 600; i++) {
    const url = /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
    if (url) return url;
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

async function call(url: string, method: string, apiPath: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/api/v1${apiPath}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

beforeAll(async () => {
  redis = await startRedisServer();
  urls.push(await startServer(true));
  urls.push(...(await Promise.all([startServer(false), startServer(false)])));
  await mongoose.connect(inject("mongoUri"), { dbName: DB, retryWrites: false });
}, 180_000);

afterAll(async () => {
  await Promise.all(processes.map(async (p) => { p.kill("SIGTERM"); if (p.exitCode === null) await once(p, "exit"); }));
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
  await redis.stop();
});

async function scenarioWithQuota(quota: number): Promise<string> {
  const admin = (await call(urls[0]!, "POST", "/auth/console/login", undefined, { username: "admin", password: "Admin@2026" })).body.accessToken;
  const now = Date.now();
  const created = await call(urls[1]!, "POST", "/scenarios", admin, {
    title: `并发测试 ${quota}`, category: "tourism", prefectureCodes: ["530100"], rule: { type: "minScore", score: 600 }, benefit: { summary: "立减10元" }, quota,
    startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 86400_000).toISOString(),
  });
  await call(urls[2]!, "POST", `/scenarios/${created.body.id}/transitions`, admin, { action: "publish", expectedVersion: created.body.version });
  return created.body.id;
}

async function citizens(count: number, prefix: string): Promise<string[]> {
  const signer = createAccessTokens(TEST_SECRETS.JWT_SECRET, 900);
  const users = await createCitizens(Array.from({ length: count }, (_, i) => ({ phone: `1${prefix}${String(i).padStart(10 - prefix.length, "0")}`, score: 700 })));
  return users.map((u) => signer.sign({ userId: u._id.toHexString(), role: "citizen", prefectureCode: "530100", subjectId: u.subjectId!.toHexString() }, "mp").token);
}

describe("claims through three server processes", { timeout: 240_000 }, () => {
  it("2,000 concurrent claims from distinct subjects for a quota of 100 give exactly 100", async () => {
    const scenarioId = await scenarioWithQuota(100);
    const tokens = await citizens(2000, "81");
    const results = await Promise.all(tokens.map((token, i) => call(urls[i % 3]!, "POST", `/scenarios/${scenarioId}/claims`, token, undefined, { "idempotency-key": randomUUID() })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(100);
    expect(results.filter((r) => r.body?.error?.code === "CLAIM_QUOTA_EXHAUSTED")).toHaveLength(1900);
    const id = new mongoose.Types.ObjectId(scenarioId);
    expect(await ClaimModel.countDocuments({ scenarioId: id })).toBe(100);
    expect(await QuotaSeatModel.countDocuments({ scenarioId: id })).toBe(100);
  });

  it("the same with Redis flushed halfway through", async () => {
    const scenarioId = await scenarioWithQuota(100);
    const tokens = await citizens(2000, "82");
    let done = 0;
    let flushed = false;
    const client = await import("../../infra/redis").then((m) => m.connectRedis(redis.url));
    const results = await Promise.all(
      tokens.map(async (token, i) => {
        const r = await call(urls[i % 3]!, "POST", `/scenarios/${scenarioId}/claims`, token, undefined, { "idempotency-key": randomUUID() });
        if ((done += 1) === 1000) {
          flushed = true;
          await client.flushAll();
        }
        return r;
      }),
    );
    await client.quit();
    expect(flushed).toBe(true);
    expect(results.filter((r) => r.status === 201)).toHaveLength(100);
    expect(await ClaimModel.countDocuments({ scenarioId: new mongoose.Types.ObjectId(scenarioId) })).toBe(100);
  });
});
