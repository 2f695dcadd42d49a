import { DateTime } from "luxon";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { customerStateKey } from "../../src/bot/customer-user-state.js";
import { FixedClock } from "../../src/core/clock.js";
import { createComplianceServices } from "../../src/core/retention/compliance-services.js";
import { botStateStorageFor } from "../support/conversation-core.js";
import { createTestDatabase, shouldSkip, type TestDatabase } from "../support/test-database.js";
import { actor, clearRetentionData, seedConversation, seedOrganisations } from "./retention-fixtures.js";

const NOW = new Date("2026-06-01T10:00:00Z");
const oslo = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Oslo" }).toJSDate();
const minus = (years: number, ms = 0) =>
  new Date(DateTime.fromJSDate(NOW, { zone: "Europe/Oslo" }).minus({ years }).toMillis() + ms);

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(await shouldSkip(provider))(`purge of records outside conversations on ${provider}`, () => {
    let t: TestDatabase;
    let org: string;
    const clock = new FixedClock(new Date("2026-06-01T12:00:00Z"));
    const services = () => createComplianceServices(t.repos, clock, "server", { pauseMs: 0, initialBatch: 2 });
    const run = (dryRun: boolean) => services().purge.run({ dryRun, now: NOW, organisationSlug: null, actor });

    beforeAll(async () => {
      t = await createTestDatabase(provider);
      org = (await seedOrganisations(t.repos))["ror-ikt"] as string;
    });
    afterAll(async () => {
      await t?.destroy();
    });
    beforeEach(() => clearRetentionData(t));

    const offline = (at: Date, extra: { handledAt?: Date; customerId?: string; conversationId?: string } = {}) =>
      t.db.prisma.offlineMessage.create({
        data: { organisationId: org, email: "kari@example.no", text: "Ring meg", createdAt: at, ...extra },
      });
    const customer = (lastSeenAt: Date) =>
      t.db.prisma.customer.create({ data: { organisationId: org, email: "ola@example.no", lastSeenAt } });

    it("keeps a leave-a-message without a conversation 5 years from when it was handled, to the millisecond", async () => {
      const gone = await offline(minus(6), { handledAt: minus(5, -1) }); // handled 5 years and 1 ms ago
      const exactly = await offline(minus(5)); // left exactly 5 years ago, never handled
      const handledLater = await offline(minus(6), { handledAt: minus(5, 1) }); // handled 1 ms inside the window
      const recent = await offline(minus(1));
      const dry = await run(true);
      expect(dry.offlineMessages).toBe(2);
      const real = await run(false);
      expect(real.offlineMessages).toBe(2);
      const left = (await t.db.prisma.offlineMessage.findMany({ select: { id: true } })).map((o) => o.id).sort();
      expect(left).toEqual([handledLater.id, recent.id].sort());
      expect(left).not.toContain(gone.id);
      expect(left).not.toContain(exactly.id);
    });

    it("deletes a customer record once nothing of it is kept and it was not seen for the bot-only window", async () => {
      const lonely = await customer(minus(1, -1)); // last seen a year and a millisecond ago, nothing left
      const seenRecently = await customer(minus(1, 1));
      const withHumanChat = await customer(minus(3));
      await seedConversation(t.repos, org, minus(3), { human: true, customerId: withHumanChat.id });
      const withOldChat = await customer(minus(2));
      const oldChat = await seedConversation(t.repos, org, minus(2), { customerId: withOldChat.id });
      const withRequest = await customer(minus(2));
      await offline(minus(2), { customerId: withRequest.id });
      const held = await customer(minus(3));
      await services().holds.place({ customerId: held.id }, "tvist", actor, null);
      // The customer's own bot state goes with the record.
      const storage = botStateStorageFor(t.repos);
      await storage.write({ [customerStateKey("widget", lonely.id)]: { profile: { lang: "en" } } });
      await storage.write({ [customerStateKey("widget", withOldChat.id)]: { profile: { lang: "nb" } } });

      const dry = await run(true);
      expect(dry).toMatchObject({ conversations: 1, customers: 2 });
      const real = await run(false);
      expect(real).toMatchObject({ status: "completed", conversations: 1, customers: 2, offlineMessages: 0 });
      const left = new Set((await t.db.prisma.customer.findMany({ select: { id: true } })).map((c) => c.id));
      // The old bot-only chat went in the same run, and its customer with it.
      expect(await t.repos.conversations.findById(oldChat.id)).toBeNull();
      expect(left.has(lonely.id)).toBe(false);
      expect(left.has(withOldChat.id)).toBe(false);
      for (const kept of [seenRecently, withHumanChat, withRequest, held]) expect(left.has(kept.id)).toBe(true);
      expect(await t.db.prisma.botState.count()).toBe(0);
      const audit = (await t.repos.audit.list({ action: "retention.purge" })).map((a) => a.details);
      expect(audit).toContainEqual(expect.objectContaining({ dryRun: true, customers: 2, offlineMessages: 0 }));
      expect(audit).toContainEqual(expect.objectContaining({ dryRun: false, customers: 2, offlineMessages: 0 }));
    });

    it("goes through many customers in windows, skipping kept ones without losing its place", async () => {
      const keptIds: string[] = [];
      const goneIds: string[] = [];
      for (let i = 0; i < 9; i++) {
        const c = await customer(new Date(minus(2).getTime() + i * 60_000));
        if (i % 3 === 0) {
          await seedConversation(t.repos, org, minus(2), { human: true, customerId: c.id });
          keptIds.push(c.id);
        } else goneIds.push(c.id);
      }
      const real = await run(false); // windows of 2 (initialBatch)
      expect(real.customers).toBe(goneIds.length);
      const left = (await t.db.prisma.customer.findMany({ select: { id: true } })).map((c) => c.id).sort();
      expect(left).toEqual([...keptIds].sort());
    });

    it("uses calendar months in Oslo time for customers seen on a leap day", async () => {
      // Seen 29 Feb 2024 at noon: the 1-year window ends 28 Feb 2025 at noon.
      const leap = await t.db.prisma.customer.create({
        data: { organisationId: org, lastSeenAt: oslo("2024-02-29T12:00:00") },
      });
      const at = (iso: string) =>
        services().purge.run({ dryRun: false, now: oslo(iso), organisationSlug: null, actor });
      expect((await at("2025-02-28T11:59:59.999")).customers).toBe(0);
      expect(await t.db.prisma.customer.count({ where: { id: leap.id } })).toBe(1);
      expect((await at("2025-02-28T12:00:00")).customers).toBe(1);
    });
  });
}
