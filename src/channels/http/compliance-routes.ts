import type restify from "restify";
import { z } from "zod";
import type { AccountService } from "../../core/accounts/account-service.js";
import type { Principal } from "../../core/accounts/roles.js";
import type { BackgroundPurges } from "../../core/retention/background-purges.js";
import { principalActor } from "../../core/retention/compliance-actor.js";
import { ComplianceError } from "../../core/retention/compliance-error.js";
import type { ComplianceScope } from "../../core/retention/compliance-scope.js";
import type { ComplianceServices } from "../../core/retention/compliance-services.js";
import { exportAsText } from "../../core/retention/data-subject/export-text.js";
import { principalOf, requireRole } from "./auth.js";

const isoTime = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), "must be an ISO 8601 time")
  .transform((v) => new Date(v));

const purgeBody = z.object({
  dryRun: z.boolean().default(true),
  organisation: z.string().trim().min(1).max(100).optional(),
  now: isoTime.optional(),
});

const policyBody = z.object({
  botOnlyMonths: z.number().int(),
  humanInvolvedMonths: z.number().int(),
});

const holdBody = z.object({
  conversationId: z.string().trim().min(1).max(100).optional(),
  customerId: z.string().trim().min(1).max(100).optional(),
  reason: z.string().max(1000),
});

const releaseBody = z.object({ reason: z.string().max(1000) });

const subjectBody = z.object({
  customerId: z.string().trim().max(100).optional(),
  email: z.string().trim().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
  format: z.enum(["json", "text"]).optional(),
});

/**
 * /api/compliance/...: retention policies, purges (dry run and real),
 * purge runs, legal holds, data-subject requests, the masked analytics
 * export and the audit trail. Compliance role only (admins pass); staff
 * bound to one organisation see and act on that organisation only (the
 * core's ComplianceScope and services decide what that means).
 */
export function registerComplianceRoutes(
  server: restify.Server,
  accounts: AccountService,
  services: ComplianceServices,
  purges: BackgroundPurges,
  access: ComplianceScope,
): void {
  const only = requireRole(accounts, ["compliance"]);
  const scope = (p: Principal) => access.organisationIdOf(p);
  const organisationFor = (p: Principal, requested: string | undefined) => access.organisationFor(p, requested);

  /**
   * A handler given the caller. A validation failure (zod) or a refusal
   * (ComplianceError) it throws is answered by the server's error handler
   * (http-errors.ts) with the status of the error-code table.
   */
  const handle =
    (fn: (req: restify.Request, res: restify.Response, p: Principal) => Promise<void>): restify.RequestHandler =>
    async (req, res) => {
      await fn(req, res, principalOf(req));
    };

  server.get(
    "/api/compliance/policies",
    only,
    handle(async (_req, res, p) => {
      res.json({ policies: await access.visible(p, await services.policies.list()) });
    }),
  );

  server.put(
    "/api/compliance/policies/:organisation",
    only,
    handle(async (req, res, p) => {
      const body = policyBody.parse(req.body ?? {});
      const slug = (await organisationFor(p, req.params.organisation)) as string;
      res.json(await services.policies.set(slug, body, principalActor(p)));
    }),
  );

  server.post(
    "/api/compliance/purge",
    only,
    handle(async (req, res, p) => {
      const body = purgeBody.parse(req.body ?? {});
      const now = body.now ?? new Date();
      if (!body.dryRun && now.getTime() > Date.now() + 1000) {
        throw new ComplianceError(
          "invalid_input",
          "now may not be in the future for a real purge; use a dry run to look ahead",
        );
      }
      const request = {
        dryRun: body.dryRun,
        now,
        organisationSlug: await organisationFor(p, body.organisation),
        actor: principalActor(p),
      };
      if (body.dryRun) {
        res.json(await services.purge.run(request));
        return;
      }
      // A real run goes on in the background; the answer names the run to follow.
      const runId = await purges.start(request);
      res.status(202);
      res.json({ runId, status: "running" });
    }),
  );

  /** A run by id, if the caller may see it (staff bound to one organisation: that organisation's runs). */
  const visibleRun = async (p: Principal, id: string) => {
    const run = await services.log.purgeRun(p, id);
    if (!run) throw new ComplianceError("not_found", "no such purge run");
    return run;
  };

  server.post(
    "/api/compliance/purge-runs/:id/stop",
    only,
    handle(async (req, res, p) => {
      const run = await visibleRun(p, String(req.params.id));
      res.status(202);
      res.json(await services.purge.requestStop(run.id, principalActor(p)));
    }),
  );

  server.get(
    "/api/compliance/purge-runs",
    only,
    handle(async (req, res, p) => {
      const limit = Number((req.query as { limit?: string } | undefined)?.limit ?? 50);
      res.json({ runs: await services.log.purgeRuns(p, limit) });
    }),
  );

  server.get(
    "/api/compliance/purge-runs/:id",
    only,
    handle(async (req, res, p) => {
      res.json(await visibleRun(p, String(req.params.id)));
    }),
  );

  server.get(
    "/api/compliance/holds",
    only,
    handle(async (req, res, p) => {
      const all = (req.query as { all?: string } | undefined)?.all === "1";
      res.json({ holds: await services.holds.list(!all, scope(p)) });
    }),
  );

  server.post(
    "/api/compliance/holds",
    only,
    handle(async (req, res, p) => {
      const body = holdBody.parse(req.body ?? {});
      res.status(201);
      res.json(
        await services.holds.place(
          { conversationId: body.conversationId ?? null, customerId: body.customerId ?? null },
          body.reason,
          principalActor(p),
          scope(p),
        ),
      );
    }),
  );

  server.post(
    "/api/compliance/holds/:id/release",
    only,
    handle(async (req, res, p) => {
      const body = releaseBody.parse(req.body ?? {});
      res.json(await services.holds.release(String(req.params.id), body.reason, principalActor(p), scope(p)));
    }),
  );

  server.post(
    "/api/compliance/subjects/export",
    only,
    handle(async (req, res, p) => {
      const body = subjectBody.parse(req.body ?? {});
      const exported = await services.subjects.export(body, principalActor(p), scope(p));
      if (body.format === "text") {
        res.sendRaw(200, exportAsText(exported), {
          "content-type": "text/plain; charset=utf-8",
          "content-disposition": 'attachment; filename="innsyn.txt"',
        });
        return;
      }
      res.setHeader("content-disposition", 'attachment; filename="innsyn.json"');
      res.json(exported);
    }),
  );

  server.post(
    "/api/compliance/subjects/erase",
    only,
    handle(async (req, res, p) => {
      res.json(await services.subjects.erase(subjectBody.parse(req.body ?? {}), principalActor(p), scope(p)));
    }),
  );

  server.post(
    "/api/compliance/subjects/objection",
    only,
    handle(async (req, res, p) => {
      res.json(await services.subjects.object(subjectBody.parse(req.body ?? {}), principalActor(p), scope(p)));
    }),
  );

  server.get(
    "/api/compliance/analytics-export",
    only,
    handle(async (req, res, p) => {
      const q = z
        .object({ organisation: z.string().trim().min(1).optional(), from: isoTime.optional(), to: isoTime.optional() })
        .parse(req.query ?? {});
      const to = q.to ?? new Date();
      const from = q.from ?? new Date(to.getTime() - 30 * 86_400_000);
      const organisationSlug = await organisationFor(p, q.organisation);
      res.setHeader("content-disposition", 'attachment; filename="analyse.json"');
      res.json(await services.analytics.export({ organisationSlug, from, to }, principalActor(p), scope(p)));
    }),
  );

  server.get(
    "/api/compliance/audit",
    only,
    handle(async (req, res, p) => {
      const q = (req.query ?? {}) as { action?: string; limit?: string };
      const events = await services.log.auditEvents(p, {
        ...(q.action ? { action: String(q.action) } : {}),
        limit: Number(q.limit ?? 100) || 100,
      });
      res.json({ events });
    }),
  );
}
