import type restify from "restify";
import type { BotLogic } from "../../bot/event-turns.js";
import { codeForStatus } from "../../core/errors/error-codes.js";
import { describeIssue } from "../../core/errors/public-error.js";
import type { Logger } from "../../observability/logger.js";
import { sendError } from "../http/http-errors.js";
import type { RequestWithLog } from "../http/server.js";
import { activityShape } from "./activity-shape.js";
import type { SkrankeCloudAdapter } from "./skranke-cloud-adapter.js";

/**
 * Runs CloudAdapter.process for a request, answering every failure in the
 * server's error shape: an activity outside ./activity-shape.ts (or one
 * botbuilder's own schema refuses) as 400 `invalid_input`, and botbuilder's
 * own answers through the wrapper below.
 */
export async function processActivity(
  adapter: SkrankeCloudAdapter,
  req: restify.Request,
  res: restify.Response,
  logic: BotLogic,
): Promise<void> {
  const log = (req as RequestWithLog).reqLog;
  const shape = activityShape.safeParse(req.body);
  if (!shape.success) {
    sendError(res, "invalid_input", `activity ${describeIssue(shape.error)}`);
    return;
  }
  const answer = botFrameworkResponse(res, log);
  try {
    await adapter.process(req, answer as unknown as restify.Response, logic);
  } catch (err) {
    if (!(err instanceof Error && err.name === "ZodError")) throw err;
    answer.status(400);
    answer.send(err.message);
  }
}

/**
 * The response CloudAdapter.process writes to. Botbuilder answers a failed
 * turn or a refused activity with its own text as the body (`missing
 * activity.channelId`, an authentication library's message, a stack's first
 * line); through this wrapper an error status gets the server's one error
 * shape with the table's code and generic message instead, and botbuilder's
 * text goes to the log. Successful answers (invoke responses) pass unchanged.
 */
export interface BotFrameworkResponse {
  status(code: number): void;
  header(name: string, value: unknown): void;
  send(body?: unknown): void;
  end(): void;
}

export function botFrameworkResponse(res: restify.Response, log: Logger | undefined): BotFrameworkResponse {
  let status = 200;
  let answered = false;
  const refuse = (detail: unknown) => {
    answered = true;
    const code = codeForStatus(status);
    const entry = { status, detail: typeof detail === "string" ? detail.slice(0, 500) : detail };
    if (status >= 500) log?.error(entry, "Bot Framework turn failed");
    else log?.info(entry, "Bot Framework request refused");
    sendError(res, code);
  };
  return {
    status(code) {
      status = code;
      res.status(code);
    },
    header(name, value) {
      res.header(name, value);
    },
    send(body) {
      if (answered) return;
      if (status >= 400) return refuse(body);
      answered = true;
      res.send(body);
    },
    end() {
      if (!answered && status >= 400) refuse(undefined);
      if (!res.writableEnded) res.end();
    },
  };
}
