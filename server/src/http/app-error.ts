import { ERROR_CATALOG, type TErrorCode } from "@xinyi/shared";

/**
 * The one way to refuse a request. The code decides the HTTP status (see
 * ERROR_CATALOG in shared/); the message defaults to the catalog's plain-Chinese text.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: TErrorCode,
    message?: string,
    readonly details?: Record<string, unknown>,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_CATALOG[code].message);
    this.status = ERROR_CATALOG[code].status;
  }
}
