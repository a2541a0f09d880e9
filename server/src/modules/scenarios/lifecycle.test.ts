import http from "node:http";
import type { AddressInfo } from "node:net";
import mongoose from "mongoose";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, createServices } from "../../app";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import { claimScenario, nextPhone, scenarioBody } from "../../../test/scenario-fixtures";
import { PartnerDecisionModel, PartnerModel } from "../partners/model";
import { UserModel } from "../users/model";
import { ScenarioEventModel, ScenarioModel } from "./model";

let t: TestServer;
/** A second server process over the same store and Redis (its own catalogue copy, as another process holds). */
let second: { url: string; close(): Promise<void> };
let platform: string;
let kunming: string;
let operator: string;

beforeAll(async () => {
  t = await startTestServer({ name: "scenario-lifecycle" });
  const app = createApp({ config: t.config, logger: pino({ level: "silent" }), redis: t.redis }, createServices({ config: t.config, logger: pino({ level: "silent" }), redis: t.redis }));
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  second = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
  operator = (await t.consoleLogin("ynly_operator", "Partner@2026")).accessToken;
});
afterAll(async () => {
  await second?.close();
  await t.close();
});

const act = (token: string, id: string, action: string, expectedVersion: number, reason?: string) =>
  t.api("POST", `/scenarios/${id}/transitions`, { token, body: { action, expectedVersion, ...(reason ? { reason } : {}) } });
const stored = (id: string) => ScenarioModel.findById(id).lean();
const events = (id: string) => ScenarioEventModel.countDocuments({ scenarioId: new mongoose.Types.ObjectId(id) });

async function listedIn(baseUrl: string, token: string): Promise<string[]> {
  const res = await fetch(`${baseUrl}/api/v1/scenarios/available`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { id: string }[] }).items.map((s) => s.id);
}

describe("changing a scenario after it went out", () => {
  it("a published scenario cannot be edited: refused, and the stored scenario and its history are unchanged", async () => {
    const created = await t.api("POST", "/scenarios", { token: platform, body: scenarioBody({ title: "发布后不可修改" }) });
    const published = await act(platform, created.body.id, "publish", 1);
    expect(published.body).toMatchObject({ status: "published", version: 2 });
    const edit = await t.api("PUT", `/scenarios/${created.body.id}`, { token: platform, body: { ...scenarioBody({ title: "偷偷改了标题", quota: 1 }), expectedVersion: 2 } });
    expect(edit.status).toBe(409);
    expect(edit.body.error).toMatchObject({ code: "SCENARIO_TRANSITION_INVALID", message: "只有草稿或被驳回的场景可以修改" });
    expect(await stored(created.body.id)).toMatchObject({ title: "发布后不可修改", quota: 10, status: "published", version: 2 });
    expect(await events(created.body.id)).toBe(2);
  });

  it("a partner's scenario under review cannot be edited either", async () => {
    const created = await t.api("POST", "/scenarios", { token: operator, body: scenarioBody({ title: "审核中不可修改" }) });
    expect((await act(operator, created.body.id, "submit", 1)).body.status).toBe("submitted");
    const edit = await t.api("PUT", `/scenarios/${created.body.id}`, { token: operator, body: { ...scenarioBody({ title: "审核中改了" }), expectedVersion: 2 } });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe("SCENARIO_TRANSITION_INVALID");
    expect(await stored(created.body.id)).toMatchObject({ title: "审核中不可修改", status: "submitted", version: 2 });
  });

  it("a scenario whose end date has passed cannot be published", async () => {
    const day = 86_400_000;
    const created = await t.api("POST", "/scenarios", {
      token: platform,
      body: scenarioBody({ title: "已过期的场景", startsAt: new Date(Date.now() - 3 * day).toISOString(), endsAt: new Date(Date.now() - day).toISOString() }),
    });
    expect(created.status).toBe(201);
    const res = await act(platform, created.body.id, "publish", 1);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "SCENARIO_TRANSITION_INVALID", message: "该场景的结束时间已过，不能发布" });
    expect(await stored(created.body.id)).toMatchObject({ status: "draft", version: 1 });
    expect((await stored(created.body.id))!.publishedAt).toBeUndefined();
  });
});

describe("pausing a published scenario", () => {
  it("takes it out of the listing in every process at once, and resuming brings it back everywhere", async () => {
    const created = await t.api("POST", "/scenarios", { token: platform, body: scenarioBody({ title: "暂停测试" }) });
    const id = created.body.id as string;
    await act(platform, id, "publish", 1);
    const [user] = await createCitizens([{ phone: nextPhone(), score: 720 }]);
    const citizen = t.tokenFor(user!);
    // Both processes have loaded their catalogue with the scenario in it.
    expect(await listedIn(t.baseUrl, citizen)).toContain(id);
    expect(await listedIn(second.url, citizen)).toContain(id);

    expect((await act(platform, id, "pause", 2)).body.status).toBe("paused");
    expect(await listedIn(second.url, citizen)).not.toContain(id);
    expect(await listedIn(t.baseUrl, citizen)).not.toContain(id);
    const claim = await fetch(`${second.url}/api/v1/scenarios/${id}/claims`, { method: "POST", headers: { authorization: `Bearer ${citizen}`, "idempotency-key": "paused-claim-0001" } });
    expect(claim.status).toBe(409);
    expect(((await claim.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "SCENARIO_NOT_AVAILABLE", message: "该权益已暂停领取" });

    const resumed = await fetch(`${second.url}/api/v1/scenarios/${id}/transitions`, {
      method: "POST",
      headers: { authorization: `Bearer ${platform}`, "content-type": "application/json" },
      body: JSON.stringify({ action: "resume", expectedVersion: 3 }),
    });
    expect(resumed.status).toBe(200);
    expect(await listedIn(t.baseUrl, citizen)).toContain(id);
    expect(await listedIn(second.url, citizen)).toContain(id);
    expect((await claimScenario(t, citizen, id)).status).toBe(201);
  });
});

describe("what a regional administrator may not approve", () => {
  it("a partner's scenario spanning several prefectures: refused for 昆明, decided by the platform", async () => {
    const created = await t.api("POST", "/scenarios", { token: operator, body: scenarioBody({ title: "滇中两地联票", prefectureCodes: ["530100", "532900"] }) });
    expect(created.status).toBe(201);
    await act(operator, created.body.id, "submit", 1);
    for (const action of ["approve", "reject"]) {
      const res = await act(kunming, created.body.id, action, 2, "理由");
      expect(res.status, action).toBe(403);
      expect(res.body.error.code, action).toBe("FORBIDDEN");
    }
    expect(await stored(created.body.id)).toMatchObject({ status: "submitted", version: 2 });
    expect((await act(platform, created.body.id, "approve", 2)).body).toMatchObject({ status: "approved", version: 3 });
  });

  it("a partner application serving several prefectures: not in 昆明's queue, refused, decided by the platform", async () => {
    const applied = await t.api("POST", "/partner-applications", {
      body: { name: "滇中城市群出行公司", kind: "transport", prefectureCodes: ["530100", "530300"], contactName: "赵经理", contactPhone: "13700000021", operator: { username: "dianzhong", password: "Dianzhong@2026", displayName: "调度" } },
    });
    expect(applied.status).toBe(201);
    const queue = await t.api("GET", "/partner-applications", { token: kunming });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((p: { id: string }) => p.id)).not.toContain(applied.body.id);
    const refused = await t.api("POST", `/partner-applications/${applied.body.id}/decision`, { token: kunming, body: { decision: "approve" } });
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe("NOT_FOUND");

    expect(await PartnerDecisionModel.exists({ _id: applied.body.id })).toBeNull();
    expect(await PartnerModel.findById(applied.body.id).lean()).toMatchObject({ status: "pending" });
    expect((await UserModel.findOne({ username: "dianzhong" }).lean())!.disabledAt).toBeInstanceOf(Date);
    expect((await t.api("POST", "/auth/console/login", { body: { username: "dianzhong", password: "Dianzhong@2026" } })).status).toBe(403);

    const decided = await t.api("POST", `/partner-applications/${applied.body.id}/decision`, { token: platform, body: { decision: "approve" } });
    expect(decided.body.status).toBe("approved");
  });
});
