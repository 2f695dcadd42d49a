import type { Prisma } from "../database.js";
import type { Message, MessageRole } from "../generated/sqlite/client.js";

export type { Message, MessageRole };

/**
 * The chat log, read side. Messages are stored by the conversation core
 * (ConversationLog, through ConversationStore), in one transaction with the
 * conversation's activity and retention classification.
 */
export class MessageRepository {
  constructor(private readonly prisma: Prisma) {}

  findByClientId(conversationId: string, clientId: string): Promise<Message | null> {
    return this.prisma.message.findUnique({ where: { conversationId_clientId: { conversationId, clientId } } });
  }

  /** The transcript in the order it was said, optionally only what came after a message id. */
  list(conversationId: string, opts: { afterId?: number; limit?: number } = {}): Promise<Message[]> {
    return this.prisma.message.findMany({
      where: { conversationId, ...(opts.afterId !== undefined ? { id: { gt: opts.afterId } } : {}) },
      orderBy: { id: "asc" },
      ...(opts.limit !== undefined ? { take: opts.limit } : {}),
    });
  }
}
