import type restify from "restify";
import { z } from "zod";
import { DomainError } from "../../core/errors/domain-error.js";
import { codeForStatus, ERROR_CODES, type ErrorCode } from "../../core/errors/error-codes.js";
import { known, type PublicError, publicError } from "../../core/errors/public-error.js";

/**
 * The one error shape of every HTTP route, `{ error: { code, message } }`,
 * with the status the error-code table (core/errors/error-codes.ts) gives
 * the code.
 */
export function sendError(res: restify.Response, code: ErrorCode, message: string = ERROR_CODES[code].message): void {
  res.status(ERROR_CODES[code].status);
  res.json({ error: { code, message } });
}

/** A restify error (404 for an unknown route, 405, 413, invalid JSON ...) or a thrown one, as it may be shown. */
export function httpFailure(err: unknown): PublicError {
  if (err instanceof DomainError || err instanceof z.ZodError) return publicError(err);
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  if (err instanceof Error && typeof status === "number") {
    const code = codeForStatus(status);
    // Restify's 4xx messages describe the request ("/x does not exist"); its 5xx ones may not be shown.
    if (status < 500) return known(code, err.message || undefined);
    return { ...known(code), unexpected: true };
  }
  return publicError(err);
}
