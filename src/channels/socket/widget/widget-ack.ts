import { ERROR_CODES, type ErrorCode } from "../../../core/errors/error-codes.js";
import { publicError } from "../../../core/errors/public-error.js";
import type { Logger } from "../../../observability/logger.js";

/** The acknowledgement shapes of docs/protocol.md; codes come from core/errors/error-codes.ts. */
export type WidgetAck =
  | ({ ok: true } & Record<string, unknown>)
  | { ok: false; error: { code: ErrorCode; message: string } };

export function widgetError(code: ErrorCode, message: string = ERROR_CODES[code].message): WidgetAck {
  return { ok: false, error: { code, message } };
}

/** A thrown error as an acknowledgement; unexpected ones are logged and not shown. */
export function errorAck(err: unknown, logger: Logger): WidgetAck {
  const failure = publicError(err);
  if (failure.unexpected) logger.error({ err }, "widget event failed");
  return widgetError(failure.code, failure.message);
}
