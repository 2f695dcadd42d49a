import type { RecomputedExpiry, RetentionExpiryStore, StaleExpiry } from "../../core/retention/retention-stores.js";
import type { Database, Prisma } from "../database.js";
import type { DatabaseProvider } from "../database-provider.js";
import { SqlParams } from "../raw-sql.js";

export type { RecomputedExpiry, StaleExpiry };

/**
 * Stored retention expiries that were computed under another policy version
 * than the one in force, and their batched rewrite (one statement a batch).
 */
export class RetentionExpiryRepository implements RetentionExpiryStore {
  private readonly prisma: Prisma;
  private readonly provider: DatabaseProvider;

  constructor(db: Pick<Database, "prisma" | "provider">) {
    this.prisma = db.prisma;
    this.provider = db.provider;
  }

  /** The next `limit` conversations of the organisation not on `version`, after id `afterId`. */
  async staleBatch(
    organisationId: string,
    version: number,
    afterId: string | null,
    limit: number,
  ): Promise<StaleExpiry[]> {
    const rows = await this.prisma.conversation.findMany({
      where: {
        organisationId,
        retentionPolicyVersion: { not: version },
        ...(afterId !== null ? { id: { gt: afterId } } : {}),
      },
      select: { id: true, lastActivityAt: true, retentionClass: true },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows;
  }

  countStale(organisationId: string, version: number): Promise<number> {
    return this.prisma.conversation.count({ where: { organisationId, retentionPolicyVersion: { not: version } } });
  }

  /** Writes new expiries stamped with `version`; returns how many rows changed. */
  async apply(rows: readonly RecomputedExpiry[], version: number): Promise<number> {
    if (rows.length === 0) return 0;
    const p = new SqlParams(this.provider);
    if (this.provider === "sqlite") {
      const json = JSON.stringify(
        rows.map((r) => ({ id: r.id, exp: sqliteTime(r.retentionExpiresAt), act: sqliteTime(r.lastActivityAt) })),
      );
      const v = p.value(version);
      const sql = `UPDATE "Conversation" AS c SET "retentionExpiresAt" = u.exp, "retentionPolicyVersion" = ${v}
        FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.exp') AS exp,
                     json_extract(value, '$.act') AS act FROM json_each(${p.value(json)})) AS u
        WHERE c.id = u.id AND c."lastActivityAt" = u.act AND c."retentionPolicyVersion" <> ${p.value(version)}`;
      return this.prisma.$executeRawUnsafe(sql, ...p.values);
    }
    const json = JSON.stringify(
      rows.map((r) => ({ id: r.id, exp: r.retentionExpiresAt.toISOString(), act: r.lastActivityAt.toISOString() })),
    );
    const v = p.value(version);
    const sql = `UPDATE "Conversation" AS c SET "retentionExpiresAt" = u.exp, "retentionPolicyVersion" = ${v}::int
      FROM jsonb_to_recordset(${p.value(json)}::jsonb) AS u(id text, exp timestamp(3), act timestamp(3))
      WHERE c.id = u.id AND c."lastActivityAt" = u.act AND c."retentionPolicyVersion" <> ${p.value(version)}::int`;
    return this.prisma.$executeRawUnsafe(sql, ...p.values);
  }
}

/** The text form the SQLite driver adapter stores DateTime values in. */
function sqliteTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
