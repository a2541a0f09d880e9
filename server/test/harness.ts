import { randomBytes } from "node:crypto";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import mongoose from "mongoose";
import { pino } from "pino";
import { inject } from "vitest";
import type { TSession } from "@xinyi/shared";
import { createApp, createServices, type Services } from "../src/app";
import { loadConfig, type TConfig } from "../src/config";
import { repoRoot } from "../src/infra/embedded/repo-root";
import { createLogger } from "../src/infra/logger";
import { connectRedis, type Redis } from "../src/infra/redis";
import { connectStore } from "../src/infra/store";
import { seedDemo } from "../src/seed/demo";

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

export type TestServer = {
  baseUrl: string;
  config: TConfig;
  redis: Redis;
  /** A fetch against this server's API (paths relative to /api/v1). */
  api<T = any>(method: string, apiPath: string, options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string }): Promise<ApiResponse<T>>;
  consoleLogin(username: string, password: string): Promise<TSession>;
  citizenLogin(phone: string): Promise<TSession>;
  /** Signs an access token for an existing user without the login flow (for load tests). */
  tokenFor(user: { _id: mongoose.Types.ObjectId; role: string; prefectureCode?: string | null; subjectId?: mongoose.Types.ObjectId | null }): string;
  services: Services;
  /** Drops every Redis key of this server (its prefix): Redis "losing its data" without disturbing other test files. */
  loseRedisData(): Promise<void>;
  close(): Promise<void>;
};

export const TEST_JWT_SECRET = "test-secret-test-secret-test-secret-0123";

/** Secrets every test server needs: fixed, throw-away values. */
export const TEST_SECRETS = {
  JWT_SECRET: TEST_JWT_SECRET,
  ID_ENCRYPTION_KEYS: `t1:${Buffer.alloc(32, 7).toString("base64")}`,
  ID_ENCRYPTION_ACTIVE_KEY_ID: "t1",
  ID_HASH_KEY: Buffer.alloc(32, 9).toString("base64"),
  VOUCHER_SIGNING_SEED: Buffer.alloc(32, 5).toString("base64"),
};

/**
 * Starts the real app on a free port, against the run's FerretDB and redis-server,
 * in a database and key prefix of its own, with the demo data seeded.
 */
export async function startTestServer(options: { name: string; env?: Record<string, string>; web?: boolean }): Promise<TestServer> {
  const suffix = randomBytes(4).toString("hex");
  const config = loadConfig({
    NODE_ENV: "test",
    ...TEST_SECRETS,
    MONGODB_URI: inject("mongoUri"),
    MONGODB_DB: `t_${options.name.replace(/\W/g, "_")}_${suffix}`,
    REDIS_URL: inject("redisUrl"),
    REDIS_KEY_PREFIX: `t:${suffix}:`,
    LOG_LEVEL: "info",
    ...options.env,
  });
  const logDir = path.join(repoRoot(), "artifacts", "logs");
  const responseDir = path.join(repoRoot(), "artifacts", "responses");
  mkdirSync(logDir, { recursive: true });
  mkdirSync(responseDir, { recursive: true });
  // Every response body is kept so the run can be scanned for leaked ID numbers (scripts/privacy-scan.mjs).
  const responseLog = path.join(responseDir, `${options.name}.ndjson`);
  writeFileSync(responseLog, "");
  const logger = createLogger(config.LOG_LEVEL, pino.destination({ dest: path.join(logDir, `${options.name}.log`), sync: true }));

  await connectStore(config.MONGODB_URI!, config.MONGODB_DB);
  const redis = await connectRedis(config.REDIS_URL!);

  const root = repoRoot();
  const web = options.web
    ? { admin: path.join(root, "admin", "dist"), h5: path.join(root, "miniapp", "dist", "h5") }
    : undefined;
  const deps = { config, logger, redis, ...(web ? { web } : {}) };
  const services = createServices(deps);
  await seedDemo(services);
  const app = createApp(deps, services);
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: TestServer["api"] = async (method, apiPath, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(opts.body);
    } else if (opts.raw !== undefined) {
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${baseUrl}/api/v1${apiPath}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await response.text();
    appendFileSync(responseLog, `${method} ${apiPath} ${response.status} ${text}\n`);
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };

  async function expectSession(response: ApiResponse<TSession>, what: string): Promise<TSession> {
    if (response.status !== 200) throw new Error(`${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  return {
    baseUrl,
    config,
    redis,
    api,
    services,
    consoleLogin: async (username, password) => expectSession(await api("POST", "/auth/console/login", { body: { username, password } }), "console login"),
    async citizenLogin(phone) {
      const sent = await api("POST", "/auth/otp", { body: { phone } });
      if (sent.status !== 200) throw new Error(`otp failed: ${sent.status} ${JSON.stringify(sent.body)}`);
      return expectSession(await api("POST", "/auth/phone/login", { body: { phone, code: sent.body.devCode } }), "phone login");
    },
    tokenFor(user) {
      return services.accessTokens.sign(
        {
          userId: user._id.toHexString(),
          role: user.role as never,
          ...(user.prefectureCode ? { prefectureCode: user.prefectureCode as never } : {}),
          ...(user.subjectId ? { subjectId: user.subjectId.toHexString() } : {}),
        },
        "test-family",
      ).token;
    },
    async loseRedisData() {
      const doomed: string[] = [];
      for await (const batch of redis.scanIterator({ MATCH: `${config.REDIS_KEY_PREFIX}*`, COUNT: 1000 })) doomed.push(...batch);
      if (doomed.length) await redis.del(doomed);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await mongoose.disconnect();
      await redis.quit();
    },
  };
}
