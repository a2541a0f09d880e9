import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness";

let t: TestServer;
let platform: string;
let kunming: string;

const window = () => ({ startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: new Date(Date.now() + 86400_000).toISOString() });

beforeAll(async () => {
  t = await startTestServer({ name: "scenarios" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
});
afterAll(() => t.close());

describe("scenario management", () => {
  it("creates a draft with live numbers, then publishes it", async () => {
    const created = await t.api("POST", "/scenarios", {
      token: platform,
      body: { title: "公交地铁8折", category: "travel", prefectureCodes: ["530100"], minCreditScore: 697, quota: 100, ...window() },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "draft", claimedCount: 0, remaining: 100, description: "" });
    const published = await t.api("POST", `/scenarios/${created.body.id}/publish`, { token: platform });
    expect(published.body.status).toBe("published");
    expect(published.body.publishedAt).toBeDefined();
  });

  it("lets a regional administrator create only for their own prefecture", async () => {
    const own = await t.api("POST", "/scenarios", {
      token: kunming,
      body: { title: "昆明图书馆免押金借书", category: "other", prefectureCodes: ["530100"], minCreditScore: 600, quota: 40, ...window() },
    });
    expect(own.status).toBe(201);
    const other = await t.api("POST", "/scenarios", {
      token: kunming,
      body: { title: "大理古城景区优惠", category: "tourism", prefectureCodes: ["532900"], minCreditScore: 600, quota: 40, ...window() },
    });
    expect(other.status).toBe(403);
    expect(other.body.error.details.issues[0].path).toBe("body.prefectureCodes");
  });

  it("hides other prefectures' scenarios from a regional administrator", async () => {
    const dali = await t.api("POST", "/scenarios", {
      token: platform,
      body: { title: "洱海骑行免押金", category: "rental", prefectureCodes: ["532900"], minCreditScore: 650, quota: 30, ...window() },
    });
    const list = await t.api("GET", "/scenarios", { token: kunming });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const s of list.body.items) expect(s.prefectureCodes).toContain("530100");
    expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(dali.body.id);
    expect((await t.api("GET", `/scenarios/${dali.body.id}`, { token: kunming })).status).toBe(404);
    expect((await t.api("POST", `/scenarios/${dali.body.id}/publish`, { token: kunming })).status).toBe(404);
  });

  it("lets a regional administrator see, not change, a scenario shared with other prefectures", async () => {
    const shared = await t.api("POST", "/scenarios", {
      token: platform,
      body: { title: "滇西旅游联票", category: "tourism", prefectureCodes: ["530100", "532900"], minCreditScore: 650, quota: 30, ...window() },
    });
    expect((await t.api("GET", `/scenarios/${shared.body.id}`, { token: kunming })).status).toBe(200);
    const publish = await t.api("POST", `/scenarios/${shared.body.id}/publish`, { token: kunming });
    expect(publish.status).toBe(403);
    expect(publish.body.error.code).toBe("FORBIDDEN");
  });

  it("refuses an end before the start, naming endsAt", async () => {
    const res = await t.api("POST", "/scenarios", {
      token: platform,
      body: { title: "时间错误", category: "loan", prefectureCodes: ["530100"], minCreditScore: 600, quota: 1, startsAt: "2026-12-02T00:00:00+08:00", endsAt: "2026-12-01T00:00:00+08:00" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([{ path: "body.endsAt", message: "结束时间必须晚于开始时间" }]);
  });

  it("answers a malformed id with 400 and an unknown one with 404", async () => {
    expect((await t.api("GET", "/scenarios/not-an-id", { token: platform })).body.error.details.issues[0].path).toBe("params.id");
    expect((await t.api("GET", "/scenarios/6b0952e46c1a15f6190222fa", { token: platform })).status).toBe(404);
  });
});
