import { z } from "zod";
import { DomainError } from "./domain-error.js";
import { ERROR_CODES, type ErrorCode } from "./error-codes.js";

/** What a caller is told about a failure; `unexpected` ones are logged by the channel. */
export interface PublicError {
  code: ErrorCode;
  message: string;
  status: number;
  unexpected: boolean;
}

/**
 * Any thrown value as what may be shown: a DomainError's code and message, a
 * validation failure as `invalid_input` naming the field, anything else
 * (driver errors, library messages, programming errors) as `internal` with
 * the table's generic message, never its own text.
 */
export function publicError(err: unknown): PublicError {
  if (err instanceof DomainError) return known(err.code, err.message);
  if (err instanceof z.ZodError) return known("invalid_input", describeIssue(err));
  return {
    code: "internal",
    message: ERROR_CODES.internal.message,
    status: ERROR_CODES.internal.status,
    unexpected: true,
  };
}

export function known(code: ErrorCode, message?: string): PublicError {
  const entry = ERROR_CODES[code];
  return { code, message: message ?? entry.message, status: entry.status, unexpected: false };
}

/** The first problem zod found, as `field: problem`. */
export function describeIssue(err: z.ZodError): string {
  const issue = err.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue?.message ?? "invalid payload"}`;
}
