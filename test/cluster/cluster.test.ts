import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OPEN_KNOWLEDGE_DIR, OPEN_ORG, openShared, type SharedDatabase } from "../channels/support/cluster.js";
import { AgentClient, PASSWORD } from "../handoff/support/harness.js";
import { WidgetCustomer } from "../handoff/support/widget-customer.js";
import { freshDatabaseConfig } from "../support/test-database.js";
import {
  clusterUnavailable,
  freePort,
  Haproxy,
  Node,
  OwnRedis,
  pinnedTo,
  request,
  SERVERS,
  type ServerName,
  until,
} from "./support/cluster.js";

const why = await clusterUnavailable();
if (why) console.warn(`Skipping the cluster test: ${why}`);

type Transport = "websocket" | "polling";
type Message = { id: number; text: string; role: string };

/**
 * The production layout, for real: HAProxy with deploy/haproxy.cfg in front
 * of three `node dist/main.js` processes on one PostgreSQL schema and one
 * Redis (the test's own, so it can restart it). Clients connect through the
 * proxy only; the proxy's cookie pins each to the process a scenario needs.
 */
describe.skipIf(why !== null)("a cluster behind HAProxy", { timeout: 180_000 }, () => {
  let redis: OwnRedis;
  let proxy: Haproxy;
  let shared: SharedDatabase;
  let dropSchema: () => Promise<void>;
  const nodes = new Map<ServerName, Node>();
  const node = (name: ServerName) => nodes.get(name) as Node;
  const cleanups: Array<() => void> = [];
  let staffCount = 0;

  beforeAll(async () => {
    const db = freshDatabaseConfig("postgresql");
    dropSchema = db.cleanup;
    redis = await OwnRedis.start();
    const env = {
      DATABASE_URL: db.config.url,
      REDIS_URL: redis.url,
      SKRANKE_REDIS_PREFIX: "cluster",
      SKRANKE_KNOWLEDGE_DIR: OPEN_KNOWLEDGE_DIR,
      TRUST_PROXY: "1",
      SKRANKE_BOTFRAMEWORK_AUTH: "off",
      SKRANKE_BOTFRAMEWORK_RATE_LIMIT: "4",
      SKRANKE_LOGIN_LOCKOUT_FAILURES: "3",
      SKRANKE_LIMIT_NEW_CUSTOMERS: "1000/60",
      SKRANKE_SHUTDOWN_TIMEOUT_MS: "20000",
    };
    for (const name of SERVERS) nodes.set(name, new Node(name, await freePort(), env));
    // The first process creates and migrates the schema; then the others.
    await node("s1").start();
    await Promise.all([node("s2").start(), node("s3").start()]);
    proxy = await Haproxy.start(SERVERS.map((name) => ({ name, port: node(name).port })));
    for (const name of SERVERS) await proxy.waitFor(name, "UP");
    shared = await openShared(db.config);
  }, 180_000);

  afterAll(async () => {
    await shared?.close();
    await proxy?.stop();
    for (const n of nodes.values()) await n.stop().catch(() => n.kill());
    await redis?.stop();
    await dropSchema?.();
  });

  afterEach(async (context) => {
    for (const fn of cleanups.splice(0).reverse()) fn();
    await redis.ensureRunning();
    // No process died of an error of its own along the way (the process guard logs one fatal line first).
    for (const n of nodes.values()) expect(n.output(), n.name).not.toContain('"level":60');
    if (context.task.result?.state === "fail") {
      for (const n of nodes.values()) console.log(`--- ${n.name}\n${n.output().slice(-4000)}`);
      console.log(`--- haproxy\n${proxy.output().slice(-4000)}`);
    }
  });

  function track<T extends { close(): void }>(client: T): T {
    cleanups.push(() => client.close());
    return client;
  }

  /** A new agent of the open organisation, logged in through the proxy, with a console on `server`. */
  async function agentOn(server: ServerName, transports: Transport[] = ["websocket"]) {
    staffCount += 1;
    const email = `agent${staffCount}@beta.test`;
    const name = `Agent ${staffCount}`;
    const staff = await shared.addStaff(proxy.url, { email, name });
    const client = track(
      await AgentClient.connect(proxy.url, staff.token, { transports, extraHeaders: pinnedTo(server) }),
    );
    return { ...staff, email, name, client };
  }

  function customerOn(server: ServerName, transports: Transport[] = ["websocket"], reconnection = false) {
    return WidgetCustomer.connect(
      proxy.url,
      { org: OPEN_ORG, lang: "nb" },
      { transports, extraHeaders: pinnedTo(server), reconnection },
    ).then(track);
  }

  /** The customer asks for a person and `agent` takes the chat. */
  async function handOver(customer: WidgetCustomer, agent: AgentClient) {
    expect(await customer.request("handoff:request", {})).toMatchObject({ ok: true, status: "queued" });
    // The request stored the conversation: its id comes with the next session.
    const conversationId = await customer.conversation();
    await agent.waitForQueue((items) => items.some((i) => i.conversationId === conversationId));
    await agent.ok("conversation:claim", { conversationId });
    await customer.waitFor("agent:joined");
  }

  /** A message from the agent reaches the customer live, and one back reaches the agent. */
  async function chatBothWays(customer: WidgetCustomer, agent: AgentClient, tag: string) {
    const conversationId = customer.conversationId;
    await agent.ok("message", { conversationId, clientId: `${tag}-a`, text: `Hei fra agenten (${tag})` });
    await customer.waitFor<Message>("message", (m) => m.text === `Hei fra agenten (${tag})`);
    expect(await customer.say(`Takk (${tag})`)).toMatchObject({ ok: true });
    await agent.waitFor<Message>("message", (m) => m.role === "customer" && m.text === `Takk (${tag})`);
  }

  /** Every message of the conversation the customer can see, as the widget asks after a reconnect. */
  async function history(customer: WidgetCustomer): Promise<string[]> {
    const reply = (await customer.request("history", {})) as { ok: boolean; messages: Message[] };
    expect(reply.ok).toBe(true);
    return reply.messages.map((m) => m.text);
  }

  it.each([
    ["websocket", ["websocket"]],
    ["long-polling only", ["polling"]],
  ] as Array<[string, Transport[]]>)(
    "a customer on one process and an agent on another chat both ways over %s",
    async (_label, transports) => {
      const agent = await agentOn("s2", transports);
      const customer = await customerOn("s1", transports);
      expect(customer.socket.io.engine.transport.name).toBe(transports[0]);
      expect(await customer.say("Kortet mitt virker ikke")).toMatchObject({ ok: true });
      await handOver(customer, agent.client);
      await chatBothWays(customer, agent.client, transports[0] as string);
      if (transports[0] === "polling") {
        // The proxy's log shows each side's polling requests on its own process.
        const log = proxy.output();
        expect(log).toMatch(/skranke\/s1 .*transport=polling/);
        expect(log).toMatch(/skranke\/s2 .*transport=polling/);
      }
    },
  );

  it("lets exactly one of two agents on different processes claim a chat", async () => {
    const first = await agentOn("s1");
    const second = await agentOn("s2");
    const customer = await customerOn("s3");
    expect(await customer.request("handoff:request", {})).toMatchObject({ status: "queued" });
    const conversationId = await customer.conversation();
    for (const a of [first, second]) {
      await a.client.waitForQueue((items) => items.some((i) => i.conversationId === conversationId));
    }
    const claim = { conversationId };
    const [one, two] = await Promise.all([
      first.client.request("conversation:claim", claim),
      second.client.request("conversation:claim", claim),
    ]);
    const results = [one, two];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: "conflict" } });
    const winner = one.ok ? first : second;
    expect(await shared.repos.conversations.findById(customer.conversationId)).toMatchObject({
      status: "assigned",
      assignedAgentId: winner.id,
    });
    expect(await customer.waitFor<{ name: string }>("agent:joined")).toEqual({ name: winner.name });
  });

  it("shares the login lockout and the login and /api/messages rate limits through Redis, by the forwarded address", async () => {
    const email = "lockout@beta.test";
    await shared.addStaff(proxy.url, { email, name: "Lise" });
    const login = (from: string, server: ServerName, password: string, headers: Record<string, string> = {}) =>
      request(proxy.url, {
        path: "/api/auth/login",
        body: { email, password },
        from,
        headers: { ...pinnedTo(server), ...headers },
      });

    // Three wrong passwords from 127.0.0.2, one on each process: the account is locked for that address everywhere.
    for (const server of SERVERS) expect((await login("127.0.0.2", server, "wrong password")).status).toBe(401);
    for (const server of SERVERS) expect((await login("127.0.0.2", server, PASSWORD)).status).toBe(401);
    // A forged X-Forwarded-For does not help: the proxy appends the real address, and that is the one believed.
    expect((await login("127.0.0.2", "s1", PASSWORD, { "x-forwarded-for": "198.51.100.7" })).status).toBe(401);
    // The same proxy, another client address: not locked (the processes count by the client, not by the proxy).
    const elsewhere = await login("127.0.0.3", "s2", PASSWORD);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.server).toBe("s2");

    // Login attempts per address (SKRANKE_LIMIT_LOGINS, 20 a minute) count on every process together.
    for (let i = 0; i < 20; i++) {
      const r = await login("127.0.0.4", SERVERS[i % 3] as ServerName, "wrong password");
      expect(r.status).toBe(401);
    }
    for (const server of SERVERS) expect((await login("127.0.0.4", server, PASSWORD)).status).toBe(429);
    expect((await login("127.0.0.5", "s1", "wrong password")).status).toBe(401);

    // /api/messages: 4 requests a minute per address (SKRANKE_BOTFRAMEWORK_RATE_LIMIT), whichever process gets them.
    const post = (from: string, server: ServerName) =>
      request(proxy.url, { path: "/api/messages", body: {}, from, headers: pinnedTo(server) });
    for (let i = 0; i < 4; i++) expect((await post("127.0.0.6", SERVERS[i % 3] as ServerName)).status).toBe(400);
    for (const server of SERVERS) expect((await post("127.0.0.6", server)).status).toBe(429);
    expect((await post("127.0.0.7", "s3")).status).toBe(400);
  });

  it("keeps serving while Redis restarts, and carries pushes between processes again when it is back", async () => {
    const agent = await agentOn("s2");
    const customer = await customerOn("s1");
    await handOver(customer, agent.client);
    const colleague = await agentOn("s1");
    const localCustomer = await customerOn("s1");
    await handOver(localCustomer, colleague.client);

    const before = SERVERS.map((n) => node(n).output().split("Redis connection back").length);
    await redis.stop();
    for (const n of SERVERS)
      await until(`${n} notices Redis is gone`, () => node(n).output().includes("Redis connection lost"));

    // Every process stays ready, and the proxy keeps them all in rotation.
    for (const n of SERVERS) {
      expect((await request(node(n).url, { path: "/readyz" })).status).toBe(200);
    }
    expect([...(await proxy.states()).values()].every((s) => s.startsWith("UP"))).toBe(true);
    // Logins (the lockout and the limits count in memory meanwhile), new customers, stored messages.
    expect(
      (await request(proxy.url, { path: "/api/auth/login", body: { email: agent.email, password: PASSWORD } })).status,
    ).toBe(200);
    const newcomer = await customerOn("s3");
    expect(await newcomer.say("Hei, er det noen der?")).toMatchObject({ ok: true });
    expect(await customer.say("Er dere der fortsatt?")).toMatchObject({ ok: true });
    // A chat within one process goes on live.
    await chatBothWays(localCustomer, colleague.client, "uten Redis");
    // A process stopped meanwhile shuts down cleanly (Node.stop fails after 30 s), its customer reconnects elsewhere.
    newcomer.close();
    await node("s3").stop();
    expect(node("s3").output()).toContain('"msg":"stopped"');

    await redis.restart();
    await node("s3").start();
    await proxy.waitFor("s3", "UP");
    for (const n of ["s1", "s2"] as ServerName[]) {
      await until(
        `${n} reconnects to Redis`,
        () => node(n).output().split("Redis connection back").length > (before[SERVERS.indexOf(n)] ?? 0),
        30_000,
      );
    }
    // The stream readers and subscribers reconnect too: pushes cross processes again.
    await chatBothWays(customer, agent.client, "etter Redis");
    expect(await history(customer)).toContain("Er dere der fortsatt?");
  });

  it("loses no conversation in a rolling restart (SIGTERM one process, start it again, then the next)", async () => {
    const agent = await agentOn("s3");
    // Long-polling: a request the server holds open must not hold up the shutdown.
    const customer = await customerOn("s1", ["polling"], true);
    await handOver(customer, agent.client);
    await chatBothWays(customer, agent.client, "før omstart");
    const conversationId = customer.conversationId;

    for (const name of ["s1", "s2"] as ServerName[]) {
      const stopping = node(name);
      const disconnected = new Promise<void>((resolve) => customer.socket.once("disconnect", () => resolve()));
      const reconnected = new Promise<void>((resolve) => customer.socket.io.once("reconnect", () => resolve()));
      await stopping.stop();
      // Its sockets were closed at the start of the shutdown, not at the shutdown timeout (20 s here).
      expect(stopping.output()).not.toContain("shutdown timeout");
      if (name === "s1") {
        await disconnected;
        await reconnected;
        await until("the customer is connected again", () => customer.socket.connected);
      }
      await agent.client.ok("message", {
        conversationId,
        clientId: `roll-${name}`,
        text: `Mens ${name} startet på nytt`,
      });
      await stopping.start();
      await proxy.waitFor(name, "UP");
    }

    // Same conversation, still with the agent, nothing missing; and the chat goes on live.
    expect(customer.conversationId).toBe(conversationId);
    expect(await shared.repos.conversations.findById(conversationId)).toMatchObject({
      status: "assigned",
      assignedAgentId: agent.id,
    });
    const texts = await history(customer);
    for (const t of [
      "Hei fra agenten (før omstart)",
      "Takk (før omstart)",
      "Mens s1 startet på nytt",
      "Mens s2 startet på nytt",
    ]) {
      expect(texts).toContain(t);
    }
    await chatBothWays(customer, agent.client, "etter omstart");
  });

  it("after kill -9 of the customer's process, the widget reconnects through the proxy to a survivor and loses nothing acknowledged", async () => {
    const agent = await agentOn("s3");
    const customer = await customerOn("s2", ["websocket"], true);
    await handOver(customer, agent.client);
    const acknowledged: string[] = [];
    for (const text of ["Første melding", "Andre melding"]) {
      expect(await customer.say(text)).toMatchObject({ ok: true });
      acknowledged.push(text);
    }
    // Another customer of that process waits in the queue.
    const waiting = await customerOn("s2", ["websocket"], true);
    expect(await waiting.request("handoff:request", {})).toMatchObject({ status: "queued" });
    await waiting.conversation();
    const conversationId = customer.conversationId;

    const reconnected = new Promise<void>((resolve) => customer.socket.io.once("reconnect", () => resolve()));
    await node("s2").kill();
    await reconnected;
    await until(
      "the customer has a session again",
      () => customer.socket.connected && customer.conversationId === conversationId,
    );
    await proxy.waitFor("s2", "DOWN");

    // The agent's console, on another process, never dropped; the chat and the queue are as they were.
    expect(agent.client.socket.connected).toBe(true);
    expect(await shared.repos.conversations.findById(conversationId)).toMatchObject({
      status: "assigned",
      assignedAgentId: agent.id,
    });
    expect((await shared.repos.handoff.findActive(waiting.conversationId))?.status).toBe("waiting");
    const texts = await history(customer);
    for (const t of acknowledged) expect(texts).toContain(t);
    await chatBothWays(customer, agent.client, "etter krasj");
    await until("the waiting customer is back too", () => waiting.socket.connected);
    const another = await agentOn("s1");
    await another.client.ok("conversation:claim", { conversationId: waiting.conversationId });
    await waiting.waitFor("agent:joined");

    await node("s2").start();
    await proxy.waitFor("s2", "UP");
  });
});
