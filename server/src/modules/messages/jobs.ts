import type { TConfig } from "../../config";
import { JobQueue, startJobWorker } from "../../infra/jobs";
import type { Logger } from "../../infra/logger";
import { registeredSweeps } from "../../infra/sweeps";
import { createMessageDeliverer, type MessageDeliverer } from "./deliverer";
import { onNoticeRecorded } from "./outbox";
import { processNotice, staleNoticeKeys } from "./processor";

/** A notice not processed this long after it was recorded has lost its job (or its job keeps failing): queued again. */
export const REQUEUE_AFTER_MS = 60_000;

export type BackgroundJobsOptions = {
  config: TConfig;
  logger: Logger;
  /** The Redis actually in use (config.REDIS_URL, or the one npm start found or started). */
  redisUrl: string;
  /** The push channel; by default the one the configuration names. */
  deliverer?: MessageDeliverer | null;
  /** The clock of sweeps and processing; tests move it. */
  now?: () => Date;
  sweepEveryMs?: number;
  /** How often this process declares the repeatable sweep again (a Redis that lost its data lost the schedule too). */
  redeclareEveryMs?: number;
  concurrency?: number;
};

export type SweepReport = { requeued: number; sweeps: Record<string, number | "failed"> };

export type BackgroundJobs = {
  queue: JobQueue;
  /** The sweep job's work, callable directly: re-queue stale notices, then every registered sweep. */
  sweep(now: Date): Promise<SweepReport>;
  close(): Promise<void>;
};

/**
 * The worker: notices into messages and pushes, and the repeatable sweep that re-queues lost notices and
 * runs every feature's registered sweep (reminders, deadlines, fan-outs). `npm start` runs one inside the
 * API process, `npm run worker -w @xinyi/server` runs more; createServices must have run in the process
 * first, since that is where the features register their sweeps.
 */
export async function startBackgroundJobs(options: BackgroundJobsOptions): Promise<BackgroundJobs> {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const log = logger.child({ component: "jobs" });
  const jobsOptions = { redisUrl: options.redisUrl, keyPrefix: config.REDIS_KEY_PREFIX, logger: log };
  const queue = new JobQueue(jobsOptions);
  const deliverer = options.deliverer === undefined ? createMessageDeliverer(config, log) : options.deliverer;

  async function sweep(at: Date): Promise<SweepReport> {
    const stale = await staleNoticeKeys(new Date(at.getTime() - REQUEUE_AFTER_MS));
    for (const key of stale) await queue.enqueueNotice(key);
    const sweeps: SweepReport["sweeps"] = {};
    // One at a time, each on its own: a failing sweep is logged and retried next time, and does not stop the others.
    for (const s of registeredSweeps()) {
      try {
        sweeps[s.name] = await s.run(at);
      } catch (err) {
        sweeps[s.name] = "failed";
        log.error({ err, sweep: s.name }, "sweep failed");
      }
    }
    const report = { requeued: stale.length, sweeps };
    if (stale.length || Object.values(sweeps).some((n) => n !== 0)) log.info(report, "sweep done");
    return report;
  }

  const worker = startJobWorker({
    ...jobsOptions,
    concurrency: options.concurrency ?? config.WORKER_CONCURRENCY,
    now,
    handlers: { notice: (key, attempt) => processNotice(key, { deliverer, logger: log, now }, attempt), sweep },
  });
  // Notices recorded by this process are queued at once; the sweep catches those of processes without a worker.
  const unsubscribe = onNoticeRecorded((key) => {
    queue.enqueueNotice(key).catch((err: unknown) => log.warn({ err, key }, "notice not queued; the sweep will queue it"));
  });
  const everyMs = options.sweepEveryMs ?? config.SWEEP_EVERY_SECONDS * 1000;
  await queue.scheduleSweep(everyMs);
  const redeclare = setInterval(
    () => void queue.scheduleSweep(everyMs).catch((err: unknown) => log.warn({ err }, "could not declare the sweep schedule")),
    options.redeclareEveryMs ?? Math.max(everyMs * 5, 60_000),
  );
  redeclare.unref();
  log.info({ sweepEveryMs: everyMs, deliverer: deliverer?.channel ?? "none", sweeps: registeredSweeps().map((s) => s.name) }, "background worker started");

  return {
    queue,
    sweep,
    async close() {
      clearInterval(redeclare);
      unsubscribe();
      await worker.close();
      await queue.close();
    },
  };
}
