import mongoose, { Schema } from "mongoose";
import { z } from "zod";
import type { TErrorCode } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { AppContext } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";

/**
 * Idempotency for writes that matter (claims, loan applications, financing demands): the first
 * request with a key reserves it (an insert), and its outcome is stored when known (another
 * insert), so a retry gets the same answer and never a second write. _id is "<userId>:<key>".
 */
const idempotencyKeySchema = new Schema({ _id: { type: String }, fingerprint: { type: String, required: true }, at: { type: Date, required: true } });
export const IdempotencyKeyModel = mongoose.model("IdempotencyKey", idempotencyKeySchema, "idempotency_keys");
const idempotencyResultSchema = new Schema({ _id: { type: String }, fingerprint: { type: String, required: true }, result: { type: Schema.Types.Mixed, required: true }, at: { type: Date, required: true } });
export const IdempotencyResultModel = mongoose.model("IdempotencyResult", idempotencyResultSchema, "idempotency_results");

const ZIdempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, "Idempotency-Key 应为8–128位字母、数字、- 或 _");

/** The request's Idempotency-Key header, or a 400 naming headers.idempotency-key. */
export function idempotencyKeyOf(ctx: AppContext): string {
  const parsed = ZIdempotencyKey.safeParse(ctx.get("idempotency-key"));
  if (!parsed.success) {
    const message = ctx.get("idempotency-key") ? parsed.error.issues[0]!.message : "请求缺少 Idempotency-Key";
    throw new AppError("VALIDATION_FAILED", undefined, { issues: [{ path: "headers.idempotency-key", message }] });
  }
  return parsed.data;
}

export const idempotencyKeyReused = () => new AppError("CONFLICT", "该 Idempotency-Key 已用于另一个请求", { issues: [{ path: "headers.idempotency-key", message: "请为新的请求使用新的键" }] });

const WAIT_FOR_FIRST_MS = 5000;
/** A reservation this old with no outcome belongs to a request that died: a retry takes over. */
const ABANDONED_MS = 60_000;

type StoredOutcome<T> = { ok: true; value: T } | { ok: false; code: TErrorCode; message: string; details?: Record<string, unknown> };

function replay<T>(outcome: StoredOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new AppError(outcome.code, outcome.message, outcome.details);
}

/**
 * Runs a write once per (user, key). A retry with the same key and request gets the first answer,
 * success or refusal; another request under the key is refused. `judge` runs first and may refuse
 * without writing anything (such refusals are recomputed on a retry); from the key's reservation on,
 * `write`'s outcome is stored.
 */
export async function runOnce<J, T>(spec: { userId: string; key: string; fingerprint: string; judge: () => Promise<J>; write: (judged: J) => Promise<T> }): Promise<T> {
  const id = `${spec.userId}:${spec.key}`;
  const earlier = await IdempotencyResultModel.findById(id).lean();
  if (earlier) {
    if (earlier.fingerprint !== spec.fingerprint) throw idempotencyKeyReused();
    return replay(earlier.result as StoredOutcome<T>);
  }
  const judged = await spec.judge();

  try {
    await IdempotencyKeyModel.create({ _id: id, fingerprint: spec.fingerprint, at: new Date() });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const reserved = await IdempotencyKeyModel.findById(id).lean();
    if (reserved && reserved.fingerprint !== spec.fingerprint) throw idempotencyKeyReused();
    for (const started = Date.now(); Date.now() - started < WAIT_FOR_FIRST_MS; ) {
      const done = await IdempotencyResultModel.findById(id).lean();
      if (done) return replay(done.result as StoredOutcome<T>);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (reserved && Date.now() - reserved.at.getTime() < ABANDONED_MS) throw new AppError("CONFLICT", "相同的请求正在处理，请稍后重试");
  }

  let outcome: StoredOutcome<T>;
  try {
    outcome = { ok: true, value: await spec.write(judged) };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    outcome = { ok: false, code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) };
  }
  await IdempotencyResultModel.create({ _id: id, fingerprint: spec.fingerprint, result: outcome, at: new Date() }).catch((err: unknown) => {
    if (!isDuplicateKeyError(err)) throw err;
  });
  return replay(outcome);
}
