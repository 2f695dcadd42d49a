import type { Prisma } from "../database.js";
import type { Conversation, HandoffRequest, HandoffStatus } from "../generated/sqlite/client.js";

export type { HandoffRequest, HandoffStatus };

/** Statuses of a request that is still in progress. */
const ACTIVE: HandoffStatus[] = ["waiting", "assigned"];

export interface NewHandoff {
  conversationId: string;
  organisationId: string;
  reason: string;
  summary: string | null;
  requestedAt: Date;
}

export interface CustomerSummary {
  id: string;
  displayName: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
}

export type ClaimOutcome = { outcome: "ok"; assignmentId: string } | { outcome: "taken" } | { outcome: "full" };

/** Which assignment ended how, for the finishing transitions. */
export interface AssignmentEnd {
  agentId: string;
  endReason: "closed" | "released" | "transferred" | "customer_ended";
}

/**
 * The durable handoff queue and the conversation state changes that go with
 * it. Every change of a request's or a conversation's status is a conditional
 * UPDATE (`WHERE status = <expected>`) whose affected-row count decides who
 * won, so two agents or two server processes never both succeed.
 */
export class HandoffRepository {
  constructor(private readonly prisma: Prisma) {}

  /** bot → queued plus a waiting request, atomically; null when the conversation was not with the bot. */
  enqueue(input: NewHandoff): Promise<HandoffRequest | null> {
    return this.prisma.$transaction(async (tx) => {
      const moved = await tx.conversation.updateMany({
        where: { id: input.conversationId, status: "bot" },
        data: { status: "queued", escalationReason: input.reason, assignedAgentId: null },
      });
      if (moved.count !== 1) return null;
      return tx.handoffRequest.create({
        data: {
          conversationId: input.conversationId,
          organisationId: input.organisationId,
          reason: input.reason,
          summary: input.summary,
          requestedAt: input.requestedAt,
          status: "waiting",
        },
      });
    });
  }

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

  /**
   * Claims a waiting request for an agent. One transaction: it first writes
   * the agent's row (a row lock in PostgreSQL, the write lock in SQLite) so
   * the capacity check cannot race with the same agent's other claims, then
   * moves the request waiting → assigned with a conditional UPDATE.
   */
  claim(input: { requestId: string; conversationId: string; agentId: string; now: Date }): Promise<ClaimOutcome> {
    return this.prisma.$transaction(async (tx): Promise<ClaimOutcome> => {
      const agent = await tx.user.update({ where: { id: input.agentId }, data: { lastSeenAt: input.now } });
      const active = await tx.assignment.count({ where: { agentId: input.agentId, endedAt: null } });
      if (active >= agent.maxConcurrentChats) return { outcome: "full" };
      const won = await tx.handoffRequest.updateMany({
        where: { id: input.requestId, status: "waiting" },
        data: { status: "assigned", assignedAt: input.now },
      });
      if (won.count !== 1) return { outcome: "taken" };
      const moved = await tx.conversation.updateMany({
        where: { id: input.conversationId, status: "queued" },
        data: { status: "assigned", assignedAgentId: input.agentId },
      });
      if (moved.count !== 1) throw new ConcurrentChange("the conversation left the queue during the claim");
      const assignment = await tx.assignment.create({
        data: {
          conversationId: input.conversationId,
          handoffRequestId: input.requestId,
          agentId: input.agentId,
          assignedAt: input.now,
        },
      });
      return { outcome: "ok", assignmentId: assignment.id };
    });
  }

  /**
   * Ends a waiting request without an agent (cancelled, abandoned) and moves
   * the conversation queued → `conversationStatus`. False when it was no
   * longer waiting (claimed or ended by someone else first).
   */
  endWaiting(input: {
    requestId: string;
    conversationId: string;
    status: "cancelled" | "abandoned" | "failed";
    conversationStatus: "bot" | "closed";
    now: Date;
  }): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const ended = await tx.handoffRequest.updateMany({
        where: { id: input.requestId, status: "waiting" },
        data: { status: input.status, endedAt: input.now },
      });
      if (ended.count !== 1) return false;
      await tx.conversation.updateMany({
        where: { id: input.conversationId, status: "queued" },
        data: {
          status: input.conversationStatus,
          ...(input.conversationStatus === "closed" ? { endedAt: input.now } : {}),
        },
      });
      return true;
    });
  }

  /**
   * Ends the assignment of an assigned conversation: released to the bot,
   * closed, or ended by the customer. Conditional on the conversation still
   * being assigned to `end.agentId`; false when someone else changed it first.
   */
  finishAssigned(input: {
    conversationId: string;
    end: AssignmentEnd;
    conversationStatus: "bot" | "closed";
    resolution?: string | null;
    /** Also finish when the conversation was already marked closed (by the customer's channel). */
    alreadyClosedToo?: boolean;
    now: Date;
  }): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const moved = await tx.conversation.updateMany({
        where: {
          id: input.conversationId,
          status: { in: input.alreadyClosedToo ? ["assigned", "closed"] : ["assigned"] },
          assignedAgentId: input.end.agentId,
        },
        data: {
          status: input.conversationStatus,
          assignedAgentId: null,
          ...(input.conversationStatus === "closed"
            ? { endedAt: input.now, resolution: input.resolution ?? null }
            : {}),
        },
      });
      if (moved.count !== 1) return false;
      await tx.assignment.updateMany({
        where: { conversationId: input.conversationId, agentId: input.end.agentId, endedAt: null },
        data: { endedAt: input.now, endReason: input.end.endReason },
      });
      await tx.handoffRequest.updateMany({
        where: { conversationId: input.conversationId, status: "assigned" },
        data: { status: "completed", endedAt: input.now },
      });
      return true;
    });
  }

  /**
   * Hands an assigned conversation from one agent to another at once. The
   * target's capacity is checked under its row lock, as in `claim`.
   */
  transferToAgent(input: {
    conversationId: string;
    fromAgentId: string;
    toAgentId: string;
    now: Date;
  }): Promise<"ok" | "changed" | "full"> {
    return this.prisma.$transaction(async (tx) => {
      const target = await tx.user.update({ where: { id: input.toAgentId }, data: { updatedAt: input.now } });
      const active = await tx.assignment.count({ where: { agentId: input.toAgentId, endedAt: null } });
      if (active >= target.maxConcurrentChats) return "full";
      const moved = await tx.conversation.updateMany({
        where: { id: input.conversationId, status: "assigned", assignedAgentId: input.fromAgentId },
        data: { assignedAgentId: input.toAgentId },
      });
      if (moved.count !== 1) return "changed";
      const previous = await tx.assignment.findFirst({
        where: { conversationId: input.conversationId, agentId: input.fromAgentId, endedAt: null },
      });
      await tx.assignment.updateMany({
        where: { conversationId: input.conversationId, agentId: input.fromAgentId, endedAt: null },
        data: { endedAt: input.now, endReason: "transferred" },
      });
      await tx.assignment.create({
        data: {
          conversationId: input.conversationId,
          agentId: input.toAgentId,
          handoffRequestId: previous?.handoffRequestId ?? null,
          assignedAt: input.now,
        },
      });
      return "ok";
    });
  }

  /**
   * Puts an assigned conversation back in its organisation's queue (a
   * transfer to "anyone"). The new request keeps the original request time,
   * so the customer does not lose their place to people who came later.
   */
  requeue(input: {
    conversationId: string;
    organisationId: string;
    fromAgentId: string;
    now: Date;
  }): Promise<HandoffRequest | null> {
    return this.prisma.$transaction(async (tx) => {
      const moved = await tx.conversation.updateMany({
        where: { id: input.conversationId, status: "assigned", assignedAgentId: input.fromAgentId },
        data: { status: "queued", assignedAgentId: null },
      });
      if (moved.count !== 1) return null;
      await tx.assignment.updateMany({
        where: { conversationId: input.conversationId, agentId: input.fromAgentId, endedAt: null },
        data: { endedAt: input.now, endReason: "transferred" },
      });
      const previous = await tx.handoffRequest.findFirst({
        where: { conversationId: input.conversationId, status: "assigned" },
        orderBy: { requestedAt: "desc" },
      });
      await tx.handoffRequest.updateMany({
        where: { conversationId: input.conversationId, status: "assigned" },
        data: { status: "completed", endedAt: input.now },
      });
      return tx.handoffRequest.create({
        data: {
          conversationId: input.conversationId,
          organisationId: input.organisationId,
          reason: "transfer",
          summary: previous?.summary ?? null,
          requestedAt: previous?.requestedAt ?? input.now,
          status: "waiting",
        },
      });
    });
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

  /** Waiting requests whose customer is disconnected (any time). */
  listDisconnected(): Promise<HandoffRequest[]> {
    return this.prisma.handoffRequest.findMany({
      where: { status: "waiting", customerDisconnectedAt: { not: null } },
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

/** Thrown inside a transaction to roll it back when the data changed under it. */
export class ConcurrentChange extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConcurrentChange";
  }
}
