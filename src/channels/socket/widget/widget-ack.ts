import { ERROR_CODES, type ErrorCode } from "../../../core/errors/error-codes.js";
import { publicError } from "../../../core/errors/public-error.js";
import type { Logger } from "../../../observability/logger.js";
import type { Ack, AckError } from "../../../protocol/acks.js";

/** The acknowledgement shapes of docs/protocol.md (src/protocol/acks.ts); codes come from core/errors/error-codes.ts. */
export type WidgetAck = Ack<object>;

export function widgetError(code: ErrorCode, message: string = ERROR_CODES[code].message): AckError {
  return { ok: false, error: { code, message } };
}

/** A thrown error as an acknowledgement; unexpected ones are logged and not shown. */
export function errorAck(err: unknown, logger: Logger): AckError {
  const failure = publicError(err);
  if (failure.unexpected) logger.error({ err }, "widget event failed");
  return widgetError(failure.code, failure.message);
}
