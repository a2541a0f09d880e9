import { randomUUID } from "node:crypto";
import type { Middleware, ParameterizedContext } from "koa";
import type { TRole, TPrefectureCode } from "@xinyi/shared";
import type { Logger } from "../infra/logger";

/** Who is calling, as established by a verified access token. */
export type Actor = {
  userId: string;
  role: TRole;
  prefectureCode?: TPrefectureCode;
  partnerId?: string;
  /** The credit subject a mini-program account acts for, once bound. */
  subjectId?: string;
};

export type AppState = {
  requestId: string;
  log: Logger;
  actor?: Actor;
};

export type AppContext = ParameterizedContext<AppState>;

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Request id (accepted from a proxy or made here), a child logger carrying it, one access log line. */
export function requestContext(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    const incoming = ctx.get("x-request-id");
    const requestId = REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set("X-Request-Id", requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      if (ctx.path !== "/healthz" && ctx.path !== "/readyz") {
        ctx.state.log.info(
          { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started), userId: ctx.state.actor?.userId },
          "request",
        );
      }
    }
  };
}
