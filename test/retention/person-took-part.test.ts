import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/core/accounts/roles.js";
import { FixedClock } from "../../src/core/clock.js";
import { ConversationEventBus } from "../../src/core/conversations/conversation-events.js";
import type { ConversationLifecycle } from "../../src/core/conversations/conversation-lifecycle.js";
import type { ConversationLog } from "../../src/core/conversations/conversation-log.js";
import { HandoffError } from "../../src/core/handoff/errors.js";
import { HandoffService } from "../../src/core/handoff/handoff-service.js";
import { DEFAULT_RETENTION_POLICY, retentionExpiry } from "../../src/core/retention/retention-policy.js";
import { createLogger } from "../../src/observability/logger.js";
import { conversationCoreFor } from "../support/conversation-core.js";
import { createTestDatabase, shouldSkip, type TestDatabase } from "../support/test-database.js";

/** What can happen to a conversation, in the property test's random sequences. */
const OPERATIONS = [
  "customer_message",
  "bot_message",
  "request_person",
  "cancel",
  "claim_kari",
  "claim_ola",
  "note_kari",
  "transfer_to_queue",
  "transfer_to_ola",
  "release",
  "close",
  "end_by_customer",
  "reopen",
] as const;
type Operation = (typeof OPERATIONS)[number];

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
    let lifecycle: ConversationLifecycle;
    let organisationId: string;
    let kari: Principal;
    let ola: Principal;
    let siri: Principal;

    beforeAll(async () => {
      t = await createTestDatabase(provider);
      const [org] = await t.repos.organisations.sync([
        { slug: "alpha", name: "Alpha", defaultLanguage: "nb", privacyUrl: null },
      ]);
      organisationId = org?.id as string;
      const events = new ConversationEventBus();
      const core = conversationCoreFor(t.repos, clock, events);
      log = core.log;
      lifecycle = core.lifecycle;
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
      const staff = async (name: string, role: "agent" | "supervisor"): Promise<Principal> => {
        const user = await t.repos.users.create({
          email: `${name.toLowerCase()}@alpha.no`,
          displayName: name,
          passwordHash: "x",
          role,
          organisationId,
          maxConcurrentChats: 1000,
        });
        const p = { userId: user.id, email: user.email, displayName: name, role, organisationId, sessionId: name };
        await handoff.agentConnected(p);
        return p;
      };
      kari = await staff("Kari", "agent");
      ola = await staff("Ola", "agent");
      siri = await staff("Siri", "supervisor");
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

    /** Applies one operation; false when the core refused it (not allowed in that state). */
    async function apply(id: string, op: Operation): Promise<boolean> {
      clock.advance(1000);
      const text = `${op} ${clock.now().toISOString()}`;
      try {
        switch (op) {
          case "customer_message":
          case "bot_message":
            await log.record(organisationId, {
              conversationId: id,
              role: op === "bot_message" ? "bot" : "customer",
              text,
            });
            return true;
          case "request_person":
            return (
              (await handoff.requestHandoff({ conversationId: id, reason: "customer_request" })).status === "queued"
            );
          case "cancel":
            await handoff.cancel(id, "customer_cancelled");
            return true;
          case "claim_kari":
            await handoff.claim(kari, id);
            return true;
          case "claim_ola":
            await handoff.claim(ola, id);
            return true;
          case "note_kari":
            await handoff.addNote(kari, { conversationId: id, text });
            return true;
          case "transfer_to_queue":
            await handoff.transfer(siri, { conversationId: id, toAgentId: null });
            return true;
          case "transfer_to_ola":
            await handoff.transfer(siri, { conversationId: id, toAgentId: ola.userId });
            return true;
          case "release":
            await handoff.release(siri, id);
            return true;
          case "close":
            await handoff.close(siri, { conversationId: id, resolution: "resolved" });
            return true;
          case "end_by_customer":
            await handoff.endByCustomer(id);
            return true;
          case "reopen":
            return lifecycle.reopen({ id, organisationId });
        }
      } catch (err) {
        if (err instanceof HandoffError) return false;
        throw err;
      }
    }

    it("any sequence with a claim ends human_involved for 5 years; one where nobody took part stays bot_only for 1", async () => {
      // Asking for a person and claiming come up often enough for most sequences to reach an agent.
      const operation = fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom<Operation>("request_person", "claim_kari", "claim_ola") },
        { weight: 7, arbitrary: fc.constantFrom(...OPERATIONS) },
      );
      const seen = { claimed: 0, nobody: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 10 }), async (ops) => {
          clock.advance(60_000);
          await handoff.heartbeat([kari.userId, ola.userId, siri.userId]); // the agents stay online
          const c = await t.repos.conversations.create({ organisationId, channel: "widget" }, clock.now());
          let claimed = false;
          let noted = false;
          for (const op of ops) {
            const done = await apply(c.id, op);
            if (done && op.startsWith("claim_")) claimed = true;
            if (done && op === "note_kari") noted = true;
          }
          const row = await t.repos.conversations.findById(c.id);
          if (!row) throw new Error("the conversation is gone");
          if (claimed) seen.claimed++;
          if (!claimed && !noted) seen.nobody++;
          const cls = claimed || noted ? "human_involved" : "bot_only";
          expect(row.retentionClass).toBe(cls);
          expect(row.humanInvolved).toBe(claimed || noted);
          expect(row.retentionExpiresAt.toISOString()).toBe(
            retentionExpiry(row.lastActivityAt, cls, DEFAULT_RETENTION_POLICY).toISOString(),
          );
          await handoff.idle();
        }),
        { numRuns: 30 },
      );
      // Both sides of the property were tried.
      expect(seen.claimed).toBeGreaterThan(3);
      expect(seen.nobody).toBeGreaterThan(3);
    }, 120_000);

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
