import { Types } from "mongoose";
import type { TEnterpriseBindRequest, TMe, TPrefectureCode, TRealNameBindRequest, TCreditProfile } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import type { PersonalDataVault } from "../../infra/personal-data";
import { audit } from "../audit/service";
import { standingOf, type EvaluationService } from "../evaluations/service";
import { UserModel } from "../users/model";
import { getMe } from "../users/service";
import type { SubjectService } from "./service";

/** Real-name (citizen) and enterprise binding of mini-program accounts, and 我的信用. */
export function createBindingService(subjects: SubjectService, evaluations: EvaluationService, vault: PersonalDataVault) {
  async function unboundUser(actor: Actor) {
    const user = await UserModel.findById(actor.userId).lean();
    if (!user) throw new AppError("AUTH_TOKEN_INVALID");
    if (user.subjectId) throw new AppError("SUBJECT_ALREADY_BOUND");
    if (!user.prefectureCode) {
      throw new AppError("VALIDATION_FAILED", "请先选择所在州市", { issues: [{ path: "prefectureCode", message: "请先选择所在州市" }] });
    }
    return user;
  }

  async function ensureEvaluated(subjectId: Types.ObjectId): Promise<void> {
    if (!(await standingOf(subjectId))) await evaluations.recompute([subjectId]);
  }

  return {
    async bindCitizen(actor: Actor, input: { idNumber: string; name: string } & TRealNameBindRequest): Promise<TMe> {
      const user = await unboundUser(actor);
      const subject = await subjects.resolve({ kind: "citizen", idNumber: input.idNumber, name: input.name }, user.prefectureCode as TPrefectureCode);
      if (subject.name !== input.name) {
        throw new AppError("VALIDATION_FAILED", "姓名与证件号码登记的信息不一致", { issues: [{ path: "body.name", message: "姓名与证件号码登记的信息不一致" }] });
      }
      await subjects.bindAccount(user._id, subject);
      await UserModel.updateOne({ _id: user._id }, { $set: { subjectId: subject._id, displayName: subject.name } });
      await audit(actor, { action: "subject.bind", target: `subject:${subject._id.toHexString()}`, details: { kind: "citizen", idMasked: subject.idMasked } });
      await ensureEvaluated(subject._id);
      return getMe(actor);
    },

    /** The account then acts for the enterprise (role "enterprise"); the client refreshes its session for the new role. */
    async bindEnterprise(actor: Actor, input: TEnterpriseBindRequest & { uscc: string; legalRepIdNumber: string }): Promise<TMe> {
      const user = await unboundUser(actor);
      const subject = await subjects.resolve(
        { kind: "enterprise", uscc: input.uscc, name: input.name, legalRep: { name: input.legalRepName, idNumber: input.legalRepIdNumber } },
        input.prefectureCode as TPrefectureCode,
      );
      if (subject.legalRepIdHash && subject.legalRepIdHash !== vault.lookupHash(input.legalRepIdNumber)) {
        throw new AppError("VALIDATION_FAILED", "法定代表人信息与登记信息不一致", { issues: [{ path: "body.legalRepIdNumber", message: "法定代表人信息与登记信息不一致" }] });
      }
      await subjects.bindAccount(user._id, subject);
      await UserModel.updateOne({ _id: user._id }, { $set: { subjectId: subject._id, role: "enterprise", prefectureCode: subject.prefectureCode } });
      await audit(actor, { action: "subject.bind", target: `subject:${subject._id.toHexString()}`, details: { kind: "enterprise", uscc: subject.uscc } });
      await ensureEvaluated(subject._id);
      return getMe(actor);
    },

    /** Served from the profile cache; the subject id comes from the token (one store read for tokens from before binding). */
    async myCredit(actor: Actor): Promise<TCreditProfile> {
      const subjectId = actor.subjectId
        ? new Types.ObjectId(actor.subjectId)
        : (await UserModel.findById(actor.userId, { subjectId: 1 }).lean())?.subjectId;
      if (!subjectId) throw new AppError("SUBJECT_NOT_BOUND");
      const profile = await evaluations.profile(subjectId);
      if (!profile) throw new AppError("SUBJECT_NOT_BOUND");
      return profile;
    },
  };
}

export type BindingService = ReturnType<typeof createBindingService>;
