import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { BackgroundPurges } from "../../src/core/retention/background-purges.js";
import { cliActor } from "../../src/core/retention/compliance-actor.js";
import { createComplianceServices } from "../../src/core/retention/compliance-services.js";
import { TAKE_FOR_HOLD } from "../../src/storage/hold-delete-lock.js";
import { recordAt } from "../support/conversation-core.js";
import { createTestDatabase, shouldSkip, type TestDatabase } from "../support/test-database.js";
import {
  actor,
  clearRetentionData,
  type SeededConversation,
  seedConversation,
  seedOrganisations,
} from "./retention-fixtures.js";

const YEAR = 365 * 86_400_000;
const NOW = new Date("2026-06-01T10:00:00Z");

for (const provider of ["sqlite", "postgresql"] as const) {
  describe.skipIf(await shouldSkip(provider))(`purge on ${provider}`, () => {
    let t: TestDatabase;
    let orgs: Record<string, string>;
    const clock = new FixedClock(new Date("2026-06-01T12:00:00Z"));
    const services = (tuning = {}) =>
      createComplianceServices(t.repos, clock, "server", { pauseMs: 0, initialBatch: 3, ...tuning });

    beforeAll(async () => {
      t = await createTestDatabase(provider);
      orgs = await seedOrganisations(t.repos);
    });
    afterAll(async () => {
      await t?.destroy();
    });
    beforeEach(() => clearRetentionData(t));

    /** Expired: bot-only with activity > 1 year before NOW; kept: recent or human within 5 years. */
    async function seedMix() {
      const org = orgs["ror-ikt"] as string;
      const fjell = orgs.fjellkommune as string;
      const expired: SeededConversation[] = [];
      const kept: SeededConversation[] = [];
      for (let i = 0; i < 7; i++) {
        expired.push(
          await seedConversation(t.repos, i % 2 ? org : fjell, new Date(NOW.getTime() - YEAR - (i + 2) * 86_400_000)),
        );
      }
      expired.push(
        await seedConversation(t.repos, org, new Date(NOW.getTime() - 6 * YEAR), { human: true, messages: 3 }),
      );
      kept.push(await seedConversation(t.repos, org, new Date(NOW.getTime() - YEAR + 86_400_000)));
      kept.push(await seedConversation(t.repos, org, new Date(NOW.getTime() - 3 * YEAR), { human: true }));
      return { expired, kept };
    }

    it("dry run reports exactly what the real run at the same time deletes", async () => {
      const { expired, kept } = await seedMix();
      const s = services();
      const dry = await s.purge.run({ dryRun: true, now: NOW, organisationSlug: null, actor });
      expect(await t.db.prisma.conversation.count()).toBe(expired.length + kept.length);
      const real = await s.purge.run({ dryRun: false, now: NOW, organisationSlug: null, actor });
      expect(real.status).toBe("completed");
      const pick = (r: typeof dry) => ({
        conversations: r.conversations,
        messages: r.messages,
        groups: r.groups,
        oldestActivity: r.oldestActivity,
        newestActivity: r.newestActivity,
      });
      expect(pick(real)).toEqual(pick(dry));
      expect(dry.conversations).toBe(expired.length);
      expect(dry.messages).toBe(expired.reduce((n, c) => n + c.messages, 0));
      expect(dry.groups.map((g) => [g.organisation, g.retentionClass, g.conversations])).toEqual([
        ["fjellkommune", "bot_only", 4],
        ["ror-ikt", "bot_only", 3],
        ["ror-ikt", "human_involved", 1],
      ]);
      const left = await t.db.prisma.conversation.findMany({ select: { id: true } });
      expect(left.map((c) => c.id).sort()).toEqual(kept.map((c) => c.id).sort());
      expect(await t.db.prisma.message.count()).toBe(kept.reduce((n, c) => n + c.messages, 0));
    });

    it("limits a run to one organisation and refuses an unknown one", async () => {
      await seedMix();
      const s = services();
      const r = await s.purge.run({ dryRun: false, now: NOW, organisationSlug: "fjellkommune", actor });
      expect(r.conversations).toBe(4);
      expect(r.groups.every((g) => g.organisation === "fjellkommune")).toBe(true);
      await expect(s.purge.run({ dryRun: true, now: NOW, organisationSlug: "nope", actor })).rejects.toThrow(
        /unknown organisation "nope"/,
      );
    });

    it("deletes every dependent row and leaves no orphans", async () => {
      const org = orgs["ror-ikt"] as string;
      const customer = await t.db.prisma.customer.create({ data: { organisationId: org, email: "kari@example.no" } });
      const c = await seedConversation(t.repos, org, new Date(NOW.getTime() - 2 * YEAR), { customerId: customer.id });
      const agent = await t.db.prisma.user.create({
        data: {
          email: `agent-${provider}@example.no`,
          displayName: "Agent",
          passwordHash: "x",
          role: "agent",
          organisationId: org,
        },
      });
      const [m] = await t.repos.messages.list(c.id);
      const p = t.db.prisma;
      await p.feedback.create({ data: { conversationId: c.id, messageId: m?.id ?? null, helpful: false } });
      await p.internalNote.create({ data: { conversationId: c.id, authorId: agent.id, text: "notat" } });
      const hr = await p.handoffRequest.create({
        data: { conversationId: c.id, organisationId: org, reason: "customer_request" },
      });
      await p.assignment.create({ data: { conversationId: c.id, handoffRequestId: hr.id, agentId: agent.id } });
      await p.offlineMessage.create({ data: { organisationId: org, conversationId: c.id, text: "ring meg" } });
      await p.botState.create({ data: { key: `state/${c.id}`, conversationId: c.id, data: "{}", eTag: "1" } });
      await p.legalHold.create({
        data: { organisationId: org, conversationId: c.id, reason: "old", releasedAt: new Date(NOW.getTime() - 1000) },
      });
      const r = await services().purge.run({ dryRun: false, now: NOW, organisationSlug: null, actor });
      expect(r.conversations).toBe(1);
      for (const count of [
        p.message.count(),
        p.feedback.count(),
        p.internalNote.count(),
        p.handoffRequest.count(),
        p.assignment.count(),
        p.offlineMessage.count(),
        p.botState.count(),
        p.legalHold.count(),
      ]) {
        expect(await count).toBe(0);
      }
      // The customer record and staff accounts are not conversation data.
      expect(await p.customer.count()).toBe(1);
      await p.user.delete({ where: { id: agent.id } });
    });

    it("never purges held conversations (conversation or customer hold) and purges them once released", async () => {
      const org = orgs["ror-ikt"] as string;
      const customer = await t.db.prisma.customer.create({ data: { organisationId: org } });
      const a = await seedConversation(t.repos, org, new Date(NOW.getTime() - 2 * YEAR));
      const b = await seedConversation(t.repos, org, new Date(NOW.getTime() - 2 * YEAR), { customerId: customer.id });
      const c = await seedConversation(t.repos, org, new Date(NOW.getTime() - 2 * YEAR));
      const s = services();
      const holdA = await s.holds.place({ conversationId: a.id }, "tvist om faktura", actor, null);
      const holdB = await s.holds.place({ customerId: customer.id }, "politietterforskning", actor, null);
      const dry = await s.purge.run({ dryRun: true, now: NOW, organisationSlug: null, actor });
      expect(dry.conversations).toBe(1);
      const r1 = await s.purge.run({ dryRun: false, now: NOW, organisationSlug: null, actor });
      expect(r1.conversations).toBe(1);
      expect(await t.repos.conversations.findById(c.id)).toBeNull();
      expect(await t.repos.conversations.findById(a.id)).not.toBeNull();
      expect(await t.repos.conversations.findById(b.id)).not.toBeNull();
      await s.holds.release(holdA.id, "saken er avsluttet", actor, null);
      await s.holds.release(holdB.id, "etterforskning henlagt", actor, null);
      const r2 = await s.purge.run({ dryRun: false, now: NOW, organisationSlug: null, actor });
      expect(r2.conversations).toBe(2);
      expect(await t.db.prisma.conversation.count()).toBe(0);
    });

    it("is idempotent: a second run at the same time deletes nothing", async () => {
      await seedMix();
      const s = services();
      expect((await s.purge.run({ dryRun: false, now: NOW, organisationSlug: null, actor })).conversations).toBe(8);
      const again = await s.purge.run({ dryRun: false, now: NOW, organisationSlug: null, actor });
      expect(again).toMatchObject({ status: "completed", conversations: 0, messages: 0, skipped: 0 });
    });

    it("skips conversations that get new activity or a hold while the purge runs (live chat goes on)", async () => {
      const org = orgs["ror-ikt"] as string;
      const convs: SeededConversation[] = [];
      for (let i = 0; i < 30; i++)
        convs.push(await seedConversation(t.repos, org, new Date(NOW.getTime() - YEAR - (i + 1) * 3_600_000)));
      const s = services({ initialBatch: 4, minBatch: 4, maxBatch: 4 });
      const chatted = new Set<string>();
      const held = new Set<string>();
      let appendErrors = 0;
      const report = await s.purge.run(
        { dryRun: false, now: NOW, organisationSlug: null, actor },
        {
          afterBatch: async ({ batch }) => {
            // Live traffic between batches: a customer writes in two conversations not yet purged, one gets a hold.
            const remaining = (await t.db.prisma.conversation.findMany({ select: { id: true } })).map((c) => c.id);
            const fresh = remaining.filter((id) => !chatted.has(id) && !held.has(id));
            for (const id of fresh.slice(-2)) {
              chatted.add(id);
              await recordAt(t.repos, { conversationId: id, role: "customer", text: `hei igjen ${batch}` }, NOW).catch(
                () => appendErrors++,
              );
            }
            const h = fresh.at(-3);
            if (h) {
              held.add(h);
              await s.holds.place({ conversationId: h }, "ny tvist", actor, null);
            }
          },
        },
      );
      expect(report.status).toBe("completed");
      expect(appendErrors).toBe(0);
      const left = new Set((await t.db.prisma.conversation.findMany({ select: { id: true } })).map((c) => c.id));
      for (const id of [...chatted, ...held]) expect(left.has(id)).toBe(true);
      expect(left.size).toBe(chatted.size + held.size);
      expect(report.conversations).toBe(30 - left.size);
      for (const id of chatted) {
        expect((await t.repos.messages.list(id)).length).toBe(3); // both seeded messages and the new one
      }
      expect(await t.db.prisma.message.count({ where: { conversationId: { notIn: [...left] } } })).toBe(0);
    });

    it("in the server, a chat message sent during a purge is stored between two batches, not after the run", async () => {
      const { expired, kept } = await seedMix();
      // PostgreSQL runs chat beside the purge, on another pooled connection:
      // the message lands after however many batches its own round trips take
      // (a handful on a quiet machine, more on a loaded one). A run of 48
      // batches (about half a second) keeps "during the run" from being a
      // race against an 80 ms run, while a message held until the run ends
      // still fails.
      if (provider === "postgresql") {
        for (let i = 0; i < 40; i++) {
          const at = new Date(NOW.getTime() - YEAR - (i + 10) * 86_400_000);
          expired.push(await seedConversation(t.repos, orgs["ror-ikt"] as string, at, { messages: 1 }));
        }
      }
      const live = kept[0] as SeededConversation;
      // The server's own settings (no pause on SQLite), one conversation per batch.
      const s = createComplianceServices(t.repos, clock, "server", { initialBatch: 1, minBatch: 1, maxBatch: 1 });
      let batchesDone = 0;
      let stored: (batches: number) => void = () => {};
      const storedAfterBatches = new Promise<number>((resolve) => {
        stored = resolve;
      });
      const report = await s.purge.run(
        { dryRun: false, now: NOW, organisationSlug: null, actor },
        {
          // The message arrives as chat does: in a later turn of the event loop than the purge's start.
          started: () => {
            setImmediate(() => {
              void recordAt(t.repos, { conversationId: live.id, role: "customer", text: "er dere der?" }, NOW).then(
                () => stored(batchesDone),
              );
            });
          },
          afterBatch: () => {
            batchesDone++;
          },
        },
      );
      expect(report.conversations).toBe(expired.length);
      expect(report.batches).toBe(expired.length);
      // SQLite's driver holds the process for each statement, so the message waits for at most one step.
      expect(await storedAfterBatches).toBeLessThanOrEqual(provider === "sqlite" ? 1 : expired.length - 1);
      expect((await t.repos.messages.list(live.id)).at(-1)?.text).toBe("er dere der?");
    });
    // PostgreSQL only: SQLite runs one writer at a time, so a hold and a delete cannot overlap there.
    if (provider === "postgresql")
      it("a delete that starts while a hold is being placed waits for it and then leaves the conversation alone", async () => {
        const org = orgs["ror-ikt"] as string;
        const c = await seedConversation(t.repos, org, new Date(NOW.getTime() - 2 * YEAR));
        const url = new URL(t.config.url as string);
        const schema = url.searchParams.get("schema");
        url.searchParams.delete("schema");
        const placing = new pg.Client({ connectionString: url.toString() });
        await placing.connect();
        try {
          if (schema) await placing.query(`SET search_path TO "${schema}"`);
          // A hold placement in progress: lock taken, hold written, not yet committed.
          await placing.query("BEGIN");
          await placing.query(TAKE_FOR_HOLD);
          await placing.query(
            `INSERT INTO "LegalHold" (id, "organisationId", "conversationId", reason, "placedById", "placedAt")
             VALUES ('race-hold', $1, $2, 'tvist', 'test', now())`,
            [org, c.id],
          );
          let settled = false;
          const deleting = t.repos.compliance.purge
            .deleteBatch([c.id], { kind: "expired", now: NOW, organisationId: null })
            .finally(() => {
              settled = true;
            });
          // The delete is waiting for the hold placement's lock (PostgreSQL shows the ungranted lock).
          const waiting = async () =>
            (
              await placing.query(
                "SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype = 'advisory' AND pid <> pg_backend_pid()",
              )
            ).rows[0].n > 0;
          for (let i = 0; i < 200 && !(await waiting()); i++) await new Promise((r) => setTimeout(r, 25));
          expect(await waiting()).toBe(true);
          expect(settled).toBe(false); // waiting for the hold to commit
          await placing.query("COMMIT");
          const result = await deleting;
          expect(result.deleted).toEqual([]);
          expect(await t.db.prisma.conversation.count({ where: { id: c.id } })).toBe(1);
          expect(await t.db.prisma.legalHold.count({ where: { id: "race-hold", releasedAt: null } })).toBe(1);
        } finally {
          await placing.end();
        }
      });

    it("continues cleanly after a run is killed mid-way, and marks the killed run", async () => {
      const org = orgs["ror-ikt"] as string;
      for (let i = 0; i < 20; i++)
        await seedConversation(t.repos, org, new Date(NOW.getTime() - 2 * YEAR - i * 60_000));
      const leaseClock = new FixedClock(new Date("2026-06-01T12:00:00Z"));
      const first = createComplianceServices(t.repos, leaseClock, "server", {
        pauseMs: 0,
        initialBatch: 5,
        minBatch: 5,
        maxBatch: 5,
        heartbeatMs: 0,
      });
      // "Kill" the first run after its second batch: it never returns, never releases its lease.
      let killed!: (id: string) => void;
      const killedAt = new Promise<string>((r) => {
        killed = r;
      });
      void first.purge.run(
        { dryRun: false, now: NOW, organisationSlug: null, actor: cliActor("first") },
        {
          afterBatch: ({ runId, batch }) => {
            if (batch !== 2) return;
            killed(runId);
            return new Promise<void>(() => {});
          },
        },
      );
      const killedRun = await killedAt;
      expect(await t.db.prisma.conversation.count()).toBe(10);
      const second = createComplianceServices(t.repos, leaseClock, "server", { pauseMs: 0 });
      const req = { dryRun: false, now: NOW, organisationSlug: null, actor: cliActor("second") };
      await expect(second.purge.run(req)).rejects.toThrow(/another purge is running/);
      leaseClock.advance(3 * 60_000); // the killed run's lease runs out
      const r = await second.purge.run(req);
      expect(r.status).toBe("completed");
      expect(r.conversations).toBe(10);
      expect(r.continuedRuns).toEqual([killedRun]);
      expect(await t.db.prisma.conversation.count()).toBe(0);
      const old = await t.db.prisma.purgeRun.findUnique({ where: { id: killedRun } });
      expect(old?.status).toBe("failed");
      expect(old?.deletedConversations).toBe(10);
      expect(old?.error).toMatch(/interrupted/);
      expect(await t.repos.audit.list({ action: "retention.purge.interrupted" })).toHaveLength(1);
    });

    it("stops a running purge when compliance staff ask, after the batch in hand; the next run continues", async () => {
      const org = orgs["ror-ikt"] as string;
      for (let i = 0; i < 12; i++)
        await seedConversation(t.repos, org, new Date(NOW.getTime() - 2 * YEAR - i * 60_000));
      const s = services({ initialBatch: 3, minBatch: 3, maxBatch: 3, heartbeatMs: 0 });
      const staff = { id: "staff-1", role: "compliance", label: "personvern@example.no" };
      const report = await s.purge.run(
        { dryRun: false, now: NOW, organisationSlug: null, actor },
        {
          afterBatch: async ({ runId, batch }) => {
            // Asked from elsewhere (the page, the CLI) while the run is between its first and second batch.
            if (batch === 1) expect(await s.purge.requestStop(runId, staff)).toEqual({ runId, status: "stopping" });
          },
        },
      );
      expect(report.status).toBe("failed");
      expect(report.error).toMatch(/^stopped at the request of staff-1; a new run continues/);
      // The first batch is done; the stop is seen at the progress record after the second.
      expect(report.conversations).toBe(6);
      expect(await t.db.prisma.conversation.count()).toBe(6);
      const [stopAudit] = await t.repos.audit.list({ action: "retention.purge.stop_requested" });
      expect(stopAudit).toMatchObject({ actorId: "staff-1", targetId: report.runId });
      const [runAudit] = await t.repos.audit.list({ action: "retention.purge" });
      expect(runAudit?.details).toMatchObject({ outcome: "cancelled", conversations: 6 });
      // A finished run cannot be stopped; an unknown one does not exist.
      await expect(s.purge.requestStop(report.runId, staff)).rejects.toMatchObject({ code: "conflict" });
      await expect(s.purge.requestStop("no-such-run", staff)).rejects.toMatchObject({ code: "not_found" });
      const next = await s.purge.run({ dryRun: false, now: NOW, organisationSlug: null, actor });
      expect(next).toMatchObject({ status: "completed", conversations: 6 });
    });

    it("on server shutdown, background purges stop after their current batch and record it", async () => {
      const org = orgs["ror-ikt"] as string;
      for (let i = 0; i < 6; i++) await seedConversation(t.repos, org, new Date(NOW.getTime() - 2 * YEAR - i * 60_000));
      const s = services({ initialBatch: 1, minBatch: 1, maxBatch: 1, pauseMs: 20 });
      const logged: string[] = [];
      const purges = new BackgroundPurges(s.purge, {
        info: (_o, msg) => logged.push(msg),
        error: (_o, msg) => logged.push(msg),
      });
      const runId = await purges.start({ now: NOW, organisationSlug: null, actor });
      expect(purges.size).toBe(1);
      await purges.stopAll();
      expect(purges.size).toBe(0);
      const run = await t.repos.compliance.purge.findRun(runId);
      expect(run).toMatchObject({ status: "failed", deletedConversations: 1 });
      expect(run?.error).toMatch(/^cancelled before finishing/);
      expect(await t.db.prisma.conversation.count()).toBe(5);
      expect(logged).toEqual(["purge finished"]);
    });

    it("lets only one real run hold the purge lock at a time", async () => {
      await seedMix();
      const a = services({ initialBatch: 1, minBatch: 1, maxBatch: 1 });
      const b = services();
      let second: PromiseSettledResult<unknown> | undefined;
      const first = await a.purge.run(
        { dryRun: false, now: NOW, organisationSlug: null, actor: cliActor("a") },
        {
          afterBatch: async ({ batch }) => {
            if (batch !== 1) return;
            // While the first run is between batches, a second one (another process, say) tries to start.
            [second] = await Promise.allSettled([
              b.purge.run({ dryRun: false, now: NOW, organisationSlug: null, actor: cliActor("b") }),
            ]);
          },
        },
      );
      expect(first.status).toBe("completed");
      expect(second?.status).toBe("rejected");
      expect(String((second as PromiseRejectedResult).reason)).toMatch(/another purge is running/);
      expect(await t.db.prisma.purgeRun.count()).toBe(1);
    });

    it("writes an audit record for every run with who, parameters, versions, counts, duration and outcome — never content", async () => {
      const { expired } = await seedMix();
      const s = services();
      await s.purge.run({ dryRun: true, now: NOW, organisationSlug: "ror-ikt", actor });
      await s.purge.run({ dryRun: false, now: NOW, organisationSlug: null, actor });
      const events = await t.repos.audit.list({ action: "retention.purge" });
      expect(events).toHaveLength(2);
      const real = events.find((e) => (e.details as { dryRun: boolean }).dryRun === false);
      const dry = events.find((e) => (e.details as { dryRun: boolean }).dryRun === true);
      expect(real).toMatchObject({ actorId: "cli:test", actorRole: "cli", targetType: "purge_run" });
      expect(real?.details).toMatchObject({
        outcome: "completed",
        parameters: { now: NOW.toISOString(), organisation: null },
        policyVersions: { "ror-ikt": 1, fjellkommune: 1 },
        conversations: expired.length,
      });
      expect(typeof (real?.details as { durationMs?: unknown } | undefined)?.durationMs).toBe("number");
      expect(dry?.details).toMatchObject({ parameters: { organisation: "ror-ikt" }, policyVersions: { "ror-ikt": 1 } });
      const all = JSON.stringify(await t.repos.audit.list({}));
      expect(all).not.toMatch(/melding \d/);
      const runs = await t.db.prisma.purgeRun.findMany();
      expect(runs.map((r) => [r.dryRun, r.status, r.actor]).sort()).toEqual([
        [false, "completed", "cli:test"],
        [true, "completed", "cli:test"],
      ]);
    });

    it("recomputes expiries when the policy changes and never purges rows still on an old version", async () => {
      const org = orgs["ror-ikt"] as string;
      const sixMonthsAgo = new Date(NOW.getTime() - 200 * 86_400_000);
      const c = await seedConversation(t.repos, org, sixMonthsAgo);
      const s = services();
      expect((await s.purge.run({ dryRun: true, now: NOW, organisationSlug: null, actor })).conversations).toBe(0);
      const changed = await s.policies.set("ror-ikt", { botOnlyMonths: 6, humanInvolvedMonths: 60 }, actor);
      expect(changed.policy.version).toBe(2);
      expect(changed.recomputed).toBe(1);
      const row = await t.repos.conversations.findById(c.id);
      expect(row?.retentionPolicyVersion).toBe(2);
      // An interrupted recompute: the row is back on version 1 (expired under it) -> kept and reported.
      await t.db.prisma.conversation.update({
        where: { id: c.id },
        data: { retentionPolicyVersion: 1, retentionExpiresAt: new Date(NOW.getTime() - 1000) },
      });
      const dry = await s.purge.run({ dryRun: true, now: NOW, organisationSlug: null, actor });
      expect(dry).toMatchObject({ conversations: 0, awaitingRecompute: 1, policyVersions: { "ror-ikt": 2 } });
      expect((await s.purge.run({ dryRun: false, now: NOW, organisationSlug: null, actor })).conversations).toBe(0);
      expect(await s.policies.recompute()).toBe(1);
      const real = await s.purge.run({ dryRun: false, now: NOW, organisationSlug: null, actor });
      expect(real).toMatchObject({ conversations: 1, policyVersions: { "ror-ikt": 2, fjellkommune: 1 } });
      const changes = await t.repos.audit.list({ action: "retention.policy.changed" });
      expect(changes[0]?.details).toMatchObject({ organisation: "ror-ikt", policy: { version: 2, botOnlyMonths: 6 } });
    });
  });
}
