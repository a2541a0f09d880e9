export const ROLES = ["citizen", "enterprise", "partner_operator", "regional_admin", "platform_admin"] as const;
export type TRole = (typeof ROLES)[number];

export const ROLE_LABELS: Record<TRole, string> = {
  citizen: "个人用户",
  enterprise: "企业用户",
  partner_operator: "合作机构操作员",
  regional_admin: "州市管理员",
  platform_admin: "平台管理员",
};

/** Roles that sign in to the admin console with username and password. */
export const CONSOLE_ROLES = ["partner_operator", "regional_admin", "platform_admin"] as const satisfies readonly TRole[];
/** Roles that sign in to the mini-program (WeChat or phone + one-time code). */
export const MINIAPP_ROLES = ["citizen", "enterprise"] as const satisfies readonly TRole[];

export const PARTNER_KINDS = ["bank", "tourism", "rental", "transport", "agency", "other"] as const;
export type TPartnerKind = (typeof PARTNER_KINDS)[number];
export const PARTNER_KIND_LABELS: Record<TPartnerKind, string> = {
  bank: "银行",
  tourism: "文旅",
  rental: "租赁",
  transport: "交通出行",
  agency: "政务服务",
  other: "其他",
};

/**
 * Staff roles inside a bank partner: officers review loan applications; managers keep products,
 * assign work and read the numbers. Operators of other partners have none.
 */
export const BANK_STAFF_ROLES = ["loan_officer", "bank_manager"] as const;
export type TBankStaffRole = (typeof BANK_STAFF_ROLES)[number];
export const BANK_STAFF_ROLE_LABELS: Record<TBankStaffRole, string> = { loan_officer: "信贷员", bank_manager: "银行管理员" };
