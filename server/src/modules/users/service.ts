import { MINIAPP_ROLES, type TMe, type TUpdateProfileRequest } from "@xinyi/shared";
import { Types } from "mongoose";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { standingOf } from "../evaluations/service";
import { identitiesOf } from "../identity/identities";
import { PartnerModel } from "../partners/model";
import { SubjectModel, type Subject } from "../subjects/model";
import { UserModel, type User } from "./model";
import { presentMe } from "./presenter";

/**
 * The account as its owner sees it: its identities and the subject this session acts
 * for (the token's subject; by default the holder's own verified identity).
 */
export async function describeUser(user: User & { _id: Types.ObjectId }, actingSubjectId?: string): Promise<TMe> {
  if (user.partnerId) {
    const partner = await PartnerModel.findById(user.partnerId, { name: 1, provinceWide: 1, prefectureCodes: 1 }).lean();
    const me = presentMe(user, null, null);
    return partner ? { ...me, partner: { id: partner._id.toHexString(), name: partner.name, provinceWide: partner.provinceWide ?? false, prefectureCodes: partner.prefectureCodes as never } } : me;
  }
  if (!user.subjectId) return { ...presentMe(user, null, null), ...((MINIAPP_ROLES as readonly string[]).includes(user.role) ? await identitiesOf(user) : {}) };
  const acting = actingSubjectId ? new Types.ObjectId(actingSubjectId) : user.subjectId;
  const [subject, standing, identities] = await Promise.all([SubjectModel.findById(acting).lean<Subject>(), standingOf(acting), identitiesOf(user)]);
  return { ...presentMe(user, subject, standing), ...identities };
}

export async function getMe(actor: Actor): Promise<TMe> {
  const user = await UserModel.findById(actor.userId).lean();
  if (!user) throw new AppError("AUTH_TOKEN_INVALID");
  return describeUser(user, actor.subjectId);
}

/** Mini-program users set their name and prefecture of residence themselves. */
export async function updateProfile(actor: Actor, patch: TUpdateProfileRequest): Promise<TMe> {
  const user = await UserModel.findByIdAndUpdate(actor.userId, { $set: patch }, { returnDocument: "after" }).lean();
  if (!user) throw new AppError("AUTH_TOKEN_INVALID");
  return describeUser(user, actor.subjectId);
}
