import type { Logger } from "../../infra/logger";
import type { Redis, RedisKeys } from "../../infra/redis";
import { ScenarioModel, type Scenario } from "./model";

const MAX_AGE_MS = 30_000;

/**
 * The published scenarios, kept parsed in each process for listings. Every change
 * to a scenario bumps a version in Redis; a process reloads when the version moves
 * or its copy is older than 30 s (so a Redis that lost the version cannot keep a
 * stale copy alive). Claims never trust this copy: they re-read the scenario.
 */
/** Published scenarios indexed for listings: by prefecture, with their windows as numbers. */
export type Catalogue = {
  byPrefecture: Map<string, CatalogueEntry[]>;
  provinceWide: CatalogueEntry[];
};
export type CatalogueEntry = { scenario: Scenario; startsMs: number; endsMs: number };

function index(scenarios: Scenario[]): Catalogue {
  const catalogue: Catalogue = { byPrefecture: new Map(), provinceWide: [] };
  for (const scenario of scenarios) {
    const entry = { scenario, startsMs: scenario.startsAt.getTime(), endsMs: scenario.endsAt.getTime() };
    if (scenario.provinceWide) catalogue.provinceWide.push(entry);
    for (const code of scenario.provinceWide ? [] : scenario.prefectureCodes) {
      const list = catalogue.byPrefecture.get(code) ?? [];
      list.push(entry);
      catalogue.byPrefecture.set(code, list);
    }
  }
  return catalogue;
}

export function createScenarioCatalog(redis: Redis, keys: RedisKeys, log: Logger) {
  let cached: { version: string; loadedAt: number; catalogue: Catalogue } | null = null;
  // Requests arriving while the catalogue loads share that one load.
  let loading: Promise<Catalogue> | null = null;

  async function load(version: string): Promise<Catalogue> {
    const scenarios = await ScenarioModel.find({ status: "published" }).sort({ publishedAt: -1 }).limit(5000).lean<Scenario[]>();
    cached = { version, loadedAt: Date.now(), catalogue: index(scenarios) };
    return cached.catalogue;
  }

  return {
    /** Open now (by the copy's windows) and reaching this prefecture, newest first per group. */
    async openIn(prefectureCode: string | null, now = Date.now()): Promise<Scenario[]> {
      const catalogue = await this.published();
      const candidates = [...(prefectureCode ? (catalogue.byPrefecture.get(prefectureCode) ?? []) : []), ...catalogue.provinceWide];
      return candidates.filter((e) => e.startsMs <= now && now < e.endsMs).map((e) => e.scenario);
    },

    async published(): Promise<Catalogue> {
      // No version yet counts as version "0"; Redis unreachable means: trust no copy.
      const version = await redis.get(keys.catalogVersion()).then((v) => v ?? "0", () => null);
      if (version === null) return load("unknown");
      if (cached && cached.version === version && Date.now() - cached.loadedAt < MAX_AGE_MS) return cached.catalogue;
      loading ??= load(version).finally(() => {
        loading = null;
      });
      return loading;
    },

    async changed(): Promise<void> {
      await redis.incr(keys.catalogVersion()).catch((err: unknown) => log.warn({ err }, "catalogue version not bumped"));
    },
  };
}

export type ScenarioCatalog = ReturnType<typeof createScenarioCatalog>;
