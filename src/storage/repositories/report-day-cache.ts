import type { HourVersion, ReportDayCache, StoredDay } from "../../core/reports/report-day-cache.js";
import type { Database, Prisma } from "../database.js";
import type { DatabaseProvider } from "../database-provider.js";
import { SqlParams } from "../raw-sql.js";

type Row = Record<string, unknown>;

/**
 * The reports' cache of closed days (core port ReportDayCache) in the
 * tables ReportDay and ReportChange. The triggers of migration
 * 20261204032045_report_day_cache keep ReportChange and delete the cached
 * days a change touches; this class only reads them and writes days.
 */
export class ReportDayCacheRepository implements ReportDayCache {
  private readonly prisma: Prisma;
  private readonly provider: DatabaseProvider;

  constructor(db: Pick<Database, "prisma" | "provider">) {
    this.prisma = db.prisma;
    this.provider = db.provider;
  }

  async versions(organisationId: string, from: Date, to: Date): Promise<{ now: Date; hours: HourVersion[] }> {
    const p = new SqlParams(this.provider);
    const clock =
      this.provider === "postgresql"
        ? `(SELECT EXTRACT(EPOCH FROM now()) * 1000)`
        : `(SELECT unixepoch('now', 'subsec') * 1000)`;
    // One statement: the clock and the versions come from the same moment.
    const rows = await this.prisma.$queryRawUnsafe<Row[]>(
      `SELECT ${clock} AS "now", r."hour" AS "hour", r."version" AS "version"
       FROM (SELECT 1 AS one) AS o LEFT JOIN "ReportChange" r
         ON r."organisationId" = ${p.value(organisationId)} AND r."hour" >= ${p.value(hourOf(from))}
         AND r."hour" < ${p.value(hourOf(to))}`,
      ...p.values,
    );
    const now = new Date(Math.round(Number(rows[0]?.now)));
    if (Number.isNaN(now.getTime())) throw new Error("the database did not say what time it is");
    const hours = rows
      .filter((r) => typeof r.hour === "string")
      .map((r) => ({ hour: String(r.hour), version: Number(r.version) }));
    return { now, hours };
  }

  async read(organisationId: string, dates: readonly string[], format: number): Promise<StoredDay[]> {
    if (dates.length === 0) return [];
    const wanted = new Set(dates);
    const sorted = [...dates].sort();
    const p = new SqlParams(this.provider);
    const rows = await this.prisma.$queryRawUnsafe<Row[]>(
      `SELECT "date", "fromHour", "toHour", "format", "fingerprint", "rows" FROM "ReportDay"
       WHERE "organisationId" = ${p.value(organisationId)} AND "date" >= ${p.value(sorted[0])}
         AND "date" <= ${p.value(sorted[sorted.length - 1])} AND "format" = ${p.value(format)}`,
      ...p.values,
    );
    return rows
      .filter((r) => wanted.has(String(r.date)))
      .map((r) => ({
        date: String(r.date),
        fromHour: String(r.fromHour),
        toHour: String(r.toHour),
        format: Number(r.format),
        fingerprint: Number(r.fingerprint),
        rows: String(r.rows),
      }));
  }

  async write(organisationId: string, days: readonly StoredDay[]): Promise<void> {
    if (days.length === 0) return;
    await this.prisma.$transaction(
      async (tx) => {
        if (this.provider === "postgresql") {
          // Waits for changes to this organisation's past conversations still under way (their
          // triggers hold the shared lock), so the check below sees their counts.
          await tx.$queryRawUnsafe(
            `SELECT 1 AS "locked" FROM (SELECT pg_advisory_xact_lock(hashtext('skranke-report-day:' || $1::text))) AS l`,
            organisationId,
          );
        }
        for (const d of days) {
          const p = new SqlParams(this.provider);
          // PostgreSQL cannot tell the types of a SELECT's parameters from the INSERT: they are spelled out.
          const typed = (v: string | number) =>
            this.provider === "postgresql"
              ? `${p.value(v)}::${typeof v === "number" ? "integer" : "text"}`
              : p.value(v);
          const org = typed(organisationId);
          const values = [d.date, d.fromHour, d.toHour, d.format, d.fingerprint, d.rows].map(typed);
          const current = `(SELECT COALESCE(SUM(r."version"), 0) FROM "ReportChange" r
            WHERE r."organisationId" = ${typed(organisationId)} AND r."hour" >= ${typed(d.fromHour)}
              AND r."hour" < ${typed(d.toHour)})`;
          await tx.$executeRawUnsafe(
            `INSERT INTO "ReportDay" ("organisationId", "date", "fromHour", "toHour", "format", "fingerprint", "rows")
             SELECT ${org}, ${values.join(", ")}
             WHERE ${current} = ${typed(d.fingerprint)}
             ON CONFLICT ("organisationId", "date") DO UPDATE SET "fromHour" = excluded."fromHour",
               "toHour" = excluded."toHour", "format" = excluded."format",
               "fingerprint" = excluded."fingerprint", "rows" = excluded."rows", "createdAt" = CURRENT_TIMESTAMP`,
            ...p.values,
          );
        }
      },
      { timeout: 60_000 },
    );
  }
}

const hourOf = (d: Date) => d.toISOString().slice(0, 13);
