import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { freshDatabase } from "./live/fresh-database.js";
import { type HandoffResult, runHandoffLatency } from "./live/handoff-latency.js";
import { type IdleResult, runIdleConnections } from "./live/idle-connections.js";
import { type MeasuredProcess, ROOT, startEcho, startSkranke } from "./live/processes.js";
import { round } from "./live/stats.js";
import { runTurnLoad, type TurnLoadResult } from "./live/turn-load.js";

/**
 * `npm run bench -- live`: Skranke under real-time load, beside a bare
 * Socket.IO echo server measured in the same run (the floor).
 *
 *   --phases turns,idle,handoff   which measurements (default: all three)
 *   --rates 50,100,200,400,800    bot turns per second for the curve
 *   --seconds 10                  length of each step of the curve
 *   --db sqlite|postgresql        Skranke's database (a fresh one per run)
 *   --processes 1|2               two processes share the load over Redis
 *   --idle 10000                  idle widget connections
 *   --idle-concurrency 200        of which connecting at once
 *   --waiting 1000                customers waiting for a person in the handoff run
 *   --log-level info              Skranke's LOG_LEVEL (production default: info)
 *
 * Loopback only. Raw series go to bench/out/live-<time>.json; the table is
 * printed for bench/RESULTS.md.
 */
const PER_SOCKET_HZ = 0.5;
const REPLY_TIMEOUT_MS = 10_000;

function flags(args: string[]) {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      phases: { type: "string", default: "turns,idle,handoff" },
      rates: { type: "string", default: "50,100,200,400,800" },
      seconds: { type: "string", default: "10" },
      db: { type: "string", default: "sqlite" },
      processes: { type: "string", default: "1" },
      idle: { type: "string", default: "10000" },
      "idle-concurrency": { type: "string", default: "200" },
      waiting: { type: "string", default: "1000" },
      "handoff-rate": { type: "string", default: "50" },
      "log-level": { type: "string", default: "info" },
    },
  });
  const positive = (name: string, v: string, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}`);
    return n;
  };
  const phases = values.phases.split(",").map((p) => p.trim());
  for (const p of phases) if (!["turns", "idle", "handoff"].includes(p)) throw new Error(`unknown phase ${p}`);
  if (values.db !== "sqlite" && values.db !== "postgresql") throw new Error("--db must be sqlite or postgresql");
  const processes = positive("processes", values.processes, 4);
  return {
    phases,
    rates: values.rates.split(",").map((r) => positive("rates", r.trim(), 5000)),
    seconds: positive("seconds", values.seconds, 600),
    db: values.db as "sqlite" | "postgresql",
    processes,
    idle: positive("idle", values.idle, 50_000),
    idleConcurrency: positive("idle-concurrency", values["idle-concurrency"], 2000),
    waiting: positive("waiting", values.waiting, 10_000),
    handoffRate: positive("handoff-rate", values["handoff-rate"], 1000),
    logLevel: values["log-level"],
  };
}

async function withSkranke<T>(
  options: ReturnType<typeof flags>,
  run: (servers: MeasuredProcess[], env: NodeJS.ProcessEnv) => Promise<T>,
): Promise<T> {
  const db = await freshDatabase(options.db);
  const env: NodeJS.ProcessEnv = {
    ...db.env,
    LOG_LEVEL: options.logLevel,
    SKRANKE_PURGE_HOUR: "off",
    ...(options.processes > 1
      ? {
          REDIS_URL: process.env.SKRANKE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
          SKRANKE_REDIS_PREFIX: `bench-${randomBytes(4).toString("hex")}`,
        }
      : {}),
  };
  const servers: MeasuredProcess[] = [];
  try {
    // The first process migrates the database; the others start after it.
    servers.push(await startSkranke("skranke-1", env));
    for (let i = 2; i <= options.processes; i++) servers.push(await startSkranke(`skranke-${i}`, env));
    return await run(servers, env);
  } finally {
    for (const s of servers) await s.stop();
    await db.drop();
  }
}

const fmt = (n: number, d = 1) => String(round(n, d));

function turnRow(r: TurnLoadResult): string {
  return `| ${r.target} | ${r.rate} | ${r.sockets} | ${fmt(r.achievedPerSecond)} | ${r.errors} | ${fmt(r.latency.p50)} | ${fmt(r.latency.p99)} | ${fmt(r.latency.max, 0)} | ${fmt(r.latencyFirst.p99)} / ${fmt(r.latencyLater.p99)} | ${fmt(r.cpuPercent, 0)} % | ${fmt(r.cpuMsPerTurn, 2)} |`;
}

export async function main(args: string[]): Promise<void> {
  const options = flags(args);
  const started = new Date();
  const report: {
    options: typeof options;
    echo?: TurnLoadResult[];
    turns?: TurnLoadResult[];
    idle?: IdleResult[];
    handoff?: HandoffResult;
  } = { options };
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`# live benchmark ${started.toISOString()}: db=${options.db} processes=${options.processes}`);

  if (options.phases.includes("turns")) {
    const echo = await startEcho();
    report.echo = [];
    try {
      for (const rate of options.rates) {
        report.echo.push(
          await runTurnLoad([echo], {
            urls: [echo.url],
            rate,
            seconds: options.seconds,
            perSocketHz: PER_SOCKET_HZ,
            replyTimeoutMs: REPLY_TIMEOUT_MS,
          }),
        );
      }
    } finally {
      await echo.stop();
    }
    report.turns = [];
    await withSkranke(options, async (servers) => {
      for (const rate of options.rates) {
        const result = await runTurnLoad(servers, {
          urls: servers.map((s) => s.url),
          rate,
          seconds: options.seconds,
          perSocketHz: PER_SOCKET_HZ,
          replyTimeoutMs: REPLY_TIMEOUT_MS,
        });
        report.turns?.push(result);
        say(`  ${result.target} ${rate}/s: p99 ${fmt(result.latency.p99)} ms, ${result.errors} errors`);
      }
    });
    say("");
    say(
      "| server | offered turns/s | sockets | replies/s | errors | p50 ms | p99 ms | max ms | p99 ms: first message / the rest | CPU | CPU ms/turn |",
    );
    say("|---|---|---|---|---|---|---|---|---|---|---|");
    for (let i = 0; i < options.rates.length; i++) {
      const echoRow = report.echo[i];
      const turn = report.turns[i];
      if (echoRow) say(turnRow(echoRow));
      if (turn) say(turnRow(turn));
      if (echoRow && turn)
        say(
          `| ratio skranke/echo | | | | | ${fmt(turn.latency.p50 / echoRow.latency.p50)}× | ${fmt(turn.latency.p99 / echoRow.latency.p99)}× | | | | ${fmt(turn.cpuMsPerTurn / echoRow.cpuMsPerTurn)}× |`,
        );
    }
  }

  if (options.phases.includes("idle")) {
    const echo = await startEcho();
    report.idle = [];
    try {
      report.idle.push(await runIdleConnections(echo, options.idle, options.idleConcurrency));
    } finally {
      await echo.stop();
    }
    await withSkranke({ ...options, processes: 1 }, async ([server]) => {
      report.idle?.push(await runIdleConnections(server as MeasuredProcess, options.idle, options.idleConcurrency));
    });
    say("");
    say(
      `| server | idle connections | failed | RSS before MB | RSS after MB | KB per connection | connect p50 ms | connect p99 ms (${options.idleConcurrency} at once) |`,
    );
    say("|---|---|---|---|---|---|---|---|");
    for (const r of report.idle) {
      say(
        `| ${r.target} | ${r.connections} | ${r.failed} | ${fmt(r.rssBeforeMb, 0)} | ${fmt(r.rssAfterMb, 0)} | ${fmt(r.kbPerConnection)} | ${fmt(r.connect.p50)} | ${fmt(r.connect.p99)} |`,
      );
    }
  }

  if (options.phases.includes("handoff")) {
    await withSkranke({ ...options, processes: 1 }, async ([server], env) => {
      report.handoff = await runHandoffLatency(
        (server as MeasuredProcess).url,
        env,
        options.waiting,
        options.handoffRate,
      );
    });
    const h = report.handoff as HandoffResult;
    say("");
    say(
      "| customers waiting | queued | errors | request→agent update p50 ms | p99 ms | p99 ms, last tenth | bytes/update first | median | last |",
    );
    say("|---|---|---|---|---|---|---|---|---|");
    say(
      `| ${h.waiting} | ${h.queued} | ${h.errors} | ${fmt(h.latency.p50)} | ${fmt(h.latency.p99)} | ${fmt(h.latencyLongestQueue.p99)} | ${h.bytesPerUpdate.first} | ${h.bytesPerUpdate.median} | ${h.bytesPerUpdate.last} |`,
    );
  }

  const outDir = path.join(ROOT, "bench/out");
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `live-${started.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(report));
  say(`\nraw series: ${path.relative(ROOT, file)}`);
}
