import type { Prisma } from "../database.js";
import type { OfflineMessage } from "../generated/sqlite/client.js";

export type { OfflineMessage };

export interface NewOfflineMessage {
  organisationId: string;
  conversationId?: string | null;
  customerId?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  text: string;
  language: string;
}

/** Leave-a-message requests for agents, made when the service is closed or nobody is online. */
export class OfflineMessageRepository {
  constructor(private readonly prisma: Prisma) {}

  create(input: NewOfflineMessage, now: Date): Promise<OfflineMessage> {
    return this.prisma.offlineMessage.create({
      data: {
        organisationId: input.organisationId,
        conversationId: input.conversationId ?? null,
        customerId: input.customerId ?? null,
        name: input.name ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        text: input.text,
        language: input.language,
        createdAt: now,
      },
    });
  }

  findById(id: string): Promise<OfflineMessage | null> {
    return this.prisma.offlineMessage.findUnique({ where: { id } });
  }

  /** Requests nobody has handled yet, oldest first; `organisationId` null: every organisation. */
  listUnhandled(organisationId: string | null, limit: number): Promise<OfflineMessage[]> {
    return this.prisma.offlineMessage.findMany({
      where: { ...(organisationId ? { organisationId } : {}), handledAt: null },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: limit,
    });
  }

  countUnhandled(organisationId: string | null): Promise<number> {
    return this.prisma.offlineMessage.count({
      where: { ...(organisationId ? { organisationId } : {}), handledAt: null },
    });
  }

  /**
   * Marks a request handled unless someone already did: true when this call
   * did it. One conditional UPDATE, so of two agents at once exactly one wins.
   */
  async markHandled(id: string, handledById: string, now: Date): Promise<boolean> {
    const r = await this.prisma.offlineMessage.updateMany({
      where: { id, handledAt: null },
      data: { handledAt: now, handledById },
    });
    return r.count === 1;
  }

  listForConversation(conversationId: string): Promise<OfflineMessage[]> {
    return this.prisma.offlineMessage.findMany({ where: { conversationId }, orderBy: { createdAt: "asc" } });
  }
}
