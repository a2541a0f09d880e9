import { ZVoucherPublicKey } from "@xinyi/shared";
import { fetchVoucherPublicKey, type TVoucherPublicKey } from "../api/marketplace";

/**
 * Offline check of a voucher QR token at the counter: `base64url(JSON payload) + "." +
 * base64url(Ed25519 signature over the ASCII of the first part)`, payload
 * `{ v: claimId, s: scenarioId, exp: unix seconds, kid }`. The platform's public key is
 * fetched once and kept in localStorage, so a counter can still tell a forged code
 * from a genuine one when the network is down.
 */

export interface TVoucherPayload {
  v: string;
  s: string;
  exp: number;
  kid: string;
}

export type TOfflineCheck =
  | { state: "valid"; payload: TVoucherPayload; expired: boolean }
  | { state: "invalid"; reason: string }
  | { state: "unavailable"; reason: string };

const KEY_STORAGE = "xinyi.admin.voucherPublicKey";
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}$/;

/** A scanned QR token rather than a short code read aloud. */
export function looksLikeToken(code: string): boolean {
  return TOKEN_PATTERN.test(code.trim());
}

function base64urlDecode(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function parsePayload(part: string): TVoucherPayload | null {
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(base64urlDecode(part)));
    if (!json || typeof json !== "object") return null;
    const { v, s, exp, kid } = json as Record<string, unknown>;
    if (typeof v !== "string" || typeof s !== "string" || typeof exp !== "number" || typeof kid !== "string") return null;
    return { v, s, exp, kid };
  } catch {
    return null;
  }
}

function readCachedKey(): TVoucherPublicKey | null {
  try {
    const raw = window.localStorage.getItem(KEY_STORAGE);
    if (!raw) return null;
    const parsed = ZVoucherPublicKey.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function storeKey(key: TVoucherPublicKey): void {
  try {
    window.localStorage.setItem(KEY_STORAGE, JSON.stringify(key));
  } catch {
    // Storage unavailable: the key is fetched again next time.
  }
}

let inFlight: Promise<TVoucherPublicKey | null> | null = null;

/** Fetch the public key from the server and cache it; null when the server cannot be reached. */
export function refreshPublicKey(): Promise<TVoucherPublicKey | null> {
  if (!inFlight) {
    inFlight = fetchVoucherPublicKey()
      .then((key) => {
        storeKey(key);
        return key;
      })
      .catch(() => null)
      .finally(() => {
        inFlight = null;
      });
  }
  return inFlight;
}

/** The cached key, fetching it once when there is none yet. */
export async function ensurePublicKey(): Promise<TVoucherPublicKey | null> {
  return readCachedKey() ?? (await refreshPublicKey());
}

/** The key for `kid`: the cached one, or a fresh one after a key rotation; null when unknown. */
async function keyFor(kid: string): Promise<TVoucherPublicKey | null> {
  const cached = readCachedKey();
  if (cached?.kid === kid) return cached;
  const fresh = await refreshPublicKey();
  if (fresh?.kid === kid) return fresh;
  return null;
}

export function offlineCheckSupported(): boolean {
  return typeof window !== "undefined" && window.isSecureContext && typeof crypto !== "undefined" && crypto.subtle !== undefined;
}

/** Check a token's signature in the browser (WebCrypto Ed25519), without asking the server about the voucher. */
export async function verifyTokenOffline(token: string, nowMs: number = Date.now()): Promise<TOfflineCheck> {
  const trimmed = token.trim();
  const dot = trimmed.indexOf(".");
  if (dot <= 0 || !looksLikeToken(trimmed)) return { state: "invalid", reason: "不是有效的二维码内容" };
  const signingInput = trimmed.slice(0, dot);
  const payload = parsePayload(signingInput);
  if (!payload) return { state: "invalid", reason: "二维码内容无法解析" };
  if (!offlineCheckSupported()) return { state: "unavailable", reason: "当前浏览器环境不支持离线校验（需 HTTPS）" };

  const key = await keyFor(payload.kid);
  if (!key) {
    return readCachedKey() === null
      ? { state: "unavailable", reason: "尚未获取平台公钥，联网后可离线校验" }
      : { state: "invalid", reason: "签名密钥未知" };
  }
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = base64urlDecode(trimmed.slice(dot + 1));
  } catch {
    return { state: "invalid", reason: "签名无法解析" };
  }
  try {
    const { kty, crv, x } = key.jwk;
    const cryptoKey = await crypto.subtle.importKey("jwk", { kty, crv, x }, { name: "Ed25519" }, false, ["verify"]);
    const ok = await crypto.subtle.verify({ name: "Ed25519" }, cryptoKey, signature, new TextEncoder().encode(signingInput));
    if (!ok) return { state: "invalid", reason: "签名与平台公钥不符" };
    return { state: "valid", payload, expired: payload.exp * 1000 <= nowMs };
  } catch {
    return { state: "unavailable", reason: "此浏览器不支持 Ed25519 离线校验" };
  }
}
