import { createHash, timingSafeEqual } from "node:crypto";
import type restify from "restify";
import type { Logger } from "../../observability/logger.js";
import type { ServerMetrics } from "../../observability/metrics.js";
import { sendError } from "./http-errors.js";

/**
 * GET /metrics: the Prometheus text format, for a scraper that sends
 * `Authorization: Bearer <SKRANKE_METRICS_TOKEN>`. Without a configured
 * token it answers 503 not_configured (nothing is exposed by default); a
 * missing or wrong token is 401 unauthenticated. Tokens are compared as
 * SHA-256 digests in constant time, so neither their content nor their
 * length leaks through timing.
 */
export function registerMetricsRoute(
  server: restify.Server,
  options: { token: string | undefined; metrics: ServerMetrics; logger: Logger },
): void {
  const expected = options.token === undefined ? undefined : digest(options.token);
  server.get("/metrics", async (req, res) => {
    if (expected === undefined) {
      sendError(res, "not_configured", "/metrics is off: set SKRANKE_METRICS_TOKEN to turn it on");
      return;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.header("authorization") ?? "");
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      res.setHeader("www-authenticate", 'Bearer realm="metrics"');
      sendError(res, "unauthenticated", "/metrics needs Authorization: Bearer <SKRANKE_METRICS_TOKEN>");
      return;
    }
    let body: string;
    try {
      body = await options.metrics.render();
    } catch (err) {
      options.logger.error({ err }, "metrics could not be collected");
      sendError(res, "unavailable", "metrics could not be collected; see the server log");
      return;
    }
    res.setHeader("content-type", options.metrics.contentType);
    res.setHeader("cache-control", "no-store");
    res.writeHead(200);
    res.end(body);
  });
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}
