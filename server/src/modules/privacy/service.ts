import { Types } from "mongoose";
import {
  PRIVACY_DOCUMENT_KINDS,
  type TPrivacyAcceptance,
  type TPrivacyConsentRequest,
  type TPrivacyDocument,
  type TPrivacyDocumentKind,
  type TPrivacyStatus,
} from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import { isDuplicateKeyError } from "../../infra/store";
import { BUILT_IN_DOCUMENTS } from "./documents";
import { PrivacyConsentEventModel, PrivacyDocumentModel, type PrivacyConsentEvent, type PrivacyDocument } from "./model";

/** Where an acceptance came from: kept with it as evidence. */
export type RequestOrigin = { ip: string; userAgent: string };

export function originOf(ctx: { ip: string; get(name: string): string }): RequestOrigin {
  return { ip: ctx.ip, userAgent: ctx.get("user-agent").slice(0, 300) };
}

/** The current (highest) version of each document; writes the built-in first version of a kind the store lacks. */
export async function currentDocuments(): Promise<Map<TPrivacyDocumentKind, PrivacyDocument>> {
  const now = new Date();
  let docs = await PrivacyDocumentModel.find({ publishedAt: { $lte: now } }).sort({ version: -1 }).lean<PrivacyDocument[]>();
  const missing = BUILT_IN_DOCUMENTS.filter((b) => !docs.some((d) => d.kind === b.kind));
  if (missing.length > 0) {
    for (const doc of missing) {
      try {
        await PrivacyDocumentModel.create({ ...doc, publishedAt: now });
      } catch (err) {
        // Another process wrote it first: the unique (kind, version) index keeps one.
        if (!isDuplicateKeyError(err)) throw err;
      }
    }
    docs = await PrivacyDocumentModel.find({ publishedAt: { $lte: now } }).sort({ version: -1 }).lean<PrivacyDocument[]>();
  }
  const current = new Map<TPrivacyDocumentKind, PrivacyDocument>();
  for (const d of docs) if (!current.has(d.kind)) current.set(d.kind, d);
  return current;
}

/** Publishes the next version of a document: every account is asked to accept it again. */
export async function publishDocument(kind: TPrivacyDocumentKind, text: string, title?: string): Promise<TPrivacyDocument> {
  const previous = (await currentDocuments()).get(kind)!;
  const created = await PrivacyDocumentModel.create({ kind, version: previous.version + 1, title: title ?? previous.title, text, publishedAt: new Date() });
  return presentDocument(created.toObject() as PrivacyDocument);
}

function presentDocument(d: PrivacyDocument): TPrivacyDocument {
  return { kind: d.kind, version: d.version, title: d.title, text: d.text, publishedAt: d.publishedAt.toISOString() };
}

export async function listDocuments(): Promise<TPrivacyDocument[]> {
  const current = await currentDocuments();
  return PRIVACY_DOCUMENT_KINDS.map((kind) => presentDocument(current.get(kind)!));
}

/** The latest acceptance or withdrawal of each kind by this account. */
async function latestEvents(userId: Types.ObjectId): Promise<Map<string, PrivacyConsentEvent>> {
  const events = await PrivacyConsentEventModel.find({ userId }).sort({ at: -1, _id: -1 }).limit(500).lean<PrivacyConsentEvent[]>();
  const latest = new Map<string, PrivacyConsentEvent>();
  for (const e of events) if (!latest.has(e.kind)) latest.set(e.kind, e);
  return latest;
}

export async function privacyStatus(userId: string): Promise<TPrivacyStatus> {
  const [current, latest] = await Promise.all([currentDocuments(), latestEvents(new Types.ObjectId(userId))]);
  const items: TPrivacyAcceptance[] = PRIVACY_DOCUMENT_KINDS.map((kind) => {
    const currentVersion = current.get(kind)!.version;
    const event = latest.get(kind);
    const accepted = event?.action === "accept" ? event : undefined;
    return {
      kind,
      currentVersion,
      ...(accepted ? { acceptedVersion: accepted.version, acceptedAt: accepted.at.toISOString() } : {}),
      ...(event?.action === "withdraw" ? { withdrawnAt: event.at.toISOString() } : {}),
      current: accepted?.version === currentVersion,
    };
  });
  const byKind = new Map(items.map((i) => [i.kind, i]));
  const sensitive = byKind.get("sensitive_info")!;
  return {
    items,
    mustAccept: !byKind.get("user_agreement")!.current || !byKind.get("privacy_notice")!.current,
    sensitiveConsent: sensitive.current,
    sensitiveRenewal: sensitive.acceptedVersion !== undefined && !sensitive.current,
  };
}

/**
 * Real-name binding and credit features process sensitive personal information: they need the
 * current user agreement and privacy notice and the separate, current sensitive-information consent.
 */
export async function assertSensitiveConsent(userId: string | Types.ObjectId): Promise<void> {
  const status = await privacyStatus(String(userId));
  if (status.mustAccept || !status.sensitiveConsent) throw new AppError("PRIVACY_CONSENT_REQUIRED");
}

/** Whether the account's sensitive-information consent stands (for checks on another's behalf, e.g. a partner's lookup). */
export async function hasSensitiveConsent(userId: Types.ObjectId): Promise<boolean> {
  return (await privacyStatus(userId.toHexString())).sensitiveConsent;
}

/** Records the acceptance of the versions the person read; a version that is no longer current is refused. */
export async function acceptDocuments(userId: string, input: TPrivacyConsentRequest, origin: RequestOrigin): Promise<TPrivacyStatus> {
  const current = await currentDocuments();
  const wanted: [TPrivacyDocumentKind, number | undefined, string][] = [
    ["user_agreement", input.userAgreementVersion, "body.userAgreementVersion"],
    ["privacy_notice", input.privacyNoticeVersion, "body.privacyNoticeVersion"],
    ["sensitive_info", input.sensitiveInfoVersion, "body.sensitiveInfoVersion"],
  ];
  const accepted: { kind: TPrivacyDocumentKind; version: number }[] = [];
  for (const [kind, version, path] of wanted) {
    if (version === undefined) continue;
    const doc = current.get(kind)!;
    if (version !== doc.version) {
      throw new AppError("VERSION_CONFLICT", `《${doc.title}》已更新，请阅读新版本后再同意`, { issues: [{ path, message: `当前版本为第${doc.version}版` }] });
    }
    accepted.push({ kind, version });
  }
  const at = new Date();
  const user = new Types.ObjectId(userId);
  await PrivacyConsentEventModel.insertMany(accepted.map((a) => ({ userId: user, ...a, action: "accept", at, ip: origin.ip, userAgent: origin.userAgent })));
  return privacyStatus(userId);
}

/** Records the withdrawal of the sensitive-information consent (nothing to do if none stands). */
export async function withdrawSensitiveConsent(userId: Types.ObjectId, origin: RequestOrigin, reason?: string): Promise<boolean> {
  const latest = (await latestEvents(userId)).get("sensitive_info");
  if (latest?.action !== "accept") return false;
  await PrivacyConsentEventModel.create({ userId, kind: "sensitive_info", version: latest.version, action: "withdraw", at: new Date(), ip: origin.ip, userAgent: origin.userAgent, ...(reason ? { reason } : {}) });
  return true;
}
