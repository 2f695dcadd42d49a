import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationDetail } from "../../src/core/handoff/conversation-view.js";
import { shouldSkip } from "../support/test-database.js";
import {
  type AckResult,
  AgentClient,
  Customer,
  createStaff,
  eventually,
  freshDatabase,
  type Server,
  startServer,
} from "./support/harness.js";

const skip = await shouldSkip(process.env.SKRANKE_TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite");

/**
 * The handoff through the documented /agent protocol: several customers,
 * two agents of one organisation and one of another.
 */
describe.skipIf(skip)("human handoff over /agent", { timeout: 90_000 }, () => {
  let server: Server;
  let cleanup: () => Promise<void>;
  let kari: AgentClient;
  let ola: AgentClient;
  let bjorn: AgentClient;
  const ids: Record<string, string> = {};
  const customers: Customer[] = [];

  beforeAll(async () => {
    const db = freshDatabase();
    cleanup = db.cleanup;
    server = await startServer(db.config);
  });

  afterAll(async () => {
    for (const c of [kari, ola, bjorn]) c?.close();
    for (const c of customers) c.stop();
    await server?.close();
    await cleanup?.();
  });

  it("tells the customer at once when no agent of the organisation is online", async () => {
    const early = await Customer.start(server, "alpha", "Tidlig", "Hei, er det noen der?");
    customers.push(early);
    expect(await early.requestHandoff()).toEqual({ status: "no_agents" });
    expect(await early.status()).toBe("bot");
    expect(await server.app.context.services.handoff.agentsOnline(server.orgs.alpha.id)).toBe(false);
  });

  it("lets agents log in and connect; a connected agent is online", async () => {
    const k = await createStaff(server, { email: "kari@alpha.no", role: "agent", name: "Kari" });
    const o = await createStaff(server, { email: "ola@alpha.no", role: "agent", name: "Ola" });
    const b = await createStaff(server, { email: "bjorn@beta.no", role: "agent", org: "beta", name: "Bjørn" });
    ids.kari = k.id;
    ids.ola = o.id;
    kari = await AgentClient.connect(server.url, k.token);
    ola = await AgentClient.connect(server.url, o.token);
    bjorn = await AgentClient.connect(server.url, b.token);
    expect(kari.hello).toMatchObject({ user: { displayName: "Kari", role: "agent" }, presence: "online", queue: [] });
    expect(await server.app.context.services.handoff.agentsOnline(server.orgs.alpha.id)).toBe(true);
  });

  it("queues escalations first come first served, with positions and estimates live for every waiting customer", async () => {
    const first = await Customer.start(server, "alpha", "Anne", "Skriveren min virker ikke <b>i det hele tatt</b>");
    const second = await Customer.start(server, "alpha", "Per", "Jeg får ikke logget inn");
    const third = await Customer.start(server, "alpha", "Lise", "Hvor er fakturaen min?");
    customers.push(first, second, third);
    const r1 = await first.requestHandoff("Skriver feiler");
    const r2 = await second.requestHandoff();
    const r3 = await third.requestHandoff();
    expect(r1).toMatchObject({ status: "queued", position: 1 });
    expect(r2).toMatchObject({ status: "queued", position: 2 });
    expect(r3).toMatchObject({ status: "queued", position: 3 });
    if (r3.status === "queued") expect(r3.estimatedWaitSeconds).toBeGreaterThan(0);
    expect(await second.requestHandoff()).toEqual({ status: "already", conversationStatus: "queued" });

    // Each waiting customer was told their place, and it is current.
    expect(first.lastQueue()).toMatchObject({ position: 1 });
    expect(second.lastQueue()).toMatchObject({ position: 2 });
    expect(third.lastQueue()).toMatchObject({ position: 3 });

    const queue = await kari.waitForQueue((items) => items.length === 3);
    expect(queue.map((i) => i.organisationId)).toEqual(Array(3).fill(server.orgs.alpha.id));
    expect(queue.map((i) => i.conversationId)).toEqual([
      first.conversationId,
      second.conversationId,
      third.conversationId,
    ]);
    expect(queue[0]).toMatchObject({
      organisationName: "Alpha Kundeservice",
      firstWords: "Skriveren min virker ikke <b>i det hele tatt</b>",
      reason: "customer_request",
      summary: "Skriver feiler",
      position: 1,
    });
    // The other organisation's agent sees none of it.
    const alphaUpdates = bjorn.received.filter(
      (r) =>
        r.event === "queue:update" && (r.payload as { organisationId: string }).organisationId !== server.orgs.beta.id,
    );
    expect(alphaUpdates).toEqual([]);
    expect(await bjorn.ok("queue:list")).toMatchObject({ items: [] });
  });

  it("lets exactly one of two agents claiming at once win", async () => {
    const target = customers[1] as Customer;
    const [a, b] = await Promise.all([
      kari.request("conversation:claim", { conversationId: target.conversationId }),
      ola.request("conversation:claim", { conversationId: target.conversationId }),
    ]);
    const results = [a, b];
    const winners = results.filter((r) => r.ok);
    const losers = results.filter((r): r is Extract<AckResult, { ok: false }> => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]?.error.code).toBe("conflict");
    const winner = a.ok ? kari : ola;
    const winnerId = a.ok ? ids.kari : ids.ola;
    ids.winner = winnerId as string;
    expect(await target.status()).toBe("assigned");
    const detail = (winners[0] as unknown as { conversation: ConversationDetail }).conversation;
    // The full transcript, the bot's part included, and why it escalated.
    expect(detail.messages.map((m) => m.role)).toEqual(["customer", "bot"]);
    expect(detail.escalation).toMatchObject({ reason: "customer_request", summary: "Skriver feiler" });
    expect(detail.assignedAgent?.id).toBe(winnerId);
    // The customer is told who joined; the others move up.
    expect(target.of("agent:joined").at(-1)?.agent.id).toBe(winnerId);
    await eventually(() => customers[3]?.lastQueue()?.position === 2);
    expect(customers[2]?.lastQueue()?.position).toBe(1);
    expect(customers[3]?.lastQueue()?.position).toBe(2);
    const after = await winner.waitForQueue((items) => items.length === 2);
    expect(after.map((i) => i.position)).toEqual([1, 2]);
    expect(winner.resyncs).toBe(0);
  });

  it("carries messages and typing both ways; the chat becomes human-involved", async () => {
    const target = customers[1] as Customer;
    const agent = ids.winner === ids.kari ? kari : ola;
    const ack = await agent.ok("message", {
      conversationId: target.conversationId,
      clientId: "agent-msg-1",
      text: "Hei Anne, jeg heter Kari. Hva skjer?",
    });
    expect(typeof ack.id).toBe("number");
    const retry = await agent.ok("message", {
      conversationId: target.conversationId,
      clientId: "agent-msg-1",
      text: "Hei Anne, jeg heter Kari. Hva skjer?",
    });
    expect(retry).toMatchObject({ id: ack.id, duplicate: true });
    const toCustomer = target.of("message").filter((m) => m.message.role === "agent");
    expect(toCustomer).toHaveLength(1);
    expect(toCustomer[0]?.message.text).toBe("Hei Anne, jeg heter Kari. Hva skjer?");
    const conversation = await server.app.context.repos.conversations.findById(target.conversationId);
    expect(conversation?.humanInvolved).toBe(true);
    expect(conversation?.retentionClass).toBe("human_involved");

    const id = await target.say("Jeg får feilmelding 0x1234");
    const got = await agent.waitFor<{ id: number; text: string; role: string }>("message", (m) => m.id === id);
    expect(got).toMatchObject({ role: "customer", text: "Jeg får feilmelding 0x1234" });

    await agent.ok("typing", { conversationId: target.conversationId, typing: true });
    expect(target.of("typing").at(-1)).toMatchObject({ from: "agent", typing: true });
    target.typing(true);
    expect(
      await agent.waitFor("typing", (t: { conversationId: string }) => t.conversationId === target.conversationId),
    ).toEqual({ conversationId: target.conversationId, from: "customer", typing: true });
  });

  it("keeps internal notes among staff", async () => {
    const target = customers[1] as Customer;
    const agent = ids.winner === ids.kari ? kari : ola;
    const { note } = (await agent.ok("note", {
      conversationId: target.conversationId,
      text: "Kunden har ringt før om dette",
    })) as { note: { text: string } };
    expect(note.text).toBe("Kunden har ringt før om dette");
    await agent.waitFor("note", (n: { text: string }) => n.text === "Kunden har ringt før om dette");
    expect(JSON.stringify(target.events)).not.toContain("ringt før");
    const opened = (await agent.ok("conversation:open", { conversationId: target.conversationId })) as {
      conversation: ConversationDetail;
    };
    expect(opened.conversation.notes.map((n) => n.text)).toEqual(["Kunden har ringt før om dette"]);
  });

  it("transfers to another agent, who then has the chat", async () => {
    const target = customers[1] as Customer;
    const [from, to, toId] = ids.winner === ids.kari ? [kari, ola, ids.ola] : [ola, kari, ids.kari];
    await from.ok("conversation:transfer", { conversationId: target.conversationId, toAgentId: toId });
    const updated = await to.waitFor<{ change: string; agent: { id: string } }>(
      "conversation:updated",
      (u) => u.change === "transferred",
    );
    expect(updated.agent.id).toBe(toId);
    expect(target.of("agent:left").at(-1)).toMatchObject({ reason: "transferred" });
    expect(target.of("agent:joined").at(-1)?.agent.id).toBe(toId);
    const refused = await from.request("message", {
      conversationId: target.conversationId,
      clientId: "after-transfer",
      text: "still here?",
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await to.ok("message", { conversationId: target.conversationId, clientId: "to-1", text: "Jeg tar over nå." });
    ids.holder = toId as string;
  });

  it("hands the customer back to the bot", async () => {
    const target = customers[1] as Customer;
    const holder = ids.holder === ids.kari ? kari : ola;
    await holder.ok("conversation:release", { conversationId: target.conversationId });
    expect(await target.status()).toBe("bot");
    expect(target.of("agent:left").at(-1)).toMatchObject({ reason: "released" });
    expect(target.of("status").at(-1)).toMatchObject({ status: "bot" });
    const again = await holder.request("message", {
      conversationId: target.conversationId,
      clientId: "after-release",
      text: "hallo?",
    });
    expect(again).toMatchObject({ ok: false, error: { code: "conflict" } });
  });

  it("respects an agent's maximum of concurrent chats", async () => {
    await server.app.context.repos.users.update(ids.kari as string, { maxConcurrentChats: 1 });
    const [, second, third] = customers.slice(1);
    await kari.ok("conversation:claim", { conversationId: (second as Customer).conversationId });
    const full = await kari.request("conversation:claim", { conversationId: (third as Customer).conversationId });
    expect(full).toMatchObject({ ok: false, error: { code: "capacity" } });
    expect(await (third as Customer).status()).toBe("queued");
  });

  it("closes a chat with a resolution tag", async () => {
    const second = customers[2] as Customer;
    await kari.ok("conversation:close", { conversationId: second.conversationId, resolution: "resolved" });
    const row = await server.app.context.repos.conversations.findById(second.conversationId);
    expect(row).toMatchObject({ status: "closed", resolution: "resolved", assignedAgentId: null });
    expect(row?.endedAt).toBeInstanceOf(Date);
    expect(second.of("agent:left").at(-1)).toMatchObject({ reason: "closed" });
    const mine = (await kari.ok("conversations:mine")) as { conversations: unknown[] };
    expect(mine.conversations).toEqual([]);
  });

  it("refuses an agent of another organisation everything about the conversation", async () => {
    const third = customers[3] as Customer;
    for (const [event, payload] of [
      ["conversation:claim", { conversationId: third.conversationId }],
      ["conversation:open", { conversationId: third.conversationId }],
      ["note", { conversationId: third.conversationId, text: "snoking" }],
      ["queue:list", { organisationId: server.orgs.alpha.id }],
      ["agents:list", { organisationId: server.orgs.alpha.id }],
      ["canned:list", { organisationId: server.orgs.alpha.id }],
    ] as const) {
      expect(await bjorn.request(event, payload), event).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect(await third.status()).toBe("queued");
    expect(bjorn.received.some((r) => JSON.stringify(r.payload).includes(third.conversationId))).toBe(false);
  });

  it("lets the customer leave the queue and counts it as abandoned", async () => {
    const third = customers[3] as Customer;
    await server.app.context.services.handoff.cancel(third.conversationId, "customer_cancelled");
    expect(await third.status()).toBe("bot");
    await ola.waitForQueue((items) => items.length === 0);
  });
});
