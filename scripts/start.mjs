// npm start: installs what is missing, builds the web apps, then runs the API with the
// embedded store, seeded demo data, admin console and mini-program H5 on one port.
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT, devSecrets, ensureDependencies, log, run } from "./lib.mjs";

await ensureDependencies();
log("building the admin console and the mini-program H5 (cached by turbo)…");
await run("npx", ["turbo", "run", "build:web", "--output-logs=errors-only"]);

const env = {
  ...devSecrets(),
  SEED_DEMO: "true",
  STORE_DATA_DIR: path.join(ROOT, ".data", "store"),
  ...process.env,
};
const server = spawn("npx", ["tsx", "src/main.ts"], { cwd: path.join(ROOT, "server"), stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
