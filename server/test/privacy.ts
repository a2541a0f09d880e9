import type { TestServer } from "./harness";

/** Accepts every current privacy document, the sensitive-information consent included (needed before credit features). */
export async function acceptAllDocuments(t: TestServer, token: string): Promise<void> {
  const docs = (await t.api("GET", "/privacy/documents")).body.items as { kind: string; version: number }[];
  const version = (kind: string) => docs.find((d) => d.kind === kind)!.version;
  const res = await t.api("POST", "/me/privacy/consents", {
    token,
    body: { userAgreementVersion: version("user_agreement"), privacyNoticeVersion: version("privacy_notice"), sensitiveInfoVersion: version("sensitive_info") },
  });
  if (res.status !== 201) throw new Error(`accepting the documents failed: ${res.status} ${JSON.stringify(res.body)}`);
}
