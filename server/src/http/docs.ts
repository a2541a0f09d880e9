import Router from "@koa/router";
import { createRequire } from "node:module";
import path from "node:path";
import koaStatic from "koa-static";
import type { AppState } from "./context";

const require = createRequire(import.meta.url);

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>信易+ API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true });`;

/** /api/openapi.json and a readable page at /api/docs (Swagger UI served from our own origin). */
export function docsRouter(document: () => unknown): Router<AppState> {
  const assets = koaStatic(path.dirname(require.resolve("swagger-ui-dist/package.json")), { maxage: 3600_000 });
  const router = new Router<AppState>();
  router.get("/api/openapi.json", (ctx) => {
    ctx.body = document();
  });
  router.get("/api/docs", (ctx) => {
    ctx.type = "html";
    ctx.body = PAGE;
  });
  router.get("/api/docs/init.js", (ctx) => {
    ctx.type = "application/javascript";
    ctx.body = INIT;
  });
  router.get("/api/docs/assets/:file", async (ctx, next) => {
    const original = ctx.path;
    ctx.path = `/${ctx.params.file}`;
    try {
      await assets(ctx as never, next);
    } finally {
      ctx.path = original;
    }
  });
  return router;
}
