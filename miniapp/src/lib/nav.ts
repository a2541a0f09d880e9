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
