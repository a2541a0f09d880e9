import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { TEST_SECRETS } from "../test/harness";

const serverDir = path.resolve(import.meta.dirname, "..");

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return { child, output: () => ({ stdout, stderr }) };
}

describe("the server process", () => {
  it("refuses to start with a bad configuration and names the variable", async () => {
    const { child, output } = startMain({ PORT: "not-a-port" });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output().stderr).toContain("JWT_SECRET");
    expect(output().stderr).toContain("PORT");
  });

  it("serves, then on SIGTERM stops accepting, closes store and Redis, and exits 0", async () => {
    const { child, output, url } = await startServing(inject("redisUrl"));
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    const stopped = logLines(output().stdout).find((l) => l.msg === "stopped");
    expect(stopped).toMatchObject({ closed: ["store", "redis"] });
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

async function startServing(redisUrl: string) {
  const started = startMain({
    NODE_ENV: "test",
    PORT: "0",
    ...TEST_SECRETS,
    MONGODB_URI: inject("mongoUri"),
    MONGODB_DB: "t_main_process",
    REDIS_URL: redisUrl,
    SERVE_WEB: "false",
  });
  let url = "";
  for (let i = 0; i < 600 && !url; i++) {
    url = /"url":"(http:\/\/[^"]+)"/.exec(started.output().stdout)?.[1] ?? "";
    if (!url) await new Promise((r) => setTimeout(r, 100));
  }
  expect(url).not.toBe("");
  return { ...started, url };
}

function logLines(stdout: string): Array<Record<string, unknown>> {
  return stdout.split("\n").flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
