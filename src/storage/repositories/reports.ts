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
import { asCount, asDate, SqlParams } from "../raw-sql.js";
import { AnalyticsRepository } from "./analytics.js";

type Row = Record<string, unknown>;

const truthy = (v: unknown) => v === true || v === 1 || v === 1n || v === "1" || v === "t";
const date = (v: unknown) => asDate(v) as Date;

/**
 * The reports' reads (the core's ReportStore port). Each query starts from
 * the organisation's conversations in the window through the
 * (organisationId, startedAt) index and reaches messages, handoff requests,
 * feedback and leave-a-message requests through their conversation indexes,
 * selecting only the columns a figure needs. Conversations are counted per
 * hour in SQL; JSON in message metadata is read with each provider's own
 * operator. A handoff request (not a transfer) always set its
 * conversation's escalationReason, so conversations without one are
 * neither joined nor probed for requests.
 */
export class ReportRepository implements ReportStore {
  private readonly prisma: Prisma;
  private readonly provider: DatabaseProvider;
  private readonly analytics: AnalyticsRepository;

  constructor(db: Pick<Database, "prisma" | "provider">) {
    this.prisma = db.prisma;
    this.provider = db.provider;
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

  private text(column: string): string {
    return this.provider === "postgresql" ? `${column}::text` : column;
  }

  private async query(p: SqlParams, sql: string): Promise<Row[]> {
    return this.prisma.$queryRawUnsafe<Row[]>(sql, ...p.values);
  }

  /** The start of the UTC hour of `column`, as each provider writes it. */
  private hourOf(column: string): string {
    return this.provider === "postgresql"
      ? `date_trunc('hour', ${column})`
      : `substr(${column}, 1, 13) || ':00:00.000+00:00'`;
  }

  async conversations(w: ReportWindow): Promise<ReportConversation[]> {
    const p = new SqlParams(this.provider);
    // Grouped by hour in SQL: a busy year is ~100,000 conversations but at most 8,784 hours.
    const rows = await this.query(
      p,
      `SELECT ${this.hourOf('c."startedAt"')} AS "hour", c."satisfaction" AS "satisfaction",
         CASE WHEN c."humanInvolved" = false AND c."escalationReason" IS NULL
           AND NOT EXISTS (SELECT 1 FROM "OfflineMessage" o WHERE o."conversationId" = c.id)
         THEN 1 ELSE 0 END AS "botOnly",
         COUNT(*) AS "count"
       FROM "Conversation" c
       WHERE ${this.inWindow(p, w)}
         AND EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c.id AND m."role" = 'customer')
       GROUP BY 1, 2, 3`,
    );
    return rows.map((r) => ({
      startedAt: date(r.hour),
      count: asCount(r.count),
      botOnly: truthy(r.botOnly),
      satisfaction: r.satisfaction === null || r.satisfaction === undefined ? null : Number(r.satisfaction),
    }));
  }

  async handoffs(w: ReportWindow): Promise<ReportHandoff[]> {
    const p = new SqlParams(this.provider);
    const rows = await this.query(
      p,
      `SELECT c."startedAt" AS "startedAt", h."requestedAt" AS "requestedAt", ${this.text('h."status"')} AS "status",
         h."endedAt" AS "endedAt",
         (SELECT MIN(m."createdAt") FROM "Message" m
           WHERE m."conversationId" = h."conversationId" AND m."role" = 'agent' AND m."createdAt" >= h."requestedAt") AS "firstReply"
       FROM "Conversation" c JOIN "HandoffRequest" h ON h."conversationId" = c.id
       WHERE ${this.inWindow(p, w)} AND c."escalationReason" IS NOT NULL AND h."reason" <> 'transfer'`,
    );
    return rows.map((r) => ({
      conversationStartedAt: date(r.startedAt),
      requestedAt: date(r.requestedAt),
      status: String(r.status),
      firstAgentReplyAt: asDate(r.firstReply),
      endedAt: asDate(r.endedAt),
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
      `SELECT c."startedAt" AS "startedAt", f."helpful" AS "helpful", ${entry} AS "entryId"
       FROM "Conversation" c
         JOIN "Feedback" f ON f."conversationId" = c.id
         JOIN "Message" m ON m.id = f."messageId"
       WHERE ${this.inWindow(p, w)}`,
    );
    return rows.map((r) => ({
      conversationStartedAt: date(r.startedAt),
      helpful: truthy(r.helpful),
      entryId: typeof r.entryId === "string" ? r.entryId : null,
    }));
  }

  async unansweredQuestions(w: ReportWindow): Promise<ReportQuestion[]> {
    const p = new SqlParams(this.provider);
    // Spelled as in the partial index Message_fallback_idx, so the planner uses it.
    const fallback =
      this.provider === "postgresql"
        ? `(b."metadata" ->> 'action') = 'fallback'`
        : `json_extract(b."metadata", '$.action') = 'fallback'`;
    // The customer message just before a fallback (no bot reply between them) is the question it failed.
    const rows = await this.query(
      p,
      `SELECT c.id AS "conversationId", c."customerId" AS "customerId", c."startedAt" AS "startedAt",
         q."createdAt" AS "askedAt", q."text" AS "text"
       FROM "Conversation" c
         JOIN "Message" b ON b."conversationId" = c.id
         JOIN "Message" q ON q.id = (SELECT MAX(x.id) FROM "Message" x
           WHERE x."conversationId" = b."conversationId" AND x.id < b.id AND x."role" IN ('customer', 'bot'))
       WHERE ${this.inWindow(p, w)} AND ${fallback} AND b."role" = 'bot' AND q."role" = 'customer'`,
    );
    if (rows.length === 0) return [];
    const { customers, conversations } = await this.objectors();
    return rows
      .filter(
        (r) =>
          !conversations.has(String(r.conversationId)) &&
          !(typeof r.customerId === "string" && customers.has(r.customerId)),
      )
      .map((r) => ({ conversationStartedAt: date(r.startedAt), askedAt: date(r.askedAt), text: String(r.text) }));
  }

  /** Who objected to analysis (as the analytics export counts them): their questions are left out. */
  private async objectors(): Promise<{ customers: Set<string>; conversations: Set<string> }> {
    const contacts = await this.analytics.objectionContacts();
    const emails = [...new Set(contacts.flatMap((c) => (c.email ? [c.email, c.email.toLowerCase()] : [])))];
    const phones = [...new Set(contacts.flatMap((c) => (c.phone ? phoneSpellings(c.phone) : [])))];
    return {
      customers: await this.analytics.excludedCustomerIds(emails, phones),
      conversations: await this.analytics.conversationsOfContacts(emails, phones),
    };
  }
}
