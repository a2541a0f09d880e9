// npm test: installs what is missing, then typecheck, builds (admin, mini-program H5
// and weapp), unit + integration tests on the real store and Redis, and the browser
// journey. Ends with one summary line; exits non-zero on any failure.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ROOT, ensureChromium, ensureDependencies, log, run } from "./lib.mjs";
import { scanForIdNumbers } from "./privacy-scan.mjs";

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
    for (const dir of ["logs", "responses"]) rmSync(path.join(ROOT, "artifacts", dir), { recursive: true, force: true });
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
// The privacy check counts as one more test: no full ID number in any log line or response body of the run.
if (existsSync(report)) {
  const { files, findings } = scanForIdNumbers(["logs", "responses"].map((d) => path.join(ROOT, "artifacts", d)));
  if (files > 0 && findings.length === 0) {
    passed += 1;
    log(`privacy scan: no full ID number in ${files} log and response files`);
  } else {
    failed += 1;
    console.error(files === 0 ? "privacy scan: nothing to scan (no logs or responses were written)" : `privacy scan: full ID numbers found:\n${findings.slice(0, 20).join("\n")}`);
  }
}
if (failure) {
  console.error(`\n${failure.message}`);
  if (failed === 0) failed = 1;
}
log(`${timings.join(" · ")} · total ${((Date.now() - started) / 1000).toFixed(0)} s`);
log("screenshots of the browser journeys: artifacts/screenshots/");
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failure || failed ? 1 : 0);
