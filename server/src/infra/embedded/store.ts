import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "./repo-root";
import { spawnWithWatchdog, stopChild, waitForLine } from "./processes";

const run = promisify(execFile);

export type EmbeddedStore = { uri: string; stop(): Promise<void> };

/**
 * Builds the FerretDB program in store/ once per source version and caches the
 * binary under .cache/store/, so later starts cost nothing.
 */
export async function ensureStoreBinary(log: (line: string) => void = () => {}): Promise<string> {
  const root = repoRoot();
  const storeDir = path.join(root, "store");
  const hash = createHash("sha256");
  for (const file of ["go.mod", "go.sum", "main.go"]) hash.update(readFileSync(path.join(storeDir, file)));
  const cacheDir = path.join(root, ".cache", "store");
  const binary = path.join(cacheDir, `xinyi-store-${hash.digest("hex").slice(0, 12)}`);
  if (existsSync(binary)) return binary;

  mkdirSync(cacheDir, { recursive: true });
  log("building the embedded store (FerretDB) with go build; this happens once…");
  const partial = `${binary}.${process.pid}.partial`;
  try {
    await run("go", ["build", "-trimpath", "-o", partial, "."], { cwd: storeDir, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    // Go 1.26's linkname check rejects some of FerretDB's dependencies; this is the documented remedy.
    log("retrying go build with -checklinkname=0");
    await run("go", ["build", "-trimpath", "-ldflags=-checklinkname=0", "-o", partial, "."], {
      cwd: storeDir,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((second: unknown) => {
      throw new Error(`go build of store/ failed:\n${String(err)}\n${String(second)}`);
    });
  }
  renameSync(partial, binary);
  return binary;
}

/** Starts FerretDB over SQLite in `dataDir` on a free loopback port; it exits with this process. */
export async function startEmbeddedStore(dataDir: string, log?: (line: string) => void): Promise<EmbeddedStore> {
  const binary = await ensureStoreBinary(log);
  mkdirSync(dataDir, { recursive: true });
  const child = spawnWithWatchdog(binary, ["--dir", path.resolve(dataDir)]);
  const [, uri] = await waitForLine(child, /READY (\S+)\n/, "embedded store", 60_000);
  return { uri: uri!, stop: () => stopChild(child) };
}
