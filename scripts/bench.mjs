// npm run bench: installs what is missing, then runs the server benchmark (server/bench/run.ts).
import path from "node:path";
import { ROOT, ensureDependencies, run } from "./lib.mjs";

await ensureDependencies();
await run("npx", ["tsx", "bench/run.ts"], { cwd: path.join(ROOT, "server") });
