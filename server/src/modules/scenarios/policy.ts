import type { TPrefectureCode } from "@xinyi/shared";
import type { Actor } from "../../http/context";
import type { Scenario } from "./model";

type Scope = Pick<Scenario, "provinceWide" | "prefectureCodes" | "ownerPartnerId">;

function withinOwnPrefecture(actor: Actor, s: Pick<Scenario, "provinceWide" | "prefectureCodes">): boolean {
  return actor.role === "regional_admin" && !s.provinceWide && s.prefectureCodes.length > 0 && s.prefectureCodes.every((c) => c === actor.prefectureCode);
}

/**
 * Who sees and changes which scenarios.
 * - A partner's operators own their partner's scenarios.
 * - Administrators own the scenarios they launch; the platform every one of them,
 *   a regional administrator those scoped entirely to their prefecture.
 * - Approval of partners' scenarios: the prefecture's administrator, or the
 *   platform for multi-prefecture and province-wide ones.
 */
export const scenarioPolicy = {
  canCreate(actor: Actor, scope: Pick<Scenario, "provinceWide" | "prefectureCodes">): boolean {
    if (actor.role === "platform_admin") return true;
    if (actor.role === "regional_admin") return withinOwnPrefecture(actor, scope);
    return actor.role === "partner_operator" && !!actor.partnerId;
  },

  canView(actor: Actor, s: Scope): boolean {
    if (actor.role === "platform_admin") return true;
    if (actor.role === "regional_admin") return s.provinceWide || s.prefectureCodes.includes(actor.prefectureCode as TPrefectureCode);
    return actor.role === "partner_operator" && !!s.ownerPartnerId && s.ownerPartnerId.toHexString() === actor.partnerId;
  },

  isOwner(actor: Actor, s: Scope): boolean {
    if (s.ownerPartnerId) return actor.role === "partner_operator" && s.ownerPartnerId.toHexString() === actor.partnerId;
    return actor.role === "platform_admin" || withinOwnPrefecture(actor, s);
  },

  canApprove(actor: Actor, s: Scope): boolean {
    if (!s.ownerPartnerId) return false;
    return actor.role === "platform_admin" || withinOwnPrefecture(actor, s);
  },

  /** Store filter for the console list. */
  listFilter(actor: Actor): Record<string, unknown> | null {
    if (actor.role === "platform_admin") return {};
    if (actor.role === "regional_admin" && actor.prefectureCode) return { $or: [{ provinceWide: true }, { prefectureCodes: actor.prefectureCode }] };
    if (actor.role === "partner_operator" && actor.partnerId) return { ownerPartnerId: actor.partnerId };
    return null;
  },
};
