import { randomUUID } from "node:crypto";
import type { Prisma } from "../database.js";

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
  constructor(private readonly prisma: Prisma) {}

  read(keys: string[]): Promise<BotStateRow[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.prisma.botState.findMany({
      where: { key: { in: keys } },
      select: { key: true, conversationId: true, customerId: true, data: true, eTag: true },
    });
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
      await this.prisma.botState.upsert({
        where: { key },
        create: { key, data, eTag, conversationId, customerId },
        update: { data, eTag, ...(conversationId ? { conversationId } : {}), ...(customerId ? { customerId } : {}) },
      });
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
