import http from "node:http";
import mongoose from "mongoose";
import { createApp, createServices } from "./app";
import { ConfigError, loadConfig, type TConfig } from "./config";
import { repoRoot } from "./infra/embedded/repo-root";
import { createLogger } from "./infra/logger";
import { connectRedis } from "./infra/redis";
import { connectStore, disconnectStore } from "./infra/store";
import { webRoots } from "./http/web";
import { resolveInfrastructure } from "./runtime";
import { ensureDefaultScoringModel } from "./modules/scoring/service";
import { migrateConsentPurposes } from "./modules/consent/migrate";
import { upgradeStoredRules } from "./modules/scenarios/migrate";
import { DEMO_ACCOUNTS, seedDemo } from "./seed/demo";
import { startBackgroundJobs } from "./modules/messages/jobs";

let config: TConfig;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const logger = createLogger(config.LOG_LEVEL);
const infra = await resolveInfrastructure(config, logger);
await connectStore(infra.mongoUri, config.MONGODB_DB);
const redis = await connectRedis(infra.redisUrl);
const web = config.SERVE_WEB ? webRoots(repoRoot()) : undefined;
const deps = { config, logger, redis, ...(web ? { web } : {}) };
const services = createServices(deps);
await ensureDefaultScoringModel();
await migrateConsentPurposes(logger);
await upgradeStoredRules();
if (config.SEED_DEMO) await seedDemo(services);
const app = createApp(deps, services);
const server = http.createServer(app.callback());
server.keepAliveTimeout = 5000;
server.requestTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
// The background worker (messages, reminders, sweeps) in this process; `npm run worker` adds more.
const jobs = config.WORKER_IN_PROCESS ? await startBackgroundJobs({ config, logger, redisUrl: infra.redisUrl }) : null;

const address = server.address();
const port = typeof address === "object" && address ? address.port : config.PORT;
const base = config.PUBLIC_URL ?? `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${port}`;
logger.info({ url: base, store: config.MONGODB_URI ? "mongodb" : "embedded FerretDB" }, "信易+ server listening");
if (config.SEED_DEMO) printDemoBanner(base, web ?? {});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: no new connections, finishing requests in flight");
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  clearTimeout(force);
  // The worker finishes the jobs in hand before the store and Redis it writes to are closed.
  await jobs?.close().catch((err: unknown) => logger.error({ err }, "closing the background worker failed"));
  const closing = await Promise.allSettled([disconnectStore(), redis.quit()]);
  await infra.stop();
  // Said from the connections' state, not from the calls returning: an orchestrator reads the exit code.
  const stillOpen = [...(mongoose.connection.readyState !== mongoose.ConnectionStates.disconnected ? ["store"] : []), ...(redis.isOpen ? ["redis"] : [])];
  const errors = closing.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  if (stillOpen.length || errors.length) {
    logger.error({ stillOpen, err: errors[0] }, "stopped, but closing store or Redis failed");
    process.exit(1);
  }
  logger.info({ closed: ["store", "redis"] }, "stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

function printDemoBanner(baseUrl: string, built: { admin?: string; h5?: string }): void {
  const { platformAdmin, regionalAdmin, partnerOperator, bankStaff, citizens } = DEMO_ACCOUNTS;
  const lines = [
    "",
    "  信易+ is running",
    `  管理后台 admin console   ${baseUrl}/admin/${built.admin ? "" : "   (not built)"}`,
    `  小程序 H5 mini-program   ${baseUrl}/h5/${built.h5 ? "" : "   (not built)"}`,
    `  API docs                 ${baseUrl}/api/docs`,
    "",
    "  Demo logins",
    `  platform admin      ${platformAdmin.username} / ${platformAdmin.password}`,
    `  regional admin 昆明  ${regionalAdmin.username} / ${regionalAdmin.password}`,
    `  partner operator    ${partnerOperator.username} / ${partnerOperator.password}`,
    ...bankStaff.map((b) => `  bank ${b.staffRole === "bank_manager" ? "manager" : "officer"}        ${b.username} / ${b.password}   (${b.bank})`),
    ...citizens.map((c) => `  citizen ${c.displayName}          phone ${c.phone} (one-time code is shown on the login page and in this log)`),
    "",
  ];
  process.stdout.write(lines.join("\n") + "\n");
}
