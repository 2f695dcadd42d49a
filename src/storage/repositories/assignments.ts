import type { Prisma } from "../database.js";
import type { Assignment } from "../generated/sqlite/client.js";

export type { Assignment };

export interface AssignmentWithAgent extends Assignment {
  agent: { id: string; displayName: string };
}

/** Who handled which conversation when (read side; the writes are in HandoffRepository's transitions). */
export class AssignmentRepository {
  constructor(private readonly prisma: Prisma) {}

  /** An agent's open assignments, oldest first. */
  listActiveForAgent(agentId: string): Promise<Assignment[]> {
    return this.prisma.assignment.findMany({ where: { agentId, endedAt: null }, orderBy: { assignedAt: "asc" } });
  }

  /** Open assignment counts per agent. */
  async countActiveByAgent(agentIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (agentIds.length === 0) return out;
    const rows = await this.prisma.assignment.groupBy({
      by: ["agentId"],
      where: { agentId: { in: agentIds }, endedAt: null },
      _count: { _all: true },
    });
    for (const r of rows) out.set(r.agentId, r._count._all);
    return out;
  }

  listForConversation(conversationId: string): Promise<AssignmentWithAgent[]> {
    return this.prisma.assignment.findMany({
      where: { conversationId },
      orderBy: { assignedAt: "asc" },
      include: { agent: { select: { id: true, displayName: true } } },
    });
  }

  /** Durations (seconds) of recently finished chats of an organisation, newest first. */
  async recentHandlingSeconds(organisationId: string, since: Date, limit = 30): Promise<number[]> {
    const rows = await this.prisma.assignment.findMany({
      where: {
        endedAt: { not: null, gte: since },
        endReason: { in: ["closed", "released", "customer_ended"] },
        conversation: { organisationId },
      },
      orderBy: { endedAt: "desc" },
      take: limit,
      select: { assignedAt: true, endedAt: true },
    });
    return rows.map((r) => Math.max(0, ((r.endedAt as Date).getTime() - r.assignedAt.getTime()) / 1000));
  }

  /** Chats of an organisation that agents finished (closed, handed back or ended by the customer) since a time. */
  countFinishedSince(organisationId: string, since: Date): Promise<number> {
    return this.prisma.assignment.count({
      where: {
        endedAt: { gte: since },
        endReason: { in: ["closed", "released", "customer_ended"] },
        conversation: { organisationId },
      },
    });
  }
}
