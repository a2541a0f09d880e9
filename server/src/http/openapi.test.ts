import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startTestServer, type TestServer } from "../../test/harness";
import { toAppError } from "./error-middleware";

let t: TestServer;
let doc: any;
beforeAll(async () => {
  t = await startTestServer({ name: "openapi" });
  doc = await (await fetch(`${t.baseUrl}/api/openapi.json`)).json();
});
afterAll(() => t.close());

describe("the API documentation", () => {
  it("names every shared schema, and every reference resolves", () => {
    const names = Object.keys(doc.components.schemas);
    expect(names.filter((n) => /^__schema/.test(n))).toEqual([]);
    const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) expect(names, ref).toContain(ref);
  });

  it("says who may really redeem a voucher: the scenario's owner, not any administrator", () => {
    const redeem = doc.paths["/api/v1/vouchers/redeem"].post;
    expect(redeem.description).toContain("Only the scenario's owner redeems");
    expect(redeem["x-access"]).toMatchObject({ roles: ["partner_operator", "platform_admin", "regional_admin"], note: expect.stringContaining("owner") });
    expect(Object.keys(redeem.responses)).toContain("403");
  });
});

describe("validation paths", () => {
  it("name where the offending value was sent: params., query. or body.", async () => {
    const admin = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
    const cases = [
      await t.api("GET", "/subjects/not-an-id", { token: admin }),
      await t.api("GET", "/subjects/search?page=2e1", { token: admin }),
      await t.api("POST", "/scoring-models", { token: admin, body: { params: { citizen: 1 } } }),
      await t.api("POST", "/partner-applications", { body: { name: "" } }),
    ];
    for (const res of cases) {
      expect(res.status).toBe(400);
      for (const issue of res.body.error.details.issues) expect(issue.path).toMatch(/^(params|query|body|headers)\./);
    }
  });

  it("a ZodError from our own data (a response, a provider's answer) is a server fault, not the caller's", () => {
    const parsed = z.object({ id: z.string() }).safeParse({});
    expect(parsed.success).toBe(false);
    expect(toAppError(parsed.error)).toMatchObject({ code: "INTERNAL", status: 500 });
  });
});
