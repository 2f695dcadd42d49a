import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The processes under load: Skranke as `npm start` runs it, or the bare
 * Socket.IO echo server, each its own child process on a free loopback port,
 * with CPU time and resident memory read from /proc (Linux), so the load
 * generator's own work is never counted.
 */
export const ROOT = path.resolve(import.meta.dirname, "../..");
const CLOCK_TICKS_PER_SECOND = 100;

export interface MeasuredProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** User + system CPU seconds used so far. */
  cpuSeconds(): number;
  /** Resident set size in bytes now. */
  rssBytes(): number;
  output(): string;
  stop(): Promise<void>;
}

function procStat(pid: number): { cpu: number; rss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpu: (utime + stime) / CLOCK_TICKS_PER_SECOND, rss: rssKb * 1024 };
}

export async function startProcess(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  startTimeoutMs = 120_000,
  options: { ipc?: boolean } = {},
): Promise<MeasuredProcess> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: options.ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (d: Buffer) => {
    out += String(d);
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}`)), startTimeoutMs);
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
      reject(new Error(`${name} exited with ${code}:\n${out}`));
    });
  });
  const pid = child.pid as number;
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    child,
    cpuSeconds: () => procStat(pid).cpu,
    rssBytes: () => procStat(pid).rss,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** Generous limits: the benchmark measures throughput, not the rate limiter. */
export const UNLIMITED = {
  SKRANKE_LIMIT_MESSAGES: "999999/1",
  SKRANKE_LIMIT_WRITES: "999999/1",
  SKRANKE_LIMIT_NEW_CUSTOMERS: "999999/1",
  SKRANKE_LIMIT_STAFF_WRITES: "999999/1",
  SKRANKE_LIMIT_LOGINS: "999999/1",
};

let built = false;

/**
 * Skranke as `npm start` runs it: `node dist/main.js`, with dist/ built first
 * when it is missing or older than the sources (scripts/ensure-build.mjs, as
 * `prestart` does). SKRANKE_BENCH_ENTRY names another entry (a `.ts` one runs
 * through tsx, whose compiler adds about 70 MB of resident memory and some
 * CPU: compare like with like). `nodeArgs` such as --cpu-prof go to its node.
 */
export function startSkranke(
  name: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
  options: { ipc?: boolean } = {},
): Promise<MeasuredProcess> {
  const entry = process.env.SKRANKE_BENCH_ENTRY ?? "dist/main.js";
  if (!process.env.SKRANKE_BENCH_ENTRY && !built) {
    const build = spawnSync(process.execPath, ["scripts/ensure-build.mjs"], { cwd: ROOT, stdio: "inherit" });
    if (build.status !== 0) throw new Error("could not build dist/ (scripts/ensure-build.mjs)");
    built = true;
  }
  const args = [
    ...nodeArgs,
    ...(entry.endsWith(".ts")
      ? ["--import", "tsx", entry]
      : ["--enable-source-maps", "--disable-warning=DEP0111", entry]),
  ];
  return startProcess(name, args, { NODE_ENV: "production", ...UNLIMITED, ...env }, 120_000, options);
}

export function startEcho(nodeArgs: string[] = [], options: { ipc?: boolean } = {}): Promise<MeasuredProcess> {
  return startProcess("echo", [...nodeArgs, "--import", "tsx", "bench/live/echo-server.ts"], {}, 120_000, options);
}
