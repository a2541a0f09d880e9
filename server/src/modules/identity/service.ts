import { Types } from "mongoose";
import type { TIdentityVerifyRequest, TLegalRepBindRequest, TMe, TPrefectureCode } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import type { RateLimiter, RateRule } from "../../infra/rate-limit";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import { standingOf, type EvaluationService } from "../evaluations/service";
import { SubjectModel, type Subject } from "../subjects/model";
import type { SubjectService } from "../subjects/service";
import { assertSensitiveConsent } from "../privacy/service";
import { UserModel } from "../users/model";
import { getMe } from "../users/service";
import { idHashOf } from "./identities";
import { authorityId, SubjectAuthorityModel } from "./model";
import type { IdentityVerifier } from "./verifier";

export const IDENTITY_RULES = {
  perAccount: { bucket: "idv-account", limit: 5, windowSeconds: 24 * 3600 },
  perIp: { bucket: "idv-ip", limit: 20, windowSeconds: 3600 },
} satisfies Record<string, RateRule>;

export type IdentityDeps = { subjects: SubjectService; evaluations: EvaluationService; verifier: IdentityVerifier; rateLimiter: RateLimiter };

/** Who is who: real-name verification of account holders, and legal representatives binding their enterprises. */
export function createIdentityService(deps: IdentityDeps) {
  const { subjects, evaluations, verifier, rateLimiter } = deps;

  async function unverifiedUser(userId: string) {
    const user = await UserModel.findById(userId).lean();
    if (!user) throw new AppError("AUTH_TOKEN_INVALID");
    if (user.subjectId) throw new AppError("SUBJECT_ALREADY_BOUND");
    if (!user.prefectureCode) {
      throw new AppError("VALIDATION_FAILED", "请先选择所在州市", { issues: [{ path: "body.prefectureCode", message: "请先选择所在州市" }] });
    }
    return user;
  }

  /**
   * Binds an account to the citizen whose identity was verified: the platform's subject
   * for that ID, or a new one (a verified real person) when the platform has no records yet.
   */
  async function bindVerifiedCitizen(userId: string, person: { idNumber: string; name: string }): Promise<Subject> {
    const user = await unverifiedUser(userId);
    const subject = await subjects.resolve({ kind: "citizen", idNumber: person.idNumber, name: person.name }, user.prefectureCode as TPrefectureCode);
    await subjects.bindAccount(user._id, subject);
    await UserModel.updateOne({ _id: user._id }, { $set: { subjectId: subject._id, displayName: subject.name } });
    if (!(await standingOf(subject._id))) await evaluations.recompute([subject._id]);
    return subject;
  }

  /** The holder's verified citizen subject, or IDENTITY_REQUIRED. */
  async function verifiedHolder(userId: string): Promise<Subject> {
    const user = await UserModel.findById(userId, { subjectId: 1 }).lean();
    const own = user?.subjectId ? await SubjectModel.findById(user.subjectId).lean<Subject>() : null;
    if (!own || own.kind !== "citizen") throw new AppError("IDENTITY_REQUIRED");
    return own;
  }

  return {
    bindVerifiedCitizen,
    verifiedHolder,

    /**
     * 实名认证. "No such person" and "wrong name" give one answer, so the form cannot be
     * used to learn whether an ID number is registered; attempts are limited per account and IP.
     */
    async verifyRealName(actor: Actor, input: TIdentityVerifyRequest, ip: string): Promise<TMe> {
      // The privacy-consent requirement (PRIVACY_CONSENT_REQUIRED) is checked here, before anything else.
      await assertSensitiveConsent(actor.userId);
      await unverifiedUser(actor.userId);
      await rateLimiter.consume(IDENTITY_RULES.perIp, ip);
      await rateLimiter.consume(IDENTITY_RULES.perAccount, actor.userId);
      const result = await verifier.verify(input);
      if (result !== "match") {
        await audit(actor, { action: "identity.verify_failed", target: `user:${actor.userId}` });
        throw new AppError("IDENTITY_NOT_VERIFIED");
      }
      const subject = await bindVerifiedCitizen(actor.userId, input);
      await audit(actor, { action: "subject.bind", target: `subject:${subject._id.toHexString()}`, details: { kind: "citizen", authority: "self", idMasked: subject.idMasked } });
      return getMe({ ...actor, subjectId: subject._id.toHexString() });
    },

    /** A verified holder whose ID is the legal representative's on file takes the enterprise (authority "legal_rep"). */
    async bindAsLegalRep(actor: Actor, input: TLegalRepBindRequest): Promise<TMe> {
      const holder = await verifiedHolder(actor.userId);
      const enterprise = await SubjectModel.findOne({ key: subjects.keyOf({ kind: "enterprise", uscc: input.uscc }) }).lean<Subject>();
      if (!enterprise?.legalRepIdHash) throw new AppError("ENTERPRISE_REVIEW_REQUIRED");
      if (enterprise.legalRepIdHash !== idHashOf(holder)) throw new AppError("ENTERPRISE_AUTHORITY_REQUIRED");
      try {
        await SubjectAuthorityModel.create({ _id: authorityId(actor.userId, enterprise._id), userId: new Types.ObjectId(actor.userId), subjectId: enterprise._id, authority: "legal_rep", at: new Date() });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      await audit(actor, { action: "subject.bind", target: `subject:${enterprise._id.toHexString()}`, details: { kind: "enterprise", authority: "legal_rep", uscc: enterprise.uscc } });
      if (!(await standingOf(enterprise._id))) await evaluations.recompute([enterprise._id]);
      return getMe(actor);
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
