import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/harness";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ name: "http", env: { BODY_LIMIT: "2kb", CORS_ORIGINS: "https://console.example.cn" } });
});
afterAll(() => t.close());

describe("the error envelope", () => {
  it("answers an unknown API route with 404 ROUTE_NOT_FOUND and the request id", async () => {
    const res = await t.api("GET", "/no-such-thing");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("ROUTE_NOT_FOUND");
    expect(res.body.error.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("refuses a protected route without a token with 401 AUTH_REQUIRED", async () => {
    const res = await t.api("GET", "/scenarios");
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: "AUTH_REQUIRED", message: "请先登录" });
  });

  it("refuses malformed JSON with 400 BAD_JSON", async () => {
    const res = await t.api("POST", "/auth/console/login", { raw: "{not json" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("BAD_JSON");
  });

  it("names every invalid field with its path and a Chinese message", async () => {
    const admin = await t.consoleLogin("admin", "Admin@2026");
    const res = await t.api("POST", "/scenarios", {
      token: admin.accessToken,
      body: { title: "x", category: "casino", prefectureCodes: ["999999"], rule: { type: "minScore", score: 1200 }, benefit: { summary: "" }, quota: 0, startsAt: "2026-12-01T00:00:00+08:00", endsAt: "2026-11-01T00:00:00+08:00" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    const paths = res.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["body.title", "body.category", "body.prefectureCodes.0", "body.rule.score", "body.benefit.summary", "body.quota"]));
    for (const issue of res.body.error.details.issues) expect(issue.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it("refuses a body over the limit with 413 and keeps nothing", async () => {
    const admin = await t.consoleLogin("admin", "Admin@2026");
    const before = await t.api("GET", "/scenarios", { token: admin.accessToken });
    const res = await t.api("POST", "/scenarios", { token: admin.accessToken, body: { title: "大".repeat(3000) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("PAYLOAD_TOO_LARGE");
    const after = await t.api("GET", "/scenarios", { token: admin.accessToken });
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it("answers a wrong method with 405 in the envelope", async () => {
    const res = await t.api("DELETE", "/regions");
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe("METHOD_NOT_ALLOWED");
  });
});

describe("platform endpoints", () => {
  it("reports liveness and readiness of store and Redis", async () => {
    const health = await fetch(`${t.baseUrl}/healthz`);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { store: true, redis: true } });
  });

  it("sets security headers and allows only listed CORS origins", async () => {
    const allowed = await fetch(`${t.baseUrl}/api/v1/regions`, { headers: { origin: "https://console.example.cn" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://console.example.cn");
    expect(allowed.headers.get("x-content-type-options")).toBe("nosniff");
    expect(allowed.headers.get("content-security-policy")).toContain("default-src 'none'");
    const other = await fetch(`${t.baseUrl}/api/v1/regions`, { headers: { origin: "https://evil.example.com" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lists Yunnan's 16 prefectures", async () => {
    const res = await t.api("GET", "/regions");
    expect(res.body.items).toHaveLength(16);
    expect(res.body.items[0]).toEqual({ code: "530100", name: "昆明市" });
  });

  it("publishes an OpenAPI 3.1 document generated from the schemas, and a docs page", async () => {
    const doc = (await (await fetch(`${t.baseUrl}/api/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/v1/auth/console/login", "/api/v1/scenarios/{id}/claims", "/api/v1/me"]));
    const claim = doc.paths["/api/v1/scenarios/{id}/claims"].post;
    expect(claim.security).toEqual([{ bearerAuth: [] }]);
    expect(claim.responses["409"]).toBeDefined();
    const login = doc.paths["/api/v1/auth/console/login"].post;
    expect(login.requestBody.content["application/json"].schema.required).toEqual(["username", "password"]);
    // Every reference points at a component that exists.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(doc.components.schemas[ref], ref).toBeDefined();
    const page = await fetch(`${t.baseUrl}/api/docs`);
    expect(await page.text()).toContain("swagger-ui");
    const bundle = await fetch(`${t.baseUrl}/api/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
