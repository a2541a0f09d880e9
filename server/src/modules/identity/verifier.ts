import { createHmac, randomUUID } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../http/app-error";
import { DEMO_IDENTITIES } from "./demo-identities";

export type IdentityCheck = "match" | "mismatch" | "unknown";

/** The identity service: does this name belong to this citizen ID number? */
export interface IdentityVerifier {
  verify(person: { name: string; idNumber: string }): Promise<IdentityCheck>;
}

/** Development stand-in answering from the demo registry; production config refuses it at boot. */
export class DevIdentityVerifier implements IdentityVerifier {
  private readonly names = new Map<string, string>(Object.values(DEMO_IDENTITIES).map((p) => [p.idNumber, p.name]));

  async verify(person: { name: string; idNumber: string }): Promise<IdentityCheck> {
    const name = this.names.get(person.idNumber.trim().toUpperCase());
    if (name === undefined) return "unknown";
    return name === person.name.trim() ? "match" : "mismatch";
  }
}

const ZProviderAnswer = z.object({ result: z.enum(["match", "mismatch", "unknown"]) });

/**
 * A citizen-identity check service over HTTPS (公安 citizen identity check, usually
 * through a licensed relay). The request is signed: X-Signature is the hex
 * HMAC-SHA256, under the app secret, of "<X-Timestamp>\n<X-Nonce>\n<body>". The
 * answer is `{ "result": "match" | "mismatch" | "unknown" }`; see docs/identity.md.
 */
export class HttpIdentityVerifier implements IdentityVerifier {
  constructor(
    private readonly url: string,
    private readonly appKey: string,
    private readonly appSecret: string,
    private readonly timeoutMs = 5000,
  ) {}

  async verify(person: { name: string; idNumber: string }): Promise<IdentityCheck> {
    const body = JSON.stringify({ name: person.name.trim(), idNumber: person.idNumber.trim().toUpperCase() });
    const timestamp = String(Date.now());
    const nonce = randomUUID();
    const signature = createHmac("sha256", this.appSecret).update(`${timestamp}\n${nonce}\n${body}`).digest("hex");
    let answer: unknown;
    try {
      const response = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-app-key": this.appKey, "x-timestamp": timestamp, "x-nonce": nonce, "x-signature": signature },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) throw new Error(`identity service answered ${response.status}`);
      answer = await response.json();
    } catch {
      throw new AppError("NOT_READY", "实名核验服务暂不可用，请稍后再试");
    }
    const parsed = ZProviderAnswer.safeParse(answer);
    if (!parsed.success) throw new AppError("NOT_READY", "实名核验服务暂不可用，请稍后再试");
    return parsed.data.result;
  }
}
