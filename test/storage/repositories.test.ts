import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RETENTION_POLICY, retentionExpiry } from "../../src/core/retention/retention-policy.js";
import { recordAt } from "../support/conversation-core.js";
import { createTestDatabase, shouldSkip, type TestDatabase } from "../support/test-database.js";

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(await shouldSkip(provider))(`repositories on ${provider}`, () => {
    let t: TestDatabase;
    let orgId: string;
    beforeAll(async () => {
      t = await createTestDatabase(provider);
      const [org] = await t.repos.organisations.sync([
        { slug: "ror-ikt", name: "ROR-IKT Kundeservice", defaultLanguage: "nb", privacyUrl: null },
      ]);
      orgId = org?.id ?? "";
    });
    afterAll(async () => {
      await t?.destroy();
    });

    it("syncs organisations idempotently and updates names", async () => {
      await t.repos.organisations.sync([
        { slug: "ror-ikt", name: "ROR-IKT", defaultLanguage: "nb", privacyUrl: "https://example.no/personvern" },
      ]);
      const all = await t.repos.organisations.list();
      expect(all.map((o) => o.slug)).toEqual(["ror-ikt"]);
      expect(all[0]).toMatchObject({ name: "ROR-IKT", privacyUrl: "https://example.no/personvern" });
    });

    it("round-trips a conversation with its messages in the order they were said", async () => {
      const started = new Date("2026-03-01T10:00:00Z");
      const conv = await t.repos.conversations.create(
        { organisationId: orgId, channel: "widget", language: "nb" },
        started,
      );
      expect(conv.status).toBe("bot");
      expect(conv.retentionClass).toBe("bot_only");
      expect(conv.retentionExpiresAt.toISOString()).toBe(
        retentionExpiry(started, "bot_only", DEFAULT_RETENTION_POLICY).toISOString(),
      );

      const texts = ["Hei, når har dere åpent?", "Kundeservice er bemannet 0800–1530.", "Takk! 🙏 «æøå»"];
      const roles = ["customer", "bot", "customer"] as const;
      for (const [i, text] of texts.entries()) {
        await recordAt(
          t.repos,
          {
            conversationId: conv.id,
            role: roles[i] ?? "customer",
            text,
            clientId: `c-${i}`,
            metadata: i === 1 ? { sources: ["ror-ikt.hours.staffed"], confidence: 0.91 } : null,
          },
          new Date(started.getTime() + i * 1000),
        );
      }
      const listed = await t.repos.messages.list(conv.id);
      expect(listed.map((m) => m.text)).toEqual(texts);
      expect(listed.map((m) => m.role)).toEqual([...roles]);
      expect(listed[1]?.metadata).toEqual({ sources: ["ror-ikt.hours.staffed"], confidence: 0.91 });
      const after = await t.repos.messages.list(conv.id, { afterId: listed[0]?.id ?? 0 });
      expect(after.map((m) => m.text)).toEqual(texts.slice(1));

      const reloaded = await t.repos.conversations.findById(conv.id);
      expect(reloaded?.lastActivityAt.toISOString()).toBe(new Date(started.getTime() + 2000).toISOString());
    });

    it("stores a message sent twice with the same client id once", async () => {
      const conv = await t.repos.conversations.create({ organisationId: orgId, channel: "widget" }, new Date());
      const first = await recordAt(
        t.repos,
        { conversationId: conv.id, role: "customer", text: "Skriveren virker ikke", clientId: "retry-1" },
        new Date(),
      );
      const second = await recordAt(
        t.repos,
        { conversationId: conv.id, role: "customer", text: "Skriveren virker ikke", clientId: "retry-1" },
        new Date(),
      );
      const concurrent = await Promise.all(
        [1, 2, 3].map(() =>
          recordAt(
            t.repos,
            { conversationId: conv.id, role: "customer", text: "samtidig", clientId: "retry-2" },
            new Date(),
          ),
        ),
      );
      expect(first.duplicate).toBe(false);
      expect(second.duplicate).toBe(true);
      expect(second.message.id).toBe(first.message.id);
      expect(new Set(concurrent.map((r) => r.message.id)).size).toBe(1);
      const stored = await t.repos.messages.list(conv.id);
      expect(stored.map((m) => m.clientId)).toEqual(["retry-1", "retry-2"]);
    });

    it("moves a conversation to the 5-year class when an agent writes", async () => {
      const now = new Date("2026-06-15T12:00:00Z");
      const conv = await t.repos.conversations.create({ organisationId: orgId, channel: "widget" }, now);
      await recordAt(t.repos, { conversationId: conv.id, role: "agent", text: "Hei, Kari her." }, now);
      const after = await t.repos.conversations.findById(conv.id);
      expect(after?.humanInvolved).toBe(true);
      expect(after?.retentionClass).toBe("human_involved");
      expect(after?.retentionExpiresAt.toISOString()).toBe("2031-06-15T12:00:00.000Z");
    });

    it("finds or creates a channel conversation once under concurrency", async () => {
      const input = { organisationId: orgId, channel: "emulator", externalId: "conv-abc" };
      const rows = await Promise.all(
        [1, 2, 3].map(() => t.repos.conversations.findOrCreateExternal(input, new Date())),
      );
      expect(new Set(rows.map((r) => r.id)).size).toBe(1);
    });

    it("stores users and sessions and writes audit events", async () => {
      const user = await t.repos.users.create({
        email: "Kari@Example.no",
        displayName: "Kari",
        passwordHash: "x",
        role: "agent",
        organisationId: orgId,
      });
      expect((await t.repos.users.findByEmail("kari@example.no"))?.id).toBe(user.id);
      const session = await t.repos.users.createSession(user.id, "hash-1", new Date(Date.now() + 60_000), new Date());
      expect((await t.repos.users.findSession("hash-1"))?.user.email).toBe("kari@example.no");
      await t.repos.users.revokeSession(session.id, new Date());
      expect((await t.repos.users.findSession("hash-1"))?.revokedAt).not.toBeNull();
      await t.repos.audit.record({ action: "test.done", targetId: user.id, details: { n: 1 } });
      const events = await t.repos.audit.list({ targetId: user.id });
      expect(events.map((e) => e.action)).toContain("test.done");
    });

    it("counts the organisation's enabled chat staff with that presence and a heartbeat since the time given", async () => {
      const [other] = await t.repos.organisations
        .sync([
          { slug: "ror-ikt", name: "ROR-IKT", defaultLanguage: "nb", privacyUrl: null },
          { slug: "move", name: "Move", defaultLanguage: "nb", privacyUrl: null },
        ])
        .then((orgs) => orgs.filter((o) => o.slug === "move"));
      const now = new Date("2026-12-04T12:00:00.000Z");
      const fresh = new Date(now.getTime() - 90_000);
      const staff = async (email: string, role: "agent" | "supervisor" | "compliance", extra: object = {}) =>
        t.repos.users.create({ email, displayName: email, passwordHash: "x", role, organisationId: orgId, ...extra });
      const count = () => t.repos.agentPresence.count(orgId, "online", fresh);
      expect(await count()).toBe(0);
      const a = await staff("a@presence.no", "agent");
      await t.repos.agentPresence.set(a.id, "online", now);
      expect(await count()).toBe(1);
      // Exactly at the edge still counts; a millisecond before it does not.
      const edge = await staff("b@presence.no", "supervisor");
      await t.repos.agentPresence.set(edge.id, "online", fresh);
      expect(await count()).toBe(2);
      const stale = await staff("c@presence.no", "agent");
      await t.repos.agentPresence.set(stale.id, "online", new Date(fresh.getTime() - 1));
      const away = await staff("d@presence.no", "agent");
      await t.repos.agentPresence.set(away.id, "away", now);
      const disabled = await staff("e@presence.no", "agent", { disabled: true });
      await t.repos.agentPresence.set(disabled.id, "online", now);
      const compliance = await staff("f@presence.no", "compliance");
      await t.repos.agentPresence.set(compliance.id, "online", now);
      const elsewhere = await t.repos.users.create({
        email: "g@presence.no",
        displayName: "g",
        passwordHash: "x",
        role: "agent",
        organisationId: other?.id ?? null,
      });
      await t.repos.agentPresence.set(elsewhere.id, "online", now);
      expect(await count()).toBe(2);
      expect(await t.repos.agentPresence.count(orgId, "away", fresh)).toBe(1);
    });
  });
}
