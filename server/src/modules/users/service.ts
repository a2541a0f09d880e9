import type { TMe, TUpdateProfileRequest } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { UserModel } from "./model";
import { presentMe } from "./presenter";

export async function getMe(actor: Actor): Promise<TMe> {
  const user = await UserModel.findById(actor.userId).lean();
  if (!user) throw new AppError("AUTH_TOKEN_INVALID");
  return presentMe(user);
}

/** Mini-program users set their name and prefecture of residence themselves. */
export async function updateProfile(actor: Actor, patch: TUpdateProfileRequest): Promise<TMe> {
  const user = await UserModel.findByIdAndUpdate(actor.userId, { $set: patch }, { new: true }).lean();
  if (!user) throw new AppError("AUTH_TOKEN_INVALID");
  return presentMe(user);
}
