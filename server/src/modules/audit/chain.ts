import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** JSON with keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export type ChainedContent = {
  seq: number;
  at: Date;
  actorId?: string | null;
  actorRole?: string | null;
  action: string;
  target: string;
  details: unknown;
};

export function entryHash(prevHash: string, content: ChainedContent): string {
  const body = canonicalJson({
    seq: content.seq,
    at: content.at.toISOString(),
    actorId: content.actorId ?? null,
    actorRole: content.actorRole ?? null,
    action: content.action,
    target: content.target,
    details: content.details ?? {},
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}
