import { Types } from "mongoose";
import { checkCitizenId, checkRegisteredUscc, checkUscc, maskCitizenId, type TPrefectureCode, type TSubject } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import type { PersonalDataVault } from "../../infra/personal-data";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import { standingOf, standingsOf, type EvaluationService } from "../evaluations/service";
import { SubjectAuthorityModel } from "../identity/model";
import { AccountSubjectModel, CitizenOwnerModel, SubjectModel, type Subject } from "./model";
import { subjectPolicy } from "./policy";
import { presentSubject } from "./presenter";

export type SubjectRef =
  | { kind: "citizen"; idNumber: string; name: string }
  | { kind: "enterprise"; uscc: string; name: string; legalRep?: { name: string; idNumber: string }; applicantStated?: true };

/** A subject reference as record entry and imports carry it (the legal representative in flat fields). */
export function subjectRefOf(
  s: { kind: "citizen"; idNumber: string; name: string } | { kind: "enterprise"; uscc: string; name: string; legalRepName?: string | undefined; legalRepIdNumber?: string | undefined },
): SubjectRef {
  if (s.kind === "citizen") return { kind: "citizen", idNumber: s.idNumber, name: s.name };
  return { kind: "enterprise", uscc: s.uscc, name: s.name, ...(s.legalRepName && s.legalRepIdNumber ? { legalRep: { name: s.legalRepName, idNumber: s.legalRepIdNumber } } : {}) };
}

const PAGE_SIZE = 20;

export function createSubjectService(vault: PersonalDataVault, evaluations: EvaluationService) {
  function keyOf(ref: { kind: "citizen"; idNumber: string } | { kind: "enterprise"; uscc: string }): string {
    return ref.kind === "citizen" ? `C:${vault.lookupHash(ref.idNumber)}` : `E:${ref.uscc.toUpperCase()}`;
  }

  function legalRepFields(legalRep: { name: string; idNumber: string }) {
    const id = legalRep.idNumber.toUpperCase();
    return { legalRepName: legalRep.name, legalRepIdHash: vault.lookupHash(id), legalRepIdSealed: vault.seal(id), legalRepIdMasked: maskCitizenId(id) };
  }

  /** Every path that creates a subject comes through here: the edges validate, this refuses what slipped past them. */
  function assertValidRef(ref: SubjectRef): void {
    const check = ref.kind === "citizen" ? checkCitizenId(ref.idNumber) : checkRegisteredUscc(ref.uscc);
    const legalRep = ref.kind === "enterprise" && ref.legalRep ? checkCitizenId(ref.legalRep.idNumber) : { ok: true as const };
    if (!check.ok || !legalRep.ok) throw new AppError("VALIDATION_FAILED", !check.ok ? check.reason : !legalRep.ok ? legalRep.reason : undefined);
  }

  /**
   * Registration data about a subject we already hold: it brings the legal representative
   * (a new or changed one ends the previous one's binding at once) and corrects what an
   * applicant stated about an enterprise the platform did not know.
   */
  async function applyRegistration(subject: Subject, ref: SubjectRef): Promise<void> {
    if (ref.kind !== "enterprise" || ref.applicantStated) return;
    const set: Record<string, unknown> = {};
    const legalRepChanged = !!ref.legalRep && subject.legalRepIdHash !== vault.lookupHash(ref.legalRep.idNumber);
    if (legalRepChanged) Object.assign(set, legalRepFields(ref.legalRep!));
    if (subject.applicantStated) set.name = ref.name;
    if (!Object.keys(set).length && !subject.applicantStated) return;
    await SubjectModel.updateOne({ _id: subject._id }, { $set: set, ...(subject.applicantStated ? { $unset: { applicantStated: 1 } } : {}) });
    if (legalRepChanged) await SubjectAuthorityModel.deleteMany({ subjectId: subject._id, authority: "legal_rep" });
    Object.assign(subject, set);
  }

  function newSubjectDoc(ref: SubjectRef, prefectureCode: TPrefectureCode) {
    if (ref.kind === "citizen") {
      const id = ref.idNumber.toUpperCase();
      return { key: keyOf(ref), kind: "citizen", name: ref.name, prefectureCode, idSealed: vault.seal(id), idMasked: maskCitizenId(id) };
    }
    const uscc = ref.uscc.toUpperCase();
    return {
      key: keyOf(ref),
      kind: "enterprise",
      name: ref.name,
      prefectureCode,
      uscc,
      usccValid: checkUscc(uscc).ok,
      ...(ref.legalRep ? legalRepFields(ref.legalRep) : {}),
      ...(ref.applicantStated ? { applicantStated: true } : {}),
    };
  }

  /**
   * Finds the subjects for many references at once, creating the missing ones.
   * Concurrent creators of one subject are settled by the unique key.
   */
  async function resolveMany(refs: { ref: SubjectRef; prefectureCode: TPrefectureCode }[]): Promise<Map<string, Subject>> {
    const byKey = new Map<string, { ref: SubjectRef; prefectureCode: TPrefectureCode }>();
    for (const item of refs) {
      assertValidRef(item.ref);
      byKey.set(keyOf(item.ref), item);
    }
    const keys = [...byKey.keys()];
    const found = new Map<string, Subject>();
    for (const s of await SubjectModel.find({ key: { $in: keys } }).lean<Subject[]>()) found.set(s.key, s);
    for (const s of found.values()) await applyRegistration(s, byKey.get(s.key)!.ref);
    const missing = keys.filter((k) => !found.has(k));
    if (missing.length) {
      await SubjectModel.insertMany(
        missing.map((k) => newSubjectDoc(byKey.get(k)!.ref, byKey.get(k)!.prefectureCode)),
        { ordered: false },
      ).catch((err: unknown) => {
        if (!isDuplicateKeyError(err) && !(err as { writeErrors?: unknown[] }).writeErrors) throw err;
      });
      for (const s of await SubjectModel.find({ key: { $in: missing } }).lean<Subject[]>()) found.set(s.key, s);
    }
    return found;
  }

  async function resolve(ref: SubjectRef, prefectureCode: TPrefectureCode): Promise<Subject> {
    const subjects = await resolveMany([{ ref, prefectureCode }]);
    const subject = subjects.get(keyOf(ref));
    if (!subject) throw new Error("subject could not be resolved");
    return subject;
  }

  async function findVisible(actor: Actor, id: string): Promise<Subject> {
    const subject = await SubjectModel.findById(id).lean<Subject>();
    if (!subject || !subjectPolicy.canSee(actor, subject)) throw new AppError("NOT_FOUND", "信用主体不存在");
    return subject;
  }

  /** Binds an account to a subject: one subject per account, one account per citizen. */
  async function bindAccount(userId: Types.ObjectId, subject: Subject): Promise<void> {
    if (subject.kind === "citizen") {
      try {
        await CitizenOwnerModel.create({ _id: subject._id, userId, at: new Date() });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const owner = await CitizenOwnerModel.findById(subject._id).lean();
        if (!owner?.userId.equals(userId)) throw new AppError("SUBJECT_BOUND_ELSEWHERE");
      }
    }
    try {
      await AccountSubjectModel.create({ _id: userId, subjectId: subject._id, at: new Date() });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const existing = await AccountSubjectModel.findById(userId).lean();
      if (!existing?.subjectId.equals(subject._id)) {
        if (subject.kind === "citizen") await CitizenOwnerModel.deleteOne({ _id: subject._id, userId });
        throw new AppError("SUBJECT_ALREADY_BOUND");
      }
    }
  }

  return {
    keyOf,
    resolve,
    resolveMany,
    bindAccount,
    findVisible,

    async search(actor: Actor, query: { q?: string | undefined; kind?: string | undefined; prefectureCode?: string | undefined; page: number }) {
      const scope = subjectPolicy.prefectureScope(actor);
      if (!scope) throw new AppError("FORBIDDEN");
      const filter: Record<string, unknown> = {};
      if ("prefectureCode" in scope) filter.prefectureCode = scope.prefectureCode;
      else if (query.prefectureCode) filter.prefectureCode = query.prefectureCode;
      if (query.kind) filter.kind = query.kind;
      const q = query.q?.trim().toUpperCase();
      if (q) {
        if (checkCitizenId(q).ok) filter.key = keyOf({ kind: "citizen", idNumber: q });
        else if (q.includes("*")) filter.idMasked = q;
        else if (/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(q)) filter.uscc = q;
        else filter.name = { $regex: q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") };
      }
      const [items, total] = await Promise.all([
        SubjectModel.find(filter).sort({ _id: -1 }).skip((query.page - 1) * PAGE_SIZE).limit(PAGE_SIZE).lean<Subject[]>(),
        SubjectModel.countDocuments(filter),
      ]);
      const standings = await standingsOf(items.map((s) => s._id));
      return { items: items.map((s) => presentSubject(s, standings.get(s._id.toHexString()))), total, page: query.page, pageSize: PAGE_SIZE };
    },

    /** An administrator accepts a pilot-era USCC that fails its checksum, with a recorded reason. */
    async acceptPilotUscc(actor: Actor, id: string, reason: string): Promise<TSubject> {
      const subject = await findVisible(actor, id);
      if (subject.kind !== "enterprise" || subject.usccValid !== false) {
        throw new AppError("CONFLICT", "只有校验位不符的试点期代码需要人工确认");
      }
      await SubjectModel.updateOne({ _id: subject._id }, { $set: { usccReview: { reason, by: actor.userId, at: new Date() } } });
      await audit(actor, { action: "subject.uscc_review", target: `subject:${id}`, details: { uscc: subject.uscc, reason } });
      // Its records count from now on.
      await evaluations.recompute([subject._id]);
      return presentSubject((await SubjectModel.findById(id).lean<Subject>())!, await standingOf(subject._id));
    },
  };
}

export type SubjectService = ReturnType<typeof createSubjectService>;
