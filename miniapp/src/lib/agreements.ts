import Taro from "@tarojs/taro";
import type { TMe, TPrivacyDocumentKind } from "@xinyi/shared";
import { getPrivacyStatus } from "../api/privacy";
import { goHome, goRegion } from "./nav";
import { getCachedUser, isSignedIn } from "./session";

export const PRIVACY_ROUTES = {
  agreement: "/pages/agreement/index",
  privacy: "/pages/privacy/index",
  closeAccount: "/pages/close-account/index",
} as const;

/** Where a signed-in user goes once the agreements are settled: pick a prefecture first if the profile has none. */
export function goOnAfterAgreement(user: TMe | undefined = getCachedUser()): Promise<unknown> {
  return user?.prefectureCode ? goHome() : goRegion();
}

/**
 * After login: the agreement page when the account has not accepted the current user agreement
 * and privacy notice, or consented to an older version of the sensitive-information rules;
 * otherwise on as before. If the status cannot be read, the agreement page loads it itself.
 */
export async function continueAfterLogin(user: TMe): Promise<unknown> {
  try {
    const status = await getPrivacyStatus();
    if (!status.mustAccept && !status.sensitiveRenewal) return goOnAfterAgreement(user);
  } catch {
    // fall through: the agreement page shows the error and a retry
  }
  return Taro.reLaunch({ url: PRIVACY_ROUTES.agreement });
}

/**
 * On launch with a stored session: a version published since the last visit is asked for before
 * anything else. Skipped on the login and agreement pages themselves.
 */
export async function checkAgreementsOnLaunch(): Promise<void> {
  if (!isSignedIn()) return;
  const status = await getPrivacyStatus().catch(() => undefined);
  if (!status || (!status.mustAccept && !status.sensitiveRenewal)) return;
  const route = await firstPageRoute();
  if (!route || route.startsWith("/pages/login/") || route.startsWith(PRIVACY_ROUTES.agreement) || !isSignedIn()) return;
  await Taro.reLaunch({ url: PRIVACY_ROUTES.agreement });
}

/** The route of the page on top; at launch the first page may not be mounted yet, so wait for it a little. */
async function firstPageRoute(): Promise<string | undefined> {
  for (let i = 0; i < 30; i++) {
    const pages = Taro.getCurrentPages();
    const route = pages[pages.length - 1]?.route;
    if (route) return `/${route.replace(/^\//, "")}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

/** The documents to read (from 我的), without the consent boxes; `kind` opens one. */
export function openDocuments(kind?: TPrivacyDocumentKind): Promise<unknown> {
  return Taro.navigateTo({ url: `${PRIVACY_ROUTES.agreement}?mode=read${kind ? `&kind=${kind}` : ""}` });
}

export function openPrivacy(): Promise<unknown> {
  return Taro.navigateTo({ url: PRIVACY_ROUTES.privacy });
}

export function openCloseAccount(): Promise<unknown> {
  return Taro.navigateTo({ url: PRIVACY_ROUTES.closeAccount });
}
