import mongoose, { Schema } from "mongoose";
import { DEFAULT_CREDIT_RIGHTS_SETTINGS, type TCreditRightsSettings, type TCreditRightsSettingsUpdate } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import { UserModel } from "../users/model";

/**
 * The credit-rights settings (objection deadlines, repair limits): one document per version,
 * `_id` the version number. Saving inserts version n+1, so of two administrators saving the
 * same version one wins and the other gets 409; the current settings are the highest version.
 * Nothing is ever updated in place.
 */
const settingsSchema = new Schema({
  _id: { type: Number },
  objection: { acceptDays: Number, decideDays: Number, forwardDays: Number, answerDays: Number },
  repair: { reviewDays: Number, minMonthsBetween: Number, maxIn5Years: Number },
  updatedBy: { type: String, required: true },
  updatedByName: { type: String, required: true },
  at: { type: Date, required: true },
});
export const CreditRightsSettingsModel = mongoose.model("CreditRightsSettings", settingsSchema, "credit_rights_settings");

/** The settings now in force (the defaults until a platform administrator saves some). Read by repairs too. */
export async function creditRightsSettings(): Promise<TCreditRightsSettings> {
  const latest = await CreditRightsSettingsModel.findOne({}).sort({ _id: -1 }).lean();
  if (!latest) return { version: 0, objection: { ...DEFAULT_CREDIT_RIGHTS_SETTINGS.objection }, repair: { ...DEFAULT_CREDIT_RIGHTS_SETTINGS.repair } };
  return {
    version: latest._id as number,
    objection: latest.objection as TCreditRightsSettings["objection"],
    repair: latest.repair as TCreditRightsSettings["repair"],
    updatedAt: latest.at.toISOString(),
    updatedBy: latest.updatedByName,
  };
}

export async function saveCreditRightsSettings(actor: Actor, update: TCreditRightsSettingsUpdate, at: Date = new Date()): Promise<TCreditRightsSettings> {
  const current = await creditRightsSettings();
  if (current.version !== update.expectedVersion) throw new AppError("VERSION_CONFLICT");
  const name = (await UserModel.findById(actor.userId, { displayName: 1 }).lean())?.displayName ?? "平台管理员";
  try {
    await CreditRightsSettingsModel.create({ _id: update.expectedVersion + 1, objection: update.objection, repair: update.repair, updatedBy: actor.userId, updatedByName: name, at });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new AppError("VERSION_CONFLICT");
    throw err;
  }
  await audit(actor, { action: "credit_rights.settings", target: `credit-rights-settings:${update.expectedVersion + 1}`, details: { from: { objection: current.objection, repair: current.repair }, to: { objection: update.objection, repair: update.repair } } });
  return creditRightsSettings();
}
