import type { TBankStaffRole, TMe, TRole } from "@xinyi/shared";

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

// ---------------------------------------------------------------- bank staff (信易贷)

/**
 * A bank operator's post, or undefined for anyone who is not bank staff. `/me` carries the
 * partner's kind and the post the bank routes read; none stored counts as bank_manager.
 */
export function bankPostOf(user: TMe): TBankStaffRole | undefined {
  if (user.role !== "partner_operator" || user.partner?.kind !== "bank") return undefined;
  return user.staffRole ?? "bank_manager";
}

/** Who may open a screen: the menu and the routes ask the same question. */
export type TAudience = (user: TMe) => boolean;

const byRoles =
  (roles: readonly TRole[]): TAudience =>
  (user) =>
    roles.includes(user.role);

/** Bank staff of either post: the review queue, application details, the demands board. */
export const BANK_STAFF: TAudience = (user) => bankPostOf(user) !== undefined;
/** Bank managers: products, assignments, the bank's numbers. */
export const BANK_MANAGER: TAudience = (user) => bankPostOf(user) === "bank_manager";
/** Loan products and their details: the bank's managers, and the administrators who review them. */
export const LOAN_PRODUCT_VIEWERS: TAudience = (user) => BANK_MANAGER(user) || isScenarioAdmin(user.role);
/** 产品审核: administrators. */
export const LOAN_REVIEWERS: TAudience = byRoles(SCENARIO_ADMIN_ROLES);
/** 贷款统计: a bank manager (own bank), administrators (their region). */
export const LOAN_STATS_VIEWERS: TAudience = (user) => BANK_MANAGER(user) || isScenarioAdmin(user.role);
/** 节假日: the platform administrator keeps the holiday list. */
export const CALENDAR_KEEPERS: TAudience = byRoles(PLATFORM_ADMIN_ROLES);
/** Benefit scenarios and the counter: as before, except loan officers (their work is the loan queue). */
export const SCENARIO_USERS: TAudience = (user) => byRoles(SCENARIO_ROLES)(user) && bankPostOf(user) !== "loan_officer";
/** 核销台: as before, except loan officers. */
export const COUNTER_USERS: TAudience = (user) => byRoles(COUNTER_ROLES)(user) && bankPostOf(user) !== "loan_officer";
/** The partner's operator accounts: partner operators, except loan officers. */
export const OPERATOR_KEEPERS: TAudience = (user) => byRoles(PARTNER_ROLES)(user) && bankPostOf(user) !== "loan_officer";

/** 异议 and 信用修复 queues and case pages: the prefecture's administrators and the platform. */
export const CREDIT_RIGHTS_HANDLERS: TAudience = byRoles(SCENARIO_ADMIN_ROLES);
/** Deadlines, limits and period rules are the province's: the platform administrator edits them. */
export const CREDIT_RIGHTS_KEEPERS: TAudience = byRoles(PLATFORM_ADMIN_ROLES);
/** 信易批 departments: a regional administrator, or an operator of a partner of kind agency (政务服务). */
export const COMMITMENT_DEPARTMENTS: TAudience = (user) => user.role === "regional_admin" || (user.role === "partner_operator" && user.partner?.kind === "agency");
/** The case list and pages: departments, and the platform, which supervises (read-only). */
export const COMMITMENT_VIEWERS: TAudience = (user) => user.role === "platform_admin" || COMMITMENT_DEPARTMENTS(user);
/** 信用变动: every partner's operators (banks included) read the events of subjects who consented to their organisation. */
export const CREDIT_EVENT_READERS: TAudience = byRoles(PARTNER_ROLES);

/** Where a user lands after signing in. */
export function homePathFor(user: TMe): string {
  if (isScenarioAdmin(user.role)) return "/scenarios";
  if (BANK_STAFF(user)) return "/loans/applications";
  return "/counter";
}

/** Console sections (path prefixes) and who may open them. */
const SECTIONS: readonly (readonly [string, TAudience])[] = [
  ["/scenarios", SCENARIO_USERS],
  ["/review", byRoles(SCENARIO_ADMIN_ROLES)],
  ["/partners", byRoles(SCENARIO_ADMIN_ROLES)],
  ["/counter", COUNTER_USERS],
  ["/operators", OPERATOR_KEEPERS],
  ["/subjects", byRoles(CREDIT_ADMIN_ROLES)],
  ["/records", byRoles(CREDIT_ADMIN_ROLES)],
  ["/imports", byRoles(CREDIT_ADMIN_ROLES)],
  ["/mandates", byRoles(CREDIT_ADMIN_ROLES)],
  ["/scoring-models", byRoles(CREDIT_ADMIN_ROLES)],
  ["/audit", byRoles(PLATFORM_ADMIN_ROLES)],
  ["/reports", byRoles(PARTNER_ROLES)],
  ["/welcome", byRoles(PARTNER_ROLES)],
  ["/loans/products", LOAN_PRODUCT_VIEWERS],
  ["/loans/review", LOAN_REVIEWERS],
  ["/loans/applications", BANK_STAFF],
  ["/loans/demands", BANK_STAFF],
  ["/loans/stats", LOAN_STATS_VIEWERS],
  ["/loans/calendar", CALENDAR_KEEPERS],
  ["/credit-rights/settings", CREDIT_RIGHTS_KEEPERS],
  ["/credit-rights", CREDIT_RIGHTS_HANDLERS],
  ["/commitments", COMMITMENT_VIEWERS],
  ["/credit-events", CREDIT_EVENT_READERS],
];

/** Whether a user may open a console path (used to honour "return to" links after sign-in). */
export function canVisit(user: TMe, path: string): boolean {
  const section = SECTIONS.find(([prefix]) => path === prefix || path.startsWith(prefix + "/") || path.startsWith(prefix + "?"));
  return section !== undefined && section[1](user);
}
