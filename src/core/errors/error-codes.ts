/**
 * Every error code a caller can be given, with its HTTP status and whether
 * trying the same request again later may succeed. HTTP answers carry the
 * code in `{ error: { code, message } }`; Socket.IO acknowledgements carry
 * the same code in `{ ok: false, error: { code, message } }`. Channels look
 * statuses up here instead of keeping tables of their own, and a code that
 * is not in this table cannot be sent (docs/protocol.md, docs/security.md).
 *
 * `message` is what a caller is told when the error has no message of its
 * own to show (an unexpected failure, an error from a library).
 */
export const ERROR_CODES = {
  invalid_input: { status: 400, retryable: false, message: "the request is not valid" },
  unauthenticated: { status: 401, retryable: false, message: "log in first" },
  invalid_credentials: { status: 401, retryable: false, message: "wrong e-mail or password" },
  forbidden: { status: 403, retryable: false, message: "you may not do this" },
  disabled: { status: 403, retryable: false, message: "the account is disabled" },
  not_found: { status: 404, retryable: false, message: "not found" },
  method_not_allowed: { status: 405, retryable: false, message: "this method is not allowed here" },
  not_acceptable: { status: 406, retryable: false, message: "no acceptable representation" },
  conflict: { status: 409, retryable: false, message: "the current state does not allow this" },
  exists: { status: 409, retryable: false, message: "it exists already" },
  capacity: { status: 409, retryable: false, message: "no capacity for this" },
  payload_too_large: { status: 413, retryable: false, message: "the request is too large" },
  unsupported_media_type: { status: 415, retryable: false, message: "this content type or encoding is not supported" },
  locked: { status: 423, retryable: true, message: "the account is locked for now" },
  rate_limited: { status: 429, retryable: true, message: "too many requests; wait a moment" },
  internal: { status: 500, retryable: true, message: "something went wrong; try again" },
  not_configured: { status: 503, retryable: false, message: "this endpoint is not configured on this server" },
  unavailable: { status: 503, retryable: true, message: "the service is unavailable; try again later" },
} as const satisfies Record<string, { status: number; retryable: boolean; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_CODES, value);
}

export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

/** The code an HTTP status stands for (statuses set by libraries: restify's 404, 405, 413, ...). */
export function codeForStatus(status: number): ErrorCode {
  for (const [code, entry] of Object.entries(ERROR_CODES) as Array<[ErrorCode, (typeof ERROR_CODES)[ErrorCode]]>) {
    if (entry.status === status) return code;
  }
  if (status >= 500) return "internal";
  return "invalid_input";
}
