import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/core/accounts/roles.js";
import { FixedClock } from "../../src/core/clock.js";
import type { ChannelConversations } from "../../src/core/conversations/channel-conversations.js";
import { ConversationEventBus } from "../../src/core/conversations/conversation-events.js";
import type { ConversationLifecycle } from "../../src/core/conversations/conversation-lifecycle.js";
import type { ConversationLog } from "../../src/core/conversations/conversation-log.js";
import { HandoffError } from "../../src/core/handoff/errors.js";
import { HandoffService } from "../../src/core/handoff/handoff-service.js";
import {
  DEFAULT_RETENTION_POLICY,
  type RetentionPolicy,
  retentionExpiry,
} from "../../src/core/retention/retention-policy.js";
import { createLogger } from "../../src/observability/logger.js";
import { channelConversationsFor, conversationCoreFor } from "../support/conversation-core.js";
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
  "writes_again",
  "move_to_beta",
  "move_to_alpha",
] as const;
type Operation = (typeof OPERATIONS)[number];

/** Beta keeps bot-only chats 3 months (alpha: the default year); both keep chats a person took part in 5 years. */
const BETA_MONTHS = { botOnlyMonths: 3, humanInvolvedMonths: 60 };

/**
 * "A person took part" on every path an agent can take through a chat,
 * against the real store: each ends human_involved with the 5-year expiry,
 * also when the agent never wrote to the customer. The random sequences also
 * take the Bot Framework paths: the customer writing again in a closed
 * conversation (reopened) and the conversation moving between organisations
 * after an answer about the other one.
 */
for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(await shouldSkip(provider))(`retention when a person took part, on ${provider}`, () => {
    let t: TestDatabase;
    const clock = new FixedClock(new Date("2026-11-23T10:00:00Z"));
    let handoff: HandoffService;
    let log: ConversationLog;
    let lifecycle: ConversationLifecycle;
    let channels: ChannelConversations;
    let organisationId: string;
    let betaId: string;
    let betaPolicy: RetentionPolicy;
    let kari: Principal;
    let ola: Principal;
    let siri: Principal;

    beforeAll(async () => {
      t = await createTestDatabase(provider);
      const [org, beta] = await t.repos.organisations.sync([
        { slug: "alpha", name: "Alpha", defaultLanguage: "nb", privacyUrl: null },
        { slug: "beta", name: "Beta", defaultLanguage: "nb", privacyUrl: null },
      ]);
      organisationId = org?.id as string;
      betaId = beta?.id as string;
      betaPolicy = await t.repos.retentionPolicies.setPolicy(betaId, BETA_MONTHS, "test");
      const events = new ConversationEventBus();
      const core = conversationCoreFor(t.repos, clock, events);
      log = core.log;
      lifecycle = core.lifecycle;
      channels = channelConversationsFor(t.repos, lifecycle, clock, events);
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

    /** A Bot Framework turn of the property's conversation `externalId`, filed under alpha on first sight. */
    const bfTurn = (externalId: string, isMessage = true) => ({
      channel: "emulator",
      externalId,
      reference: JSON.stringify({ conversation: { id: externalId } }),
      organisationSlug: "alpha",
      language: "nb",
      fromUser: true,
      isMessage,
      user: { id: `user-${externalId}`, name: "Kunde" },
    });

    /** The bot's answer was about `slug`: a conversation answered from every organisation moves there. */
    async function answeredAbout(id: string, slug: "alpha" | "beta"): Promise<boolean> {
      const row = await t.repos.conversations.findById(id);
      if (!row) throw new Error("the conversation is gone");
      const noted = await channels.noteDecision(
        {
          id,
          organisationId: row.organisationId,
          language: row.language,
          unscoped: true,
          organisationSlug: row.organisationId === betaId ? "beta" : "alpha",
        },
        { language: row.language, organisationSlug: slug },
      );
      return noted.organisation !== null;
    }

    /** Applies one operation; false when the core refused it (not allowed in that state). */
    async function apply(id: string, op: Operation, externalId: string): Promise<boolean> {
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
            return lifecycle.reopen({ id, organisationId: (await t.repos.conversations.findById(id))!.organisationId });
          case "writes_again": {
            const wasClosed = (await t.repos.conversations.findById(id))?.status === "closed";
            const c = await channels.resumeExternal(bfTurn(externalId));
            await log.record(c.organisationId, { conversationId: id, role: "customer", text });
            return wasClosed && c.status === "bot";
          }
          case "move_to_beta":
            return answeredAbout(id, "beta");
          case "move_to_alpha":
            return answeredAbout(id, "alpha");
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
      const seen = { claimed: 0, nobody: 0, moved: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 10 }), async (ops) => {
          clock.advance(60_000);
          await handoff.heartbeat([kari.userId, ola.userId, siri.userId]); // the agents stay online
          // A Bot Framework conversation, so that the customer can write in it again once closed.
          const externalId = `property-${clock.now().getTime()}`;
          const c = await channels.resumeExternal(bfTurn(externalId, false));
          let claimed = false;
          let noted = false;
          for (const op of ops) {
            const done = await apply(c.id, op, externalId);
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
          const policy = row.organisationId === betaId ? betaPolicy : DEFAULT_RETENTION_POLICY;
          expect(row.retentionPolicyVersion).toBe(policy.version);
          expect(row.retentionExpiresAt.toISOString()).toBe(
            retentionExpiry(row.lastActivityAt, cls, policy).toISOString(),
          );
          if (claimed) {
            // Five years, whichever organisation it ended up in.
            expect(row.retentionExpiresAt.getTime() - row.lastActivityAt.getTime()).toBeGreaterThan(
              4.9 * 365 * 86_400_000,
            );
          }
          if (row.organisationId === betaId) seen.moved++;
          await handoff.idle();
        }),
        {
          numRuns: 30,
          // Besides the random sequences, one of each kind the checks below require, so a seed that
          // happens to draw none of them cannot fail the run (fast-check runs the examples first).
          examples: [
            [["customer_message"]],
            [["request_person", "claim_kari"]],
            [["move_to_beta", "customer_message"]],
          ],
        },
      );
      // Both sides of the property were tried.
      expect(seen.claimed).toBeGreaterThan(0);
      expect(seen.nobody).toBeGreaterThan(0);
      expect(seen.moved).toBeGreaterThan(0);
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
