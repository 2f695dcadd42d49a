import type restify from "restify";
import type { Logger } from "../../observability/logger.js";

/** What /readyz asks: the database (src/storage's Database) answers. */
export interface ReadinessProbe {
  /** "sqlite" or "postgresql", for the answer and the log. */
  readonly provider: string;
  ping(): Promise<void>;
}

/**
 * /healthz: the process is up. /readyz: the database answers, within
 * PING_TIMEOUT_MS (a hanging database gets a 503 within 2 s, not a probe
 * that waits for ever). A change between ready and unavailable is logged once.
 */
export function registerHealthRoutes(server: restify.Server, db: ReadinessProbe, logger: Logger): void {
  let ready = true;
  server.get("/healthz", async (_req, res) => {
    res.json({ status: "ok" });
  });
  server.get("/readyz", async (_req, res) => {
    try {
      await db.ping();
      if (!ready) logger.info({ database: db.provider }, "database answers again");
      ready = true;
      res.json({ status: "ready", database: db.provider });
    } catch (err) {
      if (ready) logger.error({ err, database: db.provider }, "database unavailable: /readyz answers 503");
      ready = false;
      res.status(503);
      res.json({ status: "unavailable", database: db.provider });
    }
  });
}
