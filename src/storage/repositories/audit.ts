import type { Prisma } from "../database.js";
import type { AuditEvent } from "../generated/sqlite/client.js";
import type { InputJsonValue } from "../generated/sqlite/internal/prismaNamespace.js";

export type { AuditEvent };

export interface AuditInput {
  action: string;
  actorId?: string | null;
  actorRole?: string | null;
  organisationId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  /** Counts, parameters, reasons: never message content. */
  details?: Record<string, unknown>;
}

/** Append-only audit trail (who did what, when). */
export class AuditRepository {
  constructor(private readonly prisma: Prisma) {}

  record(input: AuditInput, now: Date = new Date()): Promise<AuditEvent> {
    return this.prisma.auditEvent.create({
      data: {
        at: now,
        action: input.action,
        actorId: input.actorId ?? null,
        actorRole: input.actorRole ?? null,
        organisationId: input.organisationId ?? null,
        targetType: input.targetType ?? null,
        targetId: input.targetId ?? null,
        details: (input.details ?? undefined) as InputJsonValue | undefined,
      },
    });
  }

  list(filter: { action?: string; targetId?: string; limit?: number } = {}): Promise<AuditEvent[]> {
    return this.prisma.auditEvent.findMany({
      where: {
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.targetId ? { targetId: filter.targetId } : {}),
      },
      orderBy: { at: "desc" },
      take: filter.limit ?? 100,
    });
  }
}
