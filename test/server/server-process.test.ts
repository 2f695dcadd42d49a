import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freshDatabaseConfig, shouldSkip } from "../support/test-database.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const skipPostgres = await shouldSkip("postgresql");

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
}

/** Starts `src/main.ts` the way `npm start` does, on a free port, and waits for its listening log line. */
async function startServer(env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    out += String(d);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${out}`)), 20_000);
    const check = () => {
      const m = /"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return { child, port, output: () => out };
}

function stop(r: Running): Promise<number | null> {
  return new Promise((resolve) => {
    if (r.child.exitCode !== null) return resolve(r.child.exitCode);
    r.child.once("exit", (code) => resolve(code));
    r.child.kill("SIGTERM");
  });
}

describe("the server process", () => {
  const running: Running[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const r of running.splice(0)) await stop(r);
    for (const c of cleanups.splice(0)) await c();
  });

  it("creates the SQLite file, answers /healthz and /readyz, and stops cleanly on SIGTERM", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "skranke-start-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "nested", "skranke.db");
    const server = await startServer({ DATABASE_URL: `file:${file}` });
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

    const code = await stop(server);
    running.pop();
    expect(code).toBe(0);
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
    const server = await startServer({ DATABASE_URL: config.url });
    running.push(server);
    const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", database: "postgresql" });
  });
});
