import Router from "@koa/router";
import type { AppState } from "../../http/context";
import { pingStore } from "../../infra/store";
import { pingRedis, type Redis } from "../../infra/redis";

/** Liveness and readiness, outside /api so that probes skip auth and rate limits. */
export function healthRouter(redis: Redis): Router<AppState> {
  const router = new Router<AppState>();
  router.get("/healthz", (ctx) => {
    ctx.body = { status: "ok" };
  });
  router.get("/readyz", async (ctx) => {
    const [store, cache] = await Promise.all([pingStore(), pingRedis(redis)]);
    const ready = store && cache;
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? "ready" : "not_ready", checks: { store, redis: cache } };
  });
  return router;
}
