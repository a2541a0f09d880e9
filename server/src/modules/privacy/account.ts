import { Types } from "mongoose";
import type { TAccountCloseResult, TPrivacyStatus } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import { RefreshTokenModel } from "../auth/refresh-token.model";
import type { RevocationList } from "../auth/revocations";
import { endGrantsGivenBy } from "../consent/service";
import type { MandateService } from "../identity/mandates";
import { SubjectAuthorityModel } from "../identity/model";
import { AccountSubjectModel, CitizenOwnerModel } from "../subjects/model";
import { UserModel } from "../users/model";
import { AccountClosureModel } from "./model";
import { privacyStatus, withdrawSensitiveConsent, type RequestOrigin } from "./service";

/**
 * Withdraws the sensitive-information consent. What rests on it stops: real-name binding and new
 * grants are refused (assertSensitiveConsent), and the grants the account gave end now.
 */
export async function withdrawConsent(actor: Actor, origin: RequestOrigin): Promise<TPrivacyStatus> {
  const userId = new Types.ObjectId(actor.userId);
  if (await withdrawSensitiveConsent(userId, origin)) {
    const ended = await endGrantsGivenBy(userId, actor, { reason: "sensitive_consent_withdrawn" });
    await audit(actor, { action: "privacy.withdraw", target: `user:${actor.userId}`, details: { kind: "sensitive_info", grantsEnded: ended } });
  }
  return privacyStatus(actor.userId);
}

/** What the closed account keeps: a tombstone, so that audit entries and consent records still name an account. */
const CLOSED_DISPLAY_NAME = "已注销用户";

/**
 * 注销账号 (PIPL art. 47): ends every session at once, ends the consent grants the account gave,
 * unbinds it from its subjects and deletes its login identifiers and profile, so the phone can
 * open a new account. Kept, as the closure screen says (ACCOUNT_CLOSURE_KEEPS): the audit log,
 * report access records, consent records, and the public credit records (government data).
 * Each step can be repeated, so a closure cut short is finished by asking again.
 */
export function createAccountClosure(revocations: Pick<RevocationList, "revoke">, mandates: Pick<MandateService, "withdrawAllOf">) {
  return async function closeAccount(actor: Actor, origin: RequestOrigin): Promise<TAccountCloseResult> {
    const userId = new Types.ObjectId(actor.userId);
    const user = await UserModel.findById(userId).lean();
    if (!user) throw new AppError("AUTH_TOKEN_INVALID");
    let closedAt = new Date();
    try {
      await AccountClosureModel.create({ _id: userId, at: closedAt, ip: origin.ip, userAgent: origin.userAgent });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      closedAt = (await AccountClosureModel.findById(userId).lean())!.at;
    }

    // Sessions first: nothing below may be done by a session that outlives the closure.
    const families: string[] = await RefreshTokenModel.distinct("familyId", { userId });
    for (const familyId of families) await revocations.revoke(familyId, "logout");

    await endGrantsGivenBy(userId, actor, { reason: "account_closed" });
    const mandatesWithdrawn = await mandates.withdrawAllOf(actor, "账号已注销");
    await withdrawSensitiveConsent(userId, origin, "account_closed");
    await SubjectAuthorityModel.deleteMany({ userId });
    await CitizenOwnerModel.deleteMany({ userId });
    await AccountSubjectModel.deleteMany({ _id: userId });
    await UserModel.updateOne(
      { _id: userId },
      {
        $set: { displayName: CLOSED_DISPLAY_NAME, disabledAt: user.disabledAt ?? closedAt },
        $unset: { phone: 1, wechatOpenId: 1, subjectId: 1, prefectureCode: 1 },
      },
    );
    await RefreshTokenModel.deleteMany({ userId });
    await audit(actor, { action: "account.close", target: `user:${actor.userId}`, details: { sessions: families.length, mandatesWithdrawn } });
    return { closedAt: closedAt.toISOString() };
  };
}

export type CloseAccount = ReturnType<typeof createAccountClosure>;
