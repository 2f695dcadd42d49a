import type {
  AnalyticsConversation,
  AnalyticsFeedback,
  AnalyticsHandoff,
  AnalyticsMessage,
  AnalyticsStore,
} from "../../core/retention/analytics-store.js";
import type { Prisma } from "../database.js";

export type { AnalyticsConversation, AnalyticsMessage };

/**
 * Reads for the analytics export: conversations page by page, their
 * customer and bot messages, feedback and escalations, and the objections
 * to analysis that exclude a customer's logs.
 */
export class AnalyticsRepository implements AnalyticsStore {
  constructor(private readonly prisma: Prisma) {}

  /** Customers whose logs must be left out: opted out, or named by an objection (id, e-mail or phone). */
  async excludedCustomerIds(emails: readonly string[], phones: readonly string[]): Promise<Set<string>> {
    const objections = await this.prisma.analyticsObjection.findMany({ select: { customerId: true } });
    const rows = await this.prisma.customer.findMany({
      where: {
        OR: [
          { analyticsOptOut: true },
          { id: { in: objections.map((o) => o.customerId).filter((id): id is string => id !== null) } },
          ...(emails.length ? [{ email: { in: [...emails] } }] : []),
          ...(phones.length ? [{ phone: { in: [...phones] } }] : []),
        ],
      },
      select: { id: true },
    });
    return new Set(rows.map((r) => r.id));
  }

  /** Conversations whose leave-a-message named an objecting e-mail or phone. */
  async conversationsOfContacts(emails: readonly string[], phones: readonly string[]): Promise<Set<string>> {
    if (emails.length === 0 && phones.length === 0) return new Set();
    const rows = await this.prisma.offlineMessage.findMany({
      where: {
        conversationId: { not: null },
        OR: [
          ...(emails.length ? [{ email: { in: [...emails] } }] : []),
          ...(phones.length ? [{ phone: { in: [...phones] } }] : []),
        ],
      },
      select: { conversationId: true },
    });
    return new Set(rows.map((r) => r.conversationId as string));
  }

  /** Objections naming an e-mail or phone (their spellings are widened by the caller). */
  objectionContacts(): Promise<Array<{ email: string | null; phone: string | null }>> {
    return this.prisma.analyticsObjection.findMany({
      where: { OR: [{ email: { not: null } }, { phone: { not: null } }] },
      select: { email: true, phone: true },
    });
  }

  conversationsPage(filter: {
    organisationId: string | null;
    from: Date;
    to: Date;
    afterId: string | null;
    limit: number;
  }): Promise<AnalyticsConversation[]> {
    return this.prisma.conversation.findMany({
      where: {
        ...(filter.organisationId ? { organisationId: filter.organisationId } : {}),
        startedAt: { lt: filter.to },
        lastActivityAt: { gte: filter.from },
        ...(filter.afterId ? { id: { gt: filter.afterId } } : {}),
      },
      select: { id: true, organisationId: true, customerId: true, language: true, escalationReason: true },
      orderBy: { id: "asc" },
      take: filter.limit,
    });
  }

  messagesOf(conversationIds: readonly string[]): Promise<AnalyticsMessage[]> {
    return this.prisma.message.findMany({
      where: { conversationId: { in: [...conversationIds] }, role: { in: ["customer", "bot"] } },
      select: { id: true, conversationId: true, role: true, text: true, metadata: true, createdAt: true },
      orderBy: [{ conversationId: "asc" }, { id: "asc" }],
    });
  }

  feedbackOf(conversationIds: readonly string[]): Promise<AnalyticsFeedback[]> {
    return this.prisma.feedback.findMany({
      where: { conversationId: { in: [...conversationIds] } },
      select: {
        conversationId: true,
        helpful: true,
        comment: true,
        createdAt: true,
        message: { select: { text: true } },
      },
      orderBy: { createdAt: "asc" },
    });
  }

  handoffsOf(conversationIds: readonly string[]): Promise<AnalyticsHandoff[]> {
    return this.prisma.handoffRequest.findMany({
      where: { conversationId: { in: [...conversationIds] } },
      select: { conversationId: true, reason: true, summary: true, requestedAt: true },
      orderBy: { requestedAt: "asc" },
    });
  }
}
