import { describe, expect, it } from "vitest";
import { HandoffError } from "../../src/core/handoff/errors.js";
import { InMemoryHandoff } from "./support/in-memory-handoff.js";

/** The code a refused operation gave, or "ok". */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    if (err instanceof HandoffError) return err.code;
    throw err;
  }
}

/**
 * The assignment desk on in-memory stores: who may claim, transfer, hand
 * back and close, what each move stores (with its audit record and the
 * retention class, in one transaction) and whom it tells.
 * (test/handoff/agent-flow.test.ts runs the same moves over /agent and a database.)
 */
describe("the assignment desk (in memory)", () => {
  it("gives a waiting customer to the agent who claims them, in one transaction with the audit record", async () => {
    const h = new InMemoryHandoff();
    const kari = await h.agent("Kari");
    const id = await h.waiting();
    h.clock.advance(5000);
    const detail = await h.desk.claim(kari, id);
    expect(detail).toMatchObject({ status: "assigned", assignedAgent: { id: kari.userId, displayName: "Kari" } });
    expect(h.stores.conversation(id)).toMatchObject({
      status: "assigned",
      assignedAgentId: kari.userId,
      humanInvolved: true,
      retentionClass: "human_involved",
    });
    expect(h.stores.requestsOf(id).map((r) => r.status)).toEqual(["assigned"]);
    expect(h.stores.assignmentsOf(id)).toMatchObject([{ agentId: kari.userId, endedAt: null }]);
    expect(h.stores.auditOf(id).at(-1)).toMatchObject({
      action: "handoff.claimed",
      actorId: kari.userId,
      actorRole: "agent",
    });
    expect(h.toldTo(id).map((e) => e.type)).toEqual(expect.arrayContaining(["agent:joined", "status"]));
    expect(h.staffTold).toContainEqual(expect.objectContaining({ type: "assignment", change: "claimed" }));
  });

  it("lets exactly one of two agents claiming at once win", async () => {
    const h = new InMemoryHandoff();
    const kari = await h.agent("Kari");
    const ola = await h.agent("Ola");
    const id = await h.waiting();
    const results = await Promise.all([outcome(h.desk.claim(kari, id)), outcome(h.desk.claim(ola, id))]);
    expect(results.sort()).toEqual(["conflict", "ok"]);
    expect(h.stores.assignmentsOf(id)).toHaveLength(1);
    expect(h.stores.auditOf(id).filter((a) => a.action === "handoff.claimed")).toHaveLength(1);
  });

  it("refuses a claim beyond the agent's open chats, and leaves the customer waiting", async () => {
    const h = new InMemoryHandoff();
    const kari = await h.agent("Kari", { maxChats: 1 });
    await h.desk.claim(kari, await h.waiting());
    const second = await h.waiting();
    expect(await outcome(h.desk.claim(kari, second))).toBe("capacity");
    expect(h.stores.conversation(second)).toMatchObject({ status: "queued", humanInvolved: false });
    expect(h.stores.requestsOf(second).map((r) => r.status)).toEqual(["waiting"]);
  });

  it("rolls the whole claim back when its audit record cannot be written", async () => {
    const h = new InMemoryHandoff();
    const kari = await h.agent("Kari");
    const id = await h.waiting();
    h.stores.failNext("audit");
    await expect(h.desk.claim(kari, id)).rejects.toThrow(/audit/);
    expect(h.stores.conversation(id)).toMatchObject({ status: "queued", assignedAgentId: null, humanInvolved: false });
    expect(h.stores.requestsOf(id).map((r) => r.status)).toEqual(["waiting"]);
    expect(h.stores.assignmentsOf(id)).toEqual([]);
    // And the customer can still be claimed.
    expect(await outcome(h.desk.claim(kari, id))).toBe("ok");
  });

  it("keeps agents to their own organisation and chats", async () => {
    const h = new InMemoryHandoff();
    const kari = await h.agent("Kari");
    const ola = await h.agent("Ola");
    const bjorn = await h.agent("Bjørn", { organisationId: h.otherOrg.id });
    const siri = await h.agent("Siri", { role: "supervisor" });
    const compliance = await h.agent("Cecilie", { role: "compliance", organisationId: null, online: false });
    const id = await h.waiting();
    expect(await outcome(h.desk.claim(bjorn, id))).toBe("forbidden");
    expect(await outcome(h.desk.claim(compliance, id))).toBe("forbidden");
    await h.desk.claim(kari, id);
    expect(await outcome(h.desk.claim(kari, id))).toBe("conflict");
    expect(await outcome(h.desk.release(ola, id))).toBe("forbidden");
    expect(await outcome(h.desk.close(bjorn, { conversationId: id, resolution: "resolved" }))).toBe("forbidden");
    // A supervisor of the organisation may close another agent's chat.
    expect(await outcome(h.desk.close(siri, { conversationId: id, resolution: "spam" }))).toBe("ok");
    expect(h.stores.auditOf(id).at(-1)).toMatchObject({ action: "handoff.closed", actorId: siri.userId });
  });

  it("transfers to a named colleague at once, keeping the request the chat came from", async () => {
    const h = new InMemoryHandoff();
    const kari = await h.agent("Kari");
    const ola = await h.agent("Ola", { maxChats: 1 });
    const away = await h.agent("Per", { online: false });
    const bjorn = await h.agent("Bjørn", { organisationId: h.otherOrg.id });
    const id = await h.waiting();
    await h.desk.claim(kari, id);
    expect(await outcome(h.desk.transfer(kari, { conversationId: id, toAgentId: away.userId }))).toBe("conflict");
    expect(await outcome(h.desk.transfer(kari, { conversationId: id, toAgentId: bjorn.userId }))).toBe("not_found");
    expect(await outcome(h.desk.transfer(kari, { conversationId: id, toAgentId: kari.userId }))).toBe("invalid_input");
    h.clock.advance(1000);
    await h.desk.transfer(kari, { conversationId: id, toAgentId: ola.userId });
    expect(h.stores.conversation(id)).toMatchObject({ status: "assigned", assignedAgentId: ola.userId });
    const [first, second] = h.stores.assignmentsOf(id);
    expect(first).toMatchObject({ agentId: kari.userId, endReason: "transferred" });
    expect(second).toMatchObject({ agentId: ola.userId, endedAt: null, handoffRequestId: first?.handoffRequestId });
    expect(h.stores.auditOf(id).at(-1)).toMatchObject({
      action: "handoff.transferred",
      details: { from: kari.userId, to: ola.userId },
    });
    // Ola is full now: a transfer back from someone else is refused and changes nothing.
    const other = await h.waiting();
    await h.desk.claim(kari, other);
    expect(await outcome(h.desk.transfer(kari, { conversationId: other, toAgentId: ola.userId }))).toBe("capacity");
    expect(h.stores.conversation(other)?.assignedAgentId).toBe(kari.userId);
  });

  it("puts a chat transferred to 'anyone' back in the queue at the customer's original place", async () => {
    const h = new InMemoryHandoff();
    const kari = await h.agent("Kari");
    const first = await h.waiting("først");
    const requestedAt = h.stores.requestsOf(first)[0]?.requestedAt;
    await h.waiting("etter");
    await h.desk.claim(kari, first);
    h.clock.advance(60_000);
    await h.desk.transfer(kari, { conversationId: first, toAgentId: null });
    expect(h.stores.conversation(first)).toMatchObject({
      status: "queued",
      assignedAgentId: null,
      humanInvolved: true,
    });
    const requests = h.stores.requestsOf(first);
    expect(requests.map((r) => r.status).sort()).toEqual(["completed", "waiting"]);
    expect(requests.find((r) => r.status === "waiting")).toMatchObject({ reason: "transfer", requestedAt });
    expect((await h.queue.snapshot(h.org.id)).map((i) => i.firstWords)).toEqual(["først", "etter"]);
    expect(h.stores.auditOf(first).at(-1)).toMatchObject({
      action: "handoff.requeued",
      details: { from: kari.userId },
    });
  });

  it("hands a chat back to the bot and closes chats, ending the assignment each time", async () => {
    const h = new InMemoryHandoff();
    const kari = await h.agent("Kari");
    const released = await h.waiting();
    const closed = await h.waiting();
    await h.desk.claim(kari, released);
    await h.desk.claim(kari, closed);
    await h.desk.release(kari, released);
    await h.desk.close(kari, { conversationId: closed, resolution: "resolved" });
    expect(h.stores.conversation(released)).toMatchObject({ status: "bot", assignedAgentId: null, endedAt: null });
    expect(h.stores.conversation(closed)).toMatchObject({ status: "closed", resolution: "resolved" });
    expect(h.stores.assignmentsOf(released)[0]?.endReason).toBe("released");
    expect(h.stores.assignmentsOf(closed)[0]?.endReason).toBe("closed");
    for (const id of [released, closed]) {
      expect(h.stores.requestsOf(id).map((r) => r.status)).toEqual(["completed"]);
      expect(h.stores.conversation(id)?.retentionClass).toBe("human_involved");
    }
    expect(h.toldTo(released)).toContainEqual(expect.objectContaining({ type: "agent:left", reason: "released" }));
    expect(await outcome(h.desk.close(kari, { conversationId: released, resolution: "resolved" }))).toBe("conflict");
  });

  it("closes the chat of a customer who ends it while with an agent, and tells the agent", async () => {
    const h = new InMemoryHandoff();
    const kari = await h.agent("Kari");
    const id = await h.waiting();
    await h.desk.claim(kari, id);
    expect(await h.desk.endedByCustomer(id)).toBe(true);
    expect(h.stores.conversation(id)).toMatchObject({ status: "closed", resolution: "customer_ended" });
    expect(h.stores.assignmentsOf(id)[0]?.endReason).toBe("customer_ended");
    expect(h.stores.auditOf(id).at(-1)).toMatchObject({ action: "handoff.customer_ended" });
    expect(h.staffTold).toContainEqual(
      expect.objectContaining({ type: "assignment", change: "customer_ended", previousAgent: expect.anything() }),
    );
    expect(await h.desk.endedByCustomer(id)).toBe(false);
  });

  it("keeps the bot quiet in a chat that waits for or is with a person, and lets it speak again after", async () => {
    const h = new InMemoryHandoff();
    const kari = await h.agent("Kari");
    const id = await h.waiting();
    const bot = (text: string) =>
      h.log.recordUnlessWithPerson(h.org.id, { conversationId: id, role: "bot", text }, { publish: false });
    expect(await bot("i køen")).toBeNull();
    await h.desk.claim(kari, id);
    expect(await bot("hos Kari")).toBeNull();
    await h.desk.release(kari, id);
    const back = await bot("tilbake hos boten");
    expect(back).toMatchObject({ role: "bot", text: "tilbake hos boten" });
    expect((await h.log.transcript(id)).map((m) => m.text)).toEqual(["Skriveren virker ikke", "tilbake hos boten"]);
    // The bot speaking again does not undo that a person took part.
    expect(h.stores.conversation(id)?.retentionClass).toBe("human_involved");
  });
});
