import { existsSync } from "node:fs";
import path from "node:path";
import type { Middleware } from "koa";
import koaStatic from "koa-static";
import type { AppState } from "./context";

/**
 * Serves a built single-page app under a path prefix. Unknown paths without a file
 * extension fall back to index.html so client-side routes survive a reload.
 */
export function mountSpa(prefix: string, root: string): Middleware<AppState> {
  const serve = koaStatic(root, { index: "index.html", maxage: 0 });
  return async (ctx, next) => {
    if (ctx.path !== prefix && !ctx.path.startsWith(`${prefix}/`)) return next();
    if (ctx.path === prefix) return ctx.redirect(`${prefix}/`);
    const original = ctx.path;
    ctx.path = original.slice(prefix.length);
    try {
      await serve(ctx as never, async () => {
        if (path.extname(ctx.path) === "" && ctx.method === "GET") {
          ctx.path = "/index.html";
          await serve(ctx as never, async () => {});
        }
      });
    } finally {
      ctx.path = original;
    }
    // Pages load only our own scripts; antd and Taro set inline styles, Taro H5 an inline boot script.
    if (ctx.body) {
      ctx.set(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
      );
    }
  };
}

export function webRoots(repoRoot: string): { admin?: string; h5?: string } {
  const admin = path.join(repoRoot, "admin", "dist");
  const h5 = path.join(repoRoot, "miniapp", "dist", "h5");
  return {
    ...(existsSync(path.join(admin, "index.html")) ? { admin } : {}),
    ...(existsSync(path.join(h5, "index.html")) ? { h5 } : {}),
  };
}
