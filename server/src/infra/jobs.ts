import { createHash } from "node:crypto";
import { Queue, Worker, type Job } from "bullmq";
import { createClient } from "redis";
import type { Logger } from "./logger";

/**
 * Background jobs on BullMQ (Redis). The store is the truth and Redis may lose jobs: every job here only
 * redoes work whose result is an insert under a key, and the repeatable sweep finds in the store what a
 * lost job left undone. Two kinds of job share one queue:
 * - `notice` { key }: turn one notice of the outbox into its message and pushes;
 * - `sweep`: the periodic work (re-queueing, reminders, deadlines), repeated every `sweepEveryMs`.
 */
export const JOBS_QUEUE = "jobs";
const SWEEP_SCHEDULER = "sweep";
/** Retries of a failing notice job (a push that WeChat answered "busy"), with exponential backoff from 5 s. */
const NOTICE_ATTEMPTS = 4;

export type JobHandlers = {
  notice: (key: string, attempt: { finalAttempt: boolean }) => Promise<unknown>;
  sweep: (now: Date) => Promise<unknown>;
};

export type JobsOptions = {
  redisUrl: string;
  /** This deployment's Redis key prefix (REDIS_KEY_PREFIX): BullMQ's keys go under `${prefix}bull`. */
  keyPrefix: string;
  logger: Logger;
};

/**
 * A Redis connection of BullMQ's own (node-redis, which BullMQ 6 drives natively). Unlike the app's
 * client it has no per-command timeout: a worker's blocking wait for the next job must not be cut off.
 */
function bullConnection(url: string, queueOnly: boolean) {
  const client = createClient({
    url,
    socket: { reconnectStrategy: (retries) => Math.min(retries * 200, 5000), connectTimeout: 5000 },
    // Adding a job while Redis is away fails at once rather than piling up in memory: the sweep re-queues it.
    ...(queueOnly ? { disableOfflineQueue: true } : {}),
  });
  client.on("error", () => {
    // Reconnects on its own; the jobs' effects are recovered from the store.
  });
  return client;
}
type BullClient = ReturnType<typeof bullConnection>;

/** BullMQ leaves a connection it was handed open ("shared"): ours are closed here, after BullMQ is done with them. */
async function closeClient(client: BullClient): Promise<void> {
  if (!client.isOpen) return;
  try {
    await client.quit();
  } catch {
    client.destroy();
  }
}

/** BullMQ job ids may not contain ":" (notice keys do): the key's digest names the job, the key rides in its data. */
export function noticeJobId(key: string): string {
  return `notice-${createHash("sha256").update(key).digest("hex").slice(0, 40)}`;
}

export class JobQueue {
  readonly queue: Queue;
  private readonly client: BullClient;

  constructor(options: JobsOptions) {
    this.client = bullConnection(options.redisUrl, true);
    this.queue = new Queue(JOBS_QUEUE, {
      connection: this.client as never,
      prefix: `${options.keyPrefix}bull`,
      defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000 },
    });
    this.queue.on("error", (err) => options.logger.debug({ err }, "job queue connection error"));
  }

  /** Queues a notice; a notice already waiting is not queued twice (same job id). */
  async enqueueNotice(key: string): Promise<void> {
    // Removed even when it fails for good, so that the sweep's re-queueing under the same id is not ignored.
    await this.queue.add("notice", { key }, { jobId: noticeJobId(key), attempts: NOTICE_ATTEMPTS, backoff: { type: "exponential", delay: 5000 }, removeOnFail: true });
  }

  /** (Re)declares the repeatable sweep: idempotent, so every worker declares it at start and now and then. */
  async scheduleSweep(everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(SWEEP_SCHEDULER, { every: everyMs }, { name: "sweep", data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
  }

  async close(): Promise<void> {
    await this.queue.close();
    await closeClient(this.client);
  }
}

export type JobWorker = { worker: Worker; close(): Promise<void> };

/** A worker taking jobs off the queue; several processes may run one each. */
export function startJobWorker(options: JobsOptions & { handlers: JobHandlers; concurrency: number; now?: () => Date }): JobWorker {
  const now = options.now ?? (() => new Date());
  const client = bullConnection(options.redisUrl, false);
  const worker = new Worker(
    JOBS_QUEUE,
    async (job: Job) => {
      if (job.name === "notice") {
        const key = (job.data as { key?: unknown }).key;
        if (typeof key !== "string") return;
        return options.handlers.notice(key, { finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
      }
      if (job.name === "sweep") return options.handlers.sweep(now());
      options.logger.warn({ name: job.name }, "unknown job ignored");
    },
    { connection: client as never, prefix: `${options.keyPrefix}bull`, concurrency: options.concurrency },
  );
  worker.on("failed", (job, err) => options.logger.warn({ err, job: job?.name, attemptsMade: job?.attemptsMade }, "job failed"));
  worker.on("error", (err) => options.logger.debug({ err }, "job worker connection error"));
  return {
    worker,
    async close() {
      await worker.close();
      await closeClient(client);
    },
  };
}
