import { randomUUID } from "node:crypto";
import type { TScenario, TScenarioCreateRequest } from "@xinyi/shared";
import { createCitizens } from "./fixtures";
import type { TestServer } from "./harness";

/** A scenario request open since a minute ago for a day, in 昆明, for scores from 600: override what a test is about. */
export function scenarioBody(overrides: Partial<TScenarioCreateRequest> = {}): TScenarioCreateRequest {
  const now = Date.now();
  return {
    title: `测试权益 ${randomUUID().slice(0, 6)}`,
    category: "tourism",
    prefectureCodes: ["530100"],
    rule: { type: "minScore", score: 600 },
    benefit: { summary: "门票立减10元" },
    quota: 10,
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 86_400_000).toISOString(),
    ...overrides,
  };
}

/** Creates and publishes an administrator's scenario through the API; throws with the answer when a step is refused. */
export async function publishedScenario(t: TestServer, adminToken: string, overrides: Partial<TScenarioCreateRequest> = {}): Promise<TScenario> {
  const created = await t.api("POST", "/scenarios", { token: adminToken, body: scenarioBody(overrides) });
  if (created.status !== 201) throw new Error(`create scenario: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await t.api("POST", `/scenarios/${created.body.id}/transitions`, { token: adminToken, body: { action: "publish", expectedVersion: created.body.version } });
  if (published.status !== 200) throw new Error(`publish scenario: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body;
}

/** Claims with a fresh Idempotency-Key unless one is given. */
export const claimScenario = (t: TestServer, token: string, scenarioId: string, key: string = randomUUID()) =>
  t.api("POST", `/scenarios/${scenarioId}/claims`, { token, headers: { "idempotency-key": key } });

let phoneSeq = 0;
/** Unique phone numbers for fixtures within one test file (the file's own database keeps files apart). */
export function nextPhone(prefix = "166"): string {
  phoneSeq += 1;
  return `${prefix}${String(phoneSeq).padStart(8, "0")}`;
}

/** A new 昆明 citizen (score 720) claims the scenario and opens the voucher: its QR token and short code. */
export async function claimedVoucher(t: TestServer, scenarioId: string) {
  const [user] = await createCitizens([{ phone: nextPhone(), score: 720 }]);
  const token = t.tokenFor(user!);
  const claim = await claimScenario(t, token, scenarioId);
  if (claim.status !== 201) throw new Error(`claim failed: ${claim.status} ${JSON.stringify(claim.body)}`);
  const qr = await t.api("GET", `/me/claims/${claim.body.id}/voucher`, { token });
  if (qr.status !== 200) throw new Error(`voucher failed: ${qr.status} ${JSON.stringify(qr.body)}`);
  return { token, claimId: claim.body.id as string, qr: qr.body as { token: string; shortCode: string } };
}
