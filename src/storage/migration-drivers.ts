import Sqlite from "better-sqlite3";
import pg from "pg";
import type { Migration, MigrationDriver } from "./migrations.js";

const INSERT_SQL =
  'INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count") VALUES ';

/** SQLite: one connection, BEGIN IMMEDIATE serialises concurrent migrators. */
export function sqliteMigrationDriver(file: string): MigrationDriver & { close(): void } {
  const db = new Sqlite(file, { timeout: 30_000 });
  db.pragma("journal_mode = WAL");
  return {
    async withLock(fn) {
      return fn();
    },
    async exec(sql) {
      db.exec(sql);
    },
    async appliedMigrations() {
      return db
        .prepare(
          'SELECT "migration_name", "checksum" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL',
        )
        .all() as Array<{ migration_name: string; checksum: string }>;
    },
    async applyInTransaction(m: Migration, id: string) {
      db.exec("BEGIN IMMEDIATE");
      try {
        const again = db
          .prepare('SELECT 1 FROM "_prisma_migrations" WHERE "migration_name" = ? AND "finished_at" IS NOT NULL')
          .get(m.name);
        if (!again) {
          db.exec(m.sql);
          db.prepare(`${INSERT_SQL}(?, ?, ?, current_timestamp, current_timestamp, 1)`).run(id, m.checksum, m.name);
        }
        db.exec("COMMIT");
        return !again;
      } catch (err) {
        db.exec("ROLLBACK");
        throw err;
      }
    },
    close() {
      db.close();
    },
  };
}

/** PostgreSQL: a session advisory lock keeps two starting servers from racing. */
export async function postgresMigrationDriver(
  url: string,
  schema: string | undefined,
): Promise<MigrationDriver & { close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  if (schema) await client.query(`SET search_path TO "${schema}"`);
  const LOCK_KEY = 72_657_363; // arbitrary, constant for Skranke's migrations
  return {
    async withLock(fn) {
      await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
      try {
        if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        return await fn();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
      }
    },
    async exec(sql) {
      await client.query(sql);
    },
    async appliedMigrations() {
      const r = await client.query(
        'SELECT "migration_name", "checksum" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL',
      );
      return r.rows as Array<{ migration_name: string; checksum: string }>;
    },
    async applyInTransaction(m: Migration, id: string) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`${INSERT_SQL}($1, $2, $3, now(), now(), 1)`, [id, m.checksum, m.name]);
        await client.query("COMMIT");
        return true;
      } catch (err) {
        await client.query("ROLLBACK");
        throw err;
      }
    },
    async close() {
      await client.end();
    },
  };
}
