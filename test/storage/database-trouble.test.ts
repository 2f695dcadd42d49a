import Sqlite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { AgentClient, createStaff, eventually, type Server, startServer } from "../handoff/support/harness.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { freshDatabaseConfig, POSTGRES_URL, shouldSkip } from "../support/test-database.js";

const skipPostgres = await shouldSkip("postgresql");

/**
 * A database in trouble: requests fail within a few seconds instead of
 * waiting for ever, /readyz says so within 2 s, and the server recovers by
 * itself when the database is back.
 */
describe("database trouble", { timeout: 120_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
    const started = Date.now();
    const value = await fn();
    return { value, ms: Date.now() - started };
  };

  const readyz = async (s: Server) => (await fetch(`${s.url}/readyz`, { signal: AbortSignal.timeout(10_000) })).status;

  it.skipIf(skipPostgres)("PostgreSQL that accepts connections and never answers (default timeouts)", async () => {
    const pgUrl = new URL(POSTGRES_URL);
    const proxy: TcpProxy = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    cleanups.push(() => proxy.close());
    const db = freshDatabaseConfig("postgresql");
    cleanups.push(db.cleanup);
    const throughProxy = new URL(db.config.url);
    throughProxy.host = `127.0.0.1:${proxy.port}`;
    const s = await startServer({ provider: "postgresql", url: throughProxy.toString() });
    cleanups.push(() => s.close());
    const kari = await createStaff(s, { email: "kari@alpha.no", role: "agent" });
    const agent = await AgentClient.connect(s.url, kari.token);
    cleanups.push(() => agent.close());
    expect(await readyz(s)).toBe(200);
    expect(await agent.ok("queue:list", {})).toMatchObject({ ok: true });

    proxy.mode("hang");
    const probe = await timed(() => readyz(s));
    expect(probe.value).toBe(503);
    expect(probe.ms).toBeLessThan(2000);
    const event = await timed(() => agent.request("queue:list", {}));
    expect(event.value).toMatchObject({ ok: false, error: { code: "internal" } });
    expect(event.ms).toBeLessThan(9000);
    const http = await timed(
      async () => (await fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${kari.token}` } })).status,
    );
    expect(http.value).toBe(500);
    expect(http.ms).toBeLessThan(9000);
    // Probes keep answering quickly while it lasts.
    expect((await timed(() => readyz(s))).ms).toBeLessThan(2000);

    proxy.mode("forward");
    await eventually(async () => (await readyz(s)) === 200, 30_000);
    await eventually(async () => (await agent.request("queue:list", {})).ok, 30_000);
    expect((await fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${kari.token}` } })).status).toBe(
      200,
    );
  });

  it("SQLite held by another writer: a write gives up after SKRANKE_DATABASE_TIMEOUT_MS, then works again", async () => {
    const db = freshDatabaseConfig("sqlite");
    cleanups.push(db.cleanup);
    const s = await startServer(db.config, { env: { SKRANKE_DATABASE_TIMEOUT_MS: "1000" } });
    cleanups.push(() => s.close());
    const kari = await createStaff(s, { email: "kari@alpha.no", role: "agent" });
    const agent = await AgentClient.connect(s.url, kari.token);
    cleanups.push(() => agent.close());
    if (db.config.provider !== "sqlite") throw new Error("expected SQLite");

    // Another process's long write transaction.
    const other = new Sqlite(db.config.file);
    cleanups.push(() => {
      other.close();
    });
    other.exec("BEGIN IMMEDIATE");
    const blocked = await timed(() => agent.request("presence:set", { presence: "away" }));
    expect(blocked.value).toMatchObject({ ok: false, error: { code: "internal" } });
    expect(blocked.ms).toBeLessThan(4000);
    // Readers are not held up (write-ahead log).
    expect(await readyz(s)).toBe(200);
    other.exec("ROLLBACK");
    expect(await agent.ok("presence:set", { presence: "away" })).toMatchObject({ presence: "away" });
  });
});
