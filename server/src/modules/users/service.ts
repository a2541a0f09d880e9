import type { TMe, TUpdateProfileRequest } from "@xinyi/shared";
import type { Types } from "mongoose";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { standingOf } from "../evaluations/service";
import { PartnerModel } from "../partners/model";
import { SubjectModel, type Subject } from "../subjects/model";
import { UserModel, type User } from "./model";
import { presentMe } from "./presenter";

/** The account as its owner sees it, with the subject it acts for. */
export async function describeUser(user: User & { _id: Types.ObjectId }): Promise<TMe> {
  if (user.partnerId) {
    const partner = await PartnerModel.findById(user.partnerId, { name: 1, provinceWide: 1, prefectureCodes: 1 }).lean();
    const me = presentMe(user, null, null);
    return partner ? { ...me, partner: { id: partner._id.toHexString(), name: partner.name, provinceWide: partner.provinceWide ?? false, prefectureCodes: partner.prefectureCodes as never } } : me;
  }
  if (!user.subjectId) return presentMe(user, null, null);
  const [subject, standing] = await Promise.all([SubjectModel.findById(user.subjectId).lean<Subject>(), standingOf(user.subjectId)]);
  return presentMe(user, subject, standing);
}

export async function getMe(actor: Actor): Promise<TMe> {
  const user = await UserModel.findById(actor.userId).lean();
  if (!user) throw new AppError("AUTH_TOKEN_INVALID");
  return describeUser(user);
}

/** Mini-program users set their name and prefecture of residence themselves. */
export async function updateProfile(actor: Actor, patch: TUpdateProfileRequest): Promise<TMe> {
  const user = await UserModel.findByIdAndUpdate(actor.userId, { $set: patch }, { new: true }).lean();
  if (!user) throw new AppError("AUTH_TOKEN_INVALID");
  return describeUser(user);
}
