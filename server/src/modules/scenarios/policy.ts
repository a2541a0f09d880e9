import type { TPrefectureCode } from "@xinyi/shared";
import type { Actor } from "../../http/context";
import type { Scenario } from "./model";

/**
 * Who may see and change which scenarios. A platform administrator: all of them.
 * A regional administrator sees every scenario that reaches their prefecture and
 * changes only those scoped entirely to it.
 */
export const scenarioPolicy = {
  canCreateFor(actor: Actor, prefectureCodes: readonly TPrefectureCode[]): boolean {
    if (actor.role === "platform_admin") return true;
    if (actor.role === "regional_admin") return prefectureCodes.every((code) => code === actor.prefectureCode);
    return false;
  },

  canView(actor: Actor, scenario: Pick<Scenario, "prefectureCodes">): boolean {
    if (actor.role === "platform_admin") return true;
    return actor.role === "regional_admin" && !!actor.prefectureCode && scenario.prefectureCodes.includes(actor.prefectureCode);
  },

  canManage(actor: Actor, scenario: Pick<Scenario, "prefectureCodes">): boolean {
    return this.canCreateFor(actor, scenario.prefectureCodes as TPrefectureCode[]);
  },

  /** The store filter for the scenarios an actor may list in the console. */
  listFilter(actor: Actor): Record<string, unknown> | null {
    if (actor.role === "platform_admin") return {};
    if (actor.role === "regional_admin" && actor.prefectureCode) return { prefectureCodes: actor.prefectureCode };
    return null;
  },
};
