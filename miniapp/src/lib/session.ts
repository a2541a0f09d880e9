import Taro from "@tarojs/taro";
import type { TMe, TSession } from "@xinyi/shared";

/** Tokens and the last known profile, kept in Taro storage (localStorage on H5). */
const KEY_TOKENS = "xinyi.tokens";
const KEY_USER = "xinyi.user";

export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
}

function read<T>(key: string): T | undefined {
  try {
    const value: unknown = Taro.getStorageSync(key);
    if (value === "" || value === null || value === undefined) return undefined;
    return value as T;
  } catch {
    return undefined;
  }
}

export function getTokens(): StoredTokens | undefined {
  const tokens = read<StoredTokens>(KEY_TOKENS);
  return tokens && typeof tokens.accessToken === "string" && typeof tokens.refreshToken === "string" ? tokens : undefined;
}

export function isSignedIn(): boolean {
  const tokens = getTokens();
  if (!tokens) return false;
  const refreshExpiry = Date.parse(tokens.refreshTokenExpiresAt);
  return Number.isNaN(refreshExpiry) || refreshExpiry > Date.now();
}

export function getCachedUser(): TMe | undefined {
  return read<TMe>(KEY_USER);
}

export function cacheUser(user: TMe): void {
  Taro.setStorageSync(KEY_USER, user);
}

export function saveSession(session: TSession): void {
  const tokens: StoredTokens = {
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    accessTokenExpiresAt: session.accessTokenExpiresAt,
    refreshTokenExpiresAt: session.refreshTokenExpiresAt,
  };
  Taro.setStorageSync(KEY_TOKENS, tokens);
  cacheUser(session.user);
}

export function clearSession(): void {
  Taro.removeStorageSync(KEY_TOKENS);
  Taro.removeStorageSync(KEY_USER);
}
