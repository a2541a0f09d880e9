import type { Middleware } from "koa";
import { AppError } from "./app-error";
import type { AppState } from "./context";
import type { AccessTokenSigner } from "../modules/auth/tokens";

/**
 * Establishes ctx.state.actor from a Bearer token. A token that is present but not
 * valid is refused outright, even on public routes, so clients learn to refresh.
 */
export function authenticate(tokens: AccessTokenSigner): Middleware<AppState> {
  return async (ctx, next) => {
    const header = ctx.get("authorization");
    if (header) {
      const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
      const actor = match ? tokens.verify(match[1]!) : null;
      if (!actor) throw new AppError("AUTH_TOKEN_INVALID");
      ctx.state.actor = actor;
    }
    await next();
  };
}
