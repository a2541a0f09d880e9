import type { TRole } from "@xinyi/shared";

/** Administrators: approve partners and partners' scenarios, launch their own scenarios (a regional admin: own prefecture). */
export const SCENARIO_ADMIN_ROLES = ["platform_admin", "regional_admin"] as const satisfies readonly TRole[];
/** Everyone who manages benefit scenarios: administrators, and partner operators for their partner's own. */
export const SCENARIO_ROLES = ["platform_admin", "regional_admin", "partner_operator"] as const satisfies readonly TRole[];
/** 核销台: operators verify and redeem; administrators may verify (read-only). */
export const COUNTER_ROLES = SCENARIO_ROLES;
/** Roles that search credit subjects, enter and import records and read scoring models (a regional admin: own prefecture). */
export const CREDIT_ADMIN_ROLES = ["platform_admin", "regional_admin"] as const satisfies readonly TRole[];
/** Province-wide powers: editing and publishing scoring models, the audit log. */
export const PLATFORM_ADMIN_ROLES = ["platform_admin"] as const satisfies readonly TRole[];
/** Partner institutions' operators: credit report lookups under the subject's consent, their partner's operator accounts. */
export const PARTNER_ROLES = ["partner_operator"] as const satisfies readonly TRole[];

export function isScenarioAdmin(role: TRole): boolean {
  return (SCENARIO_ADMIN_ROLES as readonly TRole[]).includes(role);
}

export function isPartnerOperator(role: TRole): boolean {
  return (PARTNER_ROLES as readonly TRole[]).includes(role);
}

export function isPlatformAdmin(role: TRole): boolean {
  return (PLATFORM_ADMIN_ROLES as readonly TRole[]).includes(role);
}

/** Where a role lands after signing in. */
export function homePathFor(role: TRole): string {
  if (isScenarioAdmin(role)) return "/scenarios";
  return "/counter";
}

/** Console sections (path prefixes) and who may open them. */
const SECTIONS: readonly (readonly [string, readonly TRole[]])[] = [
  ["/scenarios", SCENARIO_ROLES],
  ["/review", SCENARIO_ADMIN_ROLES],
  ["/partners", SCENARIO_ADMIN_ROLES],
  ["/counter", COUNTER_ROLES],
  ["/operators", PARTNER_ROLES],
  ["/subjects", CREDIT_ADMIN_ROLES],
  ["/records", CREDIT_ADMIN_ROLES],
  ["/imports", CREDIT_ADMIN_ROLES],
  ["/mandates", CREDIT_ADMIN_ROLES],
  ["/scoring-models", CREDIT_ADMIN_ROLES],
  ["/audit", PLATFORM_ADMIN_ROLES],
  ["/reports", PARTNER_ROLES],
  ["/welcome", PARTNER_ROLES],
];

/** Whether a role may open a console path (used to honour "return to" links after sign-in). */
export function canVisit(role: TRole, path: string): boolean {
  const section = SECTIONS.find(([prefix]) => path === prefix || path.startsWith(prefix + "/") || path.startsWith(prefix + "?"));
  return section !== undefined && section[1].includes(role);
}
