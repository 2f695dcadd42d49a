import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import type { ConnectionGate } from "./connection-gate.js";
import type { SqlRows } from "./raw-sql.js";
import { failureKind, type StatementFailureObserver, type StatementObserver } from "./statement-observer.js";

/**
 * The hot path's statements straight through the driver Prisma's adapter
 * already uses, on the same connection (SQLite) or pool (PostgreSQL), each
 * statement prepared once: Prisma's query compiler and result mapping cost
 * 2–3.5 ms of CPU per statement, the driver with a prepared statement
 * 17–590 µs (bench/RESULTS.md). Told to the same statement observers as
 * Prisma's statements, so tests count both.
 */
interface Observers {
  onStatement?: StatementObserver;
  onStatementFailure?: StatementFailureObserver;
}

/** Prisma's codes for the two violations callers tell apart. */
function translated(error: unknown): unknown {
  if (typeof error !== "object" || error === null) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") return error;
  const prismaCode =
    code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY"
      ? "P2002"
      : code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY"
        ? "P2003"
        : undefined;
  if (!prismaCode) return error;
  return Object.assign(new Error((error as Error).message, { cause: error }), { code: prismaCode });
}

/** How long a statement waits for a Prisma transaction open on the same SQLite connection to end. */
const SQLITE_TRANSACTION_WAIT_MS = 20_000;

/**
 * SQLite: one connection (Prisma's adapter's). A statement sent while one of
 * Prisma's interactive transactions is open on it would run inside that
 * transaction (and be rolled back with it), so it takes its turn through the
 * connection's gate (connection-gate.ts), as Prisma's own plain statements do.
 */
export function sqliteDriverRows(
  connection: () => { client: BetterSqlite3.Database; gate: ConnectionGate },
  observers: Observers,
): SqlRows {
  let prepared = new Map<string, BetterSqlite3.Statement>();
  let preparedOn: BetterSqlite3.Database | undefined;
  const run = (db: BetterSqlite3.Database, sql: string, args: readonly unknown[]) => {
    try {
      let statement = prepared.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        // Prisma's connection reads integers as BigInt; these statements' integers fit a number.
        statement.safeIntegers(false);
        prepared.set(sql, statement);
      }
      if (!statement.reader) {
        statement.run(...(args as unknown[]));
        return [];
      }
      return statement.all(...(args as unknown[])) as Record<string, unknown>[];
    } catch (error) {
      observers.onStatementFailure?.({ kind: failureKind(error), error });
      throw translated(error);
    }
  };
  return {
    provider: "sqlite",
    async rows(sql, args) {
      observers.onStatement?.({ kind: "query", sql, args, inTransaction: false, driver: true });
      const { client: db, gate } = connection();
      if (db !== preparedOn) {
        prepared = new Map();
        preparedOn = db;
      }
      return gate.run(() => run(db, sql, args), SQLITE_TRANSACTION_WAIT_MS);
    },
  };
}

/** Timestamps as PostgreSQL writes them (text); everything else as pg parses it. */
const RAW_TIMESTAMPS = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.TIMESTAMP || oid === pg.types.builtins.TIMESTAMPTZ) return (value: string) => value;
    return format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid, "text");
  },
} as pg.CustomTypesConfig;

/** PostgreSQL: the pool Prisma's adapter uses; each statement is a named prepared statement on every connection. */
export function postgresDriverRows(pool: pg.Pool, observers: Observers): SqlRows {
  const names = new Map<string, string>();
  return {
    provider: "postgresql",
    async rows(sql, args, options) {
      observers.onStatement?.({ kind: "query", sql, args, inTransaction: false, driver: true });
      let name: string | undefined;
      if (options?.prepared !== false) {
        name = names.get(sql);
        if (!name) {
          name = `skranke_hot_${names.size + 1}`;
          names.set(sql, name);
        }
      }
      try {
        const result = await pool.query({
          ...(name ? { name } : {}),
          text: sql,
          values: args as unknown[],
          types: RAW_TIMESTAMPS,
        });
        return result.rows as Record<string, unknown>[];
      } catch (error) {
        observers.onStatementFailure?.({ kind: failureKind(error), error });
        throw translated(error);
      }
    },
  };
}
