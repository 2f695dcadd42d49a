import type {
  ReportConversation,
  ReportFeedback,
  ReportHandoff,
  ReportQuestion,
  ReportStore,
  ReportWindow,
} from "../../core/reports/report-store.js";
import { phoneSpellings } from "../../core/retention/data-subject/subject-keys.js";
import type { Database, Prisma } from "../database.js";
import type { DatabaseProvider } from "../database-provider.js";
import { asCount, SqlParams, type SqlRows } from "../raw-sql.js";
import { AnalyticsRepository } from "./analytics.js";
import { driverTimestamp, flag } from "./stamped-append.js";

type Row = Record<string, unknown>;

/** Seconds, to the millisecond the columns hold. */
const seconds = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 1000);

/**
 * The reports' reads (the core's ReportStore port). Each query starts from
 * the organisation's conversations in the window, read from the covering
 * index Conversation_report_idx alone, and reaches messages, handoff
 * requests and feedback through their conversation indexes (`CROSS JOIN`
 * keeps that order in SQLite; PostgreSQL plans it itself). The look-ups into
 * the messages are index-only too: Message_customer_idx (did the customer
 * write?), Message_agent_idx (the first agent reply), Message_turn_idx (the
 * message before a fallback). Whatever can be summed is summed in SQL
 * (conversations per hour, "was this helpful?" per entry), and times come
 * back as epoch milliseconds or seconds, so a busy year is a few thousand
 * rows to convert rather than a hundred thousand. A handoff request (not a
 * transfer) always set its conversation's escalationReason, so
 * conversations without one are neither joined nor probed for requests.
 */
export class ReportRepository implements ReportStore {
  private readonly prisma: Prisma;
  private readonly provider: DatabaseProvider;
  private readonly sql: SqlRows;
  private readonly analytics: AnalyticsRepository;

  constructor(db: Pick<Database, "prisma" | "provider" | "sql">) {
    this.prisma = db.prisma;
    this.provider = db.provider;
    this.sql = db.sql;
    this.analytics = new AnalyticsRepository(db.prisma);
  }

  async organisationName(organisationId: string): Promise<string | null> {
    const org = await this.prisma.organisation.findUnique({ where: { id: organisationId }, select: { name: true } });
    return org?.name ?? null;
  }

  /** `c` is the organisation's conversations that started in the window. */
  private inWindow(p: SqlParams, w: ReportWindow): string {
    return `c."organisationId" = ${p.value(w.organisationId)} AND c."startedAt" >= ${p.value(w.from)} AND c."startedAt" < ${p.value(w.to)}`;
  }

  /**
   * The customer wrote in the conversation `conversationId` names. Spelled
   * with the joined row's column (a handoff request's, a feedback's), so it
   * is looked up only for the conversations that have such a row.
   */
  private customerWrote(conversationId: string): string {
    return `EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = ${conversationId} AND m."role" = 'customer')`;
  }

  /** A timestamp column as epoch milliseconds. */
  private epochMs(column: string): string {
    return this.provider === "postgresql"
      ? `(EXTRACT(EPOCH FROM ${column}) * 1000)`
      : `(unixepoch(${column}, 'subsec') * 1000)`;
  }

  /** Seconds from one timestamp column to another. */
  private secondsBetween(from: string, to: string): string {
    return this.provider === "postgresql"
      ? `EXTRACT(EPOCH FROM (${to} - ${from}))`
      : `(unixepoch(${to}, 'subsec') - unixepoch(${from}, 'subsec'))`;
  }

  /** The UTC hour of a timestamp column (grouped by: a narrow key, cheap to sort). */
  private hour(column: string): string {
    return this.provider === "postgresql" ? `date_trunc('hour', ${column})` : `substr(${column}, 1, 13)`;
  }

  /** An hour() key as epoch milliseconds (worked out once per group, not per row). */
  private hourMs(hour: string): string {
    return this.provider === "postgresql"
      ? `(EXTRACT(EPOCH FROM ${hour}) * 1000)`
      : `(unixepoch(${hour} || ':00:00') * 1000)`;
  }

  /**
   * Straight through the driver: a year is tens of thousands of rows, which
   * Prisma's raw queries map cell by cell. Times are bound as each database
   * keeps them; PostgreSQL plans each report for its own window.
   */
  private async query(p: SqlParams, sql: string): Promise<Row[]> {
    const values = p.values.map((v) => (v instanceof Date ? driverTimestamp(this.provider, v) : v));
    return this.sql.rows(sql, values, { prepared: this.provider === "sqlite" });
  }

  async conversations(w: ReportWindow): Promise<ReportConversation[]> {
    const p = new SqlParams(this.provider);
    const rating = (n: number) => `SUM(CASE WHEN c."satisfaction" = ${n} THEN 1 ELSE 0 END) AS "r${n}"`;
    const rows = await this.query(
      p,
      `SELECT ${this.hourMs(this.hour('c."startedAt"'))} AS "hour", COUNT(*) AS "count",
         SUM(CASE WHEN c."humanInvolved" = false AND c."escalationReason" IS NULL
           AND NOT EXISTS (SELECT 1 FROM "OfflineMessage" o WHERE o."conversationId" = c.id)
         THEN 1 ELSE 0 END) AS "botOnly",
         ${[1, 2, 3, 4, 5].map(rating).join(", ")}
       FROM "Conversation" c
       WHERE ${this.inWindow(p, w)} AND ${this.customerWrote("c.id")}
       GROUP BY ${this.hour('c."startedAt"')}`,
    );
    return rows.map((r) => ({
      startedAt: new Date(Math.round(Number(r.hour))),
      count: asCount(r.count),
      botOnly: asCount(r.botOnly),
      ratings: [asCount(r.r1), asCount(r.r2), asCount(r.r3), asCount(r.r4), asCount(r.r5)],
    }));
  }

  async handoffs(w: ReportWindow): Promise<ReportHandoff[]> {
    const p = new SqlParams(this.provider);
    // Spelled as in the partial index Message_agent_idx, so the planner uses it.
    const firstReply = `(SELECT MIN(m."createdAt") FROM "Message" m
      WHERE m."conversationId" = h."conversationId" AND m."role" = 'agent' AND m."createdAt" >= h."requestedAt")`;
    const rows = await this.query(
      p,
      `SELECT ${this.epochMs('c."startedAt"')} AS "startedAt",
         ${this.provider === "postgresql" ? `h."status"::text` : `h."status"`} AS "status",
         ${this.secondsBetween('h."requestedAt"', firstReply)} AS "firstResponse",
         ${this.secondsBetween('h."requestedAt"', 'h."endedAt"')} AS "ended"
       FROM "Conversation" c CROSS JOIN "HandoffRequest" h
       WHERE ${this.inWindow(p, w)} AND c."escalationReason" IS NOT NULL
         AND h."conversationId" = c.id AND h."reason" <> 'transfer' AND ${this.customerWrote('h."conversationId"')}`,
    );
    return rows.map((r) => ({
      conversationStartedAt: new Date(Math.round(Number(r.startedAt))),
      status: String(r.status),
      firstResponseSeconds: seconds(r.firstResponse),
      endedAfterSeconds: seconds(r.ended),
    }));
  }

  async feedback(w: ReportWindow): Promise<ReportFeedback[]> {
    const p = new SqlParams(this.provider);
    const entry =
      this.provider === "postgresql"
        ? `(m."metadata" -> 'sources' ->> 0)`
        : `json_extract(m."metadata", '$.sources[0]')`;
    const rows = await this.query(
      p,
      `SELECT ${entry} AS "entryId", f."helpful" AS "helpful", COUNT(*) AS "count"
       FROM "Conversation" c CROSS JOIN "Feedback" f CROSS JOIN "Message" m
       WHERE ${this.inWindow(p, w)} AND f."conversationId" = c.id AND ${this.customerWrote('f."conversationId"')}
         AND m.id = f."messageId"
       GROUP BY 1, 2`,
    );
    return rows.map((r) => ({
      entryId: typeof r.entryId === "string" ? r.entryId : null,
      helpful: flag(r.helpful),
      count: asCount(r.count),
    }));
  }

  async unansweredQuestions(w: ReportWindow): Promise<ReportQuestion[]> {
    const { customers, conversations } = await this.objectors();
    const p = new SqlParams(this.provider);
    // Spelled as in the partial index Message_fallback_idx, so the planner uses it.
    const fallback =
      this.provider === "postgresql"
        ? `(b."metadata" ->> 'action') = 'fallback'`
        : `json_extract(b."metadata", '$.action') = 'fallback'`;
    // The failed question is the customer's own message, so the customer wrote: SQLite needs no look-up.
    // PostgreSQL keeps it: with it, it joins the window's conversations first and probes the fallbacks of
    // those alone; without it, it hashes every fallback of the organisation (three times slower for 30 days).
    const window =
      this.provider === "postgresql" ? `${this.inWindow(p, w)} AND ${this.customerWrote("c.id")}` : this.inWindow(p, w);
    const notObjecting = [
      customers.length ? `(c."customerId" IS NULL OR NOT ${p.inList('c."customerId"', customers)})` : "",
      conversations.length ? `NOT ${p.inList("c.id", conversations)}` : "",
    ]
      .filter(Boolean)
      .map((x) => ` AND ${x}`)
      .join("");
    // The customer message just before a fallback (no bot reply between them) is the question it failed.
    const rows = await this.query(
      p,
      `SELECT ${this.epochMs('c."startedAt"')} AS "startedAt", ${this.epochMs('q."createdAt"')} AS "askedAt", q."text" AS "text"
       FROM "Conversation" c CROSS JOIN "Message" b CROSS JOIN "Message" q
       WHERE ${window} AND b."conversationId" = c.id AND ${fallback} AND b."role" = 'bot'
         AND q.id = (SELECT MAX(x.id) FROM "Message" x
           WHERE x."conversationId" = b."conversationId" AND x.id < b.id AND x."role" IN ('customer', 'bot'))
         AND q."role" = 'customer'${notObjecting}`,
    );
    return rows.map((r) => ({
      conversationStartedAt: new Date(Math.round(Number(r.startedAt))),
      askedAt: new Date(Math.round(Number(r.askedAt))),
      text: String(r.text),
    }));
  }

  /** Who objected to analysis (as the analytics export counts them): their questions are left out. */
  private async objectors(): Promise<{ customers: string[]; conversations: string[] }> {
    const contacts = await this.analytics.objectionContacts();
    const emails = [...new Set(contacts.flatMap((c) => (c.email ? [c.email, c.email.toLowerCase()] : [])))];
    const phones = [...new Set(contacts.flatMap((c) => (c.phone ? phoneSpellings(c.phone) : [])))];
    return {
      customers: [...(await this.analytics.excludedCustomerIds(emails, phones))],
      conversations: [...(await this.analytics.conversationsOfContacts(emails, phones))],
    };
  }
}
