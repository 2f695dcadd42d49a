import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal, Role } from "../../src/core/accounts/roles.js";
import { FixedClock } from "../../src/core/clock.js";
import { type StaffEvent, StaffEventBus } from "../../src/core/handoff/staff-events.js";
import { OFFLINE_LIST_LIMIT, OfflineInbox } from "../../src/core/offline/offline-inbox.js";
import { OfflineMessageService } from "../../src/core/offline/offline-message-service.js";
import { DEFAULT_RETENTION_POLICY, retentionExpiry } from "../../src/core/retention/retention-policy.js";
import { conversationCoreFor } from "../support/conversation-core.js";
import { createTestDatabase, shouldSkip, type TestDatabase } from "../support/test-database.js";

/**
 * The agents' side of leave-a-message requests, on the core with a real
 * database: who sees which requests, marking one handled (once), and the chat
 * it was left from becoming human-involved.
 */
for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(await shouldSkip(provider))(`the leave-a-message inbox on ${provider}`, () => {
    let t: TestDatabase;
    const clock = new FixedClock(new Date("2026-11-23T18:00:00Z"));
    const staff = new StaffEventBus();
    const published: Array<Extract<StaffEvent, { type: "offline" }>> = [];
    let service: OfflineMessageService;
    let inbox: OfflineInbox;
    const orgs: Record<"alpha" | "beta" | "gamma", string> = { alpha: "", beta: "", gamma: "" };
    const people: Record<string, Principal> = {};

    async function person(name: string, role: Role, organisationId: string | null): Promise<Principal> {
      const user = await t.repos.users.create({
        email: `${name}@example.no`,
        displayName: name,
        passwordHash: "x",
        role,
        organisationId,
      });
      const p = { userId: user.id, email: user.email, displayName: name, role, organisationId, sessionId: name };
      people[name] = p;
      return p;
    }

    /** A request, `minutes` after the clock's current time (the clock then stays there). */
    async function leave(org: string, text: string, options: { conversationId?: string; minutes?: number } = {}) {
      clock.advance((options.minutes ?? 1) * 60_000);
      return service.leave({
        organisationId: org,
        conversationId: options.conversationId ?? null,
        name: "Anne <b>Hansen</b>",
        email: "Anne@Example.no",
        phone: "+47 915 55 555",
        text,
        language: "en",
      });
    }

    beforeAll(async () => {
      t = await createTestDatabase(provider);
      const synced = await t.repos.organisations.sync([
        { slug: "alpha", name: "Alpha", defaultLanguage: "nb", privacyUrl: null },
        { slug: "beta", name: "Beta", defaultLanguage: "nb", privacyUrl: null },
        { slug: "gamma", name: "Gamma", defaultLanguage: "nb", privacyUrl: null },
      ]);
      for (const o of synced) orgs[o.slug as keyof typeof orgs] = o.id;
      service = new OfflineMessageService(t.repos.offlineMessages, clock, staff);
      const { log, lifecycle } = conversationCoreFor(t.repos, clock);
      inbox = new OfflineInbox({ repos: t.repos, lifecycle, log, staff });
      staff.on("offline", (e) => published.push(e));
      await person("kari", "agent", orgs.alpha);
      await person("ola", "agent", orgs.alpha);
      await person("siri", "supervisor", orgs.alpha);
      await person("bjorn", "agent", orgs.beta);
      await person("cecilie", "compliance", null);
      await person("ada", "admin", null);
    });

    afterAll(async () => {
      await t?.destroy();
    });

    const p = (name: string) => people[name] as Principal;

    it("lists an organisation's unhandled requests oldest first, to its own staff only", async () => {
      const second = await leave(orgs.alpha, "Andre", { minutes: 5 });
      const theirs = await leave(orgs.beta, "Beta sin");
      // Stored later but with an earlier time: the list follows the time the customer left it.
      clock.advance(-60 * 60_000);
      const first = await leave(orgs.alpha, "Første");
      clock.advance(2 * 60 * 60_000);
      expect(published.filter((e) => e.change === "created").map((e) => e.message.id)).toEqual([
        second.id,
        theirs.id,
        first.id,
      ]);
      expect(published.at(-1)).toMatchObject({ organisationId: orgs.alpha, message: { handledAt: null } });

      for (const name of ["kari", "siri"]) {
        const own = await inbox.list(p(name));
        expect(own.messages.map((m) => m.id)).toEqual([first.id, second.id]);
        expect(own.total).toBe(2);
      }
      expect((await inbox.list(p("kari"), orgs.alpha)).messages.map((m) => m.id)).toEqual([first.id, second.id]);
      expect((await inbox.list(p("bjorn"))).messages.map((m) => m.id)).toEqual([theirs.id]);
      expect((await inbox.list(p("ada"))).messages.map((m) => m.id)).toEqual([first.id, second.id, theirs.id]);
      expect((await inbox.list(p("ada"), orgs.beta)).messages.map((m) => m.id)).toEqual([theirs.id]);
      // Contact details as stored (normalised), the customer's words untouched.
      expect((await inbox.list(p("kari"))).messages[0]).toEqual({
        id: first.id,
        organisationId: orgs.alpha,
        conversationId: null,
        name: "Anne <b>Hansen</b>",
        email: "Anne@example.no",
        phone: "+4791555555",
        text: "Første",
        language: "en",
        createdAt: first.createdAt.toISOString(),
        handledAt: null,
        handledBy: null,
      });

      await expect(inbox.list(p("bjorn"), orgs.alpha)).rejects.toMatchObject({ code: "forbidden" });
      await expect(inbox.list(p("cecilie"))).rejects.toMatchObject({ code: "forbidden" });
    });

    it("caps a long list at the oldest requests and says how many wait in all", async () => {
      const ids: string[] = [];
      for (let i = 0; i < OFFLINE_LIST_LIMIT + 3; i += 1) {
        ids.push(
          (
            await t.repos.offlineMessages.create(
              { organisationId: orgs.gamma, text: `#${i}`, language: "nb" },
              clock.now(),
            )
          ).id,
        );
        clock.advance(1000);
      }
      const admin = await inbox.list(p("ada"), orgs.gamma);
      expect(admin.total).toBe(OFFLINE_LIST_LIMIT + 3);
      expect(admin.messages.map((m) => m.id)).toEqual(ids.slice(0, OFFLINE_LIST_LIMIT));
    });

    it("marks a request handled once; a second try says who handled it and when", async () => {
      const request = await leave(orgs.alpha, "Ring meg i morgen");
      published.length = 0;
      const handledAt = clock.now();
      const done = await inbox.handle(p("kari"), request.id);
      expect(done).toMatchObject({
        status: "handled",
        message: {
          id: request.id,
          handledAt: handledAt.toISOString(),
          handledBy: { id: p("kari").userId, displayName: "kari" },
        },
      });
      const stored = await t.repos.offlineMessages.findById(request.id);
      expect(stored?.handledAt?.toISOString()).toBe(handledAt.toISOString());
      expect(stored?.handledById).toBe(p("kari").userId);
      expect((await inbox.list(p("ola"))).messages.map((m) => m.id)).not.toContain(request.id);
      expect(published).toEqual([
        { type: "offline", change: "handled", organisationId: orgs.alpha, message: done.message },
      ]);
      const audit = await t.repos.audit.list({ action: "offline_message.handled", targetId: request.id });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorId: p("kari").userId, organisationId: orgs.alpha });

      clock.advance(10 * 60_000);
      for (const name of ["ola", "kari", "siri"]) {
        const again = await inbox.handle(p(name), request.id);
        expect(again).toEqual({ status: "already_handled", message: done.message });
      }
      const after = await t.repos.offlineMessages.findById(request.id);
      expect(after?.handledAt?.toISOString()).toBe(handledAt.toISOString());
      expect(after?.handledById).toBe(p("kari").userId);
      expect(published).toHaveLength(1);
      expect(await t.repos.audit.list({ action: "offline_message.handled", targetId: request.id })).toHaveLength(1);
    });

    it("lets exactly one of two agents handling at once win", async () => {
      const request = await leave(orgs.alpha, "Samtidig");
      const results = await Promise.all([inbox.handle(p("kari"), request.id), inbox.handle(p("ola"), request.id)]);
      expect(results.map((r) => r.status).sort()).toEqual(["already_handled", "handled"]);
      const winner = results.find((r) => r.status === "handled")?.message.handledBy;
      const loser = results.find((r) => r.status === "already_handled")?.message.handledBy;
      expect(loser).toEqual(winner);
      expect((await t.repos.offlineMessages.findById(request.id))?.handledById).toBe(winner?.id);
    });

    it("refuses staff of another organisation, compliance staff and unknown ids, changing nothing", async () => {
      const request = await leave(orgs.alpha, "Ikke for beta");
      await expect(inbox.handle(p("bjorn"), request.id)).rejects.toMatchObject({ code: "forbidden" });
      await expect(inbox.handle(p("cecilie"), request.id)).rejects.toMatchObject({ code: "forbidden" });
      await expect(inbox.conversation(p("bjorn"), request.id)).rejects.toMatchObject({ code: "forbidden" });
      await expect(inbox.handle(p("kari"), "00000000-0000-0000-0000-000000000000")).rejects.toMatchObject({
        code: "not_found",
      });
      expect((await t.repos.offlineMessages.findById(request.id))?.handledAt).toBeNull();
      // An admin may handle any organisation's.
      expect((await inbox.handle(p("ada"), request.id)).status).toBe("handled");
    });

    it("makes the chat a request was left from human-involved, with the retention that goes with it", async () => {
      const started = clock.now();
      const conversation = await t.repos.conversations.create(
        { organisationId: orgs.alpha, channel: "widget", language: "nb" },
        started,
      );
      expect(conversation).toMatchObject({ humanInvolved: false, retentionClass: "bot_only" });
      const request = await leave(orgs.alpha, "Fra chatten", { conversationId: conversation.id, minutes: 30 });
      expect((await inbox.list(p("kari"))).messages.find((m) => m.id === request.id)?.conversationId).toBe(
        conversation.id,
      );
      // The transcript is there to read before calling back, still a bot-only chat.
      const detail = await inbox.conversation(p("ola"), request.id);
      expect(detail).toMatchObject({ id: conversation.id, humanInvolved: false });
      expect((await t.repos.conversations.findById(conversation.id))?.humanInvolved).toBe(false);

      clock.advance(2 * 60 * 60_000);
      const handledAt = clock.now();
      await inbox.handle(p("ola"), request.id);
      const after = await t.repos.conversations.findById(conversation.id);
      expect(after).toMatchObject({ humanInvolved: true, retentionClass: "human_involved" });
      expect(after?.retentionExpiresAt.toISOString()).toBe(
        retentionExpiry(handledAt, "human_involved", DEFAULT_RETENTION_POLICY).toISOString(),
      );

      // A request without a chat has no transcript, and handling it touches no conversation.
      const loose = await leave(orgs.alpha, "Uten chat");
      await expect(inbox.conversation(p("kari"), loose.id)).rejects.toMatchObject({ code: "not_found" });
      expect((await inbox.handle(p("kari"), loose.id)).status).toBe("handled");
    });
  });
}
