import type { Prisma } from "../database.js";
import type { Conversation, HandoffRequest, HandoffStatus } from "../generated/sqlite/client.js";

export type { HandoffRequest, HandoffStatus };

/** Statuses of a request that is still in progress. */
const ACTIVE: HandoffStatus[] = ["waiting", "assigned"];

export interface CustomerSummary {
  id: string;
  displayName: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
}

/**
 * The durable handoff queue, read side: waiting requests, the grace period of
 * disconnected customers, and the figures of the wait estimate. The state
 * changes (joining and leaving the queue, claims, transfers, closing) are
 * transactions of the conversation lifecycle (ConversationStore).
 */
export class HandoffRepository {
  constructor(private readonly prisma: Prisma) {}

  /** The request in progress (waiting or assigned) of a conversation, if any. */
  findActive(conversationId: string): Promise<HandoffRequest | null> {
    return this.prisma.handoffRequest.findFirst({
      where: { conversationId, status: { in: ACTIVE } },
      orderBy: { requestedAt: "desc" },
    });
  }

  /** The newest request of a conversation, whatever its status. */
  findLatest(conversationId: string): Promise<HandoffRequest | null> {
    return this.prisma.handoffRequest.findFirst({ where: { conversationId }, orderBy: { requestedAt: "desc" } });
  }

  /** Waiting requests of one organisation (or all), oldest first. */
  listWaiting(organisationId?: string): Promise<HandoffRequest[]> {
    return this.prisma.handoffRequest.findMany({
      where: { status: "waiting", ...(organisationId ? { organisationId } : {}) },
      orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
    });
  }

  /** Organisations that have anyone waiting. */
  async organisationsWithWaiting(): Promise<string[]> {
    const rows = await this.prisma.handoffRequest.findMany({
      where: { status: "waiting" },
      select: { organisationId: true },
      distinct: ["organisationId"],
    });
    return rows.map((r) => r.organisationId);
  }

  /** Starts the grace period of a waiting customer who lost their connection (keeps the first time). */
  async markDisconnected(conversationId: string, at: Date): Promise<boolean> {
    const r = await this.prisma.handoffRequest.updateMany({
      where: { conversationId, status: "waiting", customerDisconnectedAt: null },
      data: { customerDisconnectedAt: at },
    });
    return r.count > 0;
  }

  async clearDisconnected(conversationId: string): Promise<boolean> {
    const r = await this.prisma.handoffRequest.updateMany({
      where: { conversationId, status: "waiting", customerDisconnectedAt: { not: null } },
      data: { customerDisconnectedAt: null },
    });
    return r.count > 0;
  }

  /** Waiting requests whose customer has been gone since before `cutoff`. */
  listDisconnectedBefore(cutoff: Date): Promise<HandoffRequest[]> {
    return this.prisma.handoffRequest.findMany({
      where: { status: "waiting", customerDisconnectedAt: { lte: cutoff } },
      orderBy: { requestedAt: "asc" },
    });
  }

  /** Recent waits (request → claim) of first-time requests, newest first: the wait estimate's input. */
  async recentWaits(organisationId: string, since: Date, limit = 30): Promise<number[]> {
    const rows = await this.prisma.handoffRequest.findMany({
      where: { organisationId, assignedAt: { not: null, gte: since }, reason: { not: "transfer" } },
      orderBy: { assignedAt: "desc" },
      take: limit,
      select: { requestedAt: true, assignedAt: true },
    });
    return rows.map((r) => Math.max(0, ((r.assignedAt as Date).getTime() - r.requestedAt.getTime()) / 1000));
  }

  /** How many requests of an organisation ended in each status since a time. */
  async countEndedSince(organisationId: string, since: Date): Promise<Partial<Record<HandoffStatus, number>>> {
    const rows = await this.prisma.handoffRequest.groupBy({
      by: ["status"],
      where: { organisationId, endedAt: { gte: since } },
      _count: { _all: true },
    });
    return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
  }

  /** The first thing each customer wrote, for the queue view. */
  async firstCustomerWords(conversationIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (conversationIds.length === 0) return out;
    const rows = await this.prisma.message.findMany({
      where: { conversationId: { in: conversationIds }, role: "customer" },
      orderBy: { id: "asc" },
      select: { conversationId: true, text: true },
      distinct: ["conversationId"],
    });
    for (const r of rows) out.set(r.conversationId, r.text);
    return out;
  }

  findConversation(id: string): Promise<Conversation | null> {
    return this.prisma.conversation.findUnique({ where: { id } });
  }

  /** What an agent may see of the customer. */
  findCustomer(id: string): Promise<CustomerSummary | null> {
    return this.prisma.customer.findUnique({
      where: { id },
      select: { id: true, displayName: true, email: true, phone: true, language: true },
    });
  }

  listConversations(ids: string[]): Promise<Conversation[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.prisma.conversation.findMany({ where: { id: { in: ids } } });
  }
}
