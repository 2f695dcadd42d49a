import type {
  ConversationRecord,
  ConversationStateDocument,
  MessageRecord,
  NewMessage,
} from "../../core/conversations/conversation-records.js";
import type { StampedAppend, StampedAppendExpectation } from "../../core/conversations/conversation-store.js";
import type { RetentionStamp } from "../../core/retention/retention-stamp.js";
import type { DatabaseProvider } from "../database-provider.js";
import type { SqlRows } from "../raw-sql.js";

/**
 * The hot path's message write in raw SQL: the conversation's retention
 * stamp and the message without an interactive transaction (no BEGIN and
 * COMMIT, no statement in between that waits on the application).
 *
 * PostgreSQL: one statement, a data-modifying CTE. The UPDATE takes the
 * conversation's row lock and its WHERE is checked again on the row a
 * concurrent claim or close committed (READ COMMITTED), and the INSERT only
 * runs for the row the UPDATE stamped: both or neither.
 *
 * SQLite (no data-modifying CTEs): two statements, each its own transaction.
 * The stamp first, then the message on the condition that the conversation
 * is still in one of the statuses (checked by the INSERT itself). Between
 * them another process may close the conversation or hand it to a person:
 * then the message is not stored (null) and the stamp the first statement
 * wrote stays, which moves the last activity and never lowers the class (a
 * person's later stamp is what the row keeps). A crash between the two
 * leaves the same: a stamp without its message, which the customer's retry
 * stores.
 *
 * The statement text is fixed per provider (values are bound), so a driver
 * can prepare each once.
 */

export const CONVERSATION_COLUMNS = [
  "id",
  "organisationId",
  "customerId",
  "channel",
  "externalId",
  "reference",
  "status",
  "humanInvolved",
  "language",
  "escalationReason",
  "resolution",
  "satisfaction",
  "assignedAgentId",
  "startedAt",
  "lastActivityAt",
  "endedAt",
  "retentionClass",
  "retentionExpiresAt",
  "retentionPolicyVersion",
] as const;

const MESSAGE_COLUMNS = [
  "id",
  "conversationId",
  "role",
  "authorId",
  "authorName",
  "text",
  "clientId",
  "metadata",
  "createdAt",
] as const;

const INSERTED_MESSAGE_COLUMNS = MESSAGE_COLUMNS.filter((c) => c !== "id");

const quoted = (columns: readonly string[], prefix = "") => columns.map((c) => `${prefix}"${c}"`).join(", ");

const SQLITE_STATE = `(SELECT json_group_array(json_object('key', s."key", 'data', s."data", 'eTag', s."eTag")) FROM "BotState" s WHERE s."conversationId" = "Conversation"."id")`;

const sqliteStamp = (withState: boolean) => `UPDATE "Conversation"
SET "lastActivityAt" = ?, "humanInvolved" = ?, "retentionClass" = ?, "retentionExpiresAt" = ?, "retentionPolicyVersion" = ?
WHERE "id" = ? AND "organisationId" = ? AND "status" IN (SELECT value FROM json_each(?)) AND (? OR "humanInvolved" = 0)
RETURNING ${quoted(CONVERSATION_COLUMNS)}${withState ? `, ${SQLITE_STATE} AS "state"` : ""}`;

/** Exported for the statement-cost benchmark. */
export const SQLITE_STAMP = sqliteStamp(false);
export const SQLITE_STAMP_WITH_STATE = sqliteStamp(true);

export const SQLITE_INSERT_MESSAGE = `INSERT INTO "Message" (${quoted(INSERTED_MESSAGE_COLUMNS)})
SELECT ?, ?, ?, ?, ?, ?, ?, ?
WHERE EXISTS (SELECT 1 FROM "Conversation" WHERE "id" = ? AND "status" IN (SELECT value FROM json_each(?)))
RETURNING ${quoted(MESSAGE_COLUMNS)}`;

export const POSTGRES_STAMPED_APPEND = `WITH c AS (
  UPDATE "Conversation"
  SET "lastActivityAt" = $1::timestamp(3), "humanInvolved" = $2::boolean, "retentionClass" = $3::"RetentionClass",
      "retentionExpiresAt" = $4::timestamp(3), "retentionPolicyVersion" = $5::integer
  WHERE "id" = $6 AND "organisationId" = $7 AND "status"::text = ANY($8::text[]) AND ($2::boolean OR NOT "humanInvolved")
  RETURNING ${quoted(CONVERSATION_COLUMNS)}
), m AS (
  INSERT INTO "Message" (${quoted(INSERTED_MESSAGE_COLUMNS)})
  SELECT c."id", $9::"MessageRole", $10::text, $11::text, $12::text, $13::text, $14::jsonb, $1::timestamp(3) FROM c
  RETURNING ${quoted(MESSAGE_COLUMNS)}
)
SELECT ${quoted(CONVERSATION_COLUMNS, "c.")}, ${MESSAGE_COLUMNS.map((col) => `m."${col}" AS "m_${col}"`).join(", ")},
  CASE WHEN $15::boolean THEN (
    SELECT json_agg(json_build_object('key', s."key", 'data', s."data", 'eTag', s."eTag"))
    FROM "BotState" s WHERE s."conversationId" = c."id"
  ) END AS "state"
FROM c CROSS JOIN m`;

/** How SQLite keeps a DateTime (the Prisma adapter's default "iso8601" format): text that compares in time order. */
export function sqliteTimestamp(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

/** A PostgreSQL `timestamp(3)` (without time zone, UTC as Prisma keeps it) as text. */
export function postgresTimestamp(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

/** A time as the provider's driver statements bind it (sqliteTimestamp or postgresTimestamp). */
export function driverTimestamp(provider: DatabaseProvider, d: Date): string {
  return provider === "sqlite" ? sqliteTimestamp(d) : postgresTimestamp(d);
}

export async function stampedAppend(
  db: SqlRows,
  input: NewMessage,
  createdAt: Date,
  stamp: RetentionStamp,
  expect: StampedAppendExpectation,
): Promise<StampedAppend | null> {
  const withState = expect.withState === true;
  const statuses = [...expect.statuses];
  const metadata = input.metadata === undefined || input.metadata === null ? null : JSON.stringify(input.metadata);
  if (db.provider === "postgresql") {
    const rows = await db.rows(POSTGRES_STAMPED_APPEND, [
      postgresTimestamp(stamp.lastActivityAt),
      stamp.humanInvolved,
      stamp.retentionClass,
      postgresTimestamp(stamp.retentionExpiresAt),
      stamp.retentionPolicyVersion,
      input.conversationId,
      expect.organisationId,
      statuses,
      input.role,
      input.authorId ?? null,
      input.authorName ?? null,
      input.text,
      input.clientId ?? null,
      metadata,
      withState,
    ]);
    const row = rows[0];
    if (!row) return null;
    return {
      conversation: conversationOf(row),
      message: messageOf(row, "m_"),
      ...(withState ? { state: stateOf(row.state) } : {}),
    };
  }
  const human = stamp.humanInvolved ? 1 : 0;
  const stamped = await db.rows(withState ? SQLITE_STAMP_WITH_STATE : SQLITE_STAMP, [
    sqliteTimestamp(stamp.lastActivityAt),
    human,
    stamp.retentionClass,
    sqliteTimestamp(stamp.retentionExpiresAt),
    stamp.retentionPolicyVersion,
    input.conversationId,
    expect.organisationId,
    JSON.stringify(statuses),
    human,
  ]);
  const row = stamped[0];
  if (!row) return null;
  const inserted = await db.rows(SQLITE_INSERT_MESSAGE, [
    input.conversationId,
    input.role,
    input.authorId ?? null,
    input.authorName ?? null,
    input.text,
    input.clientId ?? null,
    metadata,
    sqliteTimestamp(createdAt),
    input.conversationId,
    JSON.stringify(statuses),
  ]);
  const message = inserted[0];
  if (!message) return null;
  return {
    conversation: conversationOf(row),
    message: messageOf(message),
    ...(withState ? { state: stateOf(row.state) } : {}),
  };
}

/** A timestamp as either path gives it back: a Date, ISO text with its zone, or PostgreSQL's text without one (UTC). */
export function timestampOf(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  if (typeof value !== "string") throw new Error(`not a timestamp: ${String(value)}`);
  const iso = value.includes("T") ? value : value.replace(" ", "T");
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`);
}

const nullableTimestamp = (value: unknown): Date | null =>
  value === null || value === undefined ? null : timestampOf(value);
const text = (value: unknown): string => String(value);
/** A nullable text column as either driver gives it back. */
export const nullableText = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);
/** A boolean column as either driver gives it back (SQLite: 0/1, PostgreSQL: true/false). */
export const flag = (value: unknown): boolean =>
  value === true || value === 1 || value === 1n || value === "1" || value === "t";

function json(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return typeof value === "string" ? JSON.parse(value) : value;
}

export function conversationOf(row: Record<string, unknown>): ConversationRecord & Record<string, unknown> {
  return {
    id: text(row.id),
    organisationId: text(row.organisationId),
    customerId: nullableText(row.customerId),
    channel: text(row.channel),
    externalId: nullableText(row.externalId),
    reference: nullableText(row.reference),
    status: text(row.status) as ConversationRecord["status"],
    humanInvolved: flag(row.humanInvolved),
    language: text(row.language),
    escalationReason: nullableText(row.escalationReason),
    resolution: nullableText(row.resolution),
    satisfaction: row.satisfaction === null || row.satisfaction === undefined ? null : Number(row.satisfaction),
    assignedAgentId: nullableText(row.assignedAgentId),
    startedAt: timestampOf(row.startedAt),
    lastActivityAt: timestampOf(row.lastActivityAt),
    endedAt: nullableTimestamp(row.endedAt),
    retentionClass: text(row.retentionClass) as ConversationRecord["retentionClass"],
    retentionExpiresAt: timestampOf(row.retentionExpiresAt),
    retentionPolicyVersion: Number(row.retentionPolicyVersion),
  };
}

export function messageOf(row: Record<string, unknown>, prefix = ""): MessageRecord {
  const col = (name: string) => row[`${prefix}${name}`];
  return {
    id: Number(col("id")),
    conversationId: text(col("conversationId")),
    role: text(col("role")) as MessageRecord["role"],
    authorId: nullableText(col("authorId")),
    authorName: nullableText(col("authorName")),
    text: text(col("text")),
    clientId: nullableText(col("clientId")),
    metadata: json(col("metadata")),
    createdAt: timestampOf(col("createdAt")),
  };
}

/** The state documents the statement read (a JSON array, or null when there were none). */
function stateOf(value: unknown): ConversationStateDocument[] {
  const docs = json(value);
  if (docs === null) return [];
  if (!Array.isArray(docs)) throw new Error("bot state documents: not an array");
  return docs.map((d: { key?: unknown; data?: unknown; eTag?: unknown }) => {
    if (typeof d?.key !== "string" || typeof d.data !== "string" || typeof d.eTag !== "string")
      throw new Error("bot state document: missing key, data or eTag");
    return { key: d.key, data: d.data, eTag: d.eTag };
  });
}
