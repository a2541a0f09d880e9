import type { Middleware } from "koa";
import { ZodError } from "zod";
import type { TErrorEnvelope, TValidationIssue } from "@xinyi/shared";
import { AppError } from "./app-error";
import { isDuplicateKeyError } from "../infra/store";
import type { AppState } from "./context";

export function zodIssues(err: ZodError, prefix?: string): TValidationIssue[] {
  return err.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join("."),
    message: issue.message,
  }));
}

/** Maps anything thrown below it to the one error envelope. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  // Requests are validated by the router, which names body./query./params. paths; a ZodError
  // from anywhere else is data of our own (a response, a provider's answer) that broke its schema.
  if (err instanceof ZodError) return new AppError("INTERNAL");
  if (isDuplicateKeyError(err)) return new AppError("CONFLICT");
  const status = (err as { status?: number; type?: string }).status;
  const type = (err as { type?: string }).type;
  if (status === 413 || type === "entity.too.large") return new AppError("PAYLOAD_TOO_LARGE");
  if (status === 400 && (type === "entity.parse.failed" || err instanceof SyntaxError)) return new AppError("BAD_JSON");
  return new AppError("INTERNAL");
}

export function errorMiddleware(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith("/api/")) {
        throw new AppError("ROUTE_NOT_FOUND");
      }
      if (ctx.status === 405 && ctx.body === undefined) throw new AppError("METHOD_NOT_ALLOWED");
    } catch (err) {
      const appError = toAppError(err);
      if (appError.code === "INTERNAL") {
        ctx.state.log.error({ err }, "unhandled error");
      } else if (appError.status >= 400) {
        ctx.state.log.info({ code: appError.code, status: appError.status }, "request refused");
      }
      const body: TErrorEnvelope = {
        error: {
          code: appError.code,
          message: appError.message,
          ...(appError.details ? { details: appError.details } : {}),
          requestId: ctx.state.requestId,
        },
      };
      for (const [name, value] of Object.entries(appError.headers ?? {})) ctx.set(name, value);
      ctx.status = appError.status;
      ctx.body = body;
    }
  };
}
