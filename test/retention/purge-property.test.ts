import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { createComplianceServices } from "../../src/core/retention/compliance-services.js";
import { DEFAULT_RETENTION_POLICY, retentionExpiry } from "../../src/core/retention/retention-policy.js";
import { recordAt } from "../support/conversation-core.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { actor, seedOrganisations } from "./retention-fixtures.js";

const DAY = 86_400_000;
const BASE = new Date("2020-01-01T00:00:00Z").getTime();

const conversationArb = fc.record({
  /** Last activity: days after BASE, with a time of day. */
  day: fc.integer({ min: 0, max: 8 * 365 }),
  ms: fc.integer({ min: 0, max: DAY - 1 }),
  human: fc.boolean(),
  customer: fc.integer({ min: 0, max: 3 }),
  hold: fc.constantFrom("none", "conversation", "released"),
});

/**
 * Property: whatever the conversations, holds and moment, a purge deletes
 * exactly the conversations whose window has ended and that no active hold
 * (on the conversation or on its customer) covers — so it never deletes one
 * inside its window or under hold.
 */
describe("purge property", () => {
  let t: TestDatabase;
  let org: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    org = (await seedOrganisations(t.repos, ["ror-ikt"]))["ror-ikt"] as string;
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it("never deletes a conversation inside its window or under hold, and deletes all others", async () => {
    const services = createComplianceServices(t.repos, new FixedClock(new Date()), "server", {
      pauseMs: 0,
      initialBatch: 3,
      minBatch: 2,
      maxBatch: 5,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(conversationArb, { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 300, max: 9 * 365 }),
        fc.integer({ min: 0, max: DAY - 1 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
        async (convs, nowDay, nowMs, heldCustomers) => {
          const p = t.db.prisma;
          await p.legalHold.deleteMany({});
          await p.conversation.deleteMany({});
          await p.customer.deleteMany({});
          const customers = await Promise.all(
            [0, 1, 2, 3].map(() => p.customer.create({ data: { organisationId: org } })),
          );
          const now = new Date(BASE + nowDay * DAY + nowMs);
          const expected = new Map<string, boolean>();
          for (const c of convs) {
            const at = new Date(BASE + c.day * DAY + c.ms);
            const conv = await t.repos.conversations.create(
              { organisationId: org, channel: "widget", customerId: customers[c.customer]?.id ?? null },
              at,
            );
            if (c.human) await recordAt(t.repos, { conversationId: conv.id, role: "agent", text: "Kari her" }, at);
            if (c.hold !== "none") {
              await p.legalHold.create({
                data: {
                  organisationId: org,
                  conversationId: conv.id,
                  reason: "test",
                  releasedAt: c.hold === "released" ? new Date(BASE) : null,
                },
              });
            }
            const expiry = retentionExpiry(at, c.human ? "human_involved" : "bot_only", DEFAULT_RETENTION_POLICY);
            const held = c.hold === "conversation" || heldCustomers.includes(c.customer);
            expected.set(conv.id, expiry.getTime() <= now.getTime() && !held);
          }
          for (const i of new Set(heldCustomers)) {
            await p.legalHold.create({
              data: { organisationId: org, customerId: customers[i]?.id ?? null, reason: "test" },
            });
          }
          const dry = await services.purge.run({ dryRun: true, now, organisationSlug: null, actor });
          const real = await services.purge.run({ dryRun: false, now, organisationSlug: null, actor });
          const left = new Set((await p.conversation.findMany({ select: { id: true } })).map((c) => c.id));
          for (const [id, shouldGo] of expected) expect(left.has(id)).toBe(!shouldGo);
          const gone = [...expected.values()].filter(Boolean).length;
          expect(real.conversations).toBe(gone);
          expect(dry.conversations).toBe(gone);
        },
      ),
      { numRuns: 25 },
    );
    // 25 generated cases of a few dozen fsync'd commits each: far longer than 30 s when the disk is busy.
  }, 120_000);
});
