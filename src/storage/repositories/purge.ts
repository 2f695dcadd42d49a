import type {
  BatchDeletion,
  DeletedConversation,
  NewPurgeRun,
  PurgeCandidate,
  PurgeCursor,
  PurgeGroupRow,
  PurgeProgress,
  PurgeScan,
  PurgeStore,
} from "../../core/retention/purge-store.js";
import type { Database, Prisma } from "../database.js";
import type { DatabaseProvider } from "../database-provider.js";
import type { PurgeRun, PurgeStatus } from "../generated/sqlite/client.js";
import type { InputJsonValue } from "../generated/sqlite/internal/prismaNamespace.js";
import { TAKE_FOR_DELETE } from "../hold-delete-lock.js";
import { asCount, asDate, SqlParams } from "../raw-sql.js";
import { type AuditInput, auditEventData } from "./audit.js";
import { conversationEligible, type DeletionRule } from "./purge-eligibility.js";

export type {
  BatchDeletion,
  DeletedConversation,
  DeletionRule,
  NewPurgeRun,
  PurgeCandidate,
  PurgeCursor,
  PurgeGroupRow,
  PurgeProgress,
  PurgeRun,
  PurgeScan,
  PurgeStatus,
};

/**
 * The purge's SQL: scanning eligible conversations in keyset order, deleting
 * a batch with the eligibility re-checked in the DELETE itself, and the
 * PurgeRun progress rows. Messages are counted before the delete; the
 * foreign keys (ON DELETE CASCADE) remove messages, feedback, notes,
 * assignments, handoff requests, offline messages, bot state and holds.
 */
export class PurgeRepository implements PurgeStore {
  private readonly prisma: Prisma;
  readonly provider: DatabaseProvider;

  constructor(db: Pick<Database, "prisma" | "provider">) {
    this.prisma = db.prisma;
    this.provider = db.provider;
  }

  private eligible(p: SqlParams, rule: DeletionRule): string {
    return conversationEligible(p, rule);
  }

  /**
   * The next window of `limit` conversations past their expiry after `after`,
   * in (expiry, id) order, read straight off the (retentionExpiresAt, id)
   * index, so every scan costs the same however many rows are left; the
   * eligible ones of the window come back as candidates. `next` is where the
   * following window starts (null: this was the last one). A window can hold
   * no candidates at all (held conversations, expiries awaiting recompute).
   */
  async scanBatch(
    rule: Extract<DeletionRule, { kind: "expired" }>,
    after: PurgeCursor | null,
    limit: number,
  ): Promise<PurgeScan> {
    const p = new SqlParams(this.provider);
    const ok = this.eligible(p, rule);
    const range = [`w."retentionExpiresAt" <= ${p.value(rule.now)}`];
    if (rule.organisationId !== null) range.push(`w."organisationId" = ${p.value(rule.organisationId)}`);
    if (after) range.push(`(w."retentionExpiresAt", w.id) > (${p.value(after.expiresAt)}, ${p.value(after.id)})`);
    const sql = `SELECT e.*, CASE WHEN e.ok = 1 THEN (SELECT COUNT(*) FROM "Message" m WHERE m."conversationId" = e.id) ELSE 0 END AS messages
      FROM (SELECT c.id, c."organisationId", c."retentionClass", c."lastActivityAt", c."retentionExpiresAt",
              CASE WHEN ${ok} THEN 1 ELSE 0 END AS ok
            FROM (SELECT w.id, w."organisationId", w."customerId", w."retentionClass", w."lastActivityAt",
                    w."retentionExpiresAt", w."retentionPolicyVersion", w."humanInvolved"
                  FROM "Conversation" w WHERE ${range.join(" AND ")}
                  ORDER BY w."retentionExpiresAt", w.id LIMIT ${p.value(limit)}) c) e
      ORDER BY e."retentionExpiresAt", e.id`;
    const rows = await this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...p.values);
    const candidates: PurgeCandidate[] = [];
    for (const r of rows) {
      if (Number(r.ok) !== 1) continue;
      candidates.push({
        id: String(r.id),
        organisationId: String(r.organisationId),
        retentionClass: r.retentionClass as PurgeCandidate["retentionClass"],
        lastActivityAt: asDate(r.lastActivityAt) as Date,
        retentionExpiresAt: asDate(r.retentionExpiresAt) as Date,
        messages: asCount(r.messages),
      });
    }
    const last = rows[rows.length - 1];
    const next =
      rows.length < limit || !last ? null : { expiresAt: asDate(last.retentionExpiresAt) as Date, id: String(last.id) };
    return { candidates, scanned: rows.length, next };
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
   * alone). One short statement in its own transaction on SQLite; on PostgreSQL it runs after the
   * hold/delete lock (hold-delete-lock.ts), so a hold placed concurrently is
   * either seen or waits. Messages are counted from `messageCounts`
   * (taken at scan time) or, without it, just before the delete.
   */
  async deleteBatch(
    ids: readonly string[],
    rule: DeletionRule,
    messageCounts?: ReadonlyMap<string, number>,
  ): Promise<BatchDeletion> {
    if (ids.length === 0) return { deleted: [], messages: 0 };
    const perConversation = messageCounts ?? (await this.countMessages(ids));
    const p = new SqlParams(this.provider);
    const sql = `DELETE FROM "Conversation" AS c WHERE ${p.inList("c.id", ids)} AND ${this.eligible(p, rule)}
      RETURNING id, "organisationId", "retentionClass", "lastActivityAt"`;
    let rows: Record<string, unknown>[];
    if (this.provider === "sqlite") {
      // A transaction of its own, so the driver never runs it inside a
      // transaction another request has open on the same connection.
      [rows] = await this.prisma.$transaction([
        this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...p.values),
      ]);
    } else {
      rows = await this.prisma.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(TAKE_FOR_DELETE);
          return tx.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...p.values);
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

  /**
   * Ends a run and writes its audit event in one transaction: a run shown as
   * finished always has its audit record, and a crash leaves neither.
   */
  async finishRun(
    id: string,
    outcome: PurgeProgress & { status: Exclude<PurgeStatus, "running">; finishedAt: Date; error?: string | null },
    audit: AuditInput,
  ): Promise<PurgeRun> {
    const [run] = await this.prisma.$transaction([
      this.prisma.purgeRun.update({
        where: { id },
        data: { ...outcome, counts: outcome.counts as InputJsonValue, error: outcome.error ?? null },
      }),
      this.prisma.auditEvent.create({ data: auditEventData(audit, outcome.finishedAt) }),
    ]);
    return run;
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

  /**
   * Asks a real run that is still running to stop; false when there is no
   * such run (finished, a dry run, unknown). The run itself stops at its next
   * progress record (recordProgress returns the flag).
   */
  async requestStop(id: string, at: Date, by: string): Promise<boolean> {
    const { count } = await this.prisma.purgeRun.updateMany({
      where: { id, status: "running", dryRun: false },
      data: { stopRequestedAt: at, stopRequestedBy: by },
    });
    return count === 1;
  }

  findRun(id: string): Promise<PurgeRun | null> {
    return this.prisma.purgeRun.findUnique({ where: { id } });
  }

  /** Newest first; with `organisationSlug`, only runs of that organisation. */
  listRuns(limit = 50, filter: { organisationSlug?: string } = {}): Promise<PurgeRun[]> {
    return this.prisma.purgeRun.findMany({
      where: filter.organisationSlug !== undefined ? { organisationSlug: filter.organisationSlug } : {},
      orderBy: { startedAt: "desc" },
      take: limit,
    });
  }

  /** The newest real run started at or after `since` by an actor with this prefix (the daily schedule). */
  findRealRunSince(actorPrefix: string, since: Date): Promise<PurgeRun | null> {
    return this.prisma.purgeRun.findFirst({
      where: { dryRun: false, actor: { startsWith: actorPrefix }, startedAt: { gte: since } },
      orderBy: { startedAt: "desc" },
    });
  }
}
