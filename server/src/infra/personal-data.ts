import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

export type SealedValue = { kid: string; iv: string; ct: string; tag: string };

/**
 * Personal identifiers at rest: encrypted with AES-256-GCM under a key id (so keys
 * can rotate: new writes use the active key, old ciphertexts stay readable), and
 * found again through a keyed hash, never by decrypting everything.
 */
export class PersonalDataVault {
  constructor(
    private readonly keys: Map<string, Buffer>,
    private readonly activeKid: string,
    private readonly hashKey: Buffer,
  ) {}

  seal(plain: string): SealedValue {
    const key = this.keys.get(this.activeKid)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return { kid: this.activeKid, iv: iv.toString("base64"), ct: ct.toString("base64"), tag: cipher.getAuthTag().toString("base64") };
  }

  open(sealed: SealedValue): string {
    const key = this.keys.get(sealed.kid);
    if (!key) throw new Error(`no key with id ${sealed.kid}`);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"));
    decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ct, "base64")), decipher.final()]).toString("utf8");
  }

  /** Deterministic lookup key for an identifier (normalised to upper case). */
  lookupHash(value: string): string {
    return createHmac("sha256", this.hashKey).update(value.trim().toUpperCase()).digest("base64url");
  }
}
