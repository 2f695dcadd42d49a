import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/core/accounts/roles.js";
import { FixedClock } from "../../src/core/clock.js";
import { ConversationEventBus } from "../../src/core/conversations/conversation-events.js";
import type { ConversationLog } from "../../src/core/conversations/conversation-log.js";
import { HandoffService } from "../../src/core/handoff/handoff-service.js";
import { DEFAULT_RETENTION_POLICY, retentionExpiry } from "../../src/core/retention/retention-policy.js";
import { createLogger } from "../../src/observability/logger.js";
import { conversationCoreFor } from "../support/conversation-core.js";
import { createTestDatabase, shouldSkip, type TestDatabase } from "../support/test-database.js";

/**
 * "A person took part" on every path an agent can take through a chat,
 * against the real store: each ends human_involved with the 5-year expiry,
 * also when the agent never wrote to the customer.
 */
for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(await shouldSkip(provider))(`retention when a person took part, on ${provider}`, () => {
    let t: TestDatabase;
    const clock = new FixedClock(new Date("2026-11-23T10:00:00Z"));
    let handoff: HandoffService;
    let log: ConversationLog;
    let organisationId: string;
    let kari: Principal;

    beforeAll(async () => {
      t = await createTestDatabase(provider);
      const [org] = await t.repos.organisations.sync([
        { slug: "alpha", name: "Alpha", defaultLanguage: "nb", privacyUrl: null },
      ]);
      organisationId = org?.id as string;
      const events = new ConversationEventBus();
      const core = conversationCoreFor(t.repos, clock, events);
      log = core.log;
      handoff = new HandoffService({
        repos: t.repos,
        events,
        log,
        lifecycle: core.lifecycle,
        clock,
        logger: createLogger("silent"),
        graceSeconds: 60,
        knowledge: () => {
          throw new Error("no knowledge base in this test");
        },
      });
      const user = await t.repos.users.create({
        email: "kari@alpha.no",
        displayName: "Kari",
        passwordHash: "x",
        role: "agent",
        organisationId,
      });
      kari = {
        userId: user.id,
        email: user.email,
        displayName: "Kari",
        role: "agent",
        organisationId,
        sessionId: "s1",
      };
      await handoff.agentConnected(kari);
    });

    afterAll(async () => {
      await handoff?.idle();
      await t?.destroy();
    });

    /** A widget chat where the customer asked for a person and waits in the queue. */
    async function waitingChat(): Promise<string> {
      clock.advance(60_000);
      const c = await t.repos.conversations.create({ organisationId, channel: "widget" }, clock.now());
      await log.record(organisationId, { conversationId: c.id, role: "customer", text: "Jeg vil snakke med noen" });
      await log.record(organisationId, { conversationId: c.id, role: "bot", text: "Et øyeblikk" });
      const queued = await handoff.requestHandoff({ conversationId: c.id, reason: "customer_request" });
      expect(queued.status).toBe("queued");
      return c.id;
    }

    async function expectHumanInvolved(conversationId: string): Promise<void> {
      const c = await t.repos.conversations.findById(conversationId);
      expect(c).toMatchObject({ humanInvolved: true, retentionClass: "human_involved" });
      const expected = retentionExpiry(c!.lastActivityAt, "human_involved", DEFAULT_RETENTION_POLICY);
      expect(c!.retentionExpiresAt.toISOString()).toBe(expected.toISOString());
      // Five years on, to the minute in Oslo, and nowhere near the one-year window.
      expect(c!.retentionExpiresAt.getTime() - c!.lastActivityAt.getTime()).toBeGreaterThan(4.9 * 365 * 86_400_000);
    }

    it("claimed, a note written and closed without a word to the customer: 5 years", async () => {
      const id = await waitingChat();
      clock.advance(1000);
      await handoff.claim(kari, id);
      clock.advance(1000);
      await handoff.addNote(kari, { conversationId: id, text: "Kunden la på før jeg rakk å svare" });
      clock.advance(1000);
      await handoff.close(kari, { conversationId: id, resolution: "resolved" });
      await expectHumanInvolved(id);
    });

    it("claimed and handed back to the bot: 5 years", async () => {
      const id = await waitingChat();
      clock.advance(1000);
      await handoff.claim(kari, id);
      clock.advance(1000);
      await handoff.release(kari, id);
      await expectHumanInvolved(id);
      // The bot's later answers do not undo it.
      clock.advance(1000);
      await log.record(organisationId, { conversationId: id, role: "bot", text: "Hei igjen" });
      await expectHumanInvolved(id);
    });

    it("claimed, then ended by the customer: 5 years", async () => {
      const id = await waitingChat();
      clock.advance(1000);
      await handoff.claim(kari, id);
      clock.advance(1000);
      await handoff.cancel(id, "customer_ended");
      expect((await t.repos.conversations.findById(id))?.status).toBe("closed");
      await expectHumanInvolved(id);
    });

    it("only the bot: 1 year", async () => {
      clock.advance(60_000);
      const c = await t.repos.conversations.create({ organisationId, channel: "widget" }, clock.now());
      await log.record(organisationId, { conversationId: c.id, role: "customer", text: "Åpningstider?" });
      await log.record(organisationId, { conversationId: c.id, role: "bot", text: "08–16" });
      const row = await t.repos.conversations.findById(c.id);
      expect(row).toMatchObject({ humanInvolved: false, retentionClass: "bot_only" });
      expect(row!.retentionExpiresAt.toISOString()).toBe(
        retentionExpiry(row!.lastActivityAt, "bot_only", DEFAULT_RETENTION_POLICY).toISOString(),
      );
    });
  });
}
