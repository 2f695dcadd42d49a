import type restify from "restify";
import type { AccountService } from "../../core/accounts/account-service.js";
import type { HandoffService } from "../../core/handoff/handoff-service.js";
import { principalOf, requireRole } from "./auth.js";

/**
 * Read-only HTTP views of the handoff queue, for dashboards and scripts
 * (the console itself uses the /agent namespace):
 * GET /api/handoff/queue    — agents, supervisors, admins: the waiting customers of their organisation
 * GET /api/handoff/overview — supervisors and admins: the supervisor figures
 * Both take ?organisationId= (required context for admins, checked for everyone else).
 * A refusal (HandoffError) is answered by the server's error handler (http-errors.ts).
 */
export function registerHandoffRoutes(server: restify.Server, accounts: AccountService, handoff: HandoffService): void {
  const organisationOf = (req: restify.Request) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    return typeof q.organisationId === "string" && q.organisationId !== "" ? q.organisationId : null;
  };

  server.get(
    "/api/handoff/queue",
    requireRole(accounts, ["agent", "supervisor"]),
    async (req: restify.Request, res: restify.Response) => {
      res.json({ items: await handoff.queueFor(principalOf(req), organisationOf(req)) });
    },
  );

  server.get(
    "/api/handoff/overview",
    requireRole(accounts, ["supervisor"]),
    async (req: restify.Request, res: restify.Response) => {
      res.json({ overviews: await handoff.overview(principalOf(req), organisationOf(req)) });
    },
  );
}
