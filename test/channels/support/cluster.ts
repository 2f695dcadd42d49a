import path from "node:path";
import type { DatabaseConfig } from "../../../src/config/config.js";
import { AccountService } from "../../../src/core/accounts/account-service.js";
import { systemClock } from "../../../src/core/clock.js";
import { type Database, openDatabase } from "../../../src/storage/database.js";
import { createRepositories, type Repositories } from "../../../src/storage/repositories/index.js";
import { login, PASSWORD } from "../../handoff/support/harness.js";

/**
 * Helpers for tests that run several real server processes on one database:
 * the test's own connection to that database (to add staff and look at the
 * queue), and the fixture knowledge base whose `beta-bank` is open around
 * the clock (so a handoff is never refused as "closed").
 */
export const OPEN_KNOWLEDGE_DIR = path.resolve(import.meta.dirname, "../../fixtures/knowledge-basic");
export const OPEN_ORG = "beta-bank";

export interface SharedDatabase {
  db: Database;
  repos: Repositories;
  /** Adds a member of staff of OPEN_ORG and logs in on `url`. */
  addStaff(url: string, input: { email: string; name: string; role?: string }): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

/** Opens the database a server process has created and migrated. */
export async function openShared(config: DatabaseConfig): Promise<SharedDatabase> {
  const db = await openDatabase(config, { migrate: false, poolSize: 2 });
  const repos = createRepositories(db);
  const accounts = new AccountService(repos.users, repos.organisations, repos.audit, systemClock, 12);
  return {
    db,
    repos,
    async addStaff(url, input) {
      const user = await accounts.createUser({
        email: input.email,
        displayName: input.name,
        role: input.role ?? "agent",
        organisationSlug: OPEN_ORG,
        password: PASSWORD,
      });
      return { id: user.id, token: await login(url, input.email) };
    },
    close: () => db.close(),
  };
}
