import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";

// PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it.
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
export const VOUCHER_TOKEN_TTL_SECONDS = 60;

export type VoucherTokenPayload = { v: string; s: string; exp: number; kid: string };

/**
 * QR tokens: base64url(JSON payload) "." base64url(Ed25519 signature of the first
 * part). Short-lived so a screenshot goes stale; the public key is published so a
 * counter can tell a forgery from a real one without the network.
 */
export function createVoucherSigner(seed: Buffer, kid: string) {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const publicKey = createPublicKey(privateKey);
  return {
    kid,
    publicKey: {
      alg: "Ed25519" as const,
      kid,
      jwk: publicKey.export({ format: "jwk" }) as Record<string, string>,
      pem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    },

    sign(claimId: string, scenarioId: string, now = Date.now()): { token: string; expiresAt: Date } {
      const exp = Math.floor(now / 1000) + VOUCHER_TOKEN_TTL_SECONDS;
      const body = Buffer.from(JSON.stringify({ v: claimId, s: scenarioId, exp, kid } satisfies VoucherTokenPayload)).toString("base64url");
      const signature = sign(null, Buffer.from(body), privateKey).toString("base64url");
      return { token: `${body}.${signature}`, expiresAt: new Date(exp * 1000) };
    },

    /** The payload of a genuine, unexpired token; otherwise why not, in words for the counter. */
    verify(token: string, now = Date.now()): { ok: true; payload: VoucherTokenPayload } | { ok: false; reason: string } {
      const [body, signature, extra] = token.split(".");
      if (!body || !signature || extra !== undefined) return { ok: false, reason: "二维码内容无法识别" };
      if (!verify(null, Buffer.from(body), publicKey, Buffer.from(signature, "base64url"))) return { ok: false, reason: "签名无效：二维码不是本平台签发的" };
      let payload: VoucherTokenPayload;
      try {
        payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as VoucherTokenPayload;
      } catch {
        return { ok: false, reason: "二维码内容无法识别" };
      }
      if (payload.kid !== kid) return { ok: false, reason: "二维码的签名密钥已更换，请让对方刷新" };
      if (payload.exp * 1000 <= now) return { ok: false, reason: "二维码已过期，请让对方刷新后重新出示" };
      return { ok: true, payload };
    },
  };
}

export type VoucherSigner = ReturnType<typeof createVoucherSigner>;

const SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** 8 characters without 0/O, 1/I/L: easy to read aloud and type. */
export function newShortCode(random: (n: number) => Buffer): string {
  return [...random(8)].map((b) => SHORT_CODE_ALPHABET[b % SHORT_CODE_ALPHABET.length]).join("");
}

export function looksLikeShortCode(code: string): boolean {
  return /^[2-9A-HJ-NP-Z]{8}$/.test(code.trim().toUpperCase());
}
