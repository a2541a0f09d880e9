import Router from "@koa/router";
import type { ZodType } from "zod";
import type { TErrorCode, TRole } from "@xinyi/shared";
import { AppError } from "./app-error";
import { zodIssues } from "./error-middleware";
import type { Actor, AppContext, AppState } from "./context";

type Method = "get" | "post" | "patch" | "put" | "delete";

type Input<P, Q, B> = { params: P; query: Q; body: B; ctx: AppContext };

type RouteCommon<P, Q, B, R> = {
  method: Method;
  /** Koa-style path relative to /api/v1, e.g. /scenarios/:id */
  path: string;
  summary: string;
  tag: string;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** Omitted for 204 responses and downloads. */
  response?: ZodType<R>;
  /** The handler returns the text of a file the browser saves under this name. */
  download?: { contentType: string; fileName: (params: P) => string };
  status?: number;
  /** Refusals worth documenting beyond the ones every route can give. */
  errors?: TErrorCode[];
  /** Who among `access` may really do it, when the service narrows it (own partner, own scenarios): shown in the docs. */
  accessNote?: string;
};

/** A route anyone may call; the actor is set only if a valid token came along. */
export type PublicRouteSpec<P, Q, B, R> = RouteCommon<P, Q, B, R> & {
  handler: (input: Input<P, Q, B> & { actor: Actor | undefined }) => Promise<R>;
};

/**
 * A route for signed-in callers. `roles` must be spelled out: there is no default,
 * so forgetting it is a type error (deny by default). Finer checks (own prefecture,
 * own partner) live in each module's policy.ts and run inside the service.
 */
export type ProtectedRouteSpec<P, Q, B, R> = RouteCommon<P, Q, B, R> & {
  access: readonly TRole[] | "any-signed-in";
  handler: (input: Input<P, Q, B> & { actor: Actor }) => Promise<R>;
};

export type AnyRouteSpec = RouteCommon<unknown, unknown, unknown, unknown> & {
  access: "public" | readonly TRole[] | "any-signed-in";
};

function parsePart<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError("VALIDATION_FAILED", undefined, { issues: zodIssues(result.error, where) });
  return result.data;
}

/**
 * Holds the API's routes and their schemas: the same list mounts the Koa routes
 * and generates the OpenAPI document, so the docs cannot drift from the code.
 */
export class ApiRouter {
  readonly router = new Router<AppState>();
  readonly specs: AnyRouteSpec[] = [];

  constructor(private readonly options: { validateResponses: boolean }) {}

  publicRoute<P = undefined, Q = undefined, B = undefined, R = undefined>(spec: PublicRouteSpec<P, Q, B, R>): void {
    this.mount({ ...spec, access: "public" }, (ctx) => ctx.state.actor, (input, actor) => spec.handler({ ...input, actor }));
  }

  route<P = undefined, Q = undefined, B = undefined, R = undefined>(spec: ProtectedRouteSpec<P, Q, B, R>): void {
    const authorize = (ctx: AppContext): Actor => {
      const actor = ctx.state.actor;
      if (!actor) throw new AppError("AUTH_REQUIRED");
      if (spec.access !== "any-signed-in" && !spec.access.includes(actor.role)) throw new AppError("FORBIDDEN");
      return actor;
    };
    this.mount(spec, authorize, (input, actor) => spec.handler({ ...input, actor }));
  }

  /** Who may call is settled before anything they sent is looked at. */
  private mount<P, Q, B, R, A>(
    spec: RouteCommon<P, Q, B, R> & { access: AnyRouteSpec["access"] },
    authorize: (ctx: AppContext) => A,
    invoke: (input: Input<P, Q, B>, actor: A) => Promise<R>,
  ): void {
    this.specs.push(spec as unknown as AnyRouteSpec);
    this.router[spec.method](spec.path, async (ctx) => {
      const actor = authorize(ctx);
      const input: Input<P, Q, B> = {
        params: parsePart(spec.params, ctx.params, "params"),
        query: parsePart(spec.query, ctx.query, "query"),
        body: parsePart(spec.body, (ctx.request as { body?: unknown }).body ?? {}, "body"),
        ctx,
      };
      const result = await invoke(input, actor);
      if (spec.download) {
        ctx.type = spec.download.contentType;
        ctx.attachment(spec.download.fileName(input.params));
        ctx.body = result;
        return;
      }
      if (!spec.response) {
        ctx.status = spec.status ?? 204;
        return;
      }
      if (this.options.validateResponses) spec.response.parse(result);
      ctx.status = spec.status ?? 200;
      ctx.body = result;
    });
  }
}
