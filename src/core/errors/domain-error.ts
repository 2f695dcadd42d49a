import type { ErrorCode } from "./error-codes.js";

/**
 * A refusal the domain explains to the caller: its code is one of
 * ERROR_CODES and its message is meant to be shown. Every other thrown error
 * is unexpected, is logged, and reaches the caller as `internal` with a
 * generic message (./public-error.ts).
 */
export class DomainError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
