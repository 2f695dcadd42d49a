import { type AppConfig, ConfigError, loadConfig } from "../config/config.js";
import { AccountService } from "../core/accounts/account-service.js";
import { type Clock, systemClock } from "../core/clock.js";
import { type Database, openDatabase } from "../storage/database.js";
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

export async function openCliContext(clock: Clock = systemClock): Promise<CliContext> {
  const config = loadConfig();
  const db = await openDatabase(config.database, { migrate: true, poolSize: 4 });
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
