// npm run bench: throughput of our routes beside a bare Koa JSON route, measured in
// one process on one machine, so the ratio means something even on a noisy box.
// Not a test: it prints numbers and asserts nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Koa from "koa";
import Router from "@koa/router";
import autocannon from "autocannon";
import mongoose from "mongoose";
import { pino } from "pino";
import { citizenIdCheckChar, IMPORT_COLUMNS } from "@xinyi/shared";
import { createApp, createServices } from "../src/app";
import { loadConfig } from "../src/config";
import { startEmbeddedStore } from "../src/infra/embedded/store";
import { startRedisServer } from "../src/infra/embedded/redis-server";
import { connectRedis } from "../src/infra/redis";
import { connectStore } from "../src/infra/store";
import { ensureDefaultScoringModel } from "../src/modules/scoring/service";
import { seedDemo } from "../src/seed/demo";
import { randomUUID } from "node:crypto";
import { BENEFIT_CATEGORIES } from "@xinyi/shared";
import { ClaimModel } from "../src/modules/claims/model";
import { LoanApplicationModel, LoanProductModel } from "../src/modules/loans/model";
import { ScenarioModel } from "../src/modules/scenarios/model";
import { createCitizens } from "../test/fixtures";

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);

function listen(callback: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(callback);
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

type Row = { name: string; rps: number; p50: number; p99: number; errors: number };

type LoadOptions = { url: string; method?: string; headers?: Record<string, string>; body?: string; requests?: { setupRequest: (req: { headers?: Record<string, string> }) => unknown }[] };
async function load(name: string, options: LoadOptions): Promise<Row> {
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: DURATION });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

const dataDir = mkdtempSync(path.join(tmpdir(), "xinyi-bench-"));
const [store, redisServer] = await Promise.all([startEmbeddedStore(dataDir), startRedisServer()]);
const config = loadConfig({
  NODE_ENV: "development",
  VALIDATE_RESPONSES: "false",
  JWT_SECRET: "bench-secret-bench-secret-bench-secret-00",
  ID_ENCRYPTION_KEYS: `b1:${Buffer.alloc(32, 3).toString("base64")}`,
  ID_ENCRYPTION_ACTIVE_KEY_ID: "b1",
  ID_HASH_KEY: Buffer.alloc(32, 4).toString("base64"),
  VOUCHER_SIGNING_SEED: Buffer.alloc(32, 6).toString("base64"),
  MONGODB_URI: store.uri,
  REDIS_URL: redisServer.url,
  LOG_LEVEL: "silent",
});
await connectStore(store.uri, "bench");
const redis = await connectRedis(redisServer.url);
const deps = { config, logger: pino({ level: "silent" }), redis };
const services = createServices(deps);
await ensureDefaultScoringModel();
await seedDemo(services);

const bare = new Koa();
const bareRouter = new Router();
bareRouter.get("/ping", (ctx) => {
  ctx.body = { ok: true, at: Date.now() };
});
bare.use(bareRouter.routes());
const bareServer = await listen(bare.callback());
const appServer = await listen(createApp(deps, services).callback());

const admin = await (await fetch(`${appServer.url}/api/v1/auth/console/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: "Admin@2026" }) })).json() as { accessToken: string };
const otp = await (await fetch(`${appServer.url}/api/v1/auth/otp`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: "13800000001" }) })).json() as { devCode: string };
const citizen = await (await fetch(`${appServer.url}/api/v1/auth/phone/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ phone: "13800000001", code: otp.devCode }) })).json() as { accessToken: string };

// 1,000 published scenarios in the citizen's prefecture, for the eligibility listing.
const now = Date.now();
await ScenarioModel.insertMany(
  Array.from({ length: 1000 }, (_, i) => ({
    title: `压测场景 ${i}`, category: BENEFIT_CATEGORIES[i % BENEFIT_CATEGORIES.length], description: "", terms: "", provinceWide: i % 10 === 0, prefectureCodes: ["530100"],
    rule: i % 3 === 0 ? { type: "minScore", score: 650 + (i % 200) } : { type: "all", rules: [{ type: "subjectKinds", kinds: ["citizen"] }, { type: "minScore", score: 600 }] },
    benefit: { summary: "立减10元", tiers: [{ grades: ["AAA"], summary: "立减30元" }] }, quota: 1000, perSubjectLimit: { total: 1 },
    startsAt: new Date(now - 3600_000), endsAt: new Date(now + 86400_000), redemptionHours: 72, status: "published", version: 2,
    createdBy: new mongoose.Types.ObjectId(), publishedAt: new Date(),
  })),
);

// A scenario to claim from, and many subjects (one claim each) with their tokens.
const claimable = await services.scenarios.create({ userId: new mongoose.Types.ObjectId().toHexString(), role: "platform_admin" }, services.scenarios.parseCreate({
  title: "压测领取", category: "tourism", prefectureCodes: ["530100"], rule: { type: "minScore", score: 0 }, benefit: { summary: "立减10元" }, quota: 1_000_000,
  startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 86400_000).toISOString(),
}));
await services.scenarios.transition({ userId: new mongoose.Types.ObjectId().toHexString(), role: "platform_admin" }, claimable.id, { action: "publish", expectedVersion: 1 });
const claimers = (await createCitizens(Array.from({ length: 12_000 }, (_, i) => ({ phone: `19${String(i).padStart(9, "0")}`, score: 700 })))).map((u) =>
  services.accessTokens.sign({ userId: u._id.toHexString(), role: "citizen", prefectureCode: "530100", subjectId: u.subjectId!.toHexString() }, "bench").token,
);
let nextClaimer = 0;

// A voucher to check at the counter (the token lives 60 s: made right before its run).
const operator = await (await fetch(`${appServer.url}/api/v1/auth/console/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "ynly_operator", password: "Partner@2026" }) })).json() as { accessToken: string };
const partnerScenario = (await ScenarioModel.findOne({ title: "石林景区门票 守信游客立减" }).lean())!;
const voucherClaim = await (await fetch(`${appServer.url}/api/v1/scenarios/${partnerScenario._id.toHexString()}/claims`, { method: "POST", headers: { authorization: `Bearer ${citizen.accessToken}`, "idempotency-key": "bench-voucher-0001" } })).json() as { id: string };

const rows: Row[] = [];
rows.push(await load("bare Koa JSON route (baseline)", { url: `${bareServer.url}/ping` }));
rows.push(await load("GET /healthz (app middleware only)", { url: `${appServer.url}/healthz` }));
rows.push(await load("GET /api/v1/regions (public API route)", { url: `${appServer.url}/api/v1/regions` }));
rows.push(await load("GET /api/v1/regions with a token", { url: `${appServer.url}/api/v1/regions`, headers: { authorization: `Bearer ${citizen.accessToken}` } }));
rows.push(await load("GET /api/v1/me/credit (profile read)", { url: `${appServer.url}/api/v1/me/credit`, headers: { authorization: `Bearer ${citizen.accessToken}` } }));
rows.push(await load("GET /api/v1/scenarios/available (1,000 in scope)", { url: `${appServer.url}/api/v1/scenarios/available`, headers: { authorization: `Bearer ${citizen.accessToken}` } }));
rows.push(await load("GET /api/v1/loan-products/available (my terms, why not)", { url: `${appServer.url}/api/v1/loan-products/available`, headers: { authorization: `Bearer ${citizen.accessToken}` } }));
const loanOfficer = await (await fetch(`${appServer.url}/api/v1/auth/console/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "ccb_officer", password: "Bank@2026" }) })).json() as { accessToken: string };
// 1,000 applications in the bank's queue (as its work leaves them), for the queue's first page.
const ccbProduct = (await LoanProductModel.findOne({ name: /云税贷/ }).lean())!;
await LoanApplicationModel.insertMany(
  Array.from({ length: 1000 }, (_, i) => ({
    productId: ccbProduct._id, productName: ccbProduct.name, bankPartnerId: ccbProduct.bankPartnerId, source: "product", subjectId: new mongoose.Types.ObjectId(), applicantKind: "enterprise",
    applicantName: `压测企业${i}`, applicantUserId: new mongoose.Types.ObjectId(), prefectureCode: "530100", amountWan: 50, termMonths: 12, purpose: "经营周转", contactName: "联系人",
    contactPhone: "13900000000", status: "submitted", version: 1, consentGrantId: new mongoose.Types.ObjectId(), consentValidUntil: new Date(now + 90 * 86400_000),
    submittedAt: new Date(now - i * 60_000), responseDays: 3, responseDueAt: new Date(now + 3 * 86400_000 - i * 60_000), firstLoan: false,
  })),
);
rows.push(await load("GET /api/v1/loan-applications (a bank's queue of 1,000)", { url: `${appServer.url}/api/v1/loan-applications`, headers: { authorization: `Bearer ${loanOfficer.accessToken}` } }));
rows.push(await load("GET /api/v1/public/bank-response-times (public table)", { url: `${appServer.url}/api/v1/public/bank-response-times` }));
const qr = await (await fetch(`${appServer.url}/api/v1/me/claims/${voucherClaim.id}/voucher`, { headers: { authorization: `Bearer ${citizen.accessToken}` } })).json() as { token: string };
rows.push(await load("POST /api/v1/vouchers/verify (counter check)", { url: `${appServer.url}/api/v1/vouchers/verify`, method: "POST", headers: { authorization: `Bearer ${operator.accessToken}`, "content-type": "application/json" }, body: JSON.stringify({ code: qr.token }) }));
const claimsBefore = await ClaimModel.countDocuments({ scenarioId: new mongoose.Types.ObjectId(claimable.id) });
rows.push(await load("POST /api/v1/scenarios/:id/claims (distinct subjects)", {
  url: `${appServer.url}/api/v1/scenarios/${claimable.id}/claims`,
  method: "POST",
  requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${claimers[nextClaimer++ % claimers.length]}`, "idempotency-key": randomUUID() } }) }],
}));
const claimed = (await ClaimModel.countDocuments({ scenarioId: new mongoose.Types.ObjectId(claimable.id) })) - claimsBefore;

// What the store itself takes: plain inserts through the same driver, as many in flight as connections.
const probe = mongoose.connection.db!.collection("bench_inserts");
let inserted = 0;
const insertUntil = Date.now() + DURATION * 1000;
await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
  while (Date.now() < insertUntil) {
    await probe.insertOne({ scenarioId: new mongoose.Types.ObjectId(), at: new Date(), n: inserted });
    inserted += 1;
  }
}));
const storeInsertsPerSecond = inserted / DURATION;
rows.push(await load("bare Koa JSON route (again)", { url: `${bareServer.url}/ping` }));

// Import throughput: one 10,000-row file through the real upload and background job.
const lines = [IMPORT_COLUMNS.join(",")];
for (let i = 0; i < 10_000; i++) {
  const person = i % 3000;
  const id17 = `530102${1960 + (person % 40)}0${1 + (person % 9)}1${person % 10}${String(person % 1000).padStart(3, "0")}`;
  lines.push(["citizen", id17 + citizenIdCheckChar(id17), "", `压测${person}`, "530100", "licence", "", "", `记录${i}`, "昆明市市场监督管理局", `BENCH-${i}`, "2026-06-01", "", ""].join(","));
}
const started = Date.now();
const job = await (await fetch(`${appServer.url}/api/v1/imports?fileName=bench.csv`, { method: "POST", headers: { authorization: `Bearer ${admin.accessToken}`, "content-type": "text/csv" }, body: lines.join("\n") })).json() as { id: string };
let status = "running";
while (status === "running") {
  await new Promise((r) => setTimeout(r, 250));
  status = ((await (await fetch(`${appServer.url}/api/v1/imports/${job.id}`, { headers: { authorization: `Bearer ${admin.accessToken}` } })).json()) as { status: string }).status;
}
const importSeconds = (Date.now() - started) / 1000;

const baseline = (rows[0]!.rps + rows.at(-1)!.rps) / 2;
console.log(`\n${CONNECTIONS} connections, ${DURATION} s each, Node ${process.version}, embedded FerretDB (SQLite) + redis-server\n`);
console.log("| route | req/s | p50 ms | p99 ms | errors | vs bare |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} | ${((r.rps / baseline) * 100).toFixed(0)}% |`);
console.log(`\nclaims written: ${claimed} (${(claimed / DURATION).toFixed(0)}/s); the store alone: ${storeInsertsPerSecond.toFixed(0)} inserts/s through the same driver (${CONNECTIONS} in flight) → claims at ${((claimed / DURATION / storeInsertsPerSecond) * 100).toFixed(0)}% of raw inserts`);
console.log(`\nimport of 10,000 rows (3,000 subjects): ${status} in ${importSeconds.toFixed(1)} s = ${(10_000 / importSeconds).toFixed(0)} rows/s`);

await Promise.all([bareServer.close(), appServer.close()]);
await mongoose.disconnect();
await redis.quit();
await Promise.all([store.stop(), redisServer.stop()]);
rmSync(dataDir, { recursive: true, force: true });
