import http from "node:http";
import type { AddressInfo } from "node:net";
import mongoose from "mongoose";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createApp } from "../../app";
import { loadConfig } from "../../config";
import { startRedisServer } from "../../infra/embedded/redis-server";
import { connectRedis } from "../../infra/redis";
import { connectStore } from "../../infra/store";
import { TEST_SECRETS } from "../../../test/harness";

describe("readiness", () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  });

  it("turns 503 when Redis goes away, naming what is down", async () => {
    const redisServer = await startRedisServer();
    const config = loadConfig({ NODE_ENV: "test", ...TEST_SECRETS, MONGODB_URI: inject("mongoUri"), MONGODB_DB: "t_health", REDIS_URL: redisServer.url });
    await connectStore(config.MONGODB_URI!, config.MONGODB_DB);
    closers.push(() => mongoose.disconnect());
    const redis = await connectRedis(redisServer.url);
    closers.push(() => redis.disconnect());
    const server = http.createServer(createApp({ config, logger: pino({ level: "silent" }), redis }).callback());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`;

    expect((await fetch(url)).status).toBe(200);
    await redisServer.stop();
    const down = await fetch(url);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: "not_ready", checks: { store: true, redis: false } });
    // Liveness does not depend on the backends.
    expect((await fetch(url.replace("readyz", "healthz"))).status).toBe(200);
  });
});
