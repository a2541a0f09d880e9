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
export function createScenarioCatalog(redis: Redis, keys: RedisKeys, log: Logger) {
  let cached: { version: string; loadedAt: number; scenarios: Scenario[] } | null = null;
  // Requests arriving while the catalogue loads share that one load.
  let loading: Promise<Scenario[]> | null = null;

  async function load(version: string): Promise<Scenario[]> {
    const scenarios = await ScenarioModel.find({ status: "published" }).sort({ publishedAt: -1 }).limit(5000).lean<Scenario[]>();
    cached = { version, loadedAt: Date.now(), scenarios };
    return scenarios;
  }

  return {
    async published(): Promise<Scenario[]> {
      // No version yet counts as version "0"; Redis unreachable means: trust no copy.
      const version = await redis.get(keys.catalogVersion()).then((v) => v ?? "0", () => null);
      if (version === null) return load("unknown");
      if (cached && cached.version === version && Date.now() - cached.loadedAt < MAX_AGE_MS) return cached.scenarios;
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
