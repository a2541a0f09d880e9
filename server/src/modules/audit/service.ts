import type { TAuditEntry, TAuditVerifyResult } from "@xinyi/shared";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { AuditEntryModel, type AuditEntry } from "./model";
import { GENESIS_HASH, entryHash } from "./chain";

export type AuditEvent = {
  action: string;
  /** What was touched, e.g. "subject:<id>", "record:<id>", "model:3". */
  target: string;
  /** Never a full ID number: masked values only. */
  details?: Record<string, unknown>;
};

const MAX_ATTEMPTS = 50;

/** Appends one entry at the end of the chain; retries when another writer took the same seq. */
export async function audit(actor: Actor | null, event: AuditEvent): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const last = await AuditEntryModel.findOne({}, { seq: 1, hash: 1 }).sort({ seq: -1 }).lean();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const content = {
      seq,
      at: new Date(),
      actorId: actor?.userId ?? null,
      actorRole: actor?.role ?? null,
      action: event.action,
      target: event.target,
      details: JSON.parse(JSON.stringify(event.details ?? {})) as Record<string, unknown>,
    };
    try {
      await AuditEntryModel.create({ ...content, prevHash, hash: entryHash(prevHash, content) });
      return;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
    }
  }
  throw new Error("audit log: could not append after many attempts");
}

export function presentAuditEntry(e: AuditEntry): TAuditEntry {
  return {
    seq: e.seq,
    at: e.at.toISOString(),
    ...(e.actorId ? { actorId: e.actorId } : {}),
    ...(e.actorRole ? { actorRole: e.actorRole } : {}),
    action: e.action,
    target: e.target,
    details: (e.details ?? {}) as Record<string, unknown>,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

export async function listAudit(query: { action?: string | undefined; beforeSeq?: number | undefined }, pageSize = 50) {
  const filter: Record<string, unknown> = {};
  if (query.action) filter.action = query.action;
  if (query.beforeSeq) filter.seq = { $lt: query.beforeSeq };
  const entries = await AuditEntryModel.find(filter).sort({ seq: -1 }).limit(pageSize + 1).lean<AuditEntry[]>();
  const page = entries.slice(0, pageSize);
  return {
    items: page.map(presentAuditEntry),
    ...(entries.length > pageSize ? { nextBeforeSeq: page.at(-1)!.seq } : {}),
  };
}

/** Walks the whole chain in order and names the first entry that does not fit. */
export async function verifyAuditChain(batchSize = 1000): Promise<TAuditVerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const batch = await AuditEntryModel.find({ seq: { $gte: expectedSeq } }).sort({ seq: 1 }).limit(batchSize).lean<AuditEntry[]>();
    if (batch.length === 0) return { ok: true, checked };
    for (const entry of batch) {
      if (entry.seq !== expectedSeq) return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `第 ${expectedSeq} 条缺失` } };
      if (entry.prevHash !== prevHash) return { ok: false, checked, firstBroken: { seq: entry.seq, reason: "与上一条的哈希不衔接" } };
      if (entryHash(prevHash, entry) !== entry.hash) return { ok: false, checked, firstBroken: { seq: entry.seq, reason: "内容与哈希不符（已被修改）" } };
      prevHash = entry.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
}
