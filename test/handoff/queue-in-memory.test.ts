import { describe, expect, it } from "vitest";
import { GRACE_SECONDS, InMemoryHandoff } from "./support/in-memory-handoff.js";

/**
 * The handoff queue's rules on in-memory stores: joining and leaving,
 * places and estimates, the grace period of customers who lost their
 * connection, and that every move is stored together with its audit record.
 * (test/handoff/durability.test.ts and agent-flow.test.ts run the same queue
 * on the databases.)
 */
describe("the handoff queue (in memory)", () => {
  it("tells the customer when no agent of the organisation is online, and records that it asked", async () => {
    const h = new InMemoryHandoff();
    await h.agent("Bjørn", { organisationId: h.otherOrg.id });
    await h.agent("Kari", { online: false });
    const id = await h.customer();
    expect(await h.queue.request({ conversationId: id, reason: "customer_request" })).toEqual({ status: "no_agents" });
    expect(h.stores.conversation(id)?.status).toBe("bot");
    expect(h.stores.requestsOf(id)).toEqual([]);
    expect(h.stores.auditOf(id).map((a) => a.action)).toEqual(["handoff.no_agents"]);
  });

  it("queues first come first served and tells every waiting customer their place", async () => {
    const h = new InMemoryHandoff();
    await h.agent("Kari", { maxChats: 1 });
    const ids = [await h.customer("første"), await h.customer("andre"), await h.customer("tredje")];
    const results = [];
    for (const id of ids) {
      h.clock.advance(1000);
      results.push(await h.queue.request({ conversationId: id, reason: "customer_request" }));
    }
    expect(results.map((r) => (r.status === "queued" ? r.position : r.status))).toEqual([1, 2, 3]);
    expect(await h.queue.request({ conversationId: ids[1] as string, reason: "customer_request" })).toEqual({
      status: "already",
      conversationStatus: "queued",
    });
    await h.settled();
    for (const [i, id] of ids.entries()) {
      expect(
        h
          .toldTo(id)
          .filter((e) => e.type === "queue")
          .at(-1),
      ).toMatchObject({ position: i + 1 });
      expect(h.stores.conversation(id)).toMatchObject({ status: "queued", escalationReason: "customer_request" });
    }
    const snapshot = await h.queue.snapshot(h.org.id);
    expect(snapshot.map((i) => i.firstWords)).toEqual(["første", "andre", "tredje"]);
    // One free place: those behind it wait for chats to end as well.
    expect(snapshot[1]?.estimatedWaitSeconds).toBeGreaterThan(snapshot[0]?.estimatedWaitSeconds ?? 0);
    // Joining the queue is audited with the request, once per customer.
    expect(h.stores.auditOf(ids[0] as string).map((a) => a.action)).toEqual(["handoff.requested"]);
  });

  it("keeps a customer who joins nothing when the audit record cannot be written", async () => {
    const h = new InMemoryHandoff();
    await h.agent("Kari");
    const id = await h.customer();
    h.stores.failNext("audit");
    await expect(h.queue.request({ conversationId: id, reason: "customer_request" })).rejects.toThrow(/audit/);
    expect(h.stores.conversation(id)?.status).toBe("bot");
    expect(h.stores.requestsOf(id)).toEqual([]);
    expect(h.stores.transactions.rolledBack).toBe(1);
  });

  it("puts a customer who gives up back with the bot, and closes the chat of one who ends it", async () => {
    const h = new InMemoryHandoff();
    await h.agent("Kari");
    const gaveUp = await h.waiting();
    const ended = await h.waiting();
    await h.queue.cancel(gaveUp, "customer_cancelled");
    await h.queue.cancel(ended, "customer_ended");
    expect(h.stores.conversation(gaveUp)).toMatchObject({ status: "bot", endedAt: null });
    expect(h.stores.requestsOf(gaveUp).map((r) => r.status)).toEqual(["cancelled"]);
    expect(h.stores.conversation(ended)?.status).toBe("closed");
    expect(h.stores.conversation(ended)?.endedAt?.toISOString()).toBe(h.clock.now().toISOString());
    expect(h.stores.requestsOf(ended).map((r) => r.status)).toEqual(["abandoned"]);
    expect(h.stores.auditOf(gaveUp).at(-1)).toMatchObject({
      action: "handoff.cancelled",
      details: { why: "customer_cancelled" },
    });
    expect(h.stores.auditOf(ended).at(-1)).toMatchObject({
      action: "handoff.abandoned",
      details: { why: "customer_ended" },
    });
    // Neither of them had a person: still bot-only.
    for (const id of [gaveUp, ended]) expect(h.stores.conversation(id)?.retentionClass).toBe("bot_only");
    expect(await h.queue.snapshot(h.org.id)).toEqual([]);
    // Leaving twice changes nothing more.
    await h.queue.cancel(gaveUp, "customer_cancelled");
    expect(h.stores.auditOf(gaveUp).filter((a) => a.action === "handoff.cancelled")).toHaveLength(1);
  });

  it("keeps a disconnected customer's place for the grace period, then gives it up", async () => {
    const h = new InMemoryHandoff();
    await h.agent("Kari");
    const gone = await h.waiting("borte");
    const back = await h.waiting("tilbake");
    expect(await h.queue.customerDisconnected(gone)).toBe(true);
    expect(await h.queue.customerDisconnected(back)).toBe(true);
    expect(await h.queue.customerDisconnected(back)).toBe(false); // the first time counts
    h.clock.advance((GRACE_SECONDS - 1) * 1000);
    expect(await h.queue.sweepAbandoned()).toBe(0);
    expect(await h.queue.customerReconnected(back)).toBe(true);
    h.clock.advance(2000);
    expect(await h.queue.sweepAbandoned()).toBe(1);
    expect(h.stores.conversation(gone)?.status).toBe("bot");
    expect(h.stores.requestsOf(gone).map((r) => r.status)).toEqual(["abandoned"]);
    expect(h.stores.auditOf(gone).at(-1)).toMatchObject({
      action: "handoff.abandoned",
      details: { why: "grace_expired" },
    });
    expect((await h.queue.snapshot(h.org.id)).map((i) => i.conversationId)).toEqual([back]);
    expect(await h.queue.position(back)).toMatchObject({ position: 1 });
  });

  it("counts a disconnect from before the process started from the start", async () => {
    const startedAt = new Date("2026-11-23T09:10:00Z");
    const h = new InMemoryHandoff({ startedAt });
    await h.agent("Kari");
    const id = await h.waiting();
    await h.queue.customerDisconnected(id); // at about 09:00, before this process started
    h.clock.set(new Date(startedAt.getTime() + (GRACE_SECONDS - 1) * 1000));
    expect(await h.queue.sweepAbandoned()).toBe(0);
    h.clock.advance(2000);
    expect(await h.queue.sweepAbandoned()).toBe(1);
  });
});
