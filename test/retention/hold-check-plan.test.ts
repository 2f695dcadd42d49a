import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqlParams } from "../../src/storage/raw-sql.js";
import { conversationEligible } from "../../src/storage/repositories/purge-eligibility.js";
import { createTestDatabase, shouldSkip, type TestDatabase } from "../support/test-database.js";
import { seedOrganisations } from "./retention-fixtures.js";

// A purge batch checks every conversation for an active legal hold. With many
// holds, the database must look each conversation up in the hold index, not
// compare it with every hold: on PostgreSQL a NOT EXISTS was planned as a
// nested-loop anti join over all holds, half of each batch's time at
// 1,000,000 conversations and 1,000 holds (bench/RESULTS.md).

const CONVERSATIONS = 600;
const HOLDS = 400;

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(await shouldSkip(provider))(`legal hold check in a purge batch on ${provider}`, () => {
    let t: TestDatabase;
    let ids: string[];

    beforeAll(async () => {
      t = await createTestDatabase(provider);
      const orgs = await seedOrganisations(t.repos);
      const organisationId = orgs["ror-ikt"] as string;
      const old = new Date("2020-01-01T00:00:00Z");
      const created = [];
      for (let i = 0; i < CONVERSATIONS; i++)
        created.push(await t.repos.conversations.create({ organisationId, channel: "widget" }, old));
      ids = created.map((c) => c.id);
      await t.db.prisma.legalHold.createMany({
        data: ids.slice(0, HOLDS).map((conversationId) => ({ organisationId, conversationId, reason: "tvist" })),
      });
      await t.db.prisma.$executeRawUnsafe("ANALYZE");
    }, 120_000);
    afterAll(async () => {
      await t?.destroy();
    });

    /** The plan of a batch-sized lookup of the purge's eligibility condition. */
    async function planOf(batch: string[]): Promise<string> {
      const p = new SqlParams(provider);
      const where = `${p.inList("c.id", batch)} AND ${conversationEligible(p, { kind: "expired", now: new Date(), organisationId: null })}`;
      const explain = provider === "sqlite" ? "EXPLAIN QUERY PLAN" : "EXPLAIN";
      const rows = await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
        `${explain} SELECT c.id FROM "Conversation" c WHERE ${where}`,
        ...p.values,
      );
      return rows.map((r) => String(r["QUERY PLAN"] ?? r.detail)).join("\n");
    }

    it("looks each conversation up in the hold index instead of reading every hold", async () => {
      const plan = await planOf(ids.slice(HOLDS - 100, HOLDS + 100));
      expect(plan).toMatch(/LegalHold_conversationId_releasedAt_idx/);
      expect(plan).not.toMatch(/Seq Scan on "LegalHold"|SCAN h\b/);
      expect(plan).not.toMatch(/Anti Join/);
    });

    it("still leaves the held conversations out", async () => {
      const p = new SqlParams(provider);
      const batch = ids.slice(HOLDS - 100, HOLDS + 100);
      const rows = await t.db.prisma.$queryRawUnsafe<{ id: string }[]>(
        `SELECT c.id FROM "Conversation" c WHERE ${p.inList("c.id", batch)} AND ${conversationEligible(p, { kind: "erasure", organisationId: null })}`,
        ...p.values,
      );
      expect(rows.map((r) => r.id).sort()).toEqual(ids.slice(HOLDS, HOLDS + 100).sort());
    });
  });
}
