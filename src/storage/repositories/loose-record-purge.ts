import type { CustomerCursor, LooseRecordRule, LooseRecordStore } from "../../core/retention/purge-store.js";
import type { Database, Prisma } from "../database.js";
import type { DatabaseProvider } from "../database-provider.js";
import { TAKE_FOR_DELETE } from "../hold-delete-lock.js";
import { asCount, asDate, SqlParams } from "../raw-sql.js";
import { conversationEligible, noActiveHold } from "./purge-eligibility.js";

export type { CustomerCursor, LooseRecordRule };

type Client = Pick<Prisma, "$queryRawUnsafe">;

/**
 * The purge's SQL for records outside conversations: leave-a-message
 * requests left without a chat, and customer records (name, e-mail, phone,
 * widget token, the bot's per-customer state) with nothing left to keep. The
 * conditions are evaluated in the DELETE itself, and a customer's condition
 * looks ahead at the same run's conversation rule, so a dry run counts
 * exactly what the real run removes.
 */
export class LooseRecordPurgeRepository implements LooseRecordStore {
  private readonly prisma: Prisma;
  private readonly provider: DatabaseProvider;

  constructor(db: Pick<Database, "prisma" | "provider">) {
    this.prisma = db.prisma;
    this.provider = db.provider;
  }

  /** A standalone leave-a-message request (aliased `o`) past its window and not under a customer hold. */
  private offlineExpired(p: SqlParams, rule: LooseRecordRule, o = "o"): string {
    return `${o}."organisationId" = ${p.value(rule.organisationId)} AND ${o}."conversationId" IS NULL
      AND COALESCE(${o}."handledAt", ${o}."createdAt") <= ${p.value(rule.offlineBefore)}
      AND (${o}."customerId" IS NULL OR ${noActiveHold(p, "customerId", `${o}."customerId"`, "ho")})`;
  }

  /** A customer (aliased `cu`) not seen within its window, not held, with no conversation or request that stays. */
  private customerGone(p: SqlParams, rule: LooseRecordRule, cu = "cu"): string {
    return `${cu}."organisationId" = ${p.value(rule.organisationId)} AND ${cu}."lastSeenAt" <= ${p.value(rule.customerBefore)}
      AND ${noActiveHold(p, "customerId", `${cu}.id`, "hc")}
      AND NOT EXISTS (SELECT 1 FROM "Conversation" kc WHERE kc."customerId" = ${cu}.id
        AND NOT (${conversationEligible(p, rule.conversations, "kc")}))
      AND NOT EXISTS (SELECT 1 FROM "OfflineMessage" ko WHERE ko."customerId" = ${cu}.id AND NOT (
        (ko."conversationId" IS NULL AND COALESCE(ko."handledAt", ko."createdAt") <= ${p.value(rule.offlineBefore)})
        OR EXISTS (SELECT 1 FROM "Conversation" kd WHERE kd.id = ko."conversationId"
          AND ${conversationEligible(p, rule.conversations, "kd")})))`;
  }

  /** What the run would remove (the dry run). */
  async count(rule: LooseRecordRule): Promise<{ offlineMessages: number; customers: number }> {
    const p = new SqlParams(this.provider);
    const [o] = await this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT COUNT(*) AS n FROM "OfflineMessage" o WHERE ${this.offlineExpired(p, rule)}`,
      ...p.values,
    );
    const q = new SqlParams(this.provider);
    const [c] = await this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT COUNT(*) AS n FROM "Customer" cu WHERE ${this.customerGone(q, rule)}`,
      ...q.values,
    );
    return { offlineMessages: asCount(o?.n), customers: asCount(c?.n) };
  }

  /** Deletes up to `limit` expired standalone leave-a-message requests; how many went (0: none left). */
  async deleteOfflineBatch(rule: LooseRecordRule, limit: number): Promise<number> {
    return this.deleting(async (client) => {
      const p = new SqlParams(this.provider);
      const rows = await client.$queryRawUnsafe<unknown[]>(
        `DELETE FROM "OfflineMessage" WHERE id IN
           (SELECT o.id FROM "OfflineMessage" o WHERE ${this.offlineExpired(p, rule)} LIMIT ${p.value(limit)})
         RETURNING id`,
        ...p.values,
      );
      return rows.length;
    });
  }

  /**
   * The next window of customers last seen within the rule's cutoff after
   * `after`, in (lastSeenAt, id) order off their index; `ids` are the ones
   * that may go, `next` null after the last window.
   */
  async scanCustomers(
    rule: LooseRecordRule,
    after: CustomerCursor | null,
    limit: number,
  ): Promise<{ ids: string[]; next: CustomerCursor | null }> {
    const p = new SqlParams(this.provider);
    const ok = this.customerGone(p, rule, "cu");
    const range = [
      `w."organisationId" = ${p.value(rule.organisationId)}`,
      `w."lastSeenAt" <= ${p.value(rule.customerBefore)}`,
    ];
    if (after) range.push(`(w."lastSeenAt", w.id) > (${p.value(after.lastSeenAt)}, ${p.value(after.id)})`);
    const rows = await this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT cu.id, cu."lastSeenAt", CASE WHEN ${ok} THEN 1 ELSE 0 END AS ok
       FROM (SELECT w.id, w."organisationId", w."lastSeenAt" FROM "Customer" w WHERE ${range.join(" AND ")}
             ORDER BY w."lastSeenAt", w.id LIMIT ${p.value(limit)}) cu
       ORDER BY cu."lastSeenAt", cu.id`,
      ...p.values,
    );
    const last = rows[rows.length - 1];
    return {
      ids: rows.filter((r) => Number(r.ok) === 1).map((r) => String(r.id)),
      next: rows.length < limit || !last ? null : { lastSeenAt: asDate(last.lastSeenAt) as Date, id: String(last.id) },
    };
  }

  /** Deletes those of `ids` that still may go (re-checked in the DELETE); how many went. */
  async deleteCustomers(ids: readonly string[], rule: LooseRecordRule): Promise<number> {
    if (ids.length === 0) return 0;
    return this.deleting(async (client) => {
      const p = new SqlParams(this.provider);
      const rows = await client.$queryRawUnsafe<unknown[]>(
        `DELETE FROM "Customer" AS cu WHERE ${p.inList("cu.id", ids)} AND ${this.customerGone(p, rule)} RETURNING id`,
        ...p.values,
      );
      return rows.length;
    });
  }

  /** On PostgreSQL a delete runs after the hold/delete lock (hold-delete-lock.ts). */
  private async deleting<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    if (this.provider === "sqlite") return fn(this.prisma);
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(TAKE_FOR_DELETE);
        return fn(tx);
      },
      { maxWait: 30_000, timeout: 120_000 },
    );
  }
}
