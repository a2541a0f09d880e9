import { freePort, isPortOpen, spawnWithWatchdog, stopChild, waitForLine } from "./processes";

export type EmbeddedRedis = { url: string; stop(): Promise<void> };

/**
 * Starts a throw-away redis-server (no persistence) on a free loopback port.
 * redis-server cannot watch its parent, so a small shell watchdog holds our stdin
 * and stops it when this process goes away, however it goes.
 */
export async function startRedisServer(): Promise<EmbeddedRedis> {
  const port = await freePort();
  const script = [
    `redis-server --port ${port} --bind 127.0.0.1 --save '' --appendonly no --daemonize no --loglevel warning &`,
    "pid=$!",
    `for i in $(seq 1 200); do redis-cli -p ${port} ping >/dev/null 2>&1 && break; sleep 0.05; done`,
    'echo "READY"',
    "cat >/dev/null",
    'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null',
  ].join("\n");
  const child = spawnWithWatchdog("sh", ["-c", script]);
  await waitForLine(child, /READY\n/, "redis-server", 15_000);
  if (!(await isPortOpen("127.0.0.1", port))) {
    await stopChild(child);
    throw new Error(`redis-server did not open port ${port}`);
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** npm start: a Redis already on 127.0.0.1:6379 is used, otherwise one is started. */
export async function localRedisOrStart(): Promise<EmbeddedRedis> {
  if (await isPortOpen("127.0.0.1", 6379)) return { url: "redis://127.0.0.1:6379", stop: async () => {} };
  return startRedisServer();
}
