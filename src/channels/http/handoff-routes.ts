import type restify from "restify";
import type { AccountService } from "../../core/accounts/account-service.js";
import { HandoffError } from "../../core/handoff/errors.js";
import type { HandoffService } from "../../core/handoff/handoff-service.js";
import { principalOf, requireRole } from "./auth.js";
import { sendError } from "./server.js";

const STATUS: Record<HandoffError["code"], number> = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  capacity: 409,
  unavailable: 503,
};

/**
 * Read-only HTTP views of the handoff queue, for dashboards and scripts
 * (the console itself uses the /agent namespace):
 * GET /api/handoff/queue    — agents, supervisors, admins: the waiting customers of their organisation
 * GET /api/handoff/overview — supervisors and admins: the supervisor figures
 * Both take ?organisationId= (required context for admins, checked for everyone else).
 */
export function registerHandoffRoutes(server: restify.Server, accounts: AccountService, handoff: HandoffService): void {
  const organisationOf = (req: restify.Request) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    return typeof q.organisationId === "string" && q.organisationId !== "" ? q.organisationId : null;
  };

  const guarded =
    (fn: (req: restify.Request, res: restify.Response) => Promise<void>) =>
    async (req: restify.Request, res: restify.Response) => {
      try {
        await fn(req, res);
      } catch (err) {
        if (err instanceof HandoffError) {
          sendError(res, STATUS[err.code], err.code, err.message);
          return;
        }
        throw err;
      }
    };

  server.get(
    "/api/handoff/queue",
    requireRole(accounts, ["agent", "supervisor"]),
    guarded(async (req, res) => {
      res.json({ items: await handoff.queueFor(principalOf(req), organisationOf(req)) });
    }),
  );

  server.get(
    "/api/handoff/overview",
    requireRole(accounts, ["supervisor"]),
    guarded(async (req, res) => {
      res.json({ overviews: await handoff.overview(principalOf(req), organisationOf(req)) });
    }),
  );
}
