import { randomUUID } from "node:crypto";
import restify from "restify";
import type { Logger } from "../../observability/logger.js";
import { keepWriteHeadChainable } from "./chainable-write-head.js";

/**
 * The restify HTTP server: request ids, JSON request logs, body parsing with
 * a size limit, and the JSON error shape `{ error: { code, message } }`.
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
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 256 * 1024, rejectUnknown: true }));
  server.on("after", (req: restify.Request, res: restify.Response, route: restify.Route | undefined) => {
    const log = (req as RequestWithLog).reqLog ?? logger;
    const path = req.path();
    if (path === "/healthz" || path === "/readyz") return;
    log.info(
      { method: req.method, path, route: route?.spec?.path, status: res.statusCode, ms: Date.now() - req.time() },
      "request",
    );
  });
  server.on("restifyError", (req: restify.Request, _res: restify.Response, err: RestifyError, cb: () => void) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) ((req as RequestWithLog).reqLog ?? logger).error({ err }, "request failed");
    err.toJSON = () => ({
      error: {
        code: err.code ?? (status >= 500 ? "Internal" : "BadRequest"),
        message: status >= 500 ? "Internal server error" : err.message,
      },
    });
    cb();
  });
  return server;
}

type RestifyError = Error & { statusCode?: number; code?: string; toJSON?: () => unknown };

export type RequestWithLog = restify.Request & { reqLog?: Logger; requestId?: string };

/** The request's child logger (carries its request id). */
export function requestLogger(req: restify.Request, fallback: Logger): Logger {
  return (req as RequestWithLog).reqLog ?? fallback;
}

/** Sends a JSON error body with a stable machine-readable code. */
export function sendError(res: restify.Response, status: number, code: string, message: string): void {
  res.status(status);
  res.json({ error: { code, message } });
}
