import { createHash, createSecretKey, randomBytes, timingSafeEqual } from "node:crypto";
import jwt from "jsonwebtoken";
import { ROLES, PREFECTURE_CODES, type TRole, type TPrefectureCode } from "@xinyi/shared";
import { z } from "zod";
import type { Actor } from "../../http/context";

const ALGORITHM = "HS256" as const;
const ISSUER = "xinyi-plus";
const AUDIENCE = "xinyi-api";

const ZAccessClaims = z.object({
  sub: z.string(),
  role: z.enum(ROLES),
  prf: z.enum(PREFECTURE_CODES).optional(),
  pid: z.string().optional(),
  sbj: z.string().optional(),
  sid: z.string(),
});

export type AccessTokenSigner = ReturnType<typeof createAccessTokens>;

/** Short-lived access tokens; the algorithm is pinned on both sides. */
export function createAccessTokens(secret: string, ttlSeconds: number) {
  // A KeyObject made once: given a string, jsonwebtoken rebuilds the key on every call (~30x slower).
  const key = createSecretKey(Buffer.from(secret, "utf8"));
  return {
    ttlSeconds,
    sign(actor: Actor, familyId: string): { token: string; expiresAt: Date } {
      const claims = {
        role: actor.role,
        sid: familyId,
        ...(actor.prefectureCode ? { prf: actor.prefectureCode } : {}),
        ...(actor.partnerId ? { pid: actor.partnerId } : {}),
        ...(actor.subjectId ? { sbj: actor.subjectId } : {}),
      };
      const token = jwt.sign(claims, key, {
        algorithm: ALGORITHM,
        expiresIn: ttlSeconds,
        issuer: ISSUER,
        audience: AUDIENCE,
        subject: actor.userId,
      });
      return { token, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
    },
    /**
     * Returns the actor and the refresh family the token was issued under (whose revocation ends it),
     * or null for any token that is malformed, forged, expired or of another algorithm.
     */
    verify(token: string): { actor: Actor; familyId: string } | null {
      try {
        const payload = jwt.verify(token, key, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE });
        const claims = ZAccessClaims.parse(payload);
        const actor: Actor = {
          userId: claims.sub,
          role: claims.role as TRole,
          ...(claims.prf ? { prefectureCode: claims.prf as TPrefectureCode } : {}),
          ...(claims.pid ? { partnerId: claims.pid } : {}),
          ...(claims.sbj ? { subjectId: claims.sbj } : {}),
        };
        return { actor, familyId: claims.sid };
      } catch {
        return null;
      }
    },
  };
}

/** Opaque refresh token "<id>.<secret>"; only a hash of the secret is stored. */
export function newRefreshToken(): { id: string; secret: string; token: string; secretHash: string } {
  const id = randomBytes(12).toString("base64url");
  const secret = randomBytes(32).toString("base64url");
  return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

export function parseRefreshToken(token: string): { id: string; secret: string } | null {
  const match = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretMatches(secret: string, expectedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(expectedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
