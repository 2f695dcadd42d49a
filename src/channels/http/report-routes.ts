import type restify from "restify";
import { z } from "zod";
import type { AccountService } from "../../core/accounts/account-service.js";
import { REPORT_TABLES, type ReportTable, reportCsv } from "../../core/reports/report-csv.js";
import { MAX_REPORT_DAYS } from "../../core/reports/report-period.js";
import type { ReportService } from "../../core/reports/report-service.js";
import { principalOf, requireRole } from "./auth.js";

const day = z.iso.date({ message: "must be a date (YYYY-MM-DD)" });

const reportQuery = z
  .object({
    organisationId: z.string().trim().min(1).max(100).optional(),
    from: day,
    to: day,
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: "to must not be before from", path: ["to"] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
    message: `a report covers at most ${MAX_REPORT_DAYS} days`,
    path: ["to"],
  });

const csvQuery = z.object({ table: z.enum(REPORT_TABLES as [ReportTable, ...ReportTable[]]).default("days") });

/**
 * GET /api/reports?organisationId=&from=YYYY-MM-DD&to=YYYY-MM-DD — the daily
 * report as JSON; GET /api/reports/csv?…&table=days|entries|questions — one of
 * its tables as a CSV download. Supervisors (their own organisation) and
 * admins (organisationId required). Bad parameters are invalid_input (400),
 * answered by the server's error handler like every thrown refusal.
 */
export function registerReportRoutes(server: restify.Server, accounts: AccountService, reports: ReportService): void {
  const only = requireRole(accounts, ["supervisor"]);
  const load = (req: restify.Request, query: Record<string, unknown>) => {
    const q = reportQuery.parse(query);
    return reports.daily(principalOf(req), { organisationId: q.organisationId ?? null, from: q.from, to: q.to });
  };
  const queryOf = (req: restify.Request) => ({ ...((req.query ?? {}) as Record<string, unknown>) });

  server.get("/api/reports", only, async (req: restify.Request, res: restify.Response) => {
    const report = await load(req, queryOf(req));
    res.setHeader("cache-control", "no-store");
    res.json(report);
  });

  server.get("/api/reports/csv", only, async (req: restify.Request, res: restify.Response) => {
    const { table, ...rest } = queryOf(req);
    const csv = csvQuery.parse({ table });
    const report = await load(req, rest);
    const body = Buffer.from(`\uFEFF${reportCsv(report, csv.table)}`, "utf8");
    res.setHeader("content-type", "text/csv; charset=utf-8");
    res.setHeader("content-disposition", `attachment; filename="skranke-${csv.table}-${report.from}-${report.to}.csv"`);
    res.setHeader("cache-control", "no-store");
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("content-length", String(body.length));
    res.writeHead(200);
    res.end(body);
  });
}
