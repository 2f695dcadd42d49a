import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import type { DatabaseConfig } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import { ConnectionGate, gatedAdapter } from "./connection-gate.js";
import type { DatabaseProvider } from "./database-provider.js";
import { postgresDriverRows, sqliteDriverRows } from "./driver-sql.js";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.js";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.js";
import { postgresMigrationDriver, sqliteMigrationDriver } from "./migration-drivers.js";
import { type MigrationResult, runMigrations } from "./migrations.js";
import type { SqlRows } from "./raw-sql.js";
import {
  observeStatementFailures,
  observeStatements,
  type StatementFailureObserver,
  type StatementObserver,
} from "./statement-observer.js";

/**
 * The one place that constructs a Prisma client. The SQLite and PostgreSQL
 * clients are generated from the same models (prisma/models.prisma) and have
 * the same API; the repositories use the SQLite client's type for both.
 */
export type Prisma = SqliteClient;

export interface Database {
  readonly provider: DatabaseProvider;
  readonly prisma: Prisma;
  /**
   * The hot path's few statements (a message with its conversation's stamp,
   * the bot's state) straight through the driver, on Prisma's own SQLite
   * connection or PostgreSQL pool, each prepared once. Everything else goes
   * through `prisma`.
   */
  readonly sql: SqlRows;
  /**
   * Throws when the database cannot be reached or does not answer within
   * `timeoutMs`. Pings overlap into one: a database that hangs holds at most
   * one connection for them.
   */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function migrateDatabase(config: DatabaseConfig): Promise<MigrationResult> {
  if (config.provider === "sqlite") {
    mkdirSync(path.dirname(config.file), { recursive: true });
    const driver = sqliteMigrationDriver(config.file);
    try {
      return await runMigrations(driver, "sqlite");
    } finally {
      driver.close();
    }
  }
  const driver = await postgresMigrationDriver(config.url, postgresSchema(config.url));
  try {
    return await runMigrations(driver, "postgresql");
  } finally {
    await driver.close();
  }
}

function observed<F extends object>(factory: F, options: OpenOptions): F {
  const counted = options.onStatement ? observeStatements(factory, options.onStatement) : factory;
  return options.onStatementFailure ? observeStatementFailures(counted, options.onStatementFailure) : counted;
}

/** The `?schema=` parameter of a PostgreSQL URL (Prisma's convention), if any. */
export function postgresSchema(url: string): string | undefined {
  const schema = new URL(url).searchParams.get("schema");
  if (schema === null || schema === "") return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema))
    throw new Error(`DATABASE_URL schema "${schema}" is not a plain identifier`);
  return schema;
}

export interface OpenOptions {
  /** Apply pending migrations first (the server does; tools that only read may not). */
  migrate?: boolean;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /**
   * SQLite only: "normal" skips the fsync at every commit (WAL mode stays
   * consistent; a power cut can lose the last commits). Only for connections
   * whose writes may be lost and redone, such as a purge run by the CLI
   * (a lost batch is purged again), or a server told so
   * (SKRANKE_SQLITE_SYNCHRONOUS=normal: it survives a crash of the process,
   * not of the machine). By default the server keeps "full": what it
   * acknowledges is on disk.
   */
  sqliteSynchronous?: "full" | "normal";
  /** SQLite only: page cache in KiB (SQLite's default is 2048). */
  sqliteCacheKiB?: number;
  /**
   * How long anything waits for the database, so that a database that hangs
   * (accepts connections, never answers) fails requests instead of holding
   * them for ever. PostgreSQL: connecting and waiting for a pooled
   * connection (`connectionTimeoutMillis`), each statement on the server
   * (`statement_timeout`) and, for a server that stopped answering, on the
   * client (`query_timeout`, a little longer; the connection is then
   * dropped from the pool). SQLite: how long a write waits for another
   * writer's lock (busy timeout). Default 30 s for tools; the server sets
   * SKRANKE_DATABASE_TIMEOUT_MS.
   */
  timeoutMs?: number;
  /** Where errors of idle pooled connections are logged (PostgreSQL). */
  logger?: Logger;
  /** Told every SQL statement the client sends (tests and benchmarks count them). */
  onStatement?: StatementObserver;
  /** Told every statement that failed (the server's database error metric). */
  onStatementFailure?: StatementFailureObserver;
}

export const DEFAULT_DATABASE_TIMEOUT_MS = 30_000;
/** A /readyz ping gives up after this long: an orchestrator's probe gets its answer within 2 s. */
export const PING_TIMEOUT_MS = 1000;

/** The pg pool settings for a timeout (see OpenOptions.timeoutMs). */
export function postgresTimeouts(timeoutMs: number) {
  return {
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 500,
    // A transaction a crashed or hung client left open does not hold its locks for long.
    idle_in_transaction_session_timeout: Math.max(4 * timeoutMs, 10_000),
  };
}

/** How much of an SQLite file reads may map into memory (SQLite's own upper limit is just under 2 GiB). */
const SQLITE_MMAP_BYTES = 2 ** 31 - 2 ** 16;

export async function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): Promise<Database> {
  if (options.migrate ?? true) await migrateDatabase(config);
  const timeout = options.timeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS;
  let prisma: Prisma;
  let sql: SqlRows;
  if (config.provider === "sqlite") {
    mkdirSync(path.dirname(config.file), { recursive: true });
    const adapter = new PrismaBetterSQLite3({ url: config.file, timeout });
    // The adapter opens the better-sqlite3 connection when Prisma connects: the hot statements use that one.
    // Its statements, its transactions and the hot statements take turns on it (connection-gate.ts).
    let connection: { client: BetterSqlite3.Database; gate: ConnectionGate } | undefined;
    const connect = adapter.connect.bind(adapter);
    adapter.connect = async () => {
      const connected = await connect();
      const gate = new ConnectionGate();
      connection = { client: (connected as unknown as { client: BetterSqlite3.Database }).client, gate };
      return gatedAdapter(connected, gate, timeout);
    };
    prisma = new SqliteClient({ adapter: observed(adapter, options) });
    sql = sqliteDriverRows(() => {
      if (!connection?.client.open) throw new Error("the SQLite connection is not open");
      return connection;
    }, options);
    // WAL lets readers go on while a writer (a purge batch, say) holds the lock.
    await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    // Reads map the file instead of copying each page out of the OS cache: a report that walks a
    // year of index entries costs about a third less CPU. (Writes still go through the journal.)
    await prisma.$queryRawUnsafe(`PRAGMA mmap_size = ${SQLITE_MMAP_BYTES}`);
    await prisma.$executeRawUnsafe(
      `PRAGMA synchronous = ${options.sqliteSynchronous === "normal" ? "NORMAL" : "FULL"}`,
    );
    if (options.sqliteCacheKiB !== undefined) {
      await prisma.$executeRawUnsafe(`PRAGMA cache_size = -${Math.max(1, Math.floor(options.sqliteCacheKiB))}`);
    }
  } else {
    const schema = postgresSchema(config.url);
    // One pool for Prisma and the hot statements; search_path too, so raw SQL sees the same schema as model queries.
    const pool = new pg.Pool({
      connectionString: config.url,
      max: options.poolSize ?? 10,
      ...postgresTimeouts(timeout),
      ...(schema ? { options: `-c search_path="${schema}"` } : {}),
    });
    const adapter = new PrismaPg(pool, {
      ...(schema ? { schema } : {}),
      disposeExternalPool: true,
      onPoolError: (err: Error) => options.logger?.warn({ err }, "database connection failed while idle"),
    });
    sql = postgresDriverRows(pool, options);
    prisma = new PostgresClient({ adapter: observed(adapter, options) }) as unknown as Prisma;
  }
  await prisma.$connect();
  let pinging: Promise<unknown> | undefined;
  return {
    provider: config.provider,
    prisma,
    sql,
    async ping(timeoutMs = PING_TIMEOUT_MS) {
      if (!pinging) {
        const started = prisma.$queryRawUnsafe("SELECT 1").finally(() => {
          if (pinging === started) pinging = undefined;
        });
        pinging = started;
      }
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([pinging, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await prisma.$disconnect();
    },
  };
}
