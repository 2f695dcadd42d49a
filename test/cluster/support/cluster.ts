import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { FROM_DIST, type ServerProcess, spawnServer } from "../../support/server-process.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../../support/test-database.js";
import { WAIT_MS } from "../../support/wait.js";

/**
 * The pieces of a production cluster on loopback ports: HAProxy with the
 * repository's deploy/haproxy.cfg, `node dist/main.js` processes, and a Redis
 * the test owns (so it can restart it). PostgreSQL is the local server.
 */
export const ROOT = path.resolve(import.meta.dirname, "../../..");
export const HAPROXY_CONFIG = path.join(ROOT, "deploy/haproxy.cfg");
export const HAPROXY = process.env.SKRANKE_TEST_HAPROXY ?? "/usr/sbin/haproxy";
const DIST_MAIN = path.join(ROOT, "dist/main.js");
const BUILD_STAMP = path.join(ROOT, "dist/build.json");
/** What `npm run build` compiles into dist/ (scripts/ensure-build.mjs watches the same). */
const SOURCES = ["src", "dialogs", "web-widget/src", "agent-console/src"];

/** The newest modification time under a folder. */
function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((entry) => newest(path.join(p, entry))));
}

/** Why the cluster test cannot run here, or null. Throws where a missing piece must fail (CI). */
export async function clusterUnavailable(): Promise<string | null> {
  if (PRIMARY_PROVIDER !== "postgresql") {
    return "the cluster runs on PostgreSQL only: it runs in the PostgreSQL pass (SKRANKE_TEST_DATABASE=postgresql)";
  }
  const required = process.env.SKRANKE_REQUIRE_HAPROXY === "1";
  const missing: string[] = [];
  if (!existsSync(HAPROXY)) missing.push(`no HAProxy at ${HAPROXY} (apt-get install haproxy)`);
  if (!existsSync(DIST_MAIN)) missing.push("no dist/main.js (npm run build)");
  else if (
    !existsSync(BUILD_STAMP) ||
    SOURCES.some((s) => newest(path.join(ROOT, s)) > statSync(BUILD_STAMP).mtimeMs)
  ) {
    missing.push("dist/ is older than the sources (npm run build)");
  }
  if (missing.length > 0) {
    const why = missing.join("; ");
    if (required) throw new Error(`${why}, and SKRANKE_REQUIRE_HAPROXY=1 makes that a failure`);
    return `${why}. Set SKRANKE_REQUIRE_HAPROXY=1 to make this a failure`;
  }
  if (spawnSync("redis-server", ["--version"]).status !== 0) {
    const why = "no redis-server to start a Redis of the test's own";
    if (process.env.SKRANKE_REQUIRE_REDIS === "1")
      throw new Error(`${why}, and SKRANKE_REQUIRE_REDIS=1 makes that a failure`);
    return why;
  }
  if (await shouldSkip("postgresql")) return "PostgreSQL is unreachable";
  return null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves when `child` has exited (at once when it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Waits until `check` holds, polling; the message says what never happened. */
export async function until(
  what: string | (() => string),
  check: () => boolean | Promise<boolean>,
  ms = WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A Redis server of the test's own, nothing on disk; restartable on the same port. */
export class OwnRedis {
  private child: ChildProcess | undefined;
  private out = "";

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.startProcess();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  output(): string {
    return this.out;
  }

  private async startProcess(): Promise<void> {
    const child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", os.tmpdir()],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.child = child;
    let seen = "";
    child.stdout?.on("data", (d) => {
      seen += String(d);
      this.out += String(d);
    });
    child.stderr?.on("data", (d) => {
      this.out += String(d);
    });
    await until(
      () => `Redis on port ${this.port} ready:\n${this.out}`,
      () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited:\n${this.out}`);
        return seen.includes("Ready to accept connections");
      },
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill("SIGTERM");
    await exited(child);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.startProcess();
  }

  /** After a scenario that failed half-way through an outage. */
  async ensureRunning(): Promise<void> {
    if (!this.child) await this.startProcess();
  }
}

export type ServerName = "s1" | "s2" | "s3";
export const SERVERS: ServerName[] = ["s1", "s2", "s3"];

/** `node dist/main.js` on a fixed port (the proxy's configuration names it), restartable. */
export class Node {
  process: ServerProcess | undefined;

  constructor(
    readonly name: ServerName,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = await spawnServer({ ...this.env, PORT: String(this.port) }, FROM_DIST);
  }

  output(): string {
    return this.process?.output() ?? "";
  }

  /**
   * SIGTERM, as an orchestrator's rolling restart sends it; resolves when the process has exited.
   * One still running 30 s later is killed, and that is an error.
   */
  async stop(): Promise<void> {
    const server = this.process;
    if (!server) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), 30_000);
    });
    const outcome = await Promise.race([server.stop(), late]);
    clearTimeout(timer);
    if (outcome === "late") {
      await this.kill();
      throw new Error(`${this.name} did not stop within 30 s of SIGTERM:\n${server.output().slice(-2000)}`);
    }
  }

  /** kill -9: no shutdown at all. */
  async kill(): Promise<void> {
    const child = this.process?.child;
    if (!child) return;
    child.kill("SIGKILL");
    await exited(child);
  }
}

/** HAProxy in the foreground with deploy/haproxy.cfg, its addresses from the environment. */
export class Haproxy {
  private out = "";

  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly socketPath: string,
    private readonly dir: string,
  ) {}

  static async start(backends: Array<{ name: ServerName; port: number }>): Promise<Haproxy> {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), "skranke-haproxy-"));
    const socketPath = path.join(dir, "admin.sock");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      LB_BIND: `127.0.0.1:${port}`,
      LB_CHECK_INTER: "500ms",
      LB_STATS_SOCKET: socketPath,
    };
    for (const b of backends) env[`SKRANKE_${b.name.slice(1)}`] = `127.0.0.1:${b.port}`;
    const child = spawn(HAPROXY, ["-db", "-f", HAPROXY_CONFIG], { env, stdio: ["ignore", "pipe", "pipe"] });
    const proxy = new Haproxy(port, child, socketPath, dir);
    child.stdout?.on("data", (d) => {
      proxy.out += String(d);
    });
    child.stderr?.on("data", (d) => {
      proxy.out += String(d);
    });
    await until(
      () => `HAProxy started:\n${proxy.out}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}:\n${proxy.out}`);
        return existsSync(socketPath) && (await proxy.states()).size === backends.length;
      },
    );
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  output(): string {
    return this.out;
  }

  /** Each server's state as HAProxy's health checks see it (`show stat`): UP, DOWN, … */
  async states(): Promise<Map<string, string>> {
    const csv = await this.command("show stat");
    const lines = csv.split("\n").filter((l) => l && !l.startsWith("#"));
    const states = new Map<string, string>();
    for (const line of lines) {
      const f = line.split(",");
      if (f[0] === "skranke" && f[1] && f[1] !== "BACKEND" && f[1] !== "FRONTEND") states.set(f[1], f[17] ?? "");
    }
    return states;
  }

  async waitFor(server: ServerName, state: "UP" | "DOWN", ms = WAIT_MS): Promise<void> {
    await until(
      `HAProxy sees ${server} ${state}`,
      async () => (await this.states()).get(server)?.startsWith(state) ?? false,
      ms,
    );
  }

  private command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.socketPath);
      let data = "";
      socket.on("data", (d) => {
        data += String(d);
      });
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
      socket.write(`${line}\n`);
    });
  }

  async stop(): Promise<void> {
    this.child.kill("SIGTERM");
    await exited(this.child);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The cookie that pins a client to one process through the proxy (deploy/haproxy.cfg). */
export function pinnedTo(server: ServerName): Record<string, string> {
  return { cookie: `SKRANKE_SERVER=${server}` };
}

export interface ProxiedResponse {
  status: number;
  body: string;
  /** The process that answered, from the cookie the proxy set (or the one the request carried). */
  server: string | undefined;
}

/**
 * An HTTP request through the proxy from a loopback address of choice
 * (127.0.0.2, …): the proxy puts that address into X-Forwarded-For, and the
 * processes (TRUST_PROXY=1) count limits by it.
 */
export function request(
  url: string,
  options: { method?: string; path: string; body?: unknown; from?: string; headers?: Record<string, string> },
): Promise<ProxiedResponse> {
  const target = new URL(options.path, url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        method: options.method ?? (body ? "POST" : "GET"),
        localAddress: options.from,
        agent: false,
        headers: { ...(body ? { "content-type": "application/json" } : {}), ...options.headers },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => {
          text += String(d);
        });
        res.on("end", () => {
          const set = [res.headers["set-cookie"] ?? []].flat().join(";");
          const sent = options.headers?.cookie ?? "";
          const server = /SKRANKE_SERVER=(s\d)/.exec(set)?.[1] ?? /SKRANKE_SERVER=(s\d)/.exec(sent)?.[1];
          resolve({ status: res.statusCode ?? 0, body: text, server });
        });
      },
    );
    req.setTimeout(WAIT_MS, () => req.destroy(new Error(`no answer to ${target.pathname} within ${WAIT_MS} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}
