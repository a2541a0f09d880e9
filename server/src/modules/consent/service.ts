import { Types } from "mongoose";
import {
  CONSENT_PURPOSE_LABELS,
  maskName,
  prefectureName,
  type TConsentGrant,
  type TConsentPurpose,
  type TConsentGrantRequest,
  type TCreditReport,
  type TReportLookupRequest,
} from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import type { EvaluationService } from "../evaluations/service";
import { PartnerModel } from "../partners/model";
import { SubjectModel, type Subject } from "../subjects/model";
import type { SubjectService } from "../subjects/service";
import { assertSensitiveConsent, hasSensitiveConsent } from "../privacy/service";
import { ConsentGrantModel, ConsentRevocationModel, ReportAccessModel, type ConsentGrant } from "./model";

const MAX_GRANT_DAYS = 366;

/** End of a calendar day in Beijing time (UTC+8). */
function endOfDayBeijing(date: string): Date {
  return new Date(`${date}T23:59:59.999+08:00`);
}

/**
 * Ends every grant the account gave that is still running (withdrawal of the sensitive-information
 * consent, account closure): a revocation is inserted for each, as when the person revokes one.
 */
export async function endGrantsGivenBy(userId: Types.ObjectId, actor: Actor, options: { reason: "sensitive_consent_withdrawn" | "account_closed" }): Promise<number> {
  const running = await ConsentGrantModel.find({ grantedBy: userId, validUntil: { $gt: new Date() } }, { _id: 1, subjectId: 1 }).lean();
  let ended = 0;
  for (const grant of running) {
    try {
      await ConsentRevocationModel.create({ _id: grant._id, at: new Date(), by: userId, reason: options.reason });
      ended += 1;
      await audit(actor, { action: "consent.revoke", target: `subject:${grant.subjectId.toHexString()}`, details: { grantId: grant._id.toHexString(), reason: options.reason } });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  return ended;
}

export function createConsentService(subjects: SubjectService, evaluations: EvaluationService) {
  /** The subject this session acts for: the token's, so an account holding several acts for one at a time. */
  function subjectOf(actor: Actor): Types.ObjectId {
    if (!actor.subjectId) throw new AppError("SUBJECT_NOT_BOUND");
    return new Types.ObjectId(actor.subjectId);
  }

  async function present(grants: ConsentGrant[]): Promise<TConsentGrant[]> {
    const [partners, revocations] = await Promise.all([
      PartnerModel.find({ _id: { $in: grants.map((g) => g.partnerId) } }, { name: 1 }).lean(),
      ConsentRevocationModel.find({ _id: { $in: grants.map((g) => g._id) } }).lean(),
    ]);
    const names = new Map(partners.map((p) => [p._id.toHexString(), p.name]));
    const revokedAt = new Map(revocations.map((r) => [r._id!.toHexString(), r.at]));
    const now = Date.now();
    return grants.map((g) => {
      const revoked = revokedAt.get(g._id.toHexString());
      return {
        id: g._id.toHexString(),
        partnerId: g.partnerId.toHexString(),
        partnerName: names.get(g.partnerId.toHexString()) ?? "（已注销的机构）",
        purpose: g.purpose as TConsentPurpose,
        purposeLabel: CONSENT_PURPOSE_LABELS[g.purpose as TConsentPurpose] ?? g.purpose,
        grantedAt: g.grantedAt.toISOString(),
        validUntil: g.validUntil.toISOString(),
        ...(revoked ? { revokedAt: revoked.toISOString() } : {}),
        status: revoked ? "revoked" : g.validUntil.getTime() <= now ? "expired" : "active",
      };
    });
  }

  /**
   * The grants a partner holds now for a subject: not expired, not revoked, and, for a person, given
   * while the grantor's sensitive-information consent stands (a withdrawal ends them even if a grant
   * slipped in beside it).
   */
  async function validGrants(subject: Subject, partnerId: Types.ObjectId): Promise<ConsentGrant[]> {
    const grants = await ConsentGrantModel.find({ subjectId: subject._id, partnerId, validUntil: { $gt: new Date() } }).sort({ validUntil: -1 }).lean<ConsentGrant[]>();
    if (grants.length === 0) return [];
    const revoked = new Set((await ConsentRevocationModel.find({ _id: { $in: grants.map((g) => g._id) } }, { _id: 1 }).lean()).map((r) => r._id!.toHexString()));
    const running = grants.filter((g) => !revoked.has(g._id.toHexString()));
    if (subject.kind !== "citizen") return running;
    const consenting = new Map<string, boolean>();
    for (const g of running) {
      const grantor = g.grantedBy.toHexString();
      if (!consenting.has(grantor)) consenting.set(grantor, await hasSensitiveConsent(g.grantedBy));
    }
    return running.filter((g) => consenting.get(g.grantedBy.toHexString()));
  }

  /** A partner operator's read of a subject's report under a grant for the purpose; every attempt is recorded. */
  async function readReport(actor: Actor, subject: Subject | null, purpose: TConsentPurpose): Promise<TCreditReport> {
    const partnerId = new Types.ObjectId(actor.partnerId);
    const grants = subject ? await validGrants(subject, partnerId) : [];
    const grant = grants.find((g) => g.purpose === purpose) ?? null;
    const operatorId = new Types.ObjectId(actor.userId);
    if (subject) {
      await ReportAccessModel.create({ subjectId: subject._id, partnerId, operatorId, purpose: purpose, granted: !!grant, ...(grant ? { grantId: grant._id } : {}), at: new Date() });
    }
    const target = subject ? `subject:${subject._id.toHexString()}` : "subject:unknown";
    if (!subject || !grant) {
      const otherPurpose = grants.length > 0;
      await audit(actor, {
        action: "report.denied",
        target,
        details: { purpose: purpose, reason: !subject ? "unknown subject" : otherPurpose ? "purpose not granted" : "no valid grant" },
      });
      throw otherPurpose
        ? new AppError("CONSENT_REQUIRED", `信用主体的授权不包含“${CONSENT_PURPOSE_LABELS[purpose]}”用途，不能为此查询其信用报告`)
        : new AppError("CONSENT_REQUIRED");
    }
    await audit(actor, { action: "report.read", target, details: { by: "partner", purpose: purpose, grantId: grant._id.toHexString() } });
    const profile = await evaluations.profile(subject._id);
    return {
      subject: {
        kind: subject.kind,
        name: subject.kind === "citizen" ? maskName(subject.name) : subject.name,
        ...(subject.idMasked ? { idMasked: subject.idMasked } : {}),
        ...(subject.uscc ? { uscc: subject.uscc } : {}),
        prefectureName: prefectureName(subject.prefectureCode) ?? subject.prefectureCode,
      },
      ...(profile?.evaluation
        ? { score: profile.evaluation.score, grade: profile.evaluation.grade, gradeLabel: profile.evaluation.gradeLabel, modelVersion: profile.evaluation.modelVersion, evaluatedAt: profile.evaluation.evaluatedAt }
        : {}),
      blacklisted: profile?.evaluation?.blacklisted ?? false,
      records: (profile?.records ?? []).map((r) => ({
        kind: r.kind,
        ...(r.severity ? { severity: r.severity } : {}),
        ...(r.taxGrade ? { taxGrade: r.taxGrade } : {}),
        title: r.title,
        sourceDept: r.sourceDept,
        decidedAt: r.decidedAt,
        ...(r.validUntil ? { validUntil: r.validUntil } : {}),
        status: r.status,
      })),
      grant: { purpose: grant.purpose as TConsentPurpose, purposeLabel: CONSENT_PURPOSE_LABELS[grant.purpose as TConsentPurpose], validUntil: grant.validUntil.toISOString() },
    };
  }

  return {
    async listPartners() {
      const partners = await PartnerModel.find({ status: "approved" }).sort({ name: 1 }).lean();
      return partners.map((p) => ({ id: p._id.toHexString(), name: p.name, kind: p.kind }));
    },

    async grant(actor: Actor, input: TConsentGrantRequest): Promise<TConsentGrant> {
      const subjectId = subjectOf(actor);
      await assertSensitiveConsent(actor.userId);
      const partner = await PartnerModel.findOne({ _id: input.partnerId, status: "approved" }).lean();
      if (!partner) throw new AppError("VALIDATION_FAILED", "机构不存在", { issues: [{ path: "body.partnerId", message: "请选择已入驻的机构" }] });
      const validUntil = endOfDayBeijing(input.validUntil);
      const now = new Date();
      if (validUntil <= now || validUntil.getTime() - now.getTime() > MAX_GRANT_DAYS * 86_400_000) {
        throw new AppError("VALIDATION_FAILED", "授权截止日期须在今天之后、一年之内", { issues: [{ path: "body.validUntil", message: "授权截止日期须在今天之后、一年之内" }] });
      }
      const created = await ConsentGrantModel.create({ subjectId, partnerId: partner._id, purpose: input.purpose, grantedAt: now, validUntil, grantedBy: new Types.ObjectId(actor.userId) });
      await audit(actor, { action: "consent.grant", target: `subject:${subjectId.toHexString()}`, details: { partner: partner.name, purpose: input.purpose, validUntil: validUntil.toISOString() } });
      return (await present([created.toObject() as ConsentGrant]))[0]!;
    },

    async list(actor: Actor): Promise<TConsentGrant[]> {
      const subjectId = subjectOf(actor);
      return present(await ConsentGrantModel.find({ subjectId }).sort({ grantedAt: -1 }).limit(200).lean<ConsentGrant[]>());
    },

    async revoke(actor: Actor, grantId: string): Promise<TConsentGrant> {
      const subjectId = subjectOf(actor);
      const grant = await ConsentGrantModel.findOne({ _id: grantId, subjectId }).lean<ConsentGrant>();
      if (!grant) throw new AppError("NOT_FOUND", "授权不存在");
      try {
        await ConsentRevocationModel.create({ _id: grant._id, at: new Date(), by: new Types.ObjectId(actor.userId) });
        await audit(actor, { action: "consent.revoke", target: `subject:${subjectId.toHexString()}`, details: { grantId } });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      return (await present([grant]))[0]!;
    },

    async accesses(actor: Actor) {
      const subjectId = subjectOf(actor);
      const list = await ReportAccessModel.find({ subjectId }).sort({ at: -1 }).limit(200).lean();
      const partners = await PartnerModel.find({ _id: { $in: list.map((a) => a.partnerId) } }, { name: 1 }).lean();
      const names = new Map(partners.map((p) => [p._id.toHexString(), p.name]));
      return list.map((a) => ({ id: a._id.toHexString(), partnerName: names.get(a.partnerId.toHexString()) ?? "未知机构", purpose: a.purpose as TConsentPurpose, purposeLabel: CONSENT_PURPOSE_LABELS[a.purpose as TConsentPurpose] ?? a.purpose, at: a.at.toISOString(), granted: a.granted }));
    },

    /**
     * A partner operator reads a subject's report: only under a valid grant for the purpose the
     * lookup states. Every attempt is recorded for the subject to see and in the audit log; an
     * unknown subject is refused like one without any grant, so the answer never tells who is in
     * the system. A partner holding a grant for another purpose is told so: it knows of that grant.
     */
    async lookup(actor: Actor, request: TReportLookupRequest & { subject: { kind: "citizen"; idNumber: string } | { kind: "enterprise"; uscc: string } }): Promise<TCreditReport> {
      if (!actor.partnerId) throw new AppError("FORBIDDEN");
      const subject = await SubjectModel.findOne({ key: subjects.keyOf(request.subject) }).lean<Subject>();
      return readReport(actor, subject, request.purpose);
    },

    /**
     * The same read for a partner that knows the subject by id from its own work (a bank reviewing a
     * loan application): the same grants, the same record of the attempt, the same refusal.
     */
    async lookupBySubjectId(actor: Actor, subjectId: Types.ObjectId, purpose: TConsentPurpose): Promise<TCreditReport> {
      if (!actor.partnerId) throw new AppError("FORBIDDEN");
      const subject = await SubjectModel.findById(subjectId).lean<Subject>();
      return readReport(actor, subject, purpose);
    },
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;
