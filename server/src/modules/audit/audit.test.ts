import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestServer, TEST_SECRETS, type TestServer } from "../../../test/harness";
import { AuditEntryModel } from "./model";
import { audit, verifyAuditChain } from "./service";

let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await startTestServer({ name: "audit" });
  admin = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
});
afterAll(() => t.close());

describe("the audit log", () => {
  it("stays one unbroken chain under 40 concurrent writers", async () => {
    const before = await AuditEntryModel.countDocuments();
    await Promise.all(Array.from({ length: 40 }, (_, i) => audit(null, { action: "test.concurrent", target: `n:${i}` })));
    expect(await AuditEntryModel.countDocuments()).toBe(before + 40);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: before + 40 });
  });

  it("is listed newest first for the platform administrator, with paging", async () => {
    const page = await t.api("GET", "/audit?action=test.concurrent", { token: admin });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(40);
    expect(page.body.items[0].seq).toBeGreaterThan(page.body.items[39].seq);
    const kunming = await t.consoleLogin("km_admin", "Kunming@2026");
    expect((await t.api("GET", "/audit", { token: kunming.accessToken })).status).toBe(403);
  });

  it("names the first entry that was changed, through the API and the command", async () => {
    expect((await t.api("POST", "/audit/verify", { token: admin })).body.ok).toBe(true);
    const victim = await AuditEntryModel.findOne({ action: "test.concurrent" }).sort({ seq: 1 }).lean();
    await AuditEntryModel.updateOne({ seq: victim!.seq }, { $set: { "details.tampered": true } });

    const res = await t.api("POST", "/audit/verify", { token: admin });
    expect(res.body).toMatchObject({ ok: false, firstBroken: { seq: victim!.seq, reason: "内容与哈希不符（已被修改）" } });

    const cli = spawn(process.execPath, ["--import", "tsx", "src/modules/audit/verify-cli.ts"], {
      cwd: path.resolve(import.meta.dirname, "../../.."),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...TEST_SECRETS, MONGODB_URI: inject("mongoUri"), MONGODB_DB: t.config.MONGODB_DB, REDIS_URL: inject("redisUrl") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    cli.stdout.on("data", (c: Buffer) => (out += c.toString()));
    const [code] = await once(cli, "exit");
    expect(code).toBe(1);
    expect(out).toContain(`BROKEN at entry ${victim!.seq}`);
  });

  it("names a removed entry", async () => {
    await AuditEntryModel.updateOne({ action: "test.concurrent", "details.tampered": true }, { $unset: { "details.tampered": 1 } });
    const last = await AuditEntryModel.findOne().sort({ seq: -1 }).lean();
    await AuditEntryModel.deleteOne({ seq: last!.seq - 1 });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, firstBroken: { seq: last!.seq - 1 } });
  });
});
