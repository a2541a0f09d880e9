import type { TRole } from "@xinyi/shared";

/** Roles that manage benefit scenarios in the console. */
export const SCENARIO_ADMIN_ROLES = ["platform_admin", "regional_admin"] as const satisfies readonly TRole[];

export function isScenarioAdmin(role: TRole): boolean {
  return (SCENARIO_ADMIN_ROLES as readonly TRole[]).includes(role);
}

/** Where a role lands after signing in. */
export function homePathFor(role: TRole): string {
  if (isScenarioAdmin(role)) return "/scenarios";
  return "/welcome";
}

/** Whether a role may open a console path (used to honour "return to" links after sign-in). */
export function canVisit(role: TRole, path: string): boolean {
  if (path.startsWith("/scenarios")) return isScenarioAdmin(role);
  if (path.startsWith("/welcome")) return role === "partner_operator";
  return false;
}
