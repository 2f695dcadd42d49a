import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { INSTALL_ROOT } from "../config/install-paths.js";
import type { DatabaseProvider } from "./database-provider.js";

/**
 * Applies the committed migrations in prisma/<provider>/migrations with the
 * plain database driver. Prisma's own `migrate deploy` needs the native schema
 * engine, which is not available offline; this runner keeps Prisma's
 * `_prisma_migrations` bookkeeping (same table, checksum = SHA-256 of
 * migration.sql) so `prisma migrate deploy` and `migrate status` still agree
 * wherever the native engine exists.
 */

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationDriver {
  /** Runs fn while holding a database-wide migration lock, inside no transaction. */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
  exec(sql: string): Promise<void>;
  appliedMigrations(): Promise<Array<{ migration_name: string; checksum: string }>>;
  /** Runs the migration's SQL and its bookkeeping row in one transaction; false if another process just did. */
  applyInTransaction(migration: Migration, id: string): Promise<boolean>;
}

export const PRISMA_DIR = path.join(INSTALL_ROOT, "prisma");

export function migrationsDir(provider: DatabaseProvider): string {
  return path.join(PRISMA_DIR, provider, "migrations");
}

export function readMigrations(provider: DatabaseProvider, dir = migrationsDir(provider)): Migration[] {
  if (!existsSync(dir)) throw new Error(`No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, "migration.sql");
      const sql = readFileSync(file, "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export const BOOKKEEPING_DDL: Record<DatabaseProvider, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`,
};

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export async function runMigrations(
  driver: MigrationDriver,
  provider: DatabaseProvider,
  migrations = readMigrations(provider),
): Promise<MigrationResult> {
  return driver.withLock(async () => {
    await driver.exec(BOOKKEEPING_DDL[provider]);
    const done = new Map((await driver.appliedMigrations()).map((m) => [m.migration_name, m.checksum]));
    const known = new Set(migrations.map((m) => m.name));
    for (const name of done.keys()) {
      if (!known.has(name)) {
        throw new Error(
          `The database has migration ${name}, which this version of Skranke does not know: it was migrated by a newer version.`,
        );
      }
    }
    const applied: string[] = [];
    for (const m of migrations) {
      const checksum = done.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new Error(
            `Migration ${m.name} was changed after it was applied (checksum mismatch); restore prisma/${provider}/migrations/${m.name}/migration.sql.`,
          );
        }
        continue;
      }
      let didApply: boolean;
      try {
        didApply = await driver.applyInTransaction(m, randomUUID());
      } catch (err) {
        throw new Error(`Migration ${m.name} failed and was rolled back: ${(err as Error).message}`);
      }
      if (didApply) applied.push(m.name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  });
}
