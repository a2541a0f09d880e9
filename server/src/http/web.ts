import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import type { Middleware } from "koa";
import koaStatic from "koa-static";
import type { AppContext, AppState } from "./context";

/** Bundler output whose file names carry a content hash: a changed file gets a new name, so it may be cached for good. */
const HASHED_ASSET = /^\/(?:assets|js|css)\/.+[.-][A-Za-z0-9_-]{8,}\.(?:js|mjs|css|woff2?|ttf|png|jpe?g|gif|svg|webp)$/;
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|map|wasm)$/i;
const ENCODINGS = [
  { name: "br", ext: ".br" },
  { name: "gzip", ext: ".gz" },
] as const;

/**
 * The precompressed sibling (written at build time by scripts/precompress.mjs) the client
 * accepts, if it is at least as new as the file: a rebuild without the script must not serve
 * yesterday's app.
 */
async function freshSibling(ctx: AppContext, root: string, relPath: string): Promise<(typeof ENCODINGS)[number] | null> {
  if (!COMPRESSIBLE.test(relPath)) return null;
  const file = path.resolve(root, `.${relPath}`);
  if (!file.startsWith(root + path.sep)) return null;
  const original = await stat(file).catch(() => null);
  if (!original?.isFile()) return null;
  for (const encoding of ENCODINGS) {
    if (ctx.acceptsEncodings(encoding.name, "identity") !== encoding.name) continue;
    const sibling = await stat(file + encoding.ext).catch(() => null);
    if (sibling?.isFile() && sibling.mtimeMs >= original.mtimeMs) return encoding;
  }
  return null;
}

/**
 * Serves a built single-page app under a path prefix. Unknown paths without a file
 * extension fall back to index.html so client-side routes survive a reload. Hashed
 * assets are cached for a year; index.html and other unhashed files are revalidated
 * on every use, so a new release shows at once.
 */
export function mountSpa(prefix: string, root: string): Middleware<AppState> {
  const absoluteRoot = path.resolve(root);
  // koa-send would pick a .br regardless of its age; freshSibling decides instead.
  const serve = koaStatic(absoluteRoot, { index: "index.html", maxage: 0, brotli: false, gzip: false });

  async function send(ctx: AppContext, relPath: string, next: () => Promise<void>): Promise<void> {
    const file = relPath.endsWith("/") ? `${relPath}index.html` : relPath;
    const encoding = ctx.method === "GET" || ctx.method === "HEAD" ? await freshSibling(ctx, absoluteRoot, file) : null;
    ctx.path = encoding ? file + encoding.ext : relPath;
    if (encoding) {
      ctx.type = path.extname(file);
      ctx.set("Content-Encoding", encoding.name);
    }
    ctx.set("Cache-Control", HASHED_ASSET.test(file) ? "public, max-age=31536000, immutable" : "no-cache");
    if (COMPRESSIBLE.test(file)) ctx.vary("Accept-Encoding");
    await serve(ctx as never, next);
    if (ctx.body === undefined || ctx.body === null) {
      // Nothing was sent: undo what this attempt set, for the fallback or the 404 below.
      ctx.remove("Content-Encoding");
      ctx.remove("Cache-Control");
    }
  }

  return async (ctx, next) => {
    if (ctx.path !== prefix && !ctx.path.startsWith(`${prefix}/`)) return next();
    if (ctx.path === prefix) return ctx.redirect(`${prefix}/`);
    const original = ctx.path;
    const relPath = original.slice(prefix.length);
    try {
      await send(ctx, relPath, async () => {
        if (path.extname(relPath) === "" && ctx.method === "GET") await send(ctx, "/index.html", async () => {});
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
