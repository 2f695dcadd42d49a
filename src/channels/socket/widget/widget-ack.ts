import { z } from "zod";
import { CustomerChatError } from "../../../core/customers/customer-chat-error.js";
import { HandoffError } from "../../../core/handoff/errors.js";
import type { Logger } from "../../../observability/logger.js";

/** The acknowledgement shapes of docs/protocol.md. */
export type WidgetAck =
  | ({ ok: true } & Record<string, unknown>)
  | { ok: false; error: { code: string; message: string } };

export function widgetError(code: string, message: string): WidgetAck {
  return { ok: false, error: { code, message } };
}

/** A thrown error as an acknowledgement; unexpected ones are logged and not shown. */
export function errorAck(err: unknown, logger: Logger): WidgetAck {
  if (err instanceof CustomerChatError || err instanceof HandoffError) return widgetError(err.code, err.message);
  if (err instanceof z.ZodError) return widgetError("invalid_input", describeIssue(err));
  logger.error({ err }, "widget event failed");
  return widgetError("internal", "something went wrong; try again");
}

export function describeIssue(err: z.ZodError): string {
  const issue = err.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue?.message ?? "invalid payload"}`;
}
