import { createHash } from "node:crypto";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../src/storage/database.js";
import { readMigrations } from "../../src/storage/migrations.js";
import { freshDatabaseConfig, shouldSkip, type TestProvider } from "../support/test-database.js";

const EXPECTED_TABLES = [
  "Organisation",
  "Customer",
  "Conversation",
  "Message",
  "Feedback",
  "User",
  "UserSession",
  "HandoffRequest",
  "Assignment",
  "InternalNote",
  "OfflineMessage",
  "CannedResponse",
  "RetentionPolicy",
  "LegalHold",
  "AnalyticsObjection",
  "PurgeRun",
  "AuditEvent",
  "BotState",
  "JobLock",
  "_prisma_migrations",
];

async function listTables(provider: TestProvider, config: ReturnType<typeof freshDatabaseConfig>["config"]) {
  if (config.provider === "sqlite") {
    const db = new Sqlite(config.file, { readonly: true });
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    const migrations = db.prepare('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"').all();
    db.close();
    return { tables: rows.map((r) => r.name), migrations };
  }
  const url = new URL(config.url);
  const schema = url.searchParams.get("schema") ?? "public";
  url.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const rows = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [schema]);
  const migrations = await client.query(
    `SELECT migration_name, checksum, finished_at FROM "${schema}"."_prisma_migrations"`,
  );
  await client.end();
  void provider;
  return { tables: rows.rows.map((r: { table_name: string }) => r.table_name), migrations: migrations.rows };
}

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(await shouldSkip(provider))(`migrations on ${provider}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0)) await c();
    });

    it("creates every table from an empty database and records Prisma-compatible bookkeeping", async () => {
      const { config, cleanup } = freshDatabaseConfig(provider);
      cleanups.push(cleanup);
      const result = await migrateDatabase(config);
      const migrations = readMigrations(provider);
      expect(result.applied).toEqual(migrations.map((m) => m.name));

      const { tables, migrations: rows } = await listTables(provider, config);
      for (const table of EXPECTED_TABLES) expect(tables).toContain(table);
      expect(rows).toHaveLength(migrations.length);
      const first = migrations[0];
      if (!first) throw new Error("no migrations committed");
      const sha = createHash("sha256").update(first.sql).digest("hex");
      expect(rows.find((r) => (r as { migration_name: string }).migration_name === first.name)).toMatchObject({
        checksum: sha,
      });
      expect((rows[0] as { finished_at: unknown }).finished_at).not.toBeNull();
    });

    it("is idempotent: a second run applies nothing", async () => {
      const { config, cleanup } = freshDatabaseConfig(provider);
      cleanups.push(cleanup);
      await migrateDatabase(config);
      const again = await migrateDatabase(config);
      expect(again.applied).toEqual([]);
      expect(again.alreadyApplied).toBe(readMigrations(provider).length);
    });

    it("refuses to run when an applied migration was edited afterwards", async () => {
      const { config, cleanup } = freshDatabaseConfig(provider);
      cleanups.push(cleanup);
      await migrateDatabase(config);
      const db = await openDatabase(config, { migrate: false });
      await db.prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET "checksum" = 'tampered'`);
      await db.close();
      await expect(migrateDatabase(config)).rejects.toThrow(/checksum mismatch/);
    });

    it("two servers starting at once migrate exactly once", async () => {
      const { config, cleanup } = freshDatabaseConfig(provider);
      cleanups.push(cleanup);
      const results = await Promise.all([migrateDatabase(config), migrateDatabase(config)]);
      const appliedTotal = results.reduce((n, r) => n + r.applied.length, 0);
      expect(appliedTotal).toBe(readMigrations(provider).length);
    });
  });
}
