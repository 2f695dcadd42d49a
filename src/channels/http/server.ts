import { randomUUID } from "node:crypto";
import restify from "restify";
import type { Logger } from "../../observability/logger.js";
import { keepWriteHeadChainable } from "./chainable-write-head.js";
import { compressedBodyReader } from "./compressed-body.js";
import { httpFailure, sendError } from "./http-errors.js";
import { textRuleGuard } from "./text-guard.js";

/** The largest request body, compressed or decompressed. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * The restify HTTP server: request ids, JSON request logs, body parsing with
 * a size limit (gzip bodies too), and one JSON error shape
 * `{ error: { code, message } }` for every failure, with the codes and
 * statuses of core/errors/error-codes.ts. Unexpected errors are logged and
 * answered with a generic `internal`, never with their own message.
 */
export function createHttpServer(logger: Logger): restify.Server {
  const server = restify.createServer({ name: "skranke", handleUncaughtExceptions: false });
  // Socket.IO's long-polling shares this server's responses (./chainable-write-head.ts).
  keepWriteHeadChainable();
  server.pre((req, res, next) => {
    const incoming = req.header("x-request-id");
    const id = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    (req as RequestWithLog).reqLog = logger.child({ reqId: id });
    (req as RequestWithLog).requestId = id;
    res.setHeader("x-request-id", id);
    next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(compressedBodyReader(MAX_BODY_BYTES));
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES, rejectUnknown: true }));
  server.use(textRuleGuard());
  server.on("after", (req: restify.Request, res: restify.Response, route: restify.Route | undefined) => {
    const log = (req as RequestWithLog).reqLog ?? logger;
    const path = req.path();
    if (path === "/healthz" || path === "/readyz") return;
    log.info(
      { method: req.method, path, route: route?.spec?.path, status: res.statusCode, ms: Date.now() - req.time() },
      "request",
    );
  });
  server.on("restifyError", (req: restify.Request, res: restify.Response, err: unknown, cb: () => void) => {
    const failure = httpFailure(err);
    if (failure.unexpected) ((req as RequestWithLog).reqLog ?? logger).error({ err }, "request failed");
    // Answered here, so restify does not send the error object itself (with its own text).
    if (!res.headersSent) sendError(res, failure.code, failure.message);
    cb();
  });
  return server;
}

export type RequestWithLog = restify.Request & { reqLog?: Logger; requestId?: string };

/** The request's child logger (carries its request id). */
export function requestLogger(req: restify.Request, fallback: Logger): Logger {
  return (req as RequestWithLog).reqLog ?? fallback;
}
