import { retentionExpiry } from "../../core/retention/retention-policy.js";
import type { Prisma } from "../database.js";
import type { Conversation, ConversationStatus } from "../generated/sqlite/client.js";
import type { RetentionPolicyRepository } from "./retention-policies.js";

export type { Conversation, ConversationStatus };

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
  constructor(
    private readonly prisma: Prisma,
    private readonly policies: RetentionPolicyRepository,
  ) {}

  async create(input: NewConversation, now: Date): Promise<Conversation> {
    const policy = await this.policies.current(input.organisationId);
    return this.prisma.conversation.create({
      data: {
        organisationId: input.organisationId,
        channel: input.channel,
        externalId: input.externalId ?? null,
        customerId: input.customerId ?? null,
        reference: input.reference ?? null,
        language: input.language ?? "nb",
        startedAt: now,
        lastActivityAt: now,
        retentionClass: "bot_only",
        retentionExpiresAt: retentionExpiry(now, "bot_only", policy),
        retentionPolicyVersion: policy.version,
      },
    });
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
}
