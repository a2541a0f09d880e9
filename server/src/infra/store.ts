import mongoose from "mongoose";

/**
 * One Mongoose connection per process. Options keep us inside what FerretDB 1.24
 * (and therefore any MongoDB) supports: no retryable writes, no transactions.
 * See docs/store-subset.md.
 */
export async function connectStore(uri: string, dbName: string): Promise<typeof mongoose> {
  mongoose.set("strictQuery", true);
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
