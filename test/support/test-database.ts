import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { DatabaseConfig } from "../../src/config/config.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { createRepositories, type Repositories } from "../../src/storage/repositories/index.js";

/**
 * Test databases. SQLite: a fresh file in a temp folder. PostgreSQL: a fresh
 * schema in SKRANKE_TEST_POSTGRES_URL (default: the local server's `test`
 * database), dropped afterwards. When PostgreSQL cannot be reached its tests
 * skip with a message, unless SKRANKE_REQUIRE_POSTGRES=1 (CI), where that fails.
 */
export type TestProvider = "sqlite" | "postgresql";

export const POSTGRES_URL = process.env.SKRANKE_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** The provider the whole suite runs on: SKRANKE_TEST_DATABASE=postgresql switches it. */
export const PRIMARY_PROVIDER: TestProvider =
  process.env.SKRANKE_TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";

let probe: Promise<string | null> | undefined;

/** null when PostgreSQL answers, else why not. */
export function postgresUnavailable(): Promise<string | null> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return null;
    } catch (err) {
      return `PostgreSQL at ${POSTGRES_URL} is unreachable (${(err as Error).message})`;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probe;
}

/** For describe.skipIf: true when the provider's tests must skip (and says why once). */
export async function shouldSkip(provider: TestProvider): Promise<boolean> {
  if (provider === "sqlite") return false;
  const why = await postgresUnavailable();
  if (why === null) return false;
  if (process.env.SKRANKE_REQUIRE_POSTGRES === "1") {
    throw new Error(`${why}, and SKRANKE_REQUIRE_POSTGRES=1 makes that a failure`);
  }
  console.warn(`Skipping PostgreSQL tests: ${why}. Set SKRANKE_REQUIRE_POSTGRES=1 to make this a failure.`);
  return true;
}

export interface TestDatabase {
  provider: TestProvider;
  config: DatabaseConfig;
  db: Database;
  repos: Repositories;
  /** Closes the connection and removes the file or schema. */
  destroy(): Promise<void>;
}

export function freshDatabaseConfig(provider: TestProvider): { config: DatabaseConfig; cleanup: () => Promise<void> } {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "skranke-test-"));
    const file = path.join(dir, "test.db");
    return {
      config: { provider: "sqlite", file, url: `file:${file}` },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const url = new URL(POSTGRES_URL);
  url.searchParams.set("schema", schema);
  return {
    config: { provider: "postgresql", url: url.toString() },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

export async function createTestDatabase(provider: TestProvider = PRIMARY_PROVIDER): Promise<TestDatabase> {
  const { config, cleanup } = freshDatabaseConfig(provider);
  const db = await openDatabase(config, { migrate: true, poolSize: 4 });
  return {
    provider,
    config,
    db,
    repos: createRepositories(db),
    async destroy() {
      await db.close();
      await cleanup();
    },
  };
}
