import type { Actor } from "../../http/context";

/**
 * Administrators see subjects: the platform all of them, a regional administrator
 * those of their own prefecture. Nobody else reads subjects through the console.
 */
export const subjectPolicy = {
  prefectureScope(actor: Actor): { all: true } | { prefectureCode: string } | null {
    if (actor.role === "platform_admin") return { all: true };
    if (actor.role === "regional_admin" && actor.prefectureCode) return { prefectureCode: actor.prefectureCode };
    return null;
  },

  canSee(actor: Actor, subject: { prefectureCode: string }): boolean {
    const scope = this.prefectureScope(actor);
    return !!scope && ("all" in scope || scope.prefectureCode === subject.prefectureCode);
  },
};
