import { afterEach, describe, expect, it } from "vitest";
import type { QueueItem } from "../../src/core/handoff/staff-events.js";
import { RunningClock } from "../support/running-clock.js";
import { spawnServer } from "../support/server-process.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
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

const skip = await shouldSkip(PRIMARY_PROVIDER);

/** The queue lives in the database: restarts and second server processes see the same queue. */
describe.skipIf(skip)("a durable queue", { timeout: 180_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  it("keeps every waiting customer's place and every assignment across a restart", async () => {
    const db = freshDatabase();
    cleanups.push(db.cleanup);
    // The grace period runs out when the test moves the clock, however slow the machine is.
    const clock = new RunningClock();
    const env = { SKRANKE_QUEUE_GRACE_SECONDS: "15" };
    let server: Server = await startServer(db.config, { env, clock });
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await server.close();
    });
    const kari = await createStaff(server, { email: "kari@alpha.no", role: "agent", name: "Kari" });
    let agent = await AgentClient.connect(server.url, kari.token);
    const waiting: Customer[] = [];
    for (const [name, words] of [
      ["Anne", "Printeren er død"],
      ["Per", "Passordet mitt er utløpt"],
      ["Lise", "Ingen nett på kontoret"],
      ["Ola", "VPN virker ikke"],
    ] as const) {
      const c = await Customer.start(server, "alpha", name, words);
      expect(await c.requestHandoff()).toMatchObject({ status: "queued" });
      waiting.push(c);
    }
    const [anne, per, lise, ola] = waiting as [Customer, Customer, Customer, Customer];
    await agent.ok("conversation:claim", { conversationId: anne.conversationId });
    // Lise's connection drops just before the restart.
    await server.app.context.services.handoff.customerDisconnected(lise.conversationId);
    agent.close();
    for (const c of waiting) c.stop();

    await server.close();
    stopped = true;
    // The server is down for longer than the grace period.
    clock.advance(20_000);
    server = await startServer(db.config, { env, clock });
    stopped = false;
    const handoff = server.app.context.services.handoff;
    // Lise's grace period counts from the restart, not from when she dropped.
    expect(await handoff.sweepAbandoned()).toBe(0);
    expect((await server.app.context.repos.conversations.findById(lise.conversationId))?.status).toBe("queued");

    expect(await handoff.queuePosition(per.conversationId)).toMatchObject({ position: 1 });
    expect(await handoff.queuePosition(lise.conversationId)).toMatchObject({ position: 2 });
    expect(await handoff.queuePosition(ola.conversationId)).toMatchObject({ position: 3 });
    expect(await handoff.queuePosition(anne.conversationId)).toBeNull();

    // The agent's session and assignment survived too.
    agent = await AgentClient.connect(server.url, kari.token);
    cleanups.push(() => agent.close());
    const hello = agent.hello as { queue: QueueItem[]; conversations: Array<{ conversationId: string }> };
    expect(hello.queue.map((i) => i.conversationId)).toEqual([
      per.conversationId,
      lise.conversationId,
      ola.conversationId,
    ]);
    expect(hello.queue[1]?.customerConnected).toBe(false);
    expect(hello.conversations.map((c) => c.conversationId)).toEqual([anne.conversationId]);
    const anneAgain = Customer.attach(server, anne.conversationId, anne.organisationId);
    cleanups.push(() => anneAgain.stop());
    await agent.ok("message", {
      conversationId: anne.conversationId,
      clientId: "after-restart",
      text: "Fortsatt her!",
    });
    expect(anneAgain.of("message").at(-1)?.message.text).toBe("Fortsatt her!");

    // When it runs out the server's own sweep records her as abandoned and the queue moves up.
    clock.advance(15_000);
    await eventually(
      async () => (await server.app.context.repos.conversations.findById(lise.conversationId))?.status === "bot",
    );
    const request = await server.app.context.repos.handoff.findLatest(lise.conversationId);
    expect(request?.status).toBe("abandoned");
    await agent.waitForQueue((items) => items.length === 2);
    expect(await handoff.queuePosition(ola.conversationId)).toMatchObject({ position: 2 });
  });

  it("keeps a returning customer's place when they reconnect within the grace period", async () => {
    const db = freshDatabase();
    cleanups.push(db.cleanup);
    const clock = new RunningClock();
    const server = await startServer(db.config, { env: { SKRANKE_QUEUE_GRACE_SECONDS: "60" }, clock });
    cleanups.push(() => server.close());
    const kari = await createStaff(server, { email: "kari@alpha.no", role: "agent" });
    const agent = await AgentClient.connect(server.url, kari.token);
    cleanups.push(() => agent.close());
    const first = await Customer.start(server, "alpha", "Anne", "Hei");
    const second = await Customer.start(server, "alpha", "Per", "Hallo");
    cleanups.push(
      () => first.stop(),
      () => second.stop(),
    );
    await first.requestHandoff();
    await second.requestHandoff();
    const handoff = server.app.context.services.handoff;
    await handoff.customerDisconnected(first.conversationId);
    const dropped = await agent.waitForQueue((items) => items.some((i) => !i.customerConnected));
    expect(dropped.map((i) => i.position)).toEqual([1, 2]);
    expect(dropped.map((i) => i.customerConnected)).toEqual([false, true]);
    clock.advance(59_000);
    await handoff.customerReconnected(first.conversationId);
    // Per drops too and does not come back: the same minute later he is gone, Anne is not.
    await handoff.customerDisconnected(second.conversationId);
    clock.advance(61_000);
    await eventually(async () => (await handoff.queuePosition(second.conversationId)) === null);
    expect((await server.app.context.repos.handoff.findLatest(second.conversationId))?.status).toBe("abandoned");
    expect(await handoff.sweepAbandoned()).toBe(0);
    expect(await handoff.queuePosition(first.conversationId)).toMatchObject({ position: 1 });
  });

  it("lets exactly one claim win when agents on two server processes claim at once", async () => {
    const db = freshDatabase();
    cleanups.push(db.cleanup);
    // This process only prepares data and plays the customers; the agents talk to two separate servers.
    const local = await startServer(db.config);
    cleanups.push(() => local.close());
    const kari = await createStaff(local, { email: "kari@alpha.no", role: "agent", maxChats: 10 });
    const ola = await createStaff(local, { email: "ola@alpha.no", role: "agent", maxChats: 10 });
    const env = { DATABASE_URL: db.config.url, LOG_LEVEL: "info" };
    const [one, two] = await Promise.all([spawnServer(env), spawnServer(env)]);
    cleanups.push(
      () => one.stop(),
      () => two.stop(),
    );
    const onOne = await AgentClient.connect(one.url, kari.token);
    const onTwo = await AgentClient.connect(two.url, ola.token);
    cleanups.push(
      () => onOne.close(),
      () => onTwo.close(),
    );
    const rounds = 6;
    const customers: Customer[] = [];
    for (let i = 0; i < rounds; i++) {
      const c = await Customer.start(local, "alpha", `Kunde ${i}`, `Problem nummer ${i}`);
      cleanups.push(() => c.stop());
      expect(await c.requestHandoff()).toMatchObject({ status: "queued" });
      customers.push(c);
    }
    for (const c of customers) {
      const results: AckResult[] = await Promise.all([
        onOne.request("conversation:claim", { conversationId: c.conversationId }),
        onTwo.request("conversation:claim", { conversationId: c.conversationId }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: "conflict" } });
      const assignments = await local.app.context.repos.assignments.listForConversation(c.conversationId);
      expect(assignments).toHaveLength(1);
      expect(await c.status()).toBe("assigned");
    }
    const active =
      (await local.app.context.repos.assignments.listActiveForAgent(kari.id)).length +
      (await local.app.context.repos.assignments.listActiveForAgent(ola.id)).length;
    expect(active).toBe(rounds);
  });
});
