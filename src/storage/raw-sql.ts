import type { DatabaseProvider } from "./database-provider.js";

/**
 * Runs one statement with bound values and gives back its rows: the hot
 * path's statements (Database.sql: the driver, each statement prepared
 * once). Values are what the driver binds as they are (text, numbers,
 * booleans on PostgreSQL, arrays on PostgreSQL, null); timestamps come back
 * as the driver gives them (text on both). A unique or foreign-key
 * violation throws an error with Prisma's code (P2002, P2003), so callers
 * handle both paths alike.
 */
export interface SqlRows {
  readonly provider: DatabaseProvider;
  /**
   * `prepared: false` (PostgreSQL): planned for these values every time
   * rather than kept as a named statement, whose generic plan may not fit
   * every window of a report.
   */
  rows(sql: string, args: readonly unknown[], options?: { prepared?: boolean }): Promise<Record<string, unknown>[]>;
}

/**
 * Collects the values of one raw SQL statement and hands out placeholders in
 * the provider's style (`?` for SQLite, `$n` for PostgreSQL). Build the text
 * in the order it reads: SQLite binds `?` by position.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(readonly provider: DatabaseProvider) {}

  /** A placeholder for one value (Dates are converted by the Prisma driver adapter). */
  value(v: unknown): string {
    this.values.push(v);
    return this.provider === "sqlite" ? "?" : `$${this.values.length}`;
  }

  /** `column IN <the ids>`, one parameter whatever the number of ids. */
  inList(column: string, ids: readonly string[]): string {
    if (this.provider === "sqlite")
      return `${column} IN (SELECT value FROM json_each(${this.value(JSON.stringify(ids))}))`;
    return `${column} = ANY(${this.value([...ids])}::text[])`;
  }
}

/** Raw query results: SQLite returns aggregated timestamps as text, PostgreSQL as Date. */
export function asDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  return new Date(String(value));
}

/** COUNT(*) comes back as number, bigint or numeric text depending on the driver. */
export function asCount(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}
