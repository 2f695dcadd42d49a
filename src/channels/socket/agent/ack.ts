import { z } from "zod";
import { HandoffError } from "../../../core/handoff/errors.js";
import type { Logger } from "../../../observability/logger.js";

/** The acknowledgement shapes of docs/protocol.md. */
export type AckError = { ok: false; error: { code: string; message: string } };
export type Ack = ({ ok: true } & Record<string, unknown>) | AckError;

export function ackError(code: string, message: string): AckError {
  return { ok: false, error: { code, message } };
}

/** Turns a thrown error into an acknowledgement; unexpected ones are logged and hidden. */
export function toAckError(err: unknown, logger: Logger): AckError {
  if (err instanceof HandoffError) return ackError(err.code, err.message);
  if (err instanceof z.ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return ackError("invalid_input", `${where}${issue?.message ?? "invalid payload"}`);
  }
  logger.error({ err }, "agent event failed");
  return ackError("internal", "something went wrong; try again");
}
