import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PRISMA_DIR } from "../storage/migrations.js";
import { runCli, UsageError } from "./cli-context.js";

/**
 * `npm run db:new-migration -- <name>`: writes the SQL that takes both
 * providers from the models of the last migration (prisma/snapshot.prisma) to
 * the current prisma/models.prisma, as a new migration folder for each, then
 * updates the snapshot. Offline: uses `prisma migrate diff` between two
 * datamodels, which needs no shadow database.
 */
const PROVIDERS = ["sqlite", "postgresql"] as const;
const DIFF_URL = {
  sqlite: () => `file:${path.join(os.tmpdir(), "skranke-migration-diff.db")}`,
  postgresql: () => process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
};

runCli(async () => {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]{1,60}$/.test(name) || process.argv.length > 3) {
    throw new UsageError("usage: npm run db:new-migration -- <name in lower_snake_case>");
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const folder = `${stamp}_${name}`;
  const work = mkdtempSync(path.join(os.tmpdir(), "skranke-migration-"));
  try {
    let changed = false;
    for (const provider of PROVIDERS) {
      const from = path.join(work, provider, "from");
      mkdirSync(from, { recursive: true });
      copyFileSync(path.join(PRISMA_DIR, provider, "schema.prisma"), path.join(from, "schema.prisma"));
      copyFileSync(path.join(PRISMA_DIR, "snapshot.prisma"), path.join(from, "models.prisma"));
      const sql = execFileSync(
        "npx",
        [
          "prisma",
          "migrate",
          "diff",
          "--from-schema-datamodel",
          from,
          "--to-schema-datamodel",
          path.join(PRISMA_DIR, provider),
          "--script",
        ],
        { env: { ...process.env, PRISMA_PROVIDER: provider, DATABASE_URL: DIFF_URL[provider]() }, encoding: "utf8" },
      );
      if (/^-- This is an empty migration\.?\s*$/m.test(sql) || sql.trim() === "") continue;
      changed = true;
      const dir = path.join(PRISMA_DIR, provider, "migrations", folder);
      if (existsSync(dir)) throw new UsageError(`${dir} exists`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "migration.sql"), sql);
      process.stdout.write(`wrote ${path.relative(process.cwd(), dir)}/migration.sql\n`);
    }
    if (!changed) {
      process.stdout.write("prisma/models.prisma has not changed since the last migration; nothing written.\n");
      return 0;
    }
    copyFileSync(path.join(PRISMA_DIR, "models.prisma"), path.join(PRISMA_DIR, "snapshot.prisma"));
    process.stdout.write("updated prisma/snapshot.prisma; run `npm run db:generate` and commit the new folders.\n");
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
