import { describe, expect, it } from "vitest";
import type { ExternalTurn } from "../../src/core/conversations/channel-conversations.js";
import { DEFAULT_RETENTION_POLICY, retentionExpiry } from "../../src/core/retention/retention-policy.js";
import { InMemoryHandoff } from "./support/in-memory-handoff.js";

/** A message from Kari in the Emulator conversation "c-1", filed under alpha on first sight. */
function turn(patch: Partial<ExternalTurn> = {}): ExternalTurn {
  return {
    channel: "emulator",
    externalId: "c-1",
    reference: JSON.stringify({ conversation: { id: "c-1" }, serviceUrl: "http://127.0.0.1:1/" }),
    organisationSlug: "alpha",
    language: "nb",
    fromUser: true,
    isMessage: true,
    user: { id: "u-1", name: "Kari" },
    ...patch,
  };
}

/** Beta keeps bot-only chats 3 months and chats a person took part in 5 years. */
const BETA_POLICY = { version: 2, botOnlyMonths: 3, humanInvolvedMonths: 60 };

/**
 * The channels' conversations on in-memory stores: what the Bot Framework
 * middleware and the bot ask of the core (test/bot runs the same through a
 * TestAdapter and a database).
 */
describe("the channels' conversations (in memory)", () => {
  it("creates a Bot Framework conversation on first sight, links one customer and keeps the reference current", async () => {
    const h = new InMemoryHandoff();
    const first = await h.channels.resumeExternal(turn());
    expect(first).toMatchObject({
      organisationId: h.org.id,
      channel: "emulator",
      externalId: "c-1",
      status: "bot",
      retentionClass: "bot_only",
    });
    expect(first.customerId).toEqual(expect.any(String));
    expect(first.reference).toBe(turn().reference);

    const moved = JSON.stringify({ conversation: { id: "c-1" }, serviceUrl: "http://127.0.0.1:2/" });
    const again = await h.channels.resumeExternal(turn({ reference: moved, organisationSlug: "beta" }));
    expect(again.id).toBe(first.id);
    expect(again.customerId).toBe(first.customerId);
    expect(again.reference).toBe(moved);
    // Filed once: a later turn naming another organisation does not move it.
    expect(again.organisationId).toBe(h.org.id);
    expect(await h.channels.findExternal("emulator", "c-1")).toMatchObject({ id: first.id, reference: moved });
    expect(await h.channels.customerExists(first.customerId as string)).toBe(true);
  });

  it("refuses to file a conversation under an organisation that is not stored", async () => {
    const h = new InMemoryHandoff();
    await expect(h.channels.resumeExternal(turn({ organisationSlug: "gamma" }))).rejects.toThrow(/not in the database/);
    expect(await h.channels.findExternal("emulator", "c-1")).toBeNull();
  });

  it("reopens a closed conversation the customer writes in again, with its audit record, and announces it", async () => {
    const h = new InMemoryHandoff();
    const c = await h.channels.resumeExternal(turn());
    expect(await h.lifecycle.endBotChat(c)).toBe(true);
    // A conversation update (someone joined) is no message: it stays closed.
    expect((await h.channels.resumeExternal(turn({ isMessage: false }))).status).toBe("closed");
    expect(h.stores.auditOf(c.id)).toEqual([]);

    h.clock.advance(1000);
    const reopened = await h.channels.resumeExternal(turn());
    expect(reopened).toMatchObject({ status: "bot", endedAt: null });
    expect(h.stores.conversation(c.id)).toMatchObject({ status: "bot", endedAt: null });
    expect(h.stores.auditOf(c.id)).toEqual([
      expect.objectContaining({ action: "conversation.reopened", organisationId: h.org.id, targetId: c.id }),
    ]);
    expect(h.toldTo(c.id)).toContainEqual(expect.objectContaining({ type: "status", status: "bot" }));
  });

  it("leaves a conversation closed when the audit record of its reopening cannot be written", async () => {
    const h = new InMemoryHandoff();
    const c = await h.channels.resumeExternal(turn());
    await h.lifecycle.endBotChat(c);
    h.stores.failNext("audit");
    await expect(h.channels.resumeExternal(turn())).rejects.toThrow(/audit write failed/);
    expect(h.stores.conversation(c.id)?.status).toBe("closed");
    expect(h.toldTo(c.id).filter((e) => e.type === "status")).toEqual([]);
  });

  it("files a conversation answered from every organisation under the answer's, in one transaction with audit and retention", async () => {
    const h = new InMemoryHandoff();
    h.stores.setPolicy(h.otherOrg.id, BETA_POLICY);
    const c = await h.channels.resumeExternal(turn());
    h.clock.advance(60_000);
    const noted = await h.channels.noteDecision(
      { id: c.id, organisationId: h.org.id, language: "nb", unscoped: true, organisationSlug: "alpha" },
      { language: "en", organisationSlug: "beta" },
    );
    expect(noted).toEqual({ language: "en", organisation: expect.objectContaining({ id: h.otherOrg.id }) });
    const row = h.stores.conversation(c.id);
    expect(row).toMatchObject({ organisationId: h.otherOrg.id, language: "en", retentionClass: "bot_only" });
    // Beta's policy applies from now on: 3 months, not alpha's year.
    expect(row?.retentionPolicyVersion).toBe(2);
    expect(row?.retentionExpiresAt.toISOString()).toBe(
      retentionExpiry(h.clock.now(), "bot_only", BETA_POLICY).toISOString(),
    );
    expect(h.stores.auditOf(c.id)).toEqual([
      expect.objectContaining({
        action: "conversation.organisation_changed",
        organisationId: h.otherOrg.id,
        details: { from: h.org.id },
      }),
    ]);
  });

  it("does not move a conversation scoped to its organisation, or one no longer with the bot", async () => {
    const h = new InMemoryHandoff();
    const scoped = await h.channels.resumeExternal(turn());
    const before = h.stores.conversation(scoped.id);
    const noted = await h.channels.noteDecision(
      { id: scoped.id, organisationId: h.org.id, language: "nb", unscoped: false, organisationSlug: "alpha" },
      { language: "nb", organisationSlug: "beta" },
    );
    expect(noted.organisation).toBeNull();
    expect(h.stores.conversation(scoped.id)).toEqual(before);

    await h.agent("Kari");
    const waiting = await h.waiting();
    const moved = await h.channels.noteDecision(
      { id: waiting, organisationId: h.org.id, language: "nb", unscoped: true, organisationSlug: "alpha" },
      { language: "nb", organisationSlug: "beta" },
    );
    expect(moved.organisation).toBeNull();
    expect(h.stores.conversation(waiting)?.organisationId).toBe(h.org.id);
    expect(h.stores.auditOf(waiting).map((a) => a.action)).toEqual(["handoff.requested"]);
  });

  it("keeps a conversation a person took part in human_involved when it moves, under the new policy", async () => {
    const h = new InMemoryHandoff();
    h.stores.setPolicy(h.otherOrg.id, BETA_POLICY);
    const kari = await h.agent("Kari");
    const id = await h.waiting();
    await h.desk.claim(kari, id);
    await h.desk.release(kari, id);
    h.clock.advance(60_000);
    await h.channels.noteDecision(
      { id, organisationId: h.org.id, language: "nb", unscoped: true, organisationSlug: "alpha" },
      { language: "nb", organisationSlug: "beta" },
    );
    const row = h.stores.conversation(id);
    expect(row).toMatchObject({ organisationId: h.otherOrg.id, humanInvolved: true, retentionClass: "human_involved" });
    expect(row?.retentionExpiresAt.toISOString()).toBe(
      retentionExpiry(h.clock.now(), "human_involved", BETA_POLICY).toISOString(),
    );
    // Alpha's default would give the same five years: the version says whose policy it is.
    expect(row?.retentionPolicyVersion).toBe(BETA_POLICY.version);
    expect(DEFAULT_RETENTION_POLICY.version).not.toBe(BETA_POLICY.version);
  });

  it("rolls the move back when its audit record cannot be written", async () => {
    const h = new InMemoryHandoff();
    const c = await h.channels.resumeExternal(turn());
    const before = h.stores.conversation(c.id);
    h.stores.failNext("audit");
    await expect(
      h.channels.noteDecision(
        { id: c.id, organisationId: h.org.id, language: "nb", unscoped: true, organisationSlug: "alpha" },
        { language: "nb", organisationSlug: "beta" },
      ),
    ).rejects.toThrow(/audit write failed/);
    expect(h.stores.conversation(c.id)).toEqual(before);
  });
});
