import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TAuditEntry } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { scenarioBody } from "../../../test/scenario-fixtures";
import { CreditRecordModel } from "../credit-records/model";
import { SubjectModel } from "../subjects/model";
import { audit } from "./service";

/** What the platform administrator reads in the audit log after people acted. */
let t: TestServer;
let platform: string;
let kunming: string;
let kunmingUserId: string;

beforeAll(async () => {
  t = await startTestServer({ name: "audit-entries" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  const km = await t.consoleLogin("km_admin", "Kunming@2026");
  kunming = km.accessToken;
  kunmingUserId = km.user.id;
});
afterAll(() => t.close());

async function entries(action: string): Promise<TAuditEntry[]> {
  const page = await t.api("GET", `/audit?action=${encodeURIComponent(action)}`, { token: platform });
  expect(page.status).toBe(200);
  return page.body.items;
}

describe("paging through the audit log", () => {
  it("follows nextBeforeSeq page by page, newest first, every entry once, and the last page says there is no more", async () => {
    for (let i = 0; i < 101; i++) await audit(null, { action: "test.paging", target: `n:${i}` });
    const pages: TAuditEntry[][] = [];
    let beforeSeq: number | undefined;
    for (;;) {
      const res = await t.api("GET", `/audit?action=test.paging${beforeSeq ? `&beforeSeq=${beforeSeq}` : ""}`, { token: platform });
      expect(res.status).toBe(200);
      pages.push(res.body.items);
      beforeSeq = res.body.nextBeforeSeq;
      if (beforeSeq === undefined) break;
      expect(beforeSeq).toBe(res.body.items.at(-1).seq);
      expect(pages.length).toBeLessThan(5);
    }
    expect(pages.map((p) => p.length)).toEqual([50, 50, 1]);
    const seqs = pages.flat().map((e) => e.seq);
    expect(new Set(seqs).size).toBe(101);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(pages.flat().map((e) => e.target).reverse()).toEqual(Array.from({ length: 101 }, (_, i) => `n:${i}`));
  });
});

describe("entries for what administrators and partners did", () => {
  it("an administrator reading a subject's profile: who, which subject, masked", async () => {
    const subject = (await SubjectModel.findOne({ name: "张明", kind: "citizen" }).lean())!;
    expect((await t.api("GET", `/subjects/${subject._id.toHexString()}`, { token: kunming })).status).toBe(200);
    const entry = (await entries("report.read")).find((e) => e.target === `subject:${subject._id.toHexString()}`);
    expect(entry).toMatchObject({ actorId: kunmingUserId, actorRole: "regional_admin", details: { by: "administrator", subject: subject.idMasked } });
    expect(JSON.stringify(entry)).toMatch(/\*{4,}/);
  });

  it("a scenario created and published: one entry per step, naming the version", async () => {
    const created = await t.api("POST", "/scenarios", { token: kunming, body: scenarioBody({ title: "审计测试场景" }) });
    expect(created.status).toBe(201);
    await t.api("POST", `/scenarios/${created.body.id}/transitions`, { token: kunming, body: { action: "publish", expectedVersion: 1 } });
    const target = `scenario:${created.body.id}`;
    expect((await entries("scenario.create")).filter((e) => e.target === target)).toMatchObject([{ actorId: kunmingUserId, details: { title: "审计测试场景" } }]);
    expect((await entries("scenario.published")).filter((e) => e.target === target)).toMatchObject([{ actorId: kunmingUserId, details: { version: 2 } }]);
  });

  it("a record's status change: from, to and the reason", async () => {
    const record = (await CreditRecordModel.findOne({ docNo: "JY25301020001" }).lean())!;
    const id = record._id.toHexString();
    const res = await t.api("POST", `/credit-records/${id}/status`, { token: kunming, body: { status: "frozen", reason: "异议处理中", expectedVersion: record.version } });
    expect(res.status).toBe(200);
    expect((await entries("record.status")).filter((e) => e.target === `record:${id}`)).toMatchObject([
      { actorId: kunmingUserId, details: { from: "active", to: "frozen", reason: "异议处理中", version: record.version + 1 } },
    ]);
  });

  it("a partner applying, being approved, and adding an operator", async () => {
    const applied = await t.api("POST", "/partner-applications", {
      body: { name: "审计测试景区", kind: "tourism", prefectureCodes: ["530100"], contactName: "孙经理", contactPhone: "13700000041", operator: { username: "auditspot", password: "Audit@2026xx", displayName: "前台" } },
    });
    expect(applied.status).toBe(201);
    const target = `partner:${applied.body.id}`;
    const [apply] = (await entries("partner.apply")).filter((e) => e.target === target);
    expect(apply).toMatchObject({ details: { name: "审计测试景区" } });
    expect(apply!.actorId).toBeUndefined();

    await t.api("POST", `/partner-applications/${applied.body.id}/decision`, { token: kunming, body: { decision: "approve" } });
    expect((await entries("partner.approve")).filter((e) => e.target === target)).toMatchObject([{ actorId: kunmingUserId, details: { name: "审计测试景区" } }]);

    const operator = await t.consoleLogin("auditspot", "Audit@2026xx");
    const added = await t.api("POST", "/partners/mine/operators", { token: operator.accessToken, body: { username: "auditspot2", password: "Audit@2026yy", displayName: "收银" } });
    expect(added.status).toBe(201);
    expect((await entries("partner.operator_add")).filter((e) => e.target === target)).toMatchObject([{ actorId: operator.user.id, details: { username: "auditspot2" } }]);
  });
});
