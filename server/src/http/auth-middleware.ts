import type { Middleware } from "koa";
import { AppError } from "./app-error";
import type { AppState } from "./context";
import type { RevocationList } from "../modules/auth/revocations";
import type { AccessTokenSigner } from "../modules/auth/tokens";

/**
 * Establishes ctx.state.actor from a Bearer token. A token that is present but not
 * valid is refused outright, even on public routes, so clients learn to refresh.
 * A token of a signed-out or revoked session is not valid, however fresh.
 */
export function authenticate(tokens: AccessTokenSigner, revocations: RevocationList): Middleware<AppState> {
  return async (ctx, next) => {
    const header = ctx.get("authorization");
    if (header) {
      const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
      const verified = match ? tokens.verify(match[1]!) : null;
      if (!verified || (await revocations.isRevoked(verified.familyId))) throw new AppError("AUTH_TOKEN_INVALID");
      ctx.state.actor = verified.actor;
    }
    await next();
  };
}
