import type { Middleware } from "koa";
import type { AppState } from "../../http/context";
import { assertStillActing } from "./identities";

/**
 * A token acting for an enterprise is good only while the account still holds that
 * enterprise: checked on every request (one read by primary key, enterprise tokens only),
 * so a revoked mandate ends the agent's access at once, whatever route they call.
 */
export function actingAuthority(): Middleware<AppState> {
  return async (ctx, next) => {
    const actor = ctx.state.actor;
    if (actor?.role === "enterprise" && actor.subjectId) await assertStillActing(actor.userId, actor.subjectId);
    await next();
  };
}
