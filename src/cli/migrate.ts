import { loadConfig } from "../config/config.js";
import { migrateDatabase } from "../storage/database.js";
import { runCli, UsageError } from "./cli-context.js";

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (SQLite under ./data/ when unset). */
runCli(async () => {
  const args = process.argv.slice(2);
  if (args.length > 0) throw new UsageError(`db:migrate takes no arguments (got ${args.join(" ")}); set DATABASE_URL`);
  const config = loadConfig();
  const result = await migrateDatabase(config.database);
  const where = config.database.provider === "sqlite" ? config.database.file : "PostgreSQL";
  process.stdout.write(
    result.applied.length > 0
      ? `Applied ${result.applied.length} migration(s) to ${where}: ${result.applied.join(", ")}\n`
      : `${where} is up to date (${result.alreadyApplied} migration(s) applied earlier).\n`,
  );
  return 0;
});
