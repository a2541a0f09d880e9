import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCORING_MODEL, type TScoringModel } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";

let t: TestServer;
let platform: string;

const models = async (): Promise<TScoringModel[]> => (await t.api("GET", "/scoring-models", { token: platform })).body.items;

beforeAll(async () => {
  t = await startTestServer({ name: "scoring-inputs" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
});
afterAll(() => t.close());

describe("scoring model inputs", () => {
  it("/scoring-models/0x<n>/publish does not publish draft n", async () => {
    const draft = await t.api("POST", "/scoring-models", { token: platform, body: { note: "试行", params: DEFAULT_SCORING_MODEL } });
    expect(draft.status).toBe(201);
    const version = draft.body.version as number;
    for (const written of [`0x${version.toString(16)}`, `+${version}`, `${version}.0`, `0${version}`, `${version}e0`, `%20${version}`]) {
      const res = await t.api("POST", `/scoring-models/${written}/publish`, { token: platform });
      expect(res.status, written).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe("params.version");
    }
    expect((await models()).find((m) => m.version === version)?.status).toBe("draft");
    const before = (await models()).filter((m) => m.status === "published").map((m) => m.version);
    expect(before).not.toContain(version);
  });

  it("parameters have sane bounds; a refused draft is not stored", async () => {
    const before = (await models()).length;
    const cases: [string, (p: any) => void][] = [
      ["body.params.citizen.max", (p) => (p.citizen.max = 1e12)],
      ["body.params.citizen.base", (p) => (p.citizen.base = -5)],
      ["body.params.enterprise.base", (p) => (p.enterprise.base = "75")],
      ["body.params.citizen.bands", (p) => (p.citizen.bands[1].grade = "AAA")],
      ["body.params.citizen.rules", (p) => (p.citizen.rules = Array.from({ length: 101 }, () => p.citizen.rules[0]))],
      ["body.params.citizen.bands", (p) => (p.citizen.bands = [])],
      ["body.params.citizen.bands.0.label", (p) => (p.citizen.bands[0].label = "极\u202E好")],
    ];
    for (const [path, spoil] of cases) {
      const params = structuredClone(DEFAULT_SCORING_MODEL);
      spoil(params);
      const res = await t.api("POST", "/scoring-models", { token: platform, body: { note: "", params } });
      expect(res.status, path).toBe(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path), path).toContain(path);
    }
    expect((await models()).length).toBe(before);
  });
});
