import type { Actor } from "../../http/context";
import { subjectPolicy } from "../subjects/policy";

/**
 * Who reviews repairs: the administrator of the record's prefecture; the platform sees and may
 * decide all. A repair of another prefecture answers 404, as if it did not exist. Subjects see
 * their own applications only (service.ts, by the subject they act for).
 */
export const repairPolicy = {
  canReview(actor: Actor, repair: { prefectureCode: string }): boolean {
    return subjectPolicy.canSee(actor, repair);
  },
  listFilter(actor: Actor): Record<string, unknown> | null {
    const scope = subjectPolicy.prefectureScope(actor);
    if (!scope) return null;
    return "all" in scope ? {} : { prefectureCode: scope.prefectureCode };
  },
};
