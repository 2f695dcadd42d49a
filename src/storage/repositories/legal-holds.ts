import { HoldTargetGoneError, type NewLegalHold } from "../../core/retention/legal-hold-store.js";
import type { Database, Prisma } from "../database.js";
import type { DatabaseProvider } from "../database-provider.js";
import type { LegalHold } from "../generated/sqlite/client.js";
import { TAKE_FOR_HOLD } from "../hold-delete-lock.js";

export type { LegalHold, NewLegalHold };
export { HoldTargetGoneError };

/**
 * Legal holds. Placing one takes the hold/delete lock first (on PostgreSQL,
 * see hold-delete-lock.ts), so a purge batch or erasure deleting the
 * conversations either finishes before the hold exists or sees it; SQLite
 * serialises writes anyway.
 */
export class LegalHoldRepository {
  private readonly prisma: Prisma;
  private readonly provider: DatabaseProvider;

  constructor(db: Pick<Database, "prisma" | "provider">) {
    this.prisma = db.prisma;
    this.provider = db.provider;
  }

  async place(input: NewLegalHold): Promise<LegalHold> {
    if (this.provider === "sqlite") return this.prisma.legalHold.create({ data: input });
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(TAKE_FOR_HOLD);
      if (input.conversationId !== null) {
        const still = await tx.conversation.count({ where: { id: input.conversationId } });
        if (still === 0) throw new HoldTargetGoneError();
      }
      return tx.legalHold.create({ data: input });
    });
  }

  findById(id: string): Promise<LegalHold | null> {
    return this.prisma.legalHold.findUnique({ where: { id } });
  }

  /** Releases an active hold; null when it is unknown or already released. */
  async release(id: string, by: string, reason: string, at: Date): Promise<LegalHold | null> {
    const r = await this.prisma.legalHold.updateMany({
      where: { id, releasedAt: null },
      data: { releasedAt: at, releasedById: by, releaseReason: reason },
    });
    return r.count === 1 ? this.findById(id) : null;
  }

  list(filter: { activeOnly: boolean; organisationId: string | null; limit?: number }): Promise<LegalHold[]> {
    return this.prisma.legalHold.findMany({
      where: {
        ...(filter.activeOnly ? { releasedAt: null } : {}),
        ...(filter.organisationId ? { organisationId: filter.organisationId } : {}),
      },
      orderBy: { placedAt: "desc" },
      take: filter.limit ?? 200,
    });
  }

  /** Active holds covering a conversation, directly or through its customer. */
  activeFor(conversationId: string, customerId: string | null): Promise<LegalHold[]> {
    return this.prisma.legalHold.findMany({
      where: {
        releasedAt: null,
        OR: [{ conversationId }, ...(customerId ? [{ customerId }] : [])],
      },
    });
  }

  async hasActiveCustomerHold(customerId: string): Promise<boolean> {
    return (await this.prisma.legalHold.count({ where: { customerId, releasedAt: null } })) > 0;
  }

  /** The organisation of a conversation or customer (to scope and record the hold). */
  async conversationOwner(id: string): Promise<{ organisationId: string; customerId: string | null } | null> {
    return this.prisma.conversation.findUnique({ where: { id }, select: { organisationId: true, customerId: true } });
  }

  async customerOwner(id: string): Promise<{ organisationId: string } | null> {
    return this.prisma.customer.findUnique({ where: { id }, select: { organisationId: true } });
  }

  countCustomerConversations(customerId: string): Promise<number> {
    return this.prisma.conversation.count({ where: { customerId } });
  }
}
