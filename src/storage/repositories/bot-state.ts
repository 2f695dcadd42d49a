import { randomUUID } from "node:crypto";
import type { Prisma } from "../database.js";
import type { SqlRows } from "../raw-sql.js";
import { driverTimestamp } from "./stamped-append.js";

const COLUMNS = `"key", "conversationId", "customerId", "data", "eTag"`;

/** Exported for the statement-cost benchmark. */
export const BOT_STATE_READ = {
  sqlite: `SELECT ${COLUMNS} FROM "BotState" WHERE "key" IN (SELECT value FROM json_each(?))`,
  postgresql: `SELECT ${COLUMNS} FROM "BotState" WHERE "key" = ANY($1::text[])`,
} as const;

/** The unconditional write (eTag "*", what botbuilder's state saves with): the owner is kept unless one is given. */
const BOT_STATE_UPSERT_SET = `"data" = excluded."data", "eTag" = excluded."eTag", "updatedAt" = excluded."updatedAt",
  "conversationId" = COALESCE(excluded."conversationId", "BotState"."conversationId"),
  "customerId" = COALESCE(excluded."customerId", "BotState"."customerId")`;

export const BOT_STATE_UPSERT = {
  sqlite: `INSERT INTO "BotState" ("key", "conversationId", "customerId", "data", "eTag", "updatedAt")
VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT ("key") DO UPDATE SET ${BOT_STATE_UPSERT_SET}`,
  postgresql: `INSERT INTO "BotState" ("key", "conversationId", "customerId", "data", "eTag", "updatedAt")
VALUES ($1, $2, $3, $4, $5, $6::timestamp(3)) ON CONFLICT ("key") DO UPDATE SET ${BOT_STATE_UPSERT_SET}`,
} as const;

/** What a state row belongs to: deleting either deletes the row. */
export interface BotStateOwner {
  conversationId: string | null;
  customerId: string | null;
}

export interface BotStateRow {
  key: string;
  conversationId: string | null;
  customerId: string | null;
  data: string;
  eTag: string;
}

/** A write whose eTag no longer matches the stored one: someone else wrote first. */
export class BotStateConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = "BotStateConflictError";
  }
}

/**
 * Bot Framework state (dialog stacks, conversation and user data) as JSON
 * documents with optimistic eTags. Rows of a conversation or a customer are
 * linked to it, so that deleting the conversation or customer (purge,
 * erasure) removes its bot state too.
 */
export class BotStateRepository {
  /** `sql`: the driver, for the statements of every bot turn (read, unconditional write). */
  constructor(
    private readonly prisma: Prisma,
    private readonly sql: SqlRows,
  ) {}

  async read(keys: string[]): Promise<BotStateRow[]> {
    if (keys.length === 0) return [];
    const sqlite = this.sql.provider === "sqlite";
    const rows = await this.sql.rows(sqlite ? BOT_STATE_READ.sqlite : BOT_STATE_READ.postgresql, [
      sqlite ? JSON.stringify(keys) : keys,
    ]);
    return rows.map((r) => ({
      key: String(r.key),
      conversationId: r.conversationId === null ? null : String(r.conversationId),
      customerId: r.customerId === null ? null : String(r.customerId),
      data: String(r.data),
      eTag: String(r.eTag),
    }));
  }

  /**
   * Writes one document and returns its new eTag. `expectedETag` undefined or
   * "*" writes unconditionally; otherwise the stored eTag must match (or the
   * row must not exist yet), else {@link BotStateConflictError}.
   */
  async write(key: string, data: string, expectedETag: string | undefined, owner: BotStateOwner): Promise<string> {
    const eTag = randomUUID();
    const { conversationId, customerId } = owner;
    if (expectedETag === undefined || expectedETag === "*") {
      const now = new Date();
      const sqlite = this.sql.provider === "sqlite";
      await this.sql.rows(sqlite ? BOT_STATE_UPSERT.sqlite : BOT_STATE_UPSERT.postgresql, [
        key,
        conversationId || null,
        customerId || null,
        data,
        eTag,
        driverTimestamp(this.sql.provider, now),
      ]);
      return eTag;
    }
    const updated = await this.prisma.botState.updateMany({
      where: { key, eTag: expectedETag },
      data: { data, eTag, ...(conversationId ? { conversationId } : {}), ...(customerId ? { customerId } : {}) },
    });
    if (updated.count === 1) return eTag;
    const exists = await this.prisma.botState.findUnique({ where: { key }, select: { key: true } });
    if (exists) throw new BotStateConflictError(key);
    try {
      await this.prisma.botState.create({ data: { key, data, eTag, conversationId, customerId } });
    } catch (err) {
      if ((err as { code?: string }).code === "P2002") throw new BotStateConflictError(key);
      throw err;
    }
    return eTag;
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.prisma.botState.deleteMany({ where: { key: { in: keys } } });
  }
}
