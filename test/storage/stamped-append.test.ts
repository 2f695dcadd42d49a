import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StampedAppendExpectation } from "../../src/core/conversations/conversation-store.js";
import { DEFAULT_RETENTION_POLICY } from "../../src/core/retention/retention-policy.js";
import { retentionStamp } from "../../src/core/retention/retention-stamp.js";
import { createTestDatabase, shouldSkip, type TestDatabase } from "../support/test-database.js";

/**
 * The hot path's message write (ConversationStore.appendStamped) on each
 * database: what it stores must read back through Prisma exactly as Prisma's
 * own writes do (timestamps, JSON, booleans), and each condition of the row
 * it expects stops it with nothing stored.
 */
for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(await shouldSkip(provider))(`appendStamped on ${provider}`, () => {
    let t: TestDatabase;
    let orgId: string;
    let otherOrgId: string;
    const started = new Date("2026-03-01T10:00:00.000Z");
    const at = new Date("2026-03-01T10:05:07.123Z");
    const botOnly = retentionStamp(at, false, DEFAULT_RETENTION_POLICY);
    const open = (withState = false): StampedAppendExpectation => ({
      organisationId: orgId,
      statuses: ["bot", "queued", "assigned"],
      withState,
    });

    beforeAll(async () => {
      t = await createTestDatabase(provider);
      const orgs = await t.repos.organisations.sync([
        { slug: "ror-ikt", name: "ROR-IKT", defaultLanguage: "nb", privacyUrl: null },
        { slug: "other", name: "Other", defaultLanguage: "nb", privacyUrl: null },
      ]);
      orgId = orgs.find((o) => o.slug === "ror-ikt")?.id ?? "";
      otherOrgId = orgs.find((o) => o.slug === "other")?.id ?? "";
    });
    afterAll(async () => {
      await t?.destroy();
    });

    const newConversation = () =>
      t.repos.conversations.create({ organisationId: orgId, channel: "widget", language: "nb" }, started);

    it("stamps the conversation and stores the message as Prisma reads them back", async () => {
      const conv = await newConversation();
      const stored = await t.repos.conversationStore.appendStamped(
        {
          conversationId: conv.id,
          role: "customer",
          text: "Når har dere åpent? «æøå» 🙏",
          clientId: "c-1",
          authorId: null,
          metadata: { value: { choice: "hours" }, n: 2 },
        },
        at,
        botOnly,
        open(),
      );
      expect(stored).not.toBeNull();
      const reread = await t.repos.conversations.findById(conv.id);
      expect(reread?.lastActivityAt.toISOString()).toBe(at.toISOString());
      expect(reread?.retentionExpiresAt.toISOString()).toBe(botOnly.retentionExpiresAt.toISOString());
      expect(stored?.conversation).toEqual(reread);
      const [message] = await t.repos.messages.list(conv.id);
      expect(stored?.message).toEqual(message);
      expect(message).toMatchObject({
        role: "customer",
        text: "Når har dere åpent? «æøå» 🙏",
        clientId: "c-1",
        metadata: { value: { choice: "hours" }, n: 2 },
      });
      expect(message?.createdAt.toISOString()).toBe(at.toISOString());
      expect(stored?.state).toBeUndefined();
      // Prisma's own comparisons see the stored timestamps in time order (the purge's condition is one).
      const expiring = await t.db.prisma.conversation.count({
        where: { id: conv.id, retentionExpiresAt: { lte: botOnly.retentionExpiresAt } },
      });
      expect(expiring).toBe(1);
    });

    it("gives back the conversation's bot state documents, read by the same write", async () => {
      const conv = await newConversation();
      const key = `widget/conversations/${conv.id}/`;
      const first = await t.repos.conversationStore.appendStamped(
        { conversationId: conv.id, role: "customer", text: "hei" },
        at,
        botOnly,
        open(true),
      );
      expect(first?.state).toEqual([]);
      const eTag = await t.repos.botState.write(key, '{"dialogState":{"dialogStack":[]}}', "*", {
        conversationId: conv.id,
        customerId: null,
      });
      const second = await t.repos.conversationStore.appendStamped(
        { conversationId: conv.id, role: "customer", text: "igjen" },
        at,
        botOnly,
        open(true),
      );
      expect(second?.state).toEqual([{ key, data: '{"dialogState":{"dialogStack":[]}}', eTag }]);
    });

    it("stores nothing when the conversation is not in one of the statuses", async () => {
      const conv = await newConversation();
      await t.db.prisma.conversation.update({ where: { id: conv.id }, data: { status: "queued" } });
      const stored = await t.repos.conversationStore.appendStamped(
        { conversationId: conv.id, role: "bot", text: "svar" },
        at,
        botOnly,
        { organisationId: orgId, statuses: ["bot", "closed"] },
      );
      expect(stored).toBeNull();
      expect(await t.repos.messages.list(conv.id)).toEqual([]);
      // SQLite stops at the stamp here (the status is its condition too): the row is as it was.
      expect((await t.repos.conversations.findById(conv.id))?.lastActivityAt.toISOString()).toBe(started.toISOString());
    });

    it("never files a conversation a person took part in as bot-only, nor under another organisation", async () => {
      const conv = await newConversation();
      await t.db.prisma.conversation.update({
        where: { id: conv.id },
        data: { humanInvolved: true, retentionClass: "human_involved" },
      });
      const botOnlyWrite = await t.repos.conversationStore.appendStamped(
        { conversationId: conv.id, role: "customer", text: "hei" },
        at,
        botOnly,
        open(),
      );
      expect(botOnlyWrite).toBeNull();
      const otherOrg = await t.repos.conversationStore.appendStamped(
        { conversationId: conv.id, role: "customer", text: "hei" },
        at,
        retentionStamp(at, true, DEFAULT_RETENTION_POLICY),
        { ...open(), organisationId: otherOrgId },
      );
      expect(otherOrg).toBeNull();
      expect(await t.repos.messages.list(conv.id)).toEqual([]);
      expect(await t.repos.conversations.findById(conv.id)).toMatchObject({
        humanInvolved: true,
        retentionClass: "human_involved",
      });
      const personWrite = await t.repos.conversationStore.appendStamped(
        { conversationId: conv.id, role: "agent", text: "Hei, jeg heter Ola", authorName: "Ola" },
        at,
        retentionStamp(at, true, DEFAULT_RETENTION_POLICY),
        open(),
      );
      expect(personWrite?.conversation).toMatchObject({ humanInvolved: true, retentionClass: "human_involved" });
      expect(personWrite?.message).toMatchObject({ role: "agent", authorName: "Ola", metadata: null });
    });

    it("refuses a second message with the same client id and keeps the first", async () => {
      const conv = await newConversation();
      const input = { conversationId: conv.id, role: "customer" as const, text: "to ganger", clientId: "twice" };
      await t.repos.conversationStore.appendStamped(input, at, botOnly, open());
      await expect(t.repos.conversationStore.appendStamped(input, at, botOnly, open())).rejects.toThrow();
      expect((await t.repos.messages.list(conv.id)).map((m) => m.clientId)).toEqual(["twice"]);
    });

    it("is never part of a transaction another caller has open, and outlives its rollback", async () => {
      const conv = await newConversation();
      let pending: Promise<unknown> | undefined;
      await expect(
        t.db.prisma.$transaction(async (tx) => {
          await tx.conversation.update({ where: { id: conv.id }, data: { language: "en" } });
          pending = t.repos.conversationStore.appendStamped(
            { conversationId: conv.id, role: "customer", text: "midt i", clientId: "during" },
            at,
            botOnly,
            open(),
          );
          await new Promise((resolve) => setTimeout(resolve, 100));
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      expect(await pending).not.toBeNull();
      expect((await t.repos.messages.list(conv.id)).map((m) => m.clientId)).toEqual(["during"]);
      expect(await t.repos.conversations.findById(conv.id)).toMatchObject({
        language: "nb",
        lastActivityAt: at,
      });
    });

    it("stores every one of many concurrent messages, each once", async () => {
      const conv = await newConversation();
      const writes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.repos.conversationStore.appendStamped(
            { conversationId: conv.id, role: "customer", text: `m${i}`, clientId: `k${i}` },
            new Date(at.getTime() + i),
            retentionStamp(new Date(at.getTime() + i), false, DEFAULT_RETENTION_POLICY),
            open(),
          ),
        ),
      );
      expect(writes.every((w) => w !== null)).toBe(true);
      const ids = (await t.repos.messages.list(conv.id)).map((m) => m.clientId).sort();
      expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`).sort());
    });
  });
}
