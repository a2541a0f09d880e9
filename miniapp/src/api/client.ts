import Taro from "@tarojs/taro";
import { ERROR_CATALOG, type TSession } from "@xinyi/shared";
import { clearSession, getTokens, saveSession } from "../lib/session";

/** All routes live under this prefix; API_ORIGIN is empty on H5 (same origin). */
export const API_BASE = `${API_ORIGIN}/api/v1`;

/** An API failure: `code` is stable (ERROR_CATALOG or NETWORK_ERROR), `message` is Chinese and meant for the user. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  readonly requestId?: string;

  constructor(code: string, message: string, status: number, details?: Record<string, unknown>, requestId?: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.details = details;
    this.requestId = requestId;
  }
}

/** The message to show for anything thrown by an API call or page code. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "操作失败，请稍后重试";
}

/**
 * Like errorMessage, but for a refused form: the first field message of a validation failure
 * (e.g. "身份证号码校验位不正确") rather than the generic "提交的内容有误".
 */
export function formErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.code === "VALIDATION_FAILED") {
    const issues = error.details?.issues;
    if (Array.isArray(issues)) {
      const first: unknown = issues[0];
      if (isRecord(first) && typeof first.message === "string" && first.message) return first.message;
    }
  }
  return errorMessage(error);
}

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface RequestOptions {
  method?: HttpMethod;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the access token and refresh it once on 401 (default true). */
  auth?: boolean;
}

interface RawResponse {
  status: number;
  data: unknown;
}

async function send(path: string, options: RequestOptions, accessToken: string | undefined): Promise<RawResponse> {
  const header: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (options.body !== undefined) header["Content-Type"] = "application/json";
  if (accessToken) header.Authorization = `Bearer ${accessToken}`;
  try {
    const res = await Taro.request<unknown>({
      url: `${API_BASE}${path}`,
      method: options.method ?? "GET",
      data: options.body as TaroGeneral.IAnyObject | undefined,
      header,
      dataType: "json",
      timeout: 15000,
    });
    return { status: res.statusCode, data: res.data };
  } catch {
    throw new ApiError("NETWORK_ERROR", "网络连接失败，请检查网络后重试", 0);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Turns a non-2xx response into an ApiError, preferring the server's envelope. */
function toApiError(res: RawResponse): ApiError {
  const envelope = isRecord(res.data) && isRecord(res.data.error) ? res.data.error : undefined;
  if (envelope && typeof envelope.code === "string" && typeof envelope.message === "string") {
    return new ApiError(
      envelope.code,
      envelope.message,
      res.status,
      isRecord(envelope.details) ? envelope.details : undefined,
      typeof envelope.requestId === "string" ? envelope.requestId : undefined,
    );
  }
  if (res.status === 401) return new ApiError("AUTH_REQUIRED", ERROR_CATALOG.AUTH_REQUIRED.message, 401);
  if (res.status === 403) return new ApiError("FORBIDDEN", ERROR_CATALOG.FORBIDDEN.message, 403);
  if (res.status === 404) return new ApiError("NOT_FOUND", ERROR_CATALOG.NOT_FOUND.message, 404);
  if (res.status === 429) return new ApiError("RATE_LIMITED", ERROR_CATALOG.RATE_LIMITED.message, 429);
  if (res.status >= 500) return new ApiError("INTERNAL", ERROR_CATALOG.INTERNAL.message, res.status);
  return new ApiError("HTTP_ERROR", `请求失败（${res.status}），请稍后重试`, res.status);
}

let sessionExpiredHandler: (() => void) | undefined;

/** Called once the session cannot be renewed (the app sends the user to the login page). */
export function onSessionExpired(handler: () => void): void {
  sessionExpiredHandler = handler;
}

let refreshing: Promise<boolean> | undefined;

/** Exchanges the refresh token for a new session; concurrent callers share one request. */
function refreshSession(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      const tokens = getTokens();
      if (!tokens) return false;
      const res = await send("/auth/refresh", { method: "POST", body: { refreshToken: tokens.refreshToken } }, undefined);
      if (res.status >= 200 && res.status < 300 && isRecord(res.data) && typeof res.data.accessToken === "string") {
        saveSession(res.data as unknown as TSession);
        return true;
      }
      // Only a definite refusal ends the session; a network failure leaves the tokens for a later retry.
      if (res.status === 401) return false;
      throw toApiError(res);
    })().finally(() => {
      refreshing = undefined;
    });
  }
  return refreshing;
}

/** Drops the session once (concurrent failures must not send the user to the login page twice). */
function expireSession(): void {
  if (!getTokens()) return;
  clearSession();
  sessionExpiredHandler?.();
}

/**
 * Exchanges the refresh token now, so the next access token carries what changed on the server
 * (after real-name or enterprise binding: the subject, and for an enterprise the new role).
 * A definite refusal ends the session as a 401 would.
 */
export async function renewSession(): Promise<void> {
  if (await refreshSession()) return;
  expireSession();
  throw new ApiError("AUTH_REFRESH_INVALID", ERROR_CATALOG.AUTH_REFRESH_INVALID.message, 401);
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const useAuth = options.auth !== false;
  const sentToken = useAuth ? getTokens()?.accessToken : undefined;
  let res = await send(path, options, sentToken);

  if (res.status === 401 && sentToken) {
    // Another request may have renewed the session meanwhile: then just retry with the new token.
    const current = getTokens()?.accessToken;
    const renewed = current !== undefined && current !== sentToken ? true : await refreshSession();
    if (!renewed) {
      expireSession();
      throw new ApiError("AUTH_REFRESH_INVALID", ERROR_CATALOG.AUTH_REFRESH_INVALID.message, 401);
    }
    res = await send(path, options, getTokens()?.accessToken);
    if (res.status === 401) {
      expireSession();
      throw toApiError(res);
    }
  }

  if (res.status < 200 || res.status >= 300) throw toApiError(res);
  return (res.status === 204 ? undefined : res.data) as T;
}

/** Waits between automatic retries of one tap after a network failure. */
const RETRY_DELAYS_MS = [600, 1500];

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Failures after which the request may not have reached the server, or may be retried safely. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ApiError && (error.code === "NETWORK_ERROR" || error.status === 502 || error.status === 503 || error.status === 504);
}

/**
 * Runs a write that carries an Idempotency-Key, retrying it a couple of times when the answer was
 * lost on the way: the server applies the write at most once and answers a retry with the first outcome.
 */
export async function withRetries<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !isRetryable(e)) throw e;
      await sleep(delay);
    }
  }
}

/** A fresh key per user action, so a retried request is not applied twice (RFC 4122 v4 layout). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  // Web Crypto exists on H5; older mini-program base libraries have neither it nor globalThis.
  const cryptoApi = typeof crypto !== "undefined" ? crypto : undefined;
  if (cryptoApi && typeof cryptoApi.getRandomValues === "function") {
    cryptoApi.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
