import { type AppConfig, ConfigError, loadConfig } from "../config/config.js";
import { AccountService } from "../core/accounts/account-service.js";
import { type Clock, systemClock } from "../core/clock.js";
import { type Database, type OpenOptions, openDatabase } from "../storage/database.js";
import { createRepositories, type Repositories } from "../storage/repositories/index.js";

/** What a command-line tool gets: validated config, the migrated database and its repositories. */
export interface CliContext {
  config: AppConfig;
  db: Database;
  repos: Repositories;
  clock: Clock;
  accounts: AccountService;
  close(): Promise<void>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * The purge CLI's own connection: on SQLite without an fsync per batch (a
 * batch lost to a power cut is simply deleted again by the next run) and
 * with a 64 MiB page cache, so the index pages every batch passes through
 * stay in memory on a large database. The purge benchmark opens its
 * connection the same way.
 */
export const PURGE_DATABASE_OPTIONS: OpenOptions = {
  poolSize: 4,
  sqliteSynchronous: "normal",
  sqliteCacheKiB: 64 * 1024,
};

export async function openCliContext(
  clock: Clock = systemClock,
  databaseOptions: OpenOptions = { poolSize: 4 },
): Promise<CliContext> {
  const config = loadConfig();
  const db = await openDatabase(config.database, { ...databaseOptions, migrate: true });
  const repos = createRepositories(db);
  return {
    config,
    db,
    repos,
    clock,
    accounts: new AccountService(repos.users, repos.organisations, repos.audit, clock, config.sessionTtlHours),
    close: () => db.close(),
  };
}

/** Runs a CLI main: usage and config errors print one line and exit 2; other errors exit 1. */
export function runCli(main: () => Promise<number | undefined>): void {
  main()
    .then((code) => {
      process.exitCode = code ?? 0;
    })
    .catch((err: unknown) => {
      if (err instanceof UsageError || err instanceof ConfigError) {
        process.stderr.write(`${err.message}\n`);
        process.exitCode = 2;
        return;
      }
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}
