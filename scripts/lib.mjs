// Helpers for the root commands (start, test, bench). Plain Node, no dependencies:
// they run before `npm ci` has installed anything.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CHROMIUM = "/usr/bin/chromium";

export function log(message) {
  process.stdout.write(`\x1b[36m[xinyi]\x1b[0m ${message}\n`);
}

/** Runs a command in the foreground, inheriting the terminal; rejects on a non-zero exit. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: "inherit", ...options });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${signal ?? code}`)),
    );
  });
}

/** npm ci when node_modules is missing or older than the lockfile. */
export async function ensureDependencies() {
  const marker = path.join(ROOT, "node_modules", ".package-lock.json");
  const lock = path.join(ROOT, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log("installing npm dependencies (npm ci)…");
  const started = Date.now();
  await run("npm", ["ci", "--no-audit", "--no-fund"]);
  log(`npm ci took ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

/** Debian's chromium for the browser tests, and a CJK font so screenshots show Chinese; apt-get when missing. */
export async function ensureChromium() {
  if (existsSync(CHROMIUM) && existsSync(CJK_FONT)) return;
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ["sudo", "-n"];
  log("installing Debian's chromium and a CJK font for the browser tests (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const [cmd, ...pre] = sudo.length ? sudo : ["apt-get"];
  const apt = (args) => (sudo.length ? run(cmd, [...pre, "apt-get", ...args], { env }) : run("apt-get", args, { env }));
  await apt(["update", "-qq"]);
  await apt(["install", "-y", "-qq", "chromium", "fonts-wqy-microhei"]);
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is still missing at ${CHROMIUM}`);
}

/** Development secrets made once per checkout and kept in .data/ (git-ignored). */
export function devSecrets() {
  const file = path.join(ROOT, ".data", "dev-secrets.json");
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  mkdirSync(path.dirname(file), { recursive: true });
  // Secrets added by later versions are made for checkouts that already have some.
  const secrets = {
    JWT_SECRET: randomBytes(32).toString("base64url"),
    ID_ENCRYPTION_KEYS: `dev1:${randomBytes(32).toString("base64")}`,
    ID_ENCRYPTION_ACTIVE_KEY_ID: "dev1",
    ID_HASH_KEY: randomBytes(32).toString("base64"),
    VOUCHER_SIGNING_SEED: randomBytes(32).toString("base64"),
    ...kept,
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function hasCommand(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}
