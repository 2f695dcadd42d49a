import { afterEach, describe, expect, it } from "vitest";
import type { DatabaseConfig } from "../../src/config/config.js";
import { AgentClient, eventually } from "../handoff/support/harness.js";
import { WidgetCustomer } from "../handoff/support/widget-customer.js";
import { type ServerProcess, spawnServer } from "../support/server-process.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { freshRedisPrefix, REDIS_URL, redisKeyExists, shouldSkipRedis } from "../support/test-redis.js";
import { OPEN_KNOWLEDGE_DIR, OPEN_ORG, openShared, type SharedDatabase } from "./support/cluster.js";

const skip = (await shouldSkipRedis()) || (await shouldSkip(PRIMARY_PROVIDER));

type Presence = { agent: { id: string; displayName: string }; presence: string };

/**
 * Two (or three) real server processes behind an imaginary load balancer:
 * the same database, the same Redis (REDIS_URL, a key prefix of their own).
 * Live pushes, "is anyone still connected" checks and connection-state
 * recovery must work whichever process each client happens to reach.
 */
describe.skipIf(skip)("several server processes sharing Redis", { timeout: 180_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  /** A fresh database and Redis prefix, and the environment every process of the cluster gets. */
  function cluster(): { env: Record<string, string>; config: DatabaseConfig } {
    const db = freshDatabaseConfig(PRIMARY_PROVIDER);
    cleanups.push(db.cleanup);
    const redis = freshRedisPrefix();
    cleanups.push(redis.cleanup);
    const env = {
      DATABASE_URL: db.config.url,
      REDIS_URL,
      SKRANKE_REDIS_PREFIX: redis.prefix,
      SKRANKE_KNOWLEDGE_DIR: OPEN_KNOWLEDGE_DIR,
    };
    return { env, config: db.config };
  }

  async function spawn(env: Record<string, string>): Promise<ServerProcess> {
    const server = await spawnServer(env);
    cleanups.push(() => server.stop());
    return server;
  }

  async function open(config: DatabaseConfig): Promise<SharedDatabase> {
    const shared = await openShared(config);
    cleanups.push(() => shared.close());
    return shared;
  }

  function track<T extends { close(): void }>(client: T): T {
    cleanups.push(() => client.close());
    return client;
  }

  it("carries a handoff live between a customer on one process and agents on another", async () => {
    const setup = cluster();
    // A first: it creates and migrates the database; then B.
    const a = await spawn(setup.env);
    const b = await spawn(setup.env);
    const shared = await open(setup.config);
    const kari = await shared.addStaff(b.url, { email: "kari@beta.test", name: "Kari" });
    const ola = await shared.addStaff(a.url, { email: "ola@beta.test", name: "Ola" });
    const kariOnB = track(await AgentClient.connect(b.url, kari.token));
    const olaOnA = track(await AgentClient.connect(a.url, ola.token));

    // Two customers on A escalate; Kari on B sees the queue move live.
    const anne = track(await WidgetCustomer.connect(a.url, { org: OPEN_ORG, lang: "nb" }));
    const per = track(await WidgetCustomer.connect(a.url, { org: OPEN_ORG, lang: "nb" }));
    expect(await anne.say("Kortet mitt virker ikke")).toMatchObject({ ok: true });
    expect(await anne.request("handoff:request", { summary: "Kort" })).toMatchObject({ status: "queued", position: 1 });
    expect(await per.request("handoff:request", {})).toMatchObject({ status: "queued", position: 2 });
    await per.conversation(); // the request stored Per's conversation; its id comes with the next session
    await kariOnB.waitForQueue(
      (items) => items.map((i) => i.conversationId).join() === [anne.conversationId, per.conversationId].join(),
    );

    // Kari claims Anne on B: Anne (on A) is told at once, and Per moves up.
    await kariOnB.ok("conversation:claim", { conversationId: anne.conversationId });
    expect(await anne.waitFor<{ name: string }>("agent:joined")).toEqual({ name: "Kari" });
    await anne.waitFor<{ status: string }>("status", (s) => s.status === "assigned");
    await per.waitFor<{ position: number }>("queue", (q) => q.position === 1);
    const moved = await olaOnA.waitForQueue(
      (items) => items.length === 1 && items[0]?.conversationId === per.conversationId,
    );
    expect(moved[0]?.position).toBe(1);

    // Messages both ways, live.
    await kariOnB.ok("message", { conversationId: anne.conversationId, clientId: "k1", text: "Hei, Kari her." });
    await anne.waitFor<{ text: string; role: string }>("message", (m) => m.text === "Hei, Kari her.");
    expect(await anne.say("Takk!")).toMatchObject({ ok: true });
    await kariOnB.waitFor<{ text: string; role: string }>(
      "message",
      (m) => m.role === "customer" && m.text === "Takk!",
    );

    // Connection-state recovery across processes: Anne's connection to A drops,
    // Kari writes meanwhile, and Anne's next connection lands on B.
    const lost = anne.socket as unknown as { _pid?: string; _lastOffset?: string };
    expect(lost._pid).toBeTruthy();
    expect(lost._lastOffset).toBeTruthy();
    anne.socket.io.engine.close();
    await eventually(() => anne.socket.disconnected);
    // A stores her recovery session in Redis when it sees the connection drop; a real widget reconnects
    // after a back-off of a second or more, the test waits for the session itself (else B would find none
    // and give Anne a plain new session, with no replay).
    const sessionKey = `${setup.env.SKRANKE_REDIS_PREFIX}:socket.io:session:${lost._pid}`;
    await eventually(() => redisKeyExists(sessionKey));
    await kariOnB.ok("message", { conversationId: anne.conversationId, clientId: "k2", text: "Er du der?" });
    const auth = { org: OPEN_ORG, token: anne.token, lang: "nb", pid: lost._pid, offset: lost._lastOffset };
    const anneOnB = track(await WidgetCustomer.connect(b.url, auth as { org: string }));
    // Only a recovered session replays packets: a plain new connection gets `session` and no `message`.
    await anneOnB.waitFor<{ text: string }>("message", (m) => m.text === "Er du der?");

    // Presence changes reach colleagues on the other process.
    await kariOnB.ok("presence:set", { presence: "away" });
    await olaOnA.waitFor<Presence>("presence", (p) => p.agent.id === kari.id && p.presence === "away");

    // Kari's last tab: a second tab on A keeps her present when the one on B closes.
    const kariOnA = await AgentClient.connect(a.url, kari.token);
    kariOnB.close();
    await eventually(() => b.output().includes("agent tab closed; still present in another tab"));
    const offline = (p: Presence) => p.agent.id === kari.id && p.presence === "offline";
    expect(olaOnA.received.some((r) => r.event === "presence" && offline(r.payload as Presence))).toBe(false);
    expect((await shared.repos.users.findById(kari.id))?.presence).not.toBe("offline");
    kariOnA.close();
    await olaOnA.waitFor<Presence>("presence", offline);

    // Per's last widget tab: a tab on B keeps his place when the one on A closes.
    const perOnB = track(await WidgetCustomer.connect(b.url, { org: OPEN_ORG, token: per.token, lang: "nb" }));
    expect(perOnB.conversationId).toBe(per.conversationId);
    per.close();
    await eventually(() => a.output().includes("customer tab closed; still connected in another tab"));
    expect((await shared.repos.handoff.findActive(per.conversationId))?.customerDisconnectedAt).toBeNull();
    perOnB.close();
    await eventually(
      async () => (await shared.repos.handoff.findActive(per.conversationId))?.customerDisconnectedAt != null,
    );
  });

  it("numbers queue changes made on both processes in one stream per organisation", async () => {
    const setup = cluster();
    const a = await spawn(setup.env);
    const b = await spawn(setup.env);
    const shared = await open(setup.config);
    const kari = await shared.addStaff(a.url, { email: "kari@beta.test", name: "Kari" });
    const ola = await shared.addStaff(b.url, { email: "ola@beta.test", name: "Ola" });
    const kariOnA = track(await AgentClient.connect(a.url, kari.token));
    const olaOnB = track(await AgentClient.connect(b.url, ola.token));

    // Four customers, two on each process, escalate at once.
    const customers = await Promise.all(
      [a, a, b, b].map(async (server) =>
        track(await WidgetCustomer.connect(server.url, { org: OPEN_ORG, lang: "nb" })),
      ),
    );
    await Promise.all(customers.map((c) => c.request("handoff:request", {})));
    const ids = (items: Array<{ conversationId: string }>) => items.map((i) => i.conversationId).sort();
    // Each request stored its conversation; the id comes with the session that follows (maybe after the ack).
    const everyone = (await Promise.all(customers.map((c) => c.conversation()))).sort();
    await kariOnA.waitForQueue((items) => ids(items).join() === everyone.join());
    await olaOnB.waitForQueue((items) => ids(items).join() === everyone.join());

    // One claim on each process: both consoles end with the same two, in the same order.
    await kariOnA.ok("conversation:claim", { conversationId: customers[2]?.conversationId });
    await olaOnB.ok("conversation:claim", { conversationId: customers[0]?.conversationId });
    const left = [customers[1]?.conversationId, customers[3]?.conversationId].sort();
    const onA = await kariOnA.waitForQueue((items) => ids(items).join() === left.join());
    const onB = await olaOnB.waitForQueue((items) => ids(items).join() === left.join());
    expect(onA.map((i) => `${i.conversationId}@${i.position}`)).toEqual(
      onB.map((i) => `${i.conversationId}@${i.position}`),
    );

    // Both saw one epoch and numbers without holes, whichever process made each change.
    for (const agent of [kariOnA, olaOnB]) {
      const deltas = agent.received
        .filter((r) => r.event === "queue:update")
        .map((r) => r.payload as { epoch: string; seq: number; change: { type: string } });
      expect(new Set(deltas.map((d) => d.epoch)).size).toBe(1);
      const seqs = deltas.map((d) => d.seq).sort((x, y) => x - y);
      expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
      expect(deltas.filter((d) => d.change.type === "join")).toHaveLength(4);
      expect(deltas.filter((d) => d.change.type === "leave")).toHaveLength(2);
      expect(agent.resyncs).toBe(0);
    }
  });

  it("after a restart, does not start the grace period of a customer connected to another process", async () => {
    const setup = cluster();
    const a = await spawn(setup.env);
    const shared = await open(setup.config);
    const kari = await shared.addStaff(a.url, { email: "kari@beta.test", name: "Kari" });
    track(await AgentClient.connect(a.url, kari.token));

    // Lise waits, connected to A.
    const lise = track(await WidgetCustomer.connect(a.url, { org: OPEN_ORG, lang: "nb" }));
    expect(await lise.request("handoff:request", {})).toMatchObject({ status: "queued" });
    // Another customer's process crashed: they wait with no connection and no disconnect time.
    const ghost = track(await WidgetCustomer.connect(a.url, { org: OPEN_ORG, lang: "nb" }));
    expect(await ghost.request("handoff:request", {})).toMatchObject({ status: "queued" });
    // Through Redis the new session can come just after the acknowledgement: wait for it.
    await lise.conversation();
    await ghost.conversation();
    ghost.close();
    await eventually(
      async () => (await shared.repos.handoff.findActive(ghost.conversationId))?.customerDisconnectedAt != null,
    );
    await shared.repos.handoff.clearDisconnected(ghost.conversationId);

    // A process (re)starts with a one-second grace period: it looks for both customers
    // (after MIN_RECONNECT_WINDOW_MS) and asks every process, through Redis, whether they are connected.
    await spawn({ ...setup.env, SKRANKE_QUEUE_GRACE_SECONDS: "1" });
    await eventually(
      async () => (await shared.repos.handoff.findLatest(ghost.conversationId))?.status === "abandoned",
      30_000,
    );
    const place = await shared.repos.handoff.findActive(lise.conversationId);
    expect(place?.status).toBe("waiting");
    expect(place?.customerDisconnectedAt).toBeNull();
  });
});
