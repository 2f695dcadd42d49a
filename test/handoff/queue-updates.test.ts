import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueueDelta } from "../../src/protocol/agent.js";
import { shouldSkip } from "../support/test-database.js";
import { AgentClient, Customer, createStaff, freshDatabase, type Server, startServer } from "./support/harness.js";

const skip = await shouldSkip(process.env.SKRANKE_TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite");

const WAITING = 30;

/**
 * `queue:update` carries one numbered change, not the queue: what an agent
 * receives for a customer joining or leaving is the same size with one
 * customer waiting as with thirty.
 */
describe.skipIf(skip)("queue:update as numbered changes", { timeout: 120_000 }, () => {
  let server: Server;
  let cleanup: () => Promise<void>;
  let agent: AgentClient;
  const customers: Customer[] = [];

  beforeAll(async () => {
    const db = freshDatabase();
    cleanup = db.cleanup;
    server = await startServer(db.config);
    const kari = await createStaff(server, { email: "kari@alpha.no", role: "agent", name: "Kari" });
    agent = await AgentClient.connect(server.url, kari.token);
  });

  afterAll(async () => {
    agent?.close();
    for (const c of customers) c.stop();
    await server?.close();
    await cleanup?.();
  });

  const deltas = () => agent.received.filter((r) => r.event === "queue:update").map((r) => r.payload as QueueDelta);
  const bytes = (d: QueueDelta) => Buffer.byteLength(JSON.stringify(d));

  it("sends a join of constant size however long the queue is, numbered one after another", async () => {
    const hello = agent.hello as { queueVersions: Record<string, { epoch: string; seq: number }> };
    const start = hello.queueVersions[server.orgs.alpha.id];
    expect(start).toBeDefined();
    for (let i = 0; i < WAITING; i++) {
      // Same length of name and words for every customer, so only the queue's length could change the size.
      const c = await Customer.start(server, "alpha", `Kunde ${String(i).padStart(2, "0")}`, "Kortet mitt virker ikke");
      customers.push(c);
      expect(await c.requestHandoff()).toMatchObject({ status: "queued", position: i + 1 });
    }
    await agent.waitForQueue((items) => items.length === WAITING);
    const joins = deltas().filter((d) => d.change.type === "join");
    expect(joins).toHaveLength(WAITING);
    expect(joins.every((d) => d.epoch === start?.epoch)).toBe(true);
    expect(joins.map((d) => d.seq)).toEqual(joins.map((_, i) => (start?.seq ?? 0) + 1 + i));
    const sizes = joins.map(bytes);
    // Ids and times are of fixed length; a sequence number may gain a digit.
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(4);
    expect(Math.max(...sizes)).toBeLessThan(1_000);
    expect(agent.queue().map((i) => i.position)).toEqual(Array.from({ length: WAITING }, (_, i) => i + 1));
    expect(agent.resyncs).toBe(0);
  });

  it("sends a leave that names the customer only, and the console's queue moves up", async () => {
    agent.clear();
    const first = customers[0] as Customer;
    await agent.ok("conversation:claim", { conversationId: first.conversationId });
    const items = await agent.waitForQueue((q) => q.length === WAITING - 1);
    const leave = deltas().find((d) => d.change.type === "leave");
    expect(leave?.change).toEqual({ type: "leave", conversationId: first.conversationId });
    expect(bytes(leave as QueueDelta)).toBeLessThan(400);
    expect(items[0]).toMatchObject({ conversationId: customers[1]?.conversationId, position: 1 });
    // What the console derived is what a fresh snapshot says.
    const snapshot = (await agent.ok("queue:list")) as { items: Array<{ conversationId: string; position: number }> };
    expect(items.map((i) => [i.conversationId, i.position, i.estimatedWaitSeconds])).toEqual(
      snapshot.items.map((i) => [
        i.conversationId,
        i.position,
        (i as { estimatedWaitSeconds?: number }).estimatedWaitSeconds,
      ]),
    );
  });
});
