import { afterEach, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { createComplianceServices } from "../../src/core/retention/compliance-services.js";
import { DEFAULT_RETENTION_POLICY, retentionExpiry } from "../../src/core/retention/retention-policy.js";
import { type Database, migrateDatabase, openDatabase, postgresSchema } from "../../src/storage/database.js";
import { postgresMigrationDriver, sqliteMigrationDriver } from "../../src/storage/migration-drivers.js";
import { readMigrations, runMigrations } from "../../src/storage/migrations.js";
import { createRepositories } from "../../src/storage/repositories/index.js";
import { freshDatabaseConfig, shouldSkip } from "../support/test-database.js";

/** The migration that classifies the chats earlier versions filed as bot-only although a person took part. */
const BACKFILL = "person_took_part_backfill";

/**
 * Earlier versions left a conversation bot-only when an agent claimed it
 * (or wrote a note, or handled a leave-a-message request from it) without
 * writing to the customer. Upgrading marks those human-involved and leaves
 * their expiry for the recompute, so no purge deletes them a year on.
 */
for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(await shouldSkip(provider))(`upgrading chats a person took part in, on ${provider}`, () => {
    let db: Database | undefined;
    let cleanup: (() => Promise<void>) | undefined;

    afterEach(async () => {
      await db?.close();
      await cleanup?.();
    });

    it("marks them human-involved, the purge keeps them, and the recompute gives them 5 years", async () => {
      const fresh = freshDatabaseConfig(provider);
      cleanup = fresh.cleanup;
      const { config } = fresh;
      // The database as an earlier version left it: every migration before the backfill.
      const before = readMigrations(provider).filter((m) => !m.name.endsWith(BACKFILL));
      if (config.provider === "sqlite") {
        const driver = sqliteMigrationDriver(config.file);
        await runMigrations(driver, "sqlite", before);
        driver.close();
      } else {
        const driver = await postgresMigrationDriver(config.url, postgresSchema(config.url));
        await runMigrations(driver, "postgresql", before);
        await driver.close();
      }
      db = await openDatabase(config, { migrate: false });
      const repos = createRepositories(db);
      const p = db.prisma;
      const [org] = await repos.organisations.sync([
        { slug: "alpha", name: "Alpha", defaultLanguage: "nb", privacyUrl: null },
      ]);
      const organisationId = org?.id as string;
      const agent = await p.user.create({
        data: { email: "kari@alpha.no", displayName: "Kari", passwordHash: "x", role: "agent", organisationId },
      });
      const at = new Date("2025-01-10T09:00:00Z");
      const conversation = () => repos.conversations.create({ organisationId, channel: "widget" }, at);
      const claimed = await conversation();
      await p.assignment.create({
        data: { conversationId: claimed.id, agentId: agent.id, assignedAt: at, endedAt: at, endReason: "closed" },
      });
      const noted = await conversation();
      await p.internalNote.create({ data: { conversationId: noted.id, authorId: agent.id, text: "ringt opp" } });
      const handled = await conversation();
      await p.offlineMessage.create({
        data: { organisationId, conversationId: handled.id, text: "ring meg", handledAt: at, handledById: agent.id },
      });
      const unhandled = await conversation();
      await p.offlineMessage.create({ data: { organisationId, conversationId: unhandled.id, text: "ring meg" } });
      const botOnly = await conversation();

      await migrateDatabase(config);

      const row = (id: string) => p.conversation.findUniqueOrThrow({ where: { id } });
      for (const c of [claimed, noted, handled]) {
        expect(await row(c.id)).toMatchObject({ humanInvolved: true, retentionClass: "human_involved" });
      }
      for (const c of [unhandled, botOnly]) {
        expect(await row(c.id)).toMatchObject({
          humanInvolved: false,
          retentionClass: "bot_only",
          retentionPolicyVersion: DEFAULT_RETENTION_POLICY.version,
        });
      }

      // A year and a day on, before any recompute: only the bot-only ones go.
      const services = createComplianceServices(repos, new FixedClock(new Date()), "server", { pauseMs: 0 });
      const actor = { id: "cli:test", role: "cli", label: "cli:test" };
      const yearOn = new Date("2026-01-11T09:00:00Z");
      const purged = await services.purge.run({ dryRun: false, now: yearOn, organisationSlug: null, actor });
      expect(purged.conversations).toBe(2);
      for (const c of [claimed, noted, handled]) expect(await row(c.id)).toBeTruthy();

      expect(await services.policies.recompute()).toBe(3);
      const fiveYears = retentionExpiry(at, "human_involved", DEFAULT_RETENTION_POLICY).toISOString();
      for (const c of [claimed, noted, handled]) {
        const after = await row(c.id);
        expect(after.retentionExpiresAt.toISOString()).toBe(fiveYears);
        expect(after.retentionPolicyVersion).toBe(DEFAULT_RETENTION_POLICY.version);
      }
      const later = await services.purge.run({ dryRun: false, now: yearOn, organisationSlug: null, actor });
      expect(later.conversations).toBe(0);
    });
  });
}
