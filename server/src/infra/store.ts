import mongoose from "mongoose";

/**
 * One Mongoose connection per process. Options keep us inside what FerretDB 1.24
 * (and therefore any MongoDB) supports: no retryable writes, no transactions.
 * See docs/store-subset.md.
 */
export async function connectStore(uri: string, dbName: string): Promise<typeof mongoose> {
  mongoose.set("strictQuery", true);
  retryWritesTheStoreRefusedAsBusy();
  await mongoose.connect(uri, {
    dbName,
    retryWrites: false,
    autoIndex: true,
    serverSelectionTimeoutMS: 10_000,
    maxPoolSize: 50,
  });
  // Unique indexes carry our correctness guarantees: make sure they exist before serving.
  await Promise.all(Object.values(mongoose.connection.models).map((m) => m.init()));
  return mongoose;
}

const WRITE_METHODS = ["insertOne", "insertMany", "updateOne", "updateMany", "replaceOne", "deleteOne", "deleteMany", "bulkWrite", "findOneAndUpdate", "findOneAndDelete"] as const;
const BUSY_RETRIES = 6;
let busyRetryInstalled = false;

/** The embedded store (FerretDB over SQLite) refuses a write with SQLITE_BUSY when writers collide; real MongoDB never does. */
export function isStoreBusyError(err: unknown): boolean {
  return err instanceof Error && err.message.includes("SQLITE_BUSY");
}

/**
 * Under concurrent writers SQLite in WAL mode can answer SQLITE_BUSY at once (a
 * snapshot that cannot be upgraded), whatever the busy timeout. The statement's
 * transaction was rolled back, so sending the same command again is exactly as if
 * the first had never been sent: we retry it with a short random backoff rather
 * than answer 500. Installed once on the driver, so every write in every module
 * gets it; on MongoDB the condition never matches.
 */
function retryWritesTheStoreRefusedAsBusy(): void {
  if (busyRetryInstalled) return;
  busyRetryInstalled = true;
  const proto = mongoose.mongo.Collection.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of WRITE_METHODS) {
    const original = proto[method]!;
    proto[method] = async function (this: unknown, ...args: unknown[]) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await original.apply(this, args);
        } catch (err) {
          if (!isStoreBusyError(err) || attempt >= BUSY_RETRIES) throw err;
          await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20 * attempt));
        }
      }
    };
  }
}

export async function disconnectStore(): Promise<void> {
  await mongoose.disconnect();
}

export async function pingStore(timeoutMs = 1000): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db) return false;
  try {
    await Promise.race([
      db.admin().ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), timeoutMs)),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Mongo's duplicate-key error: FerretDB sends code 11000 without keyPattern. */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === 11000;
}
