import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AgentClient, eventually, login } from "../handoff/support/harness.js";
import { WidgetCustomer } from "../handoff/support/widget-customer.js";
import { type ServerProcess, spawnServer } from "../support/server-process.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { freshRedisPrefix, REDIS_URL, shouldSkipRedis } from "../support/test-redis.js";
import { OPEN_KNOWLEDGE_DIR, OPEN_ORG, openShared, type SharedDatabase } from "./support/cluster.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const skip = (await shouldSkipRedis()) || (await shouldSkip(PRIMARY_PROVIDER));

type Presence = { agent: { id: string }; presence: string };

/**
 * Two server processes sharing a database and Redis: an ended session ends
 * its consoles on every process at once, and the rate limits are one budget
 * for the whole cluster.
 */
describe.skipIf(skip)("sessions and limits across server processes", { timeout: 180_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  function cluster(extra: Record<string, string>) {
    const db = freshDatabaseConfig(PRIMARY_PROVIDER);
    cleanups.push(db.cleanup);
    const redis = freshRedisPrefix();
    cleanups.push(redis.cleanup);
    const env = {
      DATABASE_URL: db.config.url,
      REDIS_URL,
      SKRANKE_REDIS_PREFIX: redis.prefix,
      SKRANKE_KNOWLEDGE_DIR: OPEN_KNOWLEDGE_DIR,
      ...extra,
    };
    return { env, config: db.config };
  }

  async function spawnBoth(env: Record<string, string>): Promise<[ServerProcess, ServerProcess]> {
    // A first: it creates and migrates the database; then B.
    const a = await spawnServer(env);
    cleanups.push(() => a.stop());
    const b = await spawnServer(env);
    cleanups.push(() => b.stop());
    return [a, b];
  }

  function track<T extends { close(): void }>(client: T): T {
    cleanups.push(() => client.close());
    return client;
  }

  async function ended(c: AgentClient, ms: number): Promise<string> {
    const { reason } = await c.waitFor<{ reason: string }>("session:ended", () => true, ms);
    await eventually(() => c.socket.disconnected, ms);
    return reason;
  }

  it("ends a user's consoles on every process at once: logout on one process, user:disable on the command line", async () => {
    // The periodic check is far off: what ends these sessions is the announcement through Redis.
    const setup = cluster({ SKRANKE_SESSION_CHECK_SECONDS: "300" });
    const [a, b] = await spawnBoth(setup.env);
    const shared: SharedDatabase = await openShared(setup.config);
    cleanups.push(() => shared.close());
    const lise = await shared.addStaff(a.url, { email: "lise@beta.test", name: "Lise", role: "supervisor" });
    const kari = await shared.addStaff(a.url, { email: "kari@beta.test", name: "Kari" });
    const secondSession = await login(b.url, "kari@beta.test");
    const supervisorOnA = track(await AgentClient.connect(a.url, lise.token));
    const laptopOnB = track(await AgentClient.connect(b.url, kari.token));
    const phoneOnA = track(await AgentClient.connect(a.url, secondSession));
    const phoneOnB = track(await AgentClient.connect(b.url, secondSession));

    // Logout on A ends that session's console on B.
    const logout = await fetch(`${a.url}/api/auth/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${kari.token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(logout.status).toBe(200);
    expect(await ended(laptopOnB, 5000)).toBe("logout");
    expect(await phoneOnB.ok("queue:list", {})).toMatchObject({ ok: true });

    // The command line reaches both processes through Redis.
    const started = Date.now();
    const code = await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "src/cli/user.ts", "disable", "--email", "kari@beta.test"],
        {
          cwd: ROOT,
          env: { ...process.env, ...setup.env, LOG_LEVEL: "silent" },
          stdio: "ignore",
        },
      );
      child.on("exit", (c) => resolve(c ?? -1));
    });
    expect(code).toBe(0);
    const cliDone = Date.now();
    expect(await Promise.all([ended(phoneOnA, 5000), ended(phoneOnB, 5000)])).toEqual(["disabled", "disabled"]);
    expect(Date.now() - cliDone).toBeLessThan(5000);
    await supervisorOnA.waitFor<Presence>("presence", (p) => p.agent.id === kari.id && p.presence === "offline");
    expect(Date.now() - started).toBeLessThan(60_000);
    expect((await shared.repos.users.findById(kari.id))?.presence).toBe("offline");
  });

  it("counts customer messages and login attempts against one budget across processes", async () => {
    const setup = cluster({ SKRANKE_LIMIT_MESSAGES: "4/60", SKRANKE_LIMIT_LOGINS: "3/60" });
    const [a, b] = await spawnBoth(setup.env);
    const anne = track(await WidgetCustomer.connect(a.url, { org: OPEN_ORG, lang: "nb" }));
    const anneOnB = track(await WidgetCustomer.connect(b.url, { org: OPEN_ORG, token: anne.token, lang: "nb" }));
    expect(anneOnB.conversationId).toBe(anne.conversationId);
    const acks = [];
    for (let i = 0; i < 3; i++) acks.push(await anne.say(`hei fra A ${i}`));
    for (let i = 0; i < 3; i++) acks.push(await anneOnB.say(`hei fra B ${i}`));
    expect(acks.map((x) => (x as { ok: boolean }).ok)).toEqual([true, true, true, true, false, false]);

    const attempt = (url: string, i: number) =>
      fetch(`${url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: `nobody${i}@beta.test`, password: "whatever-it-is" }),
      }).then((r) => r.status);
    expect([
      await attempt(a.url, 0),
      await attempt(b.url, 1),
      await attempt(a.url, 2),
      await attempt(b.url, 3),
    ]).toEqual([401, 401, 401, 429]);
  });
});
