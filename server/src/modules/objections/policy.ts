import type { Actor } from "../../http/context";
import { subjectPolicy } from "../subjects/policy";

/**
 * Who handles an objection: the administrators of the record's prefecture, and the platform's,
 * who see every prefecture. Anyone else is told the case does not exist. The subject reads
 * their own cases through /me (checked by subject id in the service).
 */
export const objectionPolicy = {
  canHandle(actor: Actor, c: { prefectureCode: string }): boolean {
    return subjectPolicy.canSee(actor, c);
  },
  /** The queue's store filter, or null for someone who has no queue. */
  listFilter(actor: Actor): Record<string, unknown> | null {
    const scope = subjectPolicy.prefectureScope(actor);
    if (!scope) return null;
    return "all" in scope ? {} : { prefectureCode: scope.prefectureCode };
  },
};
