import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo root: the nearest ancestor holding store/go.mod. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "store", "go.mod"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find the repository root (store/go.mod)");
    dir = parent;
  }
  return dir;
}
