import type { Prisma } from "../database.js";
import type { Customer } from "../generated/sqlite/client.js";

export type { Customer };

export interface NewCustomer {
  organisationId: string;
  tokenHash?: string | null;
  externalId?: string | null;
  displayName?: string | null;
  language?: string | null;
}

/** Customers: widget visitors (known by a token hash) and Bot Framework users (known by channel user id). */
export class CustomerRepository {
  constructor(private readonly prisma: Prisma) {}

  create(input: NewCustomer, now: Date): Promise<Customer> {
    return this.prisma.customer.create({
      data: {
        organisationId: input.organisationId,
        tokenHash: input.tokenHash ?? null,
        externalId: input.externalId ?? null,
        displayName: input.displayName ?? null,
        language: input.language ?? null,
        createdAt: now,
        lastSeenAt: now,
      },
    });
  }

  findByTokenHash(tokenHash: string): Promise<Customer | null> {
    return this.prisma.customer.findUnique({ where: { tokenHash } });
  }

  async exists(id: string): Promise<boolean> {
    return (await this.prisma.customer.count({ where: { id } })) > 0;
  }

  findById(id: string): Promise<Customer | null> {
    return this.prisma.customer.findUnique({ where: { id } });
  }

  /** The customer a channel knows by its own user id in an organisation, created on first sight (race-safe). */
  async findOrCreateExternal(input: NewCustomer & { externalId: string }, now: Date): Promise<Customer> {
    const where = { organisationId_externalId: { organisationId: input.organisationId, externalId: input.externalId } };
    const existing = await this.prisma.customer.findUnique({ where });
    if (existing) return existing;
    try {
      return await this.create(input, now);
    } catch (err) {
      if ((err as { code?: string }).code === "P2002") {
        const again = await this.prisma.customer.findUnique({ where });
        if (again) return again;
      }
      throw err;
    }
  }

  async touch(id: string, now: Date, patch: { language?: string } = {}): Promise<void> {
    await this.prisma.customer.update({ where: { id }, data: { lastSeenAt: now, ...patch } });
  }
}
