import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type TRole, type TSession } from "@xinyi/shared";
import { SubjectModel } from "../src/modules/subjects/model";
import { DEMO_ACCOUNTS } from "../src/seed/demo";
import { createCitizens } from "./fixtures";
import { startTestServer, type TestServer } from "./harness";
import { nextPhone } from "./scenario-fixtures";

/**
 * Every route of the API document, tried as a reviewer would: without a token, with the token of
 * every role it does not name, and with a broken id, by a role it names. Each is refused with its
 * stable code before anything is looked at, and the store holds exactly what it held before.
 */
let t: TestServer;
const tokens = {} as Record<TRole, string>;

type Operation = { method: string; path: string; roles: readonly TRole[] | "any-signed-in" | null; idParams: string[]; jsonBody: boolean };
let operations: Operation[] = [];

const OBJECT_ID_PATTERN = "^[a-f0-9]{24}$";

beforeAll(async () => {
  t = await startTestServer({ name: "route-access" });
  tokens.platform_admin = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  tokens.regional_admin = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
  tokens.partner_operator = (await t.consoleLogin("ccb_officer", "Bank@2026")).accessToken;
  const [citizen] = await createCitizens([{ phone: nextPhone("171") }]);
  tokens.citizen = t.tokenFor(citizen!);
  // 王芳, the seeded enterprise's legal representative, acting for it.
  const wangFang = await t.citizenLogin(DEMO_ACCOUNTS.citizens[2]!.phone);
  const enterprise = await SubjectModel.findOne({ uscc: DEMO_ACCOUNTS.enterprise.uscc }, { _id: 1 }).lean();
  const acting = await t.api<TSession>("POST", "/auth/act-as", { body: { refreshToken: wangFang.refreshToken, subjectId: enterprise!._id.toHexString() } });
  expect(acting.status).toBe(200);
  tokens.enterprise = acting.body.accessToken;

  const doc = (await (await fetch(`${t.baseUrl}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { "x-access"?: { roles: TRole[] | "any-signed-in" }; security?: unknown; parameters?: { name: string; in: string; schema?: { pattern?: string } }[]; requestBody?: { content: Record<string, unknown> } }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path: path.replace(/^\/api\/v1/, ""),
      roles: op.security ? (op["x-access"]?.roles ?? "any-signed-in") : null,
      idParams: (op.parameters ?? []).filter((p) => p.in === "path" && p.schema?.pattern === OBJECT_ID_PATTERN).map((p) => p.name),
      jsonBody: !!op.requestBody?.content["application/json"],
    })),
  );
});
afterAll(() => t.close());

/** The path with each {param} filled in: a fresh ObjectId, or `broken` for the named one. */
function concrete(op: Operation, broken?: string): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === broken ? "not-an-id" : new mongoose.Types.ObjectId().toHexString()));
}

/** Document counts of every collection but the audit log and rate-limit records (refusals may be logged). */
async function storeCounts(): Promise<Record<string, number>> {
  const db = mongoose.connection.db!;
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => n !== "audit_entries").sort();
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = await db.collection(name).countDocuments();
  return counts;
}

describe("every route, every role", () => {
  it("reads the API document: loan, scenario, consent and console routes are all there", () => {
    const paths = new Set(operations.map((o) => `${o.method} ${o.path}`));
    for (const p of ["POST /loan-products/{id}/applications", "POST /loan-applications/{id}/transitions", "GET /loan-demands", "POST /scenarios/{id}/claims", "GET /loan-stats/late-responses"]) {
      expect(paths).toContain(p);
    }
    expect(operations.filter((o) => Array.isArray(o.roles)).length).toBeGreaterThan(60);
  });

  it("without a token: 401 AUTH_REQUIRED on every protected route, and nothing is written", async () => {
    const before = await storeCounts();
    const answers: string[] = [];
    for (const op of operations.filter((o) => o.roles !== null)) {
      const res = await t.api(op.method, concrete(op), op.jsonBody ? { body: {} } : {});
      if (res.status !== 401 || res.body?.error?.code !== "AUTH_REQUIRED") answers.push(`${op.method} ${op.path} → ${res.status} ${res.body?.error?.code}`);
    }
    expect(answers).toEqual([]);
    expect(await storeCounts()).toEqual(before);
  });

  it("with the token of a role the route does not name: 403 FORBIDDEN in plain words, and nothing is written", async () => {
    const before = await storeCounts();
    const answers: string[] = [];
    let tried = 0;
    for (const op of operations) {
      if (!Array.isArray(op.roles)) continue;
      for (const role of ROLES.filter((r) => !(op.roles as readonly TRole[]).includes(r))) {
        tried += 1;
        const res = await t.api(op.method, concrete(op), { token: tokens[role], ...(op.jsonBody ? { body: {} } : {}) });
        if (res.status !== 403 || res.body?.error?.code !== "FORBIDDEN" || !/[\u4e00-\u9fff]/.test(res.body?.error?.message ?? "")) {
          answers.push(`${role} ${op.method} ${op.path} → ${res.status} ${res.body?.error?.code}`);
        }
      }
    }
    expect(answers).toEqual([]);
    expect(tried).toBeGreaterThan(150);
    expect(await storeCounts()).toEqual(before);
  });

  it("with a broken id, by a role the route names: 400 naming params.<id>, and nothing is written", async () => {
    const before = await storeCounts();
    const answers: string[] = [];
    let tried = 0;
    for (const op of operations) {
      if (op.idParams.length === 0 || op.roles === null) continue;
      const role = op.roles === "any-signed-in" ? "citizen" : op.roles[0]!;
      for (const name of op.idParams) {
        tried += 1;
        const res = await t.api(op.method, concrete(op, name), { token: tokens[role], ...(op.jsonBody ? { body: {} } : {}) });
        const paths: string[] = (res.body?.error?.details?.issues ?? []).map((i: { path: string }) => i.path);
        if (res.status !== 400 || res.body.error.code !== "VALIDATION_FAILED" || !paths.includes(`params.${name}`)) {
          answers.push(`${role} ${op.method} ${op.path} (${name}) → ${res.status} ${res.body?.error?.code} ${paths.join(",")}`);
        }
      }
    }
    expect(answers).toEqual([]);
    expect(tried).toBeGreaterThan(30);
    expect(await storeCounts()).toEqual(before);
  });
});
