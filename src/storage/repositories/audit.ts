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

/** The row an audit event is stored as (also written inside other repositories' transactions). */
export function auditEventData(input: AuditInput, at: Date) {
  return {
    at,
    action: input.action,
    actorId: input.actorId ?? null,
    actorRole: input.actorRole ?? null,
    organisationId: input.organisationId ?? null,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    details: (input.details ?? undefined) as InputJsonValue | undefined,
  };
}

/** Append-only audit trail (who did what, when). */
export class AuditRepository {
  constructor(private readonly prisma: Prisma) {}

  record(input: AuditInput, now: Date = new Date()): Promise<AuditEvent> {
    return this.prisma.auditEvent.create({ data: auditEventData(input, now) });
  }

  list(
    filter: { action?: string; targetId?: string; organisationId?: string; limit?: number } = {},
  ): Promise<AuditEvent[]> {
    return this.prisma.auditEvent.findMany({
      where: {
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.targetId ? { targetId: filter.targetId } : {}),
        ...(filter.organisationId ? { organisationId: filter.organisationId } : {}),
      },
      orderBy: { at: "desc" },
      take: filter.limit ?? 100,
    });
  }
}
