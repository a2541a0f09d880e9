/**
 * More background workers: `npm run worker -w @xinyi/server`. Each takes notice and sweep jobs off the
 * shared queue (npm start already runs one inside the API process). It needs the store and Redis the
 * API uses, so MONGODB_URI and REDIS_URL must be set: a worker never starts an embedded store of its own.
 */
import mongoose from "mongoose";
import { createServices } from "./app";
import { ConfigError, loadConfig, type TConfig } from "./config";
import { createLogger } from "./infra/logger";
import { connectRedis } from "./infra/redis";
import { connectStore, disconnectStore } from "./infra/store";
import { startBackgroundJobs } from "./modules/messages/jobs";

let config: TConfig;
try {
  config = loadConfig();
  if (!config.MONGODB_URI || !config.REDIS_URL) throw new ConfigError("Invalid configuration:\n  MONGODB_URI, REDIS_URL: a separate worker needs the store and Redis of the API (set both)");
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const logger = createLogger(config.LOG_LEVEL);
await connectStore(config.MONGODB_URI, config.MONGODB_DB);
const redis = await connectRedis(config.REDIS_URL);
// Building the services is what registers every feature's sweep.
createServices({ config, logger, redis });
const jobs = await startBackgroundJobs({ config, logger, redisUrl: config.REDIS_URL });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker shutting down: finishing the jobs in hand");
  const closing = await Promise.allSettled([jobs.close()]);
  const rest = await Promise.allSettled([disconnectStore(), redis.quit()]);
  const errors = [...closing, ...rest].flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  if (errors.length || mongoose.connection.readyState !== mongoose.ConnectionStates.disconnected) {
    logger.error({ err: errors[0] }, "worker stopped, but closing failed");
    process.exit(1);
  }
  logger.info("worker stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
