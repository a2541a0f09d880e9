import {
  CONSOLE_ROLES,
  ZErrorEnvelope,
  ZMe,
  ZSession,
  ZValidationIssue,
  type TErrorCode,
  type TMe,
  type TSession,
  type TValidationIssue,
} from "@xinyi/shared";
import { sessionStore } from "./session";

/** Same-origin API root; the Vite dev server proxies /api to the local server. */
export const API_BASE = "/api/v1";

/**
 * Codes the client itself produces when there is no (recognised) server envelope to carry;
 * UNKNOWN_ERROR carries a server envelope whose code this build's catalog does not know.
 */
export type TClientErrorCode = "NETWORK_ERROR" | "BAD_RESPONSE" | "UNKNOWN_ERROR";

/** Anything with a zod-style `safeParse` (kept structural so the admin needs no direct zod import). */
export interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: unknown };
}

/** A failed API call, carrying the server's error envelope (or a client-made equivalent). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: TErrorCode | TClientErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: TErrorCode | TClientErrorCode;
    message: string;
    details?: Record<string, unknown>;
    requestId?: string;
  }) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
  }

  /** Validation issues (`details.issues[]`, paths like `body.quota`); empty when absent or malformed. */
  get issues(): TValidationIssue[] {
    const raw = this.details?.["issues"];
    if (!Array.isArray(raw)) return [];
    const out: TValidationIssue[] = [];
    for (const item of raw) {
      const parsed = ZValidationIssue.safeParse(item);
      if (parsed.success) out.push(parsed.data);
    }
    return out;
  }
}

/** Turn any thrown value into something with a user-facing Chinese message. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return "操作失败，请稍后重试";
}

function looseEnvelope(body: unknown): { message: string; requestId?: string } | null {
  if (!body || typeof body !== "object" || !("error" in body)) return null;
  const error: unknown = body.error;
  if (!error || typeof error !== "object" || !("message" in error) || typeof error.message !== "string") return null;
  const requestId = "requestId" in error && typeof error.requestId === "string" ? error.requestId : undefined;
  return { message: error.message, ...(requestId ? { requestId } : {}) };
}

async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = undefined;
  try {
    body = await res.json();
  } catch {
    // not JSON (e.g. a proxy's HTML error page)
  }
  const envelope = ZErrorEnvelope.safeParse(body);
  if (envelope.success) {
    const { code, message, details, requestId } = envelope.data.error;
    return new ApiError({ status: res.status, code, message, details, requestId });
  }
  // A newer server may use a code this build does not know yet: keep its message.
  const loose = looseEnvelope(body);
  if (loose) return new ApiError({ status: res.status, code: "UNKNOWN_ERROR", ...loose });
  return new ApiError({
    status: res.status,
    code: res.status >= 500 ? "INTERNAL" : "BAD_RESPONSE",
    message: `服务器暂时无法处理请求（HTTP ${res.status}），请稍后重试`,
  });
}

/** A request body ready to send: JSON-encoded, or raw text (file uploads) with its content type. */
interface TPayload {
  text: string;
  contentType: string;
}

function jsonPayload(body: unknown): TPayload | undefined {
  return body === undefined ? undefined : { text: JSON.stringify(body), contentType: "application/json" };
}

async function rawFetch(
  method: string,
  path: string,
  payload: TPayload | undefined,
  accessToken: string | null,
  accept = "application/json",
): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  if (payload !== undefined) headers["Content-Type"] = payload.contentType;
  if (accessToken) headers["Authorization"] = `Bearer ${accessToken}`;
  try {
    return await fetch(API_BASE + path, {
      method,
      headers,
      body: payload?.text,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError({ status: 0, code: "NETWORK_ERROR", message: "网络连接失败，请检查网络后重试" });
  }
}

let refreshInFlight: Promise<boolean> | null = null;

/** Exchange the stored refresh token for a new session. Concurrent callers share one attempt. */
function refreshSession(): Promise<boolean> {
  if (!refreshInFlight) {
    refreshInFlight = doRefresh().finally(() => {
      refreshInFlight = null;
    });
  }
  return refreshInFlight;
}

async function doRefresh(): Promise<boolean> {
  const session = sessionStore.get();
  if (!session) return false;
  let res: Response;
  try {
    res = await rawFetch("POST", "/auth/refresh", jsonPayload({ refreshToken: session.refreshToken }), null);
  } catch {
    // Network trouble: keep the session, the caller sees the original 401.
    return false;
  }
  if (!res.ok) {
    // The refresh token is expired, revoked or reused: the session is over.
    if (res.status === 401 || res.status === 403) sessionStore.clear();
    return false;
  }
  const parsed = ZSession.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) return false;
  sessionStore.set(parsed.data);
  return true;
}

/**
 * Send a request; with `auth`, attach the access token and, on 401 AUTH_TOKEN_INVALID,
 * refresh the session once and retry. Returns the successful Response; throws ApiError.
 */
async function send(
  method: string,
  path: string,
  payload: TPayload | undefined,
  auth: boolean,
  accept?: string,
): Promise<Response> {
  if (!auth) {
    const res = await rawFetch(method, path, payload, null, accept);
    if (!res.ok) throw await errorFromResponse(res);
    return res;
  }

  const tokenUsed = sessionStore.get()?.accessToken ?? null;
  if (!tokenUsed) {
    throw new ApiError({ status: 401, code: "AUTH_REQUIRED", message: "请先登录" });
  }
  let res = await rawFetch(method, path, payload, tokenUsed, accept);
  if (res.ok) return res;

  let err = await errorFromResponse(res);
  if (err.status === 401 && err.code === "AUTH_TOKEN_INVALID") {
    // Another request may already have refreshed while this one was in flight.
    const latest = sessionStore.get()?.accessToken ?? null;
    const canRetry = latest !== null && latest !== tokenUsed ? true : await refreshSession();
    const retryToken = sessionStore.get()?.accessToken ?? null;
    if (canRetry && retryToken) {
      res = await rawFetch(method, path, payload, retryToken, accept);
      if (res.ok) return res;
      err = await errorFromResponse(res);
    }
  }
  if (err.status === 401 && (err.code === "AUTH_TOKEN_INVALID" || err.code === "AUTH_REQUIRED")) {
    sessionStore.clear();
  }
  throw err;
}

async function parseBody<T>(res: Response, schema: Schema<T>): Promise<T> {
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ApiError({ status: res.status, code: "BAD_RESPONSE", message: "服务器返回的数据无法解析" });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    console.error("Response failed schema validation", res.url, parsed.error);
    throw new ApiError({ status: res.status, code: "BAD_RESPONSE", message: "服务器返回的数据格式不正确" });
  }
  return parsed.data;
}

/** JSON request whose response body is validated with `schema`. */
export async function requestJson<T>(
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  schema: Schema<T>,
  options: { body?: unknown; auth?: boolean } = {},
): Promise<T> {
  const res = await send(method, path, jsonPayload(options.body), options.auth ?? true);
  return parseBody(res, schema);
}

/**
 * Send raw text (e.g. an uploaded CSV or JSON file, unparsed) with its own content type;
 * the JSON response is validated with `schema`. Same auth and refresh handling as requestJson.
 */
export async function requestRawBody<T>(
  method: "POST" | "PUT",
  path: string,
  schema: Schema<T>,
  body: { text: string; contentType: string },
): Promise<T> {
  const res = await send(method, path, body, true);
  return parseBody(res, schema);
}

/** GET a file (e.g. a CSV export) with the access token; returns its bytes and the server's file name, if any. */
export async function requestFile(path: string): Promise<{ blob: Blob; fileName: string | undefined }> {
  const res = await send("GET", path, undefined, true, "*/*");
  const blob = await res.blob();
  return { blob, fileName: fileNameFromDisposition(res.headers.get("Content-Disposition")) };
}

function fileNameFromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  const encoded = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim().replace(/^"|"$/g, ""));
    } catch {
      // fall through to the plain form
    }
  }
  return /filename\s*=\s*"?([^";]+)"?/i.exec(header)?.[1]?.trim();
}

/** Request whose response body (if any) is ignored, e.g. 204. */
export async function requestNoContent(
  method: "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  options: { body?: unknown; auth?: boolean } = {},
): Promise<void> {
  await send(method, path, jsonPayload(options.body), options.auth ?? true);
}

// ---------------------------------------------------------------------------
// Endpoints used by the console

const consoleRoles: readonly string[] = CONSOLE_ROLES;

export async function login(username: string, password: string): Promise<TSession> {
  const session = await requestJson("POST", "/auth/console/login", ZSession, {
    body: { username, password },
    auth: false,
  });
  if (!consoleRoles.includes(session.user.role)) {
    throw new ApiError({ status: 403, code: "FORBIDDEN", message: "该账号不能登录管理后台" });
  }
  // The login answer does not say a bank operator's post; `/me` does. Read it before the session
  // is stored, so the first screen is already the right one (best effort: the layout re-reads it).
  const full = { ...session, user: (await meWith(session.accessToken)) ?? session.user };
  sessionStore.set(full);
  return full;
}

async function meWith(accessToken: string): Promise<TMe | null> {
  try {
    const res = await rawFetch("GET", "/me", undefined, accessToken);
    if (!res.ok) return null;
    const parsed = ZMe.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Revoke the refresh token server-side (best effort) and forget the session locally. */
export async function logout(): Promise<void> {
  const session = sessionStore.get();
  try {
    if (session) {
      await requestNoContent("POST", "/auth/logout", { body: { refreshToken: session.refreshToken } });
    }
  } catch {
    // Signing out locally must work even when the server is unreachable or the token already died.
  } finally {
    sessionStore.clear();
  }
}

/** Re-read the current user and keep the stored session's copy up to date. */
export async function fetchMe(): Promise<TMe> {
  const me = await requestJson("GET", "/me", ZMe);
  const session = sessionStore.get();
  if (session && JSON.stringify(session.user) !== JSON.stringify(me)) {
    sessionStore.set({ ...session, user: me });
  }
  return me;
}
