import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedStore } from "../src/infra/embedded/store";
import { startRedisServer } from "../src/infra/embedded/redis-server";

declare module "vitest" {
  export interface ProvidedContext {
    mongoUri: string;
    redisUrl: string;
  }
}

/**
 * One real FerretDB and one real redis-server for the whole run, on free ports,
 * in a temporary folder that is removed afterwards. Each test file then works in
 * its own database and Redis key prefix.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "xinyi-test-store-"));
  const [store, redis] = await Promise.all([startEmbeddedStore(dataDir), startRedisServer()]);
  project.provide("mongoUri", store.uri);
  project.provide("redisUrl", redis.url);
  return async () => {
    await Promise.all([store.stop(), redis.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
