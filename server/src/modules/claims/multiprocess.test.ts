import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import path from "node:path";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startRedisServer, type EmbeddedRedis } from "../../infra/embedded/redis-server";
import { createAccessTokens } from "../auth/tokens";
import { createCitizens } from "../../../test/fixtures";
import { repoRoot } from "../../infra/embedded/repo-root";
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
  // Each process's log is kept, so that an answer the test refuses can be traced by its request id.
  const logDir = path.join(repoRoot(), "artifacts", "logs");
  mkdirSync(logDir, { recursive: true });
  child.stdout!.pipe(createWriteStream(path.join(logDir, `multiprocess-${processes.length}.log`)));
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

type Answer = { status: number; body: any };

/** Every answer is a claim or one of the refusals named; anything else (a 500, a timeout) fails with the answer shown. */
function tally(results: Answer[], allowed: string[]) {
  const odd = results.filter((r) => r.status !== 201 && !allowed.includes(r.body?.error?.code));
  expect(odd.slice(0, 3), `${odd.length} answers that are neither a claim nor ${allowed.join("/")}`).toEqual([]);
  return {
    claimed: results.filter((r) => r.status === 201).length,
    ...Object.fromEntries(allowed.map((code) => [code, results.filter((r) => r.body?.error?.code === code).length])),
  } as { claimed: number; [code: string]: number };
}

/** Re-reads the store: exactly `quota` claims of distinct subjects, each holding one of the seats 1..quota. */
async function expectExactlyFilled(scenarioId: string, quota: number) {
  const id = new mongoose.Types.ObjectId(scenarioId);
  const [claims, seats] = await Promise.all([ClaimModel.find({ scenarioId: id }, { subjectId: 1, seatNo: 1 }).lean(), QuotaSeatModel.find({ scenarioId: id }).lean()]);
  expect(claims).toHaveLength(quota);
  expect(new Set(claims.map((c) => c.subjectId.toHexString())).size).toBe(quota);
  expect(seats.map((s) => s.seatNo).sort((a, b) => a - b)).toEqual(Array.from({ length: quota }, (_, i) => i + 1));
  const seatOf = new Map(seats.map((s) => [s.claimId.toHexString(), s.seatNo]));
  for (const c of claims) expect(seatOf.get(c._id.toHexString())).toBe(c.seatNo);
}

const claimVia = (i: number, scenarioId: string, token: string) => call(urls[i % 3]!, "POST", `/scenarios/${scenarioId}/claims`, token, undefined, { "idempotency-key": randomUUID() });

describe("claims through three server processes", { timeout: 240_000 }, () => {
  it("600 concurrent claims from distinct subjects for a quota of 100 give exactly 100; every other answer is sold out", async () => {
    const scenarioId = await scenarioWithQuota(100);
    const tokens = await citizens(600, "81");
    const results = await Promise.all(tokens.map((token, i) => claimVia(i, scenarioId, token)));
    expect(tally(results, ["CLAIM_QUOTA_EXHAUSTED"])).toEqual({ claimed: 100, CLAIM_QUOTA_EXHAUSTED: 500 });
    await expectExactlyFilled(scenarioId, 100);
  });

  it("the same with Redis flushed while seats remain, and again mid-rush, with people also claiming twice", async () => {
    const quota = 100;
    const scenarioId = await scenarioWithQuota(quota);
    const early = await citizens(40, "82");
    const rush = await citizens(300, "83");
    const client = await import("../../infra/redis").then((m) => m.connectRedis(redis.url));

    const first = await Promise.all(early.map((token, i) => claimVia(i, scenarioId, token)));
    expect(tally(first, [])).toEqual({ claimed: 40 });
    // Seats remain when Redis forgets its counter, sold-out flag and caches: the store must decide from here on.
    expect(await QuotaSeatModel.countDocuments({ scenarioId: new mongoose.Types.ObjectId(scenarioId) })).toBe(40);
    await client.flushAll();

    let flushedMidRush: Promise<unknown> | undefined;
    const again = (token: string, i: number) => claimVia(i, scenarioId, token).then((r) => ((flushedMidRush ??= client.flushAll()), r));
    const [repeats, rushed, doubled] = await Promise.all([
      // Those who already hold a voucher try again; 40 of the rush send a second claim at once.
      Promise.all(early.map((token, i) => again(token, i))),
      Promise.all(rush.map((token, i) => again(token, i))),
      Promise.all(rush.slice(0, 40).map((token, i) => again(token, i + 1))),
    ]);
    await flushedMidRush;
    await client.quit();

    expect(tally(repeats, ["CLAIM_ALREADY_CLAIMED", "CLAIM_QUOTA_EXHAUSTED"]).claimed).toBe(0);
    const later = tally([...rushed, ...doubled], ["CLAIM_ALREADY_CLAIMED", "CLAIM_QUOTA_EXHAUSTED"]);
    expect(later.claimed).toBe(quota - 40);
    expect(later.claimed + later.CLAIM_ALREADY_CLAIMED! + later.CLAIM_QUOTA_EXHAUSTED!).toBe(340);
    await expectExactlyFilled(scenarioId, quota);
  });
});
