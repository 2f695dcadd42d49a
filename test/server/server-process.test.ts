import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../handoff/support/harness.js";
import { type ServerProcess, spawnServer } from "../support/server-process.js";
import { freshDatabaseConfig, shouldSkip } from "../support/test-database.js";

const skipPostgres = await shouldSkip("postgresql");

describe("the server process", { timeout: 120_000 }, () => {
  const running: ServerProcess[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
    for (const c of cleanups.splice(0)) await c();
  });

  it("creates the SQLite file, answers /healthz and /readyz, and stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "skranke-start-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "nested", "skranke.db");
    const server = await spawnServer({ DATABASE_URL: `file:${file}` });
    running.push(server);
    expect(existsSync(file)).toBe(true);

    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready", database: "sqlite" });

    const missing = await fetch(`http://127.0.0.1:${server.port}/no-such-route`, {
      headers: { "x-request-id": "trace-123" },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-request-id")).toBe("trace-123");
    expect((await missing.json()).error.message).toMatch(/does not exist/);
    // The request is logged once the server has seen its response finish, which may come just after
    // the client read it: wait for that line, so that "stopped" below is the last line of a server
    // that has nothing left to do.
    await eventually(() => server.output().includes('"reqId":"trace-123"'));

    await server.stop();
    running.pop();
    expect(server.child.exitCode).toBe(0);
    const lines = server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { msg: string; reqId?: string; status?: number });
    expect(lines.some((l) => l.msg === "request" && l.reqId === "trace-123" && l.status === 404)).toBe(true);
    expect(lines.at(-1)?.msg).toBe("stopped");
  });

  it.skipIf(skipPostgres)("runs on PostgreSQL when DATABASE_URL is postgresql://", async () => {
    const { config, cleanup } = freshDatabaseConfig("postgresql");
    cleanups.push(cleanup);
    const server = await spawnServer({ DATABASE_URL: config.url });
    running.push(server);
    const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", database: "postgresql" });
  });
});
