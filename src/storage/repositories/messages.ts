import { retentionClassFor, retentionExpiry } from "../../core/retention/retention-policy.js";
import type { Prisma } from "../database.js";
import type { Message, MessageRole } from "../generated/sqlite/client.js";
import type { InputJsonValue } from "../generated/sqlite/internal/prismaNamespace.js";
import type { RetentionPolicyRepository } from "./retention-policies.js";

export type { Message, MessageRole };

export interface NewMessage {
  conversationId: string;
  role: MessageRole;
  text: string;
  clientId?: string | null;
  authorId?: string | null;
  authorName?: string | null;
  metadata?: Record<string, unknown> | null;
}

export interface AppendResult {
  message: Message;
  /** True when a message with the same client id was already stored. */
  duplicate: boolean;
}

/**
 * The chat log. A message is stored, and its conversation's last activity and
 * retention expiry moved, in one transaction; only then may a channel
 * acknowledge it. A retry with the same client id returns the stored message.
 */
export class MessageRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly policies: RetentionPolicyRepository,
  ) {}

  async append(input: NewMessage, now: Date, opts: { humanInvolved?: boolean } = {}): Promise<AppendResult> {
    const clientId = input.clientId ?? null;
    if (clientId !== null) {
      const existing = await this.findByClientId(input.conversationId, clientId);
      if (existing) return { message: existing, duplicate: true };
    }
    const conversation = await this.prisma.conversation.findUniqueOrThrow({
      where: { id: input.conversationId },
      select: { organisationId: true, humanInvolved: true },
    });
    const policy = await this.policies.current(conversation.organisationId);
    const humanInvolved = conversation.humanInvolved || opts.humanInvolved === true || input.role === "agent";
    const cls = retentionClassFor(humanInvolved);
    try {
      const [message] = await this.prisma.$transaction([
        this.prisma.message.create({
          data: {
            conversationId: input.conversationId,
            role: input.role,
            text: input.text,
            clientId,
            authorId: input.authorId ?? null,
            authorName: input.authorName ?? null,
            metadata: (input.metadata ?? undefined) as InputJsonValue | undefined,
            createdAt: now,
          },
        }),
        this.prisma.conversation.update({
          where: { id: input.conversationId },
          data: {
            lastActivityAt: now,
            humanInvolved,
            retentionClass: cls,
            retentionExpiresAt: retentionExpiry(now, cls, policy),
            retentionPolicyVersion: policy.version,
          },
        }),
      ]);
      return { message, duplicate: false };
    } catch (err) {
      if ((err as { code?: string }).code === "P2002" && clientId !== null) {
        const existing = await this.findByClientId(input.conversationId, clientId);
        if (existing) return { message: existing, duplicate: true };
      }
      throw err;
    }
  }

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
