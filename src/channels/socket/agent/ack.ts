import { ERROR_CODES, type ErrorCode } from "../../../core/errors/error-codes.js";
import { publicError } from "../../../core/errors/public-error.js";
import type { Logger } from "../../../observability/logger.js";
import type { AckError } from "../../../protocol/acks.js";

/** The acknowledgement shapes of docs/protocol.md (src/protocol/acks.ts); codes come from core/errors/error-codes.ts. */
export function ackError(code: ErrorCode, message: string = ERROR_CODES[code].message): AckError {
  return { ok: false, error: { code, message } };
}

/** Turns a thrown error into an acknowledgement; unexpected ones are logged and hidden. */
export function toAckError(err: unknown, logger: Logger): AckError {
  const failure = publicError(err);
  if (failure.unexpected) logger.error({ err }, "agent event failed");
  return ackError(failure.code, failure.message);
}
