// npm test: installs what is missing, then typecheck, builds (admin, mini-program H5
// and weapp), unit + integration tests on the real store and Redis, and the browser
// journey. Ends with one summary line; exits non-zero on any failure.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ROOT, ensureChromium, ensureDependencies, log, run } from "./lib.mjs";

const started = Date.now();
const timings = [];
async function step(name, fn) {
  const t0 = Date.now();
  log(`${name}…`);
  await fn();
  timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

const report = path.join(ROOT, "artifacts", "vitest.json");
let failure = null;
try {
  await step("install", async () => {
    await ensureDependencies();
    await ensureChromium();
  });
  await step("typecheck", () => run("npx", ["turbo", "run", "typecheck", "--output-logs=errors-only"]));
  await step("build", () => run("npx", ["turbo", "run", "build", "--output-logs=errors-only"]));
  await step("tests", async () => {
    mkdirSync(path.dirname(report), { recursive: true });
    rmSync(report, { force: true });
    await run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);
  });
} catch (err) {
  failure = err;
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, "utf8"));
  passed = result.numPassedTests;
  failed = result.numFailedTests;
  skipped = result.numPendingTests + result.numTodoTests;
}
if (failure) {
  console.error(`\n${failure.message}`);
  if (failed === 0) failed = 1;
}
log(`${timings.join(" · ")} · total ${((Date.now() - started) / 1000).toFixed(0)} s`);
log("screenshots of the browser journeys: artifacts/screenshots/");
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failure || failed ? 1 : 0);
