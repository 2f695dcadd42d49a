import type { Database, Prisma } from "../database.js";
import type { DatabaseProvider } from "../database-provider.js";
import type { PurgeRun, PurgeStatus } from "../generated/sqlite/client.js";
import type { InputJsonValue } from "../generated/sqlite/internal/prismaNamespace.js";
import { asCount, asDate, SqlParams } from "../raw-sql.js";

export type { PurgeRun, PurgeStatus };

/**
 * Which conversations a delete may take. "expired": past its retention expiry
 * (computed under the policy version in force) at `now`; "erasure": only the
 * bot took part (a data-subject erasure request). Both: never under an
 * active legal hold on the conversation or on its customer.
 */
export type DeletionRule =
  | { kind: "expired"; now: Date; organisationId: string | null }
  | { kind: "erasure"; organisationId: string | null };

export interface PurgeCandidate {
  id: string;
  organisationId: string;
  retentionClass: "bot_only" | "human_involved";
  lastActivityAt: Date;
  retentionExpiresAt: Date;
  /** Messages at scan time; a conversation that gets more is no longer eligible, so this is what its delete removes. */
  messages: number;
}

export interface DeletedConversation {
  id: string;
  organisationId: string;
  retentionClass: "bot_only" | "human_involved";
  lastActivityAt: Date;
}

export interface BatchDeletion {
  deleted: DeletedConversation[];
  messages: number;
}

export interface PurgeGroupRow {
  organisationId: string;
  retentionClass: "bot_only" | "human_involved";
  conversations: number;
  oldestActivity: Date | null;
  newestActivity: Date | null;
}

export interface NewPurgeRun {
  actor: string;
  startedAt: Date;
  cutoff: Date;
  organisationSlug: string | null;
  dryRun: boolean;
  policyVersions: Record<string, number>;
}

export interface PurgeProgress {
  deletedConversations: number;
  deletedMessages: number;
  skipped: number;
  counts: unknown;
  heartbeatAt: Date;
}

/**
 * The purge's SQL: scanning eligible conversations in keyset order, deleting
 * a batch with the eligibility re-checked in the DELETE itself, and the
 * PurgeRun progress rows. Messages are counted before the delete; the
 * foreign keys (ON DELETE CASCADE) remove messages, feedback, notes,
 * assignments, handoff requests, offline messages, bot state and holds.
 */
export class PurgeRepository {
  private readonly prisma: Prisma;
  readonly provider: DatabaseProvider;

  constructor(db: Pick<Database, "prisma" | "provider">) {
    this.prisma = db.prisma;
    this.provider = db.provider;
  }

  /** The SQL condition for `rule` on the conversation aliased `c`. */
  private eligible(p: SqlParams, rule: DeletionRule): string {
    const parts: string[] = [];
    if (rule.kind === "expired") {
      parts.push(`c."retentionExpiresAt" <= ${p.value(rule.now)}`);
      parts.push(
        `c."retentionPolicyVersion" = COALESCE((SELECT MAX(v."version") FROM "RetentionPolicy" v WHERE v."organisationId" = c."organisationId"), 1)`,
      );
    } else {
      parts.push(`c."humanInvolved" = false AND c."retentionClass" = 'bot_only'`);
    }
    if (rule.organisationId !== null) parts.push(`c."organisationId" = ${p.value(rule.organisationId)}`);
    parts.push(
      `NOT EXISTS (SELECT 1 FROM "LegalHold" h WHERE h."conversationId" = c.id AND h."releasedAt" IS NULL)`,
      `NOT EXISTS (SELECT 1 FROM "LegalHold" h2 WHERE h2."customerId" = c."customerId" AND h2."releasedAt" IS NULL)`,
    );
    return parts.join(" AND ");
  }

  /** The next `limit` eligible conversations after `after`, in (expiry, id) order. */
  async scanBatch(
    rule: Extract<DeletionRule, { kind: "expired" }>,
    after: { expiresAt: Date; id: string } | null,
    limit: number,
  ): Promise<PurgeCandidate[]> {
    const p = new SqlParams(this.provider);
    const where = this.eligible(p, rule);
    let cursor = "";
    if (after) {
      const a = p.value(after.expiresAt);
      const b = p.value(after.expiresAt);
      cursor = ` AND c."retentionExpiresAt" >= ${a} AND (c."retentionExpiresAt" > ${b} OR c.id > ${p.value(after.id)})`;
    }
    const sql = `SELECT c.id, c."organisationId", c."retentionClass", c."lastActivityAt", c."retentionExpiresAt",
        (SELECT COUNT(*) FROM "Message" m WHERE m."conversationId" = c.id) AS messages
      FROM "Conversation" c WHERE ${where}${cursor}
      ORDER BY c."retentionExpiresAt", c.id LIMIT ${p.value(limit)}`;
    const rows = await this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...p.values);
    return rows.map((r) => ({
      id: String(r.id),
      organisationId: String(r.organisationId),
      retentionClass: r.retentionClass as PurgeCandidate["retentionClass"],
      lastActivityAt: asDate(r.lastActivityAt) as Date,
      retentionExpiresAt: asDate(r.retentionExpiresAt) as Date,
      messages: asCount(r.messages),
    }));
  }

  /** What a purge at `rule.now` would delete, grouped by organisation and class (the dry run). */
  async summarize(
    rule: Extract<DeletionRule, { kind: "expired" }>,
  ): Promise<{ groups: PurgeGroupRow[]; messages: number }> {
    const p = new SqlParams(this.provider);
    const groups = await this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT c."organisationId", c."retentionClass", COUNT(*) AS n,
         MIN(c."lastActivityAt") AS oldest, MAX(c."lastActivityAt") AS newest
       FROM "Conversation" c WHERE ${this.eligible(p, rule)}
       GROUP BY c."organisationId", c."retentionClass"`,
      ...p.values,
    );
    const q = new SqlParams(this.provider);
    const [messages] = await this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT COUNT(*) AS n FROM "Message" m WHERE m."conversationId" IN
         (SELECT c.id FROM "Conversation" c WHERE ${this.eligible(q, rule)})`,
      ...q.values,
    );
    return {
      groups: groups.map((g) => ({
        organisationId: String(g.organisationId),
        retentionClass: g.retentionClass as PurgeGroupRow["retentionClass"],
        conversations: asCount(g.n),
        oldestActivity: asDate(g.oldest),
        newestActivity: asDate(g.newest),
      })),
      messages: asCount(messages?.n),
    };
  }

  /**
   * Conversations past their stored expiry whose expiry was computed under an
   * older policy version: not purged until recomputed (RetentionPolicyService).
   */
  async countAwaitingRecompute(now: Date, organisationId: string | null): Promise<number> {
    const p = new SqlParams(this.provider);
    const org = organisationId !== null ? ` AND c."organisationId" = ${p.value(organisationId)}` : "";
    const [row] = await this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT COUNT(*) AS n FROM "Conversation" c WHERE c."retentionExpiresAt" <= ${p.value(now)}${org}
         AND c."retentionPolicyVersion" <> COALESCE((SELECT MAX(v."version") FROM "RetentionPolicy" v WHERE v."organisationId" = c."organisationId"), 1)`,
      ...p.values,
    );
    return asCount(row?.n);
  }

  /**
   * Deletes those of `ids` that still satisfy `rule` (re-checked in the
   * DELETE: new activity or a hold since the scan leaves a conversation
   * alone). One short statement on SQLite; on PostgreSQL the rows are locked
   * first so a hold placed concurrently (LegalHoldRepository locks the same
   * rows) is either seen or waits. Messages are counted from `messageCounts`
   * (taken at scan time) or, without it, just before the delete.
   */
  async deleteBatch(
    ids: readonly string[],
    rule: DeletionRule,
    messageCounts?: ReadonlyMap<string, number>,
  ): Promise<BatchDeletion> {
    if (ids.length === 0) return { deleted: [], messages: 0 };
    const perConversation = messageCounts ?? (await this.countMessages(ids));
    const run = async (client: Pick<Prisma, "$queryRawUnsafe">): Promise<Record<string, unknown>[]> => {
      const p = new SqlParams(this.provider);
      const sql = `DELETE FROM "Conversation" AS c WHERE ${p.inList("c.id", ids)} AND ${this.eligible(p, rule)}
        RETURNING id, "organisationId", "retentionClass", "lastActivityAt"`;
      return client.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...p.values);
    };
    let rows: Record<string, unknown>[];
    if (this.provider === "sqlite") {
      rows = await run(this.prisma);
    } else {
      rows = await this.prisma.$transaction(
        async (tx) => {
          const p = new SqlParams(this.provider);
          await tx.$queryRawUnsafe(
            `SELECT id FROM "Conversation" WHERE ${p.inList("id", ids)} ORDER BY id FOR UPDATE`,
            ...p.values,
          );
          return run(tx);
        },
        { maxWait: 30_000, timeout: 120_000 },
      );
    }
    const deleted = rows.map((r) => ({
      id: String(r.id),
      organisationId: String(r.organisationId),
      retentionClass: r.retentionClass as DeletedConversation["retentionClass"],
      lastActivityAt: asDate(r.lastActivityAt) as Date,
    }));
    let messages = 0;
    for (const d of deleted) messages += perConversation.get(d.id) ?? 0;
    return { deleted, messages };
  }

  /**
   * Between batches on SQLite: copy the write-ahead log back into the
   * database (a passive checkpoint never waits for or blocks other writers),
   * so a live chat request committing next does not pay for the purge's pages.
   */
  async checkpoint(): Promise<void> {
    if (this.provider === "sqlite") await this.prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(PASSIVE)");
  }

  private async countMessages(ids: readonly string[]): Promise<Map<string, number>> {
    const p = new SqlParams(this.provider);
    const rows = await this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT "conversationId" AS id, COUNT(*) AS n FROM "Message" WHERE ${p.inList(`"conversationId"`, ids)} GROUP BY "conversationId"`,
      ...p.values,
    );
    return new Map(rows.map((r) => [String(r.id), asCount(r.n)]));
  }

  // --- PurgeRun bookkeeping -------------------------------------------------

  createRun(input: NewPurgeRun): Promise<PurgeRun> {
    return this.prisma.purgeRun.create({
      data: { ...input, policyVersions: input.policyVersions as InputJsonValue, heartbeatAt: input.startedAt },
    });
  }

  recordProgress(id: string, progress: PurgeProgress): Promise<PurgeRun> {
    return this.prisma.purgeRun.update({
      where: { id },
      data: { ...progress, counts: progress.counts as InputJsonValue },
    });
  }

  finishRun(
    id: string,
    outcome: PurgeProgress & { status: Exclude<PurgeStatus, "running">; finishedAt: Date; error?: string | null },
  ): Promise<PurgeRun> {
    return this.prisma.purgeRun.update({
      where: { id },
      data: { ...outcome, counts: outcome.counts as InputJsonValue, error: outcome.error ?? null },
    });
  }

  /** Real runs still marked running other than `exceptId` (only the lock holder calls this: they are dead). */
  listUnfinishedRealRuns(exceptId: string | null): Promise<PurgeRun[]> {
    return this.prisma.purgeRun.findMany({
      where: { status: "running", dryRun: false, ...(exceptId ? { id: { not: exceptId } } : {}) },
      orderBy: { startedAt: "asc" },
    });
  }

  markInterrupted(id: string, finishedAt: Date, error: string): Promise<PurgeRun> {
    return this.prisma.purgeRun.update({ where: { id }, data: { status: "failed", finishedAt, error } });
  }

  findRun(id: string): Promise<PurgeRun | null> {
    return this.prisma.purgeRun.findUnique({ where: { id } });
  }

  listRuns(limit = 50): Promise<PurgeRun[]> {
    return this.prisma.purgeRun.findMany({ orderBy: { startedAt: "desc" }, take: limit });
  }

  /** The newest real run started at or after `since` by an actor with this prefix (the daily schedule). */
  findRealRunSince(actorPrefix: string, since: Date): Promise<PurgeRun | null> {
    return this.prisma.purgeRun.findFirst({
      where: { dryRun: false, actor: { startsWith: actorPrefix }, startedAt: { gte: since } },
      orderBy: { startedAt: "desc" },
    });
  }
}
