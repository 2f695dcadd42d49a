import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIG_VARIABLES, loadConfig } from "../../src/config/config.js";

/**
 * The deployment files cannot be run here (no Docker daemon), so they are
 * checked against what they describe: the compose services' settings are
 * ones the server accepts and valid, the Dockerfile runs the package's own
 * scripts (the ones CI runs) and starts the server as `npm start` does, and
 * HAProxy accepts deploy/haproxy.cfg.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
const HAPROXY = process.env.SKRANKE_TEST_HAPROXY ?? "/usr/sbin/haproxy";

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(read("compose.yaml"), { merge: true }) as { services: Record<string, ComposeService> };
const skrankeServices = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

/** `${NAME:-default}` as compose substitutes it with nothing set in the shell. */
function substituted(value: string): string {
  return value.replace(/\$\{[A-Z0-9_]+(?::?-([^}]*))?\}/g, (_m, fallback: string | undefined) => fallback ?? "");
}

/** A service's environment as its process gets it. */
function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, substituted(String(v))]));
}

/** The Dockerfile's instructions, continuation lines joined. */
const instructions = read("Dockerfile")
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"))
  .map((l) => {
    const [keyword = "", ...rest] = l.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
  });

describe("compose.yaml", () => {
  it("runs PostgreSQL, Redis, two Skranke processes from this Dockerfile and HAProxy with deploy/haproxy.cfg", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["haproxy", "postgres", "redis", "skranke-1", "skranke-2"]);
    expect(skrankeServices.map(([name]) => name)).toEqual(["skranke-1", "skranke-2"]);
    const haproxy = compose.services.haproxy as ComposeService;
    expect(haproxy.image).toMatch(/^haproxy:2\.6/);
    const mount = haproxy.volumes?.find((v) => v.includes("haproxy.cfg"));
    expect(mount?.split(":")[0]).toBe("./deploy/haproxy.cfg");
    expect(existsSync(path.join(ROOT, "deploy/haproxy.cfg"))).toBe(true);
  });

  it("gives the Skranke processes only settings the server knows, and valid ones for a cluster", () => {
    for (const [name, service] of skrankeServices) {
      const env = environmentOf(service);
      const unknown = Object.keys(env).filter((k) => !CONFIG_VARIABLES.includes(k));
      expect(unknown, `${name} sets variables config.ts does not read`).toEqual([]);
      const config = loadConfig(env);
      expect(config.database.provider).toBe("postgresql");
      expect(config.redis?.url).toMatch(/^redis:\/\/redis:/);
      expect(config.trustProxy).not.toEqual(loadConfig({}).trustProxy);
      expect(service.depends_on).toMatchObject({
        postgres: { condition: "service_healthy" },
        redis: { condition: "service_healthy" },
      });
    }
  });

  it("points HAProxy at every Skranke process on the port it listens on", () => {
    const env = (compose.services.haproxy as ComposeService).environment ?? {};
    const backends = Object.entries(env).filter(([k]) => /^SKRANKE_\d$/.test(k));
    expect(backends.map(([, v]) => v).sort()).toEqual(
      skrankeServices.map(([name, s]) => `${name}:${loadConfig(environmentOf(s)).port}`).sort(),
    );
  });
});

describe("Dockerfile", () => {
  it("builds on node:20-bookworm-slim with the package's own scripts, as CI does", () => {
    const from = instructions.filter((i) => i.keyword === "FROM" || i.keyword === "ARG");
    expect(from.some((i) => i.args.includes("node:20-bookworm-slim"))).toBe(true);
    const runs = instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
    const npmRuns = runs.flatMap((r) => [...r.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]));
    expect(npmRuns).toContain("build");
    for (const s of npmRuns) expect(Object.keys(scripts), `npm run ${s}`).toContain(s);
    expect(runs.some((r) => /npm ci(?! --omit)/.test(r))).toBe(true);
    expect(runs.some((r) => r.includes("npm ci --omit=dev"))).toBe(true);
    // CI runs the same install and build.
    const ci = read(".ci/run");
    expect(ci).toMatch(/npm ci\b/);
    expect(ci).toMatch(/npm run (--silent )?build/);
  });

  it("starts the server as `npm start` does, as a non-root user, with a health check on /readyz", () => {
    const cmd = instructions.findLast((i) => i.keyword === "CMD");
    expect((JSON.parse(cmd?.args ?? "[]") as string[]).join(" ")).toBe(scripts.start);
    expect(instructions.findLast((i) => i.keyword === "USER")?.args).toBe("node");
    expect(instructions.find((i) => i.keyword === "HEALTHCHECK")?.args).toContain("/readyz");
    expect(instructions.find((i) => i.keyword === "EXPOSE")?.args).toBe(String(loadConfig({}).port));
  });

  it("leaves local files out of the image", () => {
    const ignored = read(".dockerignore").split("\n");
    for (const p of ["node_modules", "dist", "data", ".env", "src/storage/generated"]) expect(ignored).toContain(p);
  });
});

describe.skipIf(!existsSync(HAPROXY) && process.env.SKRANKE_REQUIRE_HAPROXY !== "1")("deploy/haproxy.cfg", () => {
  const check = (env: Record<string, string>) =>
    spawnSync(HAPROXY, ["-c", "-f", path.join(ROOT, "deploy/haproxy.cfg")], {
      env: { PATH: process.env.PATH ?? "", ...env },
      encoding: "utf8",
    });

  it("is valid for two and for three processes, and refuses to start without their addresses", () => {
    expect(existsSync(HAPROXY), `no HAProxy at ${HAPROXY}`).toBe(true);
    const two = check({ SKRANKE_1: "127.0.0.1:3001", SKRANKE_2: "127.0.0.1:3002" });
    expect(two.status, two.stderr).toBe(0);
    const three = check({
      SKRANKE_1: "127.0.0.1:3001",
      SKRANKE_2: "127.0.0.1:3002",
      SKRANKE_3: "127.0.0.1:3003",
      LB_STATS_SOCKET: "/tmp/skranke-haproxy-check.sock",
    });
    expect(three.status, three.stderr).toBe(0);
    expect(check({}).status).not.toBe(0);
  });

  it("checks /readyz, keeps long-polling sticky, lets WebSockets through and forwards the client address", () => {
    const cfg = read("deploy/haproxy.cfg");
    expect(cfg).toMatch(/http-check send meth GET uri \/readyz/);
    expect(cfg).toMatch(/^\s*balance source/m);
    expect(cfg).toMatch(/^\s*cookie SKRANKE_SERVER insert/m);
    expect(cfg).toMatch(/^\s*timeout tunnel/m);
    expect(cfg).toMatch(/^\s*option forwardfor/m);
  });
});
if (!existsSync(HAPROXY) && process.env.SKRANKE_REQUIRE_HAPROXY !== "1") {
  console.warn(
    `Skipping the HAProxy config check: no HAProxy at ${HAPROXY}. Set SKRANKE_REQUIRE_HAPROXY=1 to make this a failure.`,
  );
}
