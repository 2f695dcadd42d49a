import type restify from "restify";
import type { Database } from "../../storage/database.js";

/** /healthz: the process is up. /readyz: the database answers. */
export function registerHealthRoutes(server: restify.Server, db: Database): void {
  server.get("/healthz", async (_req, res) => {
    res.json({ status: "ok" });
  });
  server.get("/readyz", async (_req, res) => {
    try {
      await db.ping();
      res.json({ status: "ready", database: db.provider });
    } catch {
      res.status(503);
      res.json({ status: "unavailable", database: db.provider });
    }
  });
}
