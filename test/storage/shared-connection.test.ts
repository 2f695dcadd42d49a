import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { createRepositories, type Repositories } from "../../src/storage/repositories/index.js";
import { retryWhileSqliteBusy } from "../../src/storage/sqlite-busy.js";
import type { ObservedStatement } from "../../src/storage/statement-observer.js";
import { freshDatabaseConfig, shouldSkip } from "../support/test-database.js";

/**
 * One request's interactive transaction and another request's plain writes
 * at the same time. SQLite has one connection: a plain statement sent while
 * the transaction is open must not run inside it (it would be rolled back
 * with it after its own request acknowledged it). PostgreSQL has a pool.
 */
for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(await shouldSkip(provider))(
    `statements beside an open transaction on ${provider}`,
    { timeout: 15_000 },
    () => {
      let db: Database;
      let repos: Repositories;
      let cleanup: () => Promise<void>;
      let orgId: string;
      const statements: ObservedStatement[] = [];
      const at = new Date("2026-03-01T10:00:00.000Z");

      beforeAll(async () => {
        const fresh = freshDatabaseConfig(provider);
        cleanup = fresh.cleanup;
        db = await openDatabase(fresh.config, { migrate: true, poolSize: 4, onStatement: (s) => statements.push(s) });
        repos = createRepositories(db);
        const [org] = await repos.organisations.sync([
          { slug: "ror-ikt", name: "ROR-IKT", defaultLanguage: "nb", privacyUrl: null },
        ]);
        orgId = org?.id ?? "";
      });
      afterAll(async () => {
        await db?.close();
        await cleanup?.();
      });

      /** Resolves once a statement matching `pattern` reached the driver adapter outside a transaction, and a turn later. */
      async function sent(pattern: RegExp, from: number): Promise<void> {
        for (let i = 0; i < 1000; i++) {
          if (statements.slice(from).some((s) => !s.inTransaction && pattern.test(s.sql))) break;
          await new Promise((resolve) => setImmediate(resolve));
        }
        expect(statements.slice(from).some((s) => !s.inTransaction && pattern.test(s.sql))).toBe(true);
        // Long enough for a statement that does not wait to have run (and for one that waits to still wait).
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      /** An interactive transaction that writes, then holds until `fail` is called, then throws. */
      function failingTransaction() {
        let opened!: () => void;
        const open = new Promise<void>((resolve) => {
          opened = resolve;
        });
        let fail!: () => void;
        const failed = new Promise<void>((resolve) => {
          fail = resolve;
        });
        const done = db.prisma.$transaction(async (tx) => {
          await tx.organisation.update({
            where: { id: orgId },
            data: { privacyUrl: "https://example.com/rolled-back" },
          });
          opened();
          await failed;
          throw new Error("claim conflict");
        });
        // A transaction that failed before it opened fails the test at once.
        return { open: Promise.race([open, done.then(() => {})]), fail, done };
      }

      it("a repository write made meanwhile survives the transaction's rollback", async () => {
        const before = await db.prisma.conversation.count();
        const tx = failingTransaction();
        await tx.open;
        const from = statements.length;
        const other = repos.conversations.create({ organisationId: orgId, channel: "widget", language: "en" }, at);
        // Its first statement (it reads the retention policy, then inserts).
        await sent(/./, from);
        tx.fail();
        await expect(tx.done).rejects.toThrow("claim conflict");
        const written = await other;
        expect(await db.prisma.conversation.findUnique({ where: { id: written.id } })).not.toBeNull();
        expect(await db.prisma.conversation.count()).toBe(before + 1);
        expect((await db.prisma.organisation.findUnique({ where: { id: orgId } }))?.privacyUrl).toBeNull();
      });

      it("a raw write and a read made meanwhile see only committed rows", async () => {
        const tx = failingTransaction();
        await tx.open;
        const from = statements.length;
        // Prisma's promises are lazy: then() sends them.
        const other = Promise.resolve(
          db.prisma.$executeRawUnsafe(`UPDATE "Organisation" SET "name" = 'ROR-IKT AS' WHERE "id" = '${orgId}'`),
        );
        const count = Promise.resolve(db.prisma.conversation.count());
        await sent(/UPDATE/i, from);
        tx.fail();
        await expect(tx.done).rejects.toThrow("claim conflict");
        expect(await other).toBe(1);
        const counted = await count;
        expect(counted).toBe(await db.prisma.conversation.count());
        expect((await db.prisma.organisation.findUnique({ where: { id: orgId } }))?.name).toBe("ROR-IKT AS");
      });

      it("a driver statement made meanwhile survives the transaction's rollback", async () => {
        const tx = failingTransaction();
        await tx.open;
        const conv = repos.conversations.create({ organisationId: orgId, channel: "widget", language: "nb" }, at);
        tx.fail();
        await expect(tx.done).rejects.toThrow("claim conflict");
        const id = (await conv).id;
        const tx2 = failingTransaction();
        await tx2.open;
        const from = statements.length;
        const other = db.sql.rows(
          provider === "sqlite"
            ? `UPDATE "Conversation" SET "language" = 'se' WHERE "id" = ?`
            : `UPDATE "Conversation" SET "language" = 'se' WHERE "id" = $1`,
          [id],
        );
        await sent(/UPDATE "Conversation"/, from);
        tx2.fail();
        await expect(tx2.done).rejects.toThrow("claim conflict");
        await other;
        expect((await db.prisma.conversation.findUnique({ where: { id } }))?.language).toBe("se");
      });

      it("statements through the transaction, and transactions retried or overlapping, do not wait on each other", async () => {
        let runs = 0;
        const counts = await Promise.all(
          Array.from({ length: 4 }, (_, i) =>
            retryWhileSqliteBusy(() =>
              db.prisma.$transaction(async (tx) => {
                runs++;
                await tx.conversation.create({
                  data: { organisationId: orgId, channel: "widget", language: `x${i}`, retentionExpiresAt: at },
                });
                await tx.organisation.findUnique({ where: { id: orgId } });
                return tx.conversation.count({ where: { language: `x${i}`, retentionExpiresAt: at } });
              }),
            ),
          ),
        );
        expect(counts).toEqual([1, 1, 1, 1]);
        expect(runs).toBe(4);
        // A batch transaction and a plain write beside it.
        const [created] = await Promise.all([
          db.prisma.$transaction([
            db.prisma.conversation.create({
              data: { organisationId: orgId, channel: "widget", language: "y", retentionExpiresAt: at },
            }),
          ]),
          repos.conversations.create({ organisationId: orgId, channel: "widget", language: "z" }, at),
        ]);
        expect(created[0]?.language).toBe("y");
        expect(await db.prisma.conversation.count({ where: { language: { in: ["y", "z"] } } })).toBe(2);
      });
    },
  );
}
