import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export interface Database {
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

/** A fresh SQLite file or PostgreSQL schema for one benchmark run (Skranke migrates it at start). */
export async function freshDatabase(kind: "sqlite" | "postgresql"): Promise<Database> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "skranke-live-"));
    return {
      env: { DATABASE_URL: `file:${path.join(dir, "bench.db")}` },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base = process.env.SKRANKE_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const schema = `bench_${randomBytes(5).toString("hex")}`;
  const url = new URL(base);
  url.searchParams.set("schema", schema);
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}
