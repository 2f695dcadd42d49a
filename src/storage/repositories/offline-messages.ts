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

  listUnhandled(organisationId: string): Promise<OfflineMessage[]> {
    return this.prisma.offlineMessage.findMany({
      where: { organisationId, handledAt: null },
      orderBy: { createdAt: "asc" },
    });
  }

  listForConversation(conversationId: string): Promise<OfflineMessage[]> {
    return this.prisma.offlineMessage.findMany({ where: { conversationId }, orderBy: { createdAt: "asc" } });
  }
}
