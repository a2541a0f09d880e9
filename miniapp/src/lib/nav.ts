import Taro from "@tarojs/taro";

export const ROUTES = {
  home: "/pages/home/index",
  credit: "/pages/credit/index",
  benefits: "/pages/benefits/index",
  mine: "/pages/mine/index",
  login: "/pages/login/index",
  region: "/pages/region/index",
  scenario: "/pages/scenario/index",
  bind: "/pages/bind/index",
  consent: "/pages/consent/index",
  voucher: "/pages/voucher/index",
  enterprise: "/pages/enterprise/index",
  loans: "/pages/loans/index",
  loanProduct: "/pages/loan-product/index",
  loanApplications: "/pages/loan-applications/index",
  loanApplication: "/pages/loan-application/index",
  loanDemand: "/pages/loan-demand/index",
  creditRecord: "/pages/credit-record/index",
  objection: "/pages/objection/index",
  repair: "/pages/repair/index",
  objections: "/pages/objections/index",
  repairs: "/pages/repairs/index",
  commitments: "/pages/commitments/index",
  commitment: "/pages/commitment/index",
  messages: "/pages/messages/index",
} as const;

export type TabKey = "home" | "credit" | "benefits" | "mine";

export const isH5 = process.env.TARO_ENV === "h5";

/**
 * Switches tab. weapp keeps tab pages alive (native tab bar); on H5 the pages draw their own
 * tab bar and a relaunch keeps a single live page, so stale copies never linger in the DOM.
 */
export function goTab(tab: TabKey): Promise<unknown> {
  const url = ROUTES[tab];
  return isH5 ? Taro.reLaunch({ url }) : Taro.switchTab({ url });
}

/** Clears the page stack and opens the login page (unless it is already showing). */
export function goLogin(): void {
  const pages = Taro.getCurrentPages();
  const current = pages[pages.length - 1];
  if (current && `/${current.route ?? ""}`.startsWith(ROUTES.login)) return;
  void Taro.reLaunch({ url: ROUTES.login });
}

export function goRegion(from?: "mine"): Promise<unknown> {
  return from ? Taro.navigateTo({ url: `${ROUTES.region}?from=${from}` }) : Taro.reLaunch({ url: ROUTES.region });
}

export function goHome(): Promise<unknown> {
  return Taro.reLaunch({ url: ROUTES.home });
}

export function openScenario(id: string): Promise<unknown> {
  return Taro.navigateTo({ url: `${ROUTES.scenario}?id=${encodeURIComponent(id)}` });
}

export type BindMode = "citizen" | "enterprise";

/** 实名认证 (citizen) or 企业认证 (enterprise). */
export function openBind(mode: BindMode = "citizen"): Promise<unknown> {
  return Taro.navigateTo({ url: `${ROUTES.bind}?mode=${mode}` });
}

/** 授权管理. */
export function openConsent(): Promise<unknown> {
  return Taro.navigateTo({ url: ROUTES.consent });
}

/** A voucher of 我的权益: QR code, 券码, status, 取消领取. */
export function openVoucher(claimId: string): Promise<unknown> {
  return Taro.navigateTo({ url: `${ROUTES.voucher}?id=${encodeURIComponent(claimId)}` });
}

/** 企业授权管理 for the legal representative of one of the account's enterprises. */
export function openEnterprise(subjectId: string): Promise<unknown> {
  return Taro.navigateTo({ url: `${ROUTES.enterprise}?id=${encodeURIComponent(subjectId)}` });
}

/** 信易贷: the loan products open to me, with my terms. */
export function openLoans(): Promise<unknown> {
  return Taro.navigateTo({ url: ROUTES.loans });
}

/** A loan product; `apply` opens its application form (with the consent) instead of the detail. */
export function openLoanProduct(id: string, apply = false): Promise<unknown> {
  return Taro.navigateTo({ url: `${ROUTES.loanProduct}?id=${encodeURIComponent(id)}${apply ? "&apply=1" : ""}` });
}

/** 我的贷款申请. */
export function openLoanApplications(): Promise<unknown> {
  return Taro.navigateTo({ url: ROUTES.loanApplications });
}

/**
 * One of my loan applications. `replace` swaps the current page for it (after submitting a form,
 * so that going back does not land on the spent form).
 */
export function openLoanApplication(id: string, replace = false): Promise<unknown> {
  const url = `${ROUTES.loanApplication}?id=${encodeURIComponent(id)}`;
  return replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url });
}

/** 融资需求 (enterprise accounts). */
export function openLoanDemand(): Promise<unknown> {
  return Taro.navigateTo({ url: ROUTES.loanDemand });
}

/** One of my credit records: its dates, and 异议 / 信用修复. */
export function openCreditRecord(recordId: string): Promise<unknown> {
  return Taro.navigateTo({ url: `${ROUTES.creditRecord}?id=${encodeURIComponent(recordId)}` });
}

/** 提出异议 about one of my records (the form). */
export function openObjectionForm(recordId: string): Promise<unknown> {
  return Taro.navigateTo({ url: `${ROUTES.objection}?recordId=${encodeURIComponent(recordId)}` });
}

/** One of my objections; `replace` after submitting, so going back does not land on the spent form. */
export function openObjection(id: string, replace = false): Promise<unknown> {
  const url = `${ROUTES.objection}?id=${encodeURIComponent(id)}`;
  return replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url });
}

/** 我的异议. */
export function openObjections(): Promise<unknown> {
  return Taro.navigateTo({ url: ROUTES.objections });
}

/** 申请信用修复 of one of my records (the form). */
export function openRepairForm(recordId: string): Promise<unknown> {
  return Taro.navigateTo({ url: `${ROUTES.repair}?recordId=${encodeURIComponent(recordId)}` });
}

/** One of my repair applications; `replace` after submitting. */
export function openRepair(id: string, replace = false): Promise<unknown> {
  const url = `${ROUTES.repair}?id=${encodeURIComponent(id)}`;
  return replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url });
}

/** 我的信用修复. */
export function openRepairs(): Promise<unknown> {
  return Taro.navigateTo({ url: ROUTES.repairs });
}
