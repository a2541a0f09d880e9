import { Types } from "mongoose";
import type { TCreditProfile } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import type { EvaluationService } from "../evaluations/service";
import { UserModel } from "../users/model";

/** 我的信用 of the subject the session acts for. (Binding: real-name verification and enterprise authority, modules/identity.) */
export function createBindingService(evaluations: EvaluationService) {
  return {
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
