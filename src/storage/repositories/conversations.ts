import { v7 as uuidv7 } from "uuid";
import { retentionExpiry } from "../../core/retention/retention-policy.js";
import type { Prisma } from "../database.js";
import type { Conversation, ConversationStatus } from "../generated/sqlite/client.js";
import type { SqlRows } from "../raw-sql.js";
import type { RetentionPolicyRepository } from "./retention-policies.js";
import { CONVERSATION_COLUMNS, conversationOf, driverTimestamp } from "./stamped-append.js";

export type { Conversation, ConversationStatus };

const INSERTED = `"id", "organisationId", "customerId", "channel", "externalId", "reference", "language",
  "startedAt", "lastActivityAt", "retentionClass", "retentionExpiresAt", "retentionPolicyVersion"`;
const RETURNED = CONVERSATION_COLUMNS.map((c) => `"${c}"`).join(", ");
/** A new conversation (status, humanInvolved and the rest take the schema's defaults), given back whole. */
const INSERT = {
  sqlite: `INSERT INTO "Conversation" (${INSERTED})
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'bot_only', ?, ?) RETURNING ${RETURNED}`,
  postgresql: `INSERT INTO "Conversation" (${INSERTED})
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamp(3), $9::timestamp(3), 'bot_only', $10::timestamp(3), $11)
    RETURNING ${RETURNED}`,
};

const SET_LANGUAGE = {
  sqlite: `UPDATE "Conversation" SET "language" = ? WHERE "id" = ?`,
  postgresql: `UPDATE "Conversation" SET "language" = $1 WHERE "id" = $2`,
};

export interface NewConversation {
  organisationId: string;
  channel: string;
  externalId?: string | null;
  customerId?: string | null;
  reference?: string | null;
  language?: string;
}

/**
 * Conversations: creating them (bot-only, with the expiry of the policy in
 * force), finding them, and channel bookkeeping (reference, language,
 * customer, organisation). Status, activity and retention change through the
 * conversation lifecycle's transactions (ConversationStore).
 */
export class ConversationRepository {
  /** `sql`: the driver, for the INSERT of every new conversation (a widget customer's first message). */
  constructor(
    private readonly prisma: Prisma,
    private readonly policies: RetentionPolicyRepository,
    private readonly sql: SqlRows,
  ) {}

  /**
   * A new bot-only conversation with the expiry of the policy in force. Its
   * id is a UUIDv7 of the time it is stored (ordered as created, as Prisma's `uuid(7)` made them).
   * A unique violation (channel and external id) comes back as P2002.
   */
  async create(input: NewConversation, now: Date): Promise<Conversation> {
    const policy = await this.policies.current(input.organisationId);
    const sqlite = this.sql.provider === "sqlite";
    const at = (d: Date) => driverTimestamp(this.sql.provider, d);
    const rows = await this.sql.rows(sqlite ? INSERT.sqlite : INSERT.postgresql, [
      uuidv7(),
      input.organisationId,
      input.customerId ?? null,
      input.channel,
      input.externalId ?? null,
      input.reference ?? null,
      input.language ?? "nb",
      at(now),
      at(now),
      at(retentionExpiry(now, "bot_only", policy)),
      policy.version,
    ]);
    return conversationOf(rows[0] as Record<string, unknown>) as Conversation;
  }

  /** Finds the conversation a channel knows by its own id, or creates it (race-safe). */
  async findOrCreateExternal(input: NewConversation & { externalId: string }, now: Date): Promise<Conversation> {
    const existing = await this.findByExternal(input.channel, input.externalId);
    if (existing) return existing;
    try {
      return await this.create(input, now);
    } catch (err) {
      if ((err as { code?: string }).code === "P2002") {
        const again = await this.findByExternal(input.channel, input.externalId);
        if (again) return again;
      }
      throw err;
    }
  }

  findById(id: string): Promise<Conversation | null> {
    return this.prisma.conversation.findUnique({ where: { id } });
  }

  findByExternal(channel: string, externalId: string): Promise<Conversation | null> {
    return this.prisma.conversation.findUnique({ where: { channel_externalId: { channel, externalId } } });
  }

  listForCustomer(customerId: string): Promise<Conversation[]> {
    return this.prisma.conversation.findMany({ where: { customerId }, orderBy: { startedAt: "asc" } });
  }

  async update(
    id: string,
    patch: Partial<
      Pick<
        Conversation,
        | "status"
        | "escalationReason"
        | "resolution"
        | "satisfaction"
        | "assignedAgentId"
        | "endedAt"
        | "reference"
        | "language"
        | "customerId"
        | "organisationId"
      >
    >,
  ): Promise<Conversation> {
    return this.prisma.conversation.update({ where: { id }, data: patch });
  }

  /** A turn in another language than the last one: through the driver, like the rest of the turn. */
  async setLanguage(id: string, language: string): Promise<void> {
    const sqlite = this.sql.provider === "sqlite";
    await this.sql.rows(sqlite ? SET_LANGUAGE.sqlite : SET_LANGUAGE.postgresql, [language, id]);
  }
}
