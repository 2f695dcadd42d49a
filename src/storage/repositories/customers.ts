import { randomUUID } from "node:crypto";
import type { Prisma } from "../database.js";
import type { Customer } from "../generated/sqlite/client.js";
import type { SqlRows } from "../raw-sql.js";
import { driverTimestamp, flag, nullableText, timestampOf } from "./stamped-append.js";

export type { Customer };

const COLUMNS = [
  "id",
  "organisationId",
  "tokenHash",
  "externalId",
  "displayName",
  "email",
  "phone",
  "language",
  "analyticsOptOut",
  "createdAt",
  "lastSeenAt",
] as const;
const RETURNED = COLUMNS.map((c) => `"${c}"`).join(", ");

/** The two statements of a widget customer's first message, prepared once per provider. */
const SQL = {
  sqlite: {
    insert: `INSERT INTO "Customer" ("id", "organisationId", "tokenHash", "externalId", "displayName", "language", "analyticsOptOut", "createdAt", "lastSeenAt")
      VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING ${RETURNED}`,
    byTokenHash: `SELECT ${RETURNED} FROM "Customer" WHERE "tokenHash" = ?`,
  },
  postgresql: {
    insert: `INSERT INTO "Customer" ("id", "organisationId", "tokenHash", "externalId", "displayName", "language", "analyticsOptOut", "createdAt", "lastSeenAt")
      VALUES ($1, $2, $3, $4, $5, $6, false, $7::timestamp(3), $8::timestamp(3)) RETURNING ${RETURNED}`,
    byTokenHash: `SELECT ${RETURNED} FROM "Customer" WHERE "tokenHash" = $1`,
  },
};

function customerOf(row: Record<string, unknown>): Customer {
  return {
    id: String(row.id),
    organisationId: String(row.organisationId),
    tokenHash: nullableText(row.tokenHash),
    externalId: nullableText(row.externalId),
    displayName: nullableText(row.displayName),
    email: nullableText(row.email),
    phone: nullableText(row.phone),
    language: nullableText(row.language),
    analyticsOptOut: flag(row.analyticsOptOut),
    createdAt: timestampOf(row.createdAt),
    lastSeenAt: timestampOf(row.lastSeenAt),
  };
}

export interface NewCustomer {
  organisationId: string;
  tokenHash?: string | null;
  externalId?: string | null;
  displayName?: string | null;
  language?: string | null;
}

/**
 * Customers: widget visitors (known by a token hash) and Bot Framework users
 * (known by channel user id). Storing one and finding one by token go
 * straight through the driver (`sql`): a new visitor's first message does
 * both. A unique violation comes back with Prisma's code (P2002), as from
 * Prisma.
 */
export class CustomerRepository {
  constructor(
    private readonly prisma: Prisma,
    private readonly sql: SqlRows,
  ) {}

  async create(input: NewCustomer, now: Date): Promise<Customer> {
    const sqlite = this.sql.provider === "sqlite";
    const at = driverTimestamp(this.sql.provider, now);
    const rows = await this.sql.rows(sqlite ? SQL.sqlite.insert : SQL.postgresql.insert, [
      randomUUID(),
      input.organisationId,
      input.tokenHash ?? null,
      input.externalId ?? null,
      input.displayName ?? null,
      input.language ?? null,
      at,
      at,
    ]);
    return customerOf(rows[0] as Record<string, unknown>);
  }

  async findByTokenHash(tokenHash: string): Promise<Customer | null> {
    const sqlite = this.sql.provider === "sqlite";
    const rows = await this.sql.rows(sqlite ? SQL.sqlite.byTokenHash : SQL.postgresql.byTokenHash, [tokenHash]);
    return rows[0] ? customerOf(rows[0]) : null;
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
