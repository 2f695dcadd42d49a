/**
 * Purge benchmark: `npm run bench -- purge [--conversations N] [--provider sqlite|postgresql]
 *   [--messages-per-conversation 10] [--live-rate 50] [--site server|separate-process] [--only batched|floor]
 *   [--target-ms N] [--pause-ms N] [--max-batch N] [--checkpoint on|off]
 *   [--ids time-ordered|random]` (tuning flags override the defaults in src/core/retention/purge-tuning.ts)
 *
 * Generates N expired conversations (with messages, some feedback, some
 * legal holds) plus live conversations, then (1) runs the batched purge
 * (PurgeRunner) while live chat messages are stored at a fixed rate, and
 * (2) on freshly generated identical data runs one unbatched DELETE of the
 * same rows (the floor) under the same live load. `--site server` (the
 * default) runs purge and live chat in one process on one connection, as a
 * purge started from the compliance page, the API or the daily schedule
 * does; `--site separate-process` sends the live chat from a child process,
 * as a server does while `npm run purge` runs beside it. Prints rows per
 * second and live-chat latency for both phases. Results are appended to
 * bench/out/purge-results.jsonl.
 */
import { fork } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { PURGE_DATABASE_OPTIONS } from "../src/cli/cli-context.js";
import type { DatabaseConfig } from "../src/config/config.js";
import { systemClock } from "../src/core/clock.js";
import { cliActor } from "../src/core/retention/compliance-actor.js";
import { createComplianceServices } from "../src/core/retention/compliance-services.js";
import type { PurgeSite, PurgeTuning } from "../src/core/retention/purge-tuning.js";
import { openDatabase } from "../src/storage/database.js";
import { SqlParams } from "../src/storage/raw-sql.js";
import { createRepositories } from "../src/storage/repositories/index.js";
import { conversationEligible } from "../src/storage/repositories/purge-eligibility.js";
import { type LiveChatLoad, type LiveChatMeasurement, startLiveChatLoad } from "./live-chat.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(here, "out");
const PG_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const LIVE_CONVERSATIONS = 200;
const HOLD_EVERY = 1000;
const FEEDBACK_EVERY = 50;
const HUMAN_EVERY = 10;

interface Options {
  provider: "sqlite" | "postgresql";
  conversations: number;
  perConversation: number;
  liveRate: number;
  only: "batched" | "floor" | null;
  /** Where the purge runs: in the server beside its live chat, or in a process of its own (the CLI) beside a server. */
  site: PurgeSite;
  tuning: Partial<PurgeTuning>;
  /** Conversation ids: time-ordered UUIDv7 as the product makes them, or random UUIDv4 (databases from before). */
  ids: "time-ordered" | "random";
}

interface PhaseResult {
  phase: "batched" | "floor";
  seconds: number;
  conversations: number;
  messages: number;
  conversationsPerSecond: number;
  rowsPerSecond: number;
  live: { requests: number; errors: number; p50: number; p99: number; max: number; errorSamples?: string[] };
  /** Batched phase: how many batches, and the time spent scanning for and deleting them (the rest is pauses and bookkeeping). */
  batched?: { batches: number | undefined; scanSeconds: number; deleteSeconds: number; checkpointSeconds: number };
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      conversations: { type: "string", default: "1000000" },
      provider: { type: "string", default: "sqlite" },
      "messages-per-conversation": { type: "string", default: "10" },
      "live-rate": { type: "string", default: "50" },
      only: { type: "string" },
      "target-ms": { type: "string" },
      "pause-ms": { type: "string" },
      "max-batch": { type: "string" },
      checkpoint: { type: "string" },
      site: { type: "string", default: "server" },
      ids: { type: "string", default: "time-ordered" },
    },
  });
  const opts: Options = {
    provider: oneOf("--provider", values.provider, ["sqlite", "postgresql"] as const),
    conversations: whole("--conversations", values.conversations, 1),
    perConversation: whole("--messages-per-conversation", values["messages-per-conversation"], 1),
    liveRate: whole("--live-rate", values["live-rate"], 1),
    only: values.only === undefined ? null : oneOf("--only", values.only, ["batched", "floor"] as const),
    site: oneOf("--site", values.site, ["server", "separate-process"] as const),
    ids: oneOf("--ids", values.ids, ["time-ordered", "random"] as const),
    tuning: {
      ...(values["target-ms"] !== undefined ? { targetBatchMs: whole("--target-ms", values["target-ms"], 1) } : {}),
      ...(values["pause-ms"] !== undefined ? { pauseMs: whole("--pause-ms", values["pause-ms"], 0) } : {}),
      ...(values["max-batch"] !== undefined ? { maxBatch: whole("--max-batch", values["max-batch"], 1) } : {}),
      ...(values.checkpoint !== undefined
        ? { checkpoint: oneOf("--checkpoint", values.checkpoint, ["on", "off"] as const) === "on" }
        : {}),
    },
  };
  mkdirSync(OUT, { recursive: true });
  // A long run on a shared machine: say so if something signals it, rather than dying silently.
  for (const signal of ["SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => log(`received ${signal}; ignoring it so the measurement can finish (stop with Ctrl-C)`));
  }
  log(`purge benchmark: ${opts.conversations} conversations x ${opts.perConversation} messages on ${opts.provider}`);
  const results: PhaseResult[] = [];
  for (const phase of ["batched", "floor"] as const) {
    if (opts.only && opts.only !== phase) continue;
    const result = await runPhase(phase, opts);
    results.push(result);
    // Each phase is kept as soon as it is measured (a long run may be interrupted).
    appendFileSync(
      path.join(OUT, "purge-phases.jsonl"),
      `${JSON.stringify({ at: new Date().toISOString(), provider: opts.provider, generated: opts.conversations, site: opts.site, tuning: opts.tuning, ...result })}\n`,
    );
  }
  const batched = results.find((r) => r.phase === "batched");
  const floor = results.find((r) => r.phase === "floor");
  const summary = {
    at: new Date().toISOString(),
    provider: opts.provider,
    conversations: opts.conversations,
    messagesPerConversation: opts.perConversation,
    liveRate: opts.liveRate,
    site: opts.site,
    tuning: opts.tuning,
    results,
    throughputVsFloor: batched && floor ? round(batched.rowsPerSecond / floor.rowsPerSecond, 3) : null,
  };
  appendFileSync(path.join(OUT, "purge-results.jsonl"), `${JSON.stringify(summary)}\n`);
  console.log(JSON.stringify(summary, null, 2));
  console.log(
    "\n| provider | phase | conversations | messages | seconds | rows/s | conv/s | live p50 ms | live p99 ms | live max ms | live errors |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    console.log(
      `| ${opts.provider} | ${r.phase} | ${r.conversations} | ${r.messages} | ${r.seconds} | ${r.rowsPerSecond} | ${r.conversationsPerSecond} | ${r.live.p50} | ${r.live.p99} | ${r.live.max} | ${r.live.errors}/${r.live.requests} |`,
    );
  }
}

async function runPhase(phase: "batched" | "floor", opts: Options): Promise<PhaseResult> {
  const { config, cleanup } = freshConfig(opts.provider);
  try {
    const setup = await openDatabase(config, { migrate: true });
    await setup.close();
    const t = Date.now();
    const live = await generate(config, opts);
    log(`${phase}: generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    // In the server, its own connection (full durability) serves purge and live chat; in a process of
    // its own, the purge's connection is opened as `npm run purge` opens it and live chat has its own.
    const db = await openDatabase(
      config,
      opts.site === "server" ? { migrate: false, poolSize: 4 } : { ...PURGE_DATABASE_OPTIONS, migrate: false },
    );
    const worker =
      opts.site === "server"
        ? await startLiveChatLoad(createRepositories(db), live, opts.liveRate)
        : await startLiveChat(config, live, opts.liveRate);
    await sleep(2000); // baseline traffic before the purge starts
    const now = new Date();
    const t0 = performance.now();
    const window = { from: Date.now(), to: Number.POSITIVE_INFINITY };
    let conversations = 0;
    let messages = 0;
    let batches: number | undefined;
    const split = { scanMs: 0, deleteMs: 0, checkpointMs: 0 };
    if (phase === "batched") {
      const repos = createRepositories(db);
      timeMethod(repos.compliance.purge, "scanBatch", split, "scanMs");
      timeMethod(repos.compliance.purge, "deleteBatch", split, "deleteMs");
      timeMethod(repos.compliance.purge, "checkpoint", split, "checkpointMs");
      const services = createComplianceServices(repos, systemClock, opts.site, opts.tuning);
      const report = await services.purge.run({ dryRun: false, now, organisationSlug: null, actor: cliActor("bench") });
      if (report.status !== "completed") throw new Error(`purge failed: ${report.error}`);
      await settle(db, opts.provider);
      conversations = report.conversations;
      messages = report.messages;
      batches = report.batches;
    } else {
      const q = floorWhere(opts.provider, now);
      const counted = await db.prisma.$queryRawUnsafe<Array<{ n: unknown }>>(
        `SELECT COUNT(*) AS n FROM "Message" WHERE "conversationId" IN (SELECT c.id FROM "Conversation" c WHERE ${q.sql})`,
        ...q.values,
      );
      messages = Number(counted[0]?.n ?? 0);
      const t1 = performance.now();
      conversations = await db.prisma.$executeRawUnsafe(`DELETE FROM "Conversation" AS c WHERE ${q.sql}`, ...q.values);
      await settle(db, opts.provider);
      // The count above is not part of the floor's delete time.
      const countMs = t1 - t0;
      window.to = Date.now();
      return finish(
        phase,
        opts,
        performance.now() - t0 - countMs,
        conversations,
        messages,
        worker,
        window,
        db,
        cleanup,
      );
    }
    window.to = Date.now();
    return finish(phase, opts, performance.now() - t0, conversations, messages, worker, window, db, cleanup, {
      batches,
      scanSeconds: round(split.scanMs / 1000, 2),
      deleteSeconds: round(split.deleteMs / 1000, 2),
      checkpointSeconds: round(split.checkpointMs / 1000, 2),
    });
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function finish(
  phase: "batched" | "floor",
  opts: Options,
  ms: number,
  conversations: number,
  messages: number,
  worker: LiveChatLoad,
  window: { from: number; to: number },
  db: { close(): Promise<void>; prisma: import("../src/storage/database.js").Prisma },
  cleanup: () => Promise<void>,
  batched?: PhaseResult["batched"],
): Promise<PhaseResult> {
  await sleep(1000);
  const live = await worker.stop();
  // The raw series, for looking at when the slow requests happened.
  writeFileSync(
    path.join(OUT, `purge-live-${opts.provider}-${phase}.json`),
    JSON.stringify({ purgeFrom: window.from, purgeTo: window.to, latencies: live.latencies }),
  );
  const left = await db.prisma.conversation.count();
  const held = Math.floor(opts.conversations / HOLD_EVERY);
  if (left !== held + LIVE_CONVERSATIONS)
    throw new Error(`expected ${held + LIVE_CONVERSATIONS} conversations left, found ${left}`);
  await db.close();
  await cleanup();
  const seconds = ms / 1000;
  const inWindow = (due: number) => due >= window.from && due <= window.to;
  const result: PhaseResult = {
    phase,
    seconds: round(seconds, 2),
    conversations,
    messages,
    conversationsPerSecond: Math.round(conversations / seconds),
    rowsPerSecond: Math.round((conversations + messages) / seconds),
    live: {
      ...summarise(
        live.latencies.filter(([due]) => inWindow(due)).map(([, ms]) => ms),
        live.failed.filter(inWindow).length,
      ),
      ...(live.errorSamples.length ? { errorSamples: live.errorSamples } : {}),
    },
    ...(batched ? { batched } : {}),
  };
  log(`${phase}: ${JSON.stringify(result)}`);
  return result;
}

/** Both phases end with the deleted pages written back to the database file (SQLite's WAL checkpointed). */
async function settle(db: { prisma: import("../src/storage/database.js").Prisma }, provider: "sqlite" | "postgresql") {
  if (provider === "sqlite") await db.prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
}

/** The floor deletes exactly the rows the purge does, with the purge's own condition (expired, current policy, not held). */
function floorWhere(provider: "sqlite" | "postgresql", now: Date): { sql: string; values: unknown[] } {
  const p = new SqlParams(provider);
  const sql = conversationEligible(p, { kind: "expired", now, organisationId: null });
  return { sql, values: p.values };
}

// --- data generation ----------------------------------------------------------

interface Row {
  conversation: unknown[];
  messages: unknown[][];
}

/**
 * A conversation id as the product makes them (UUIDv7, Prisma's `uuid(7)`):
 * the first 48 bits are the creation time in milliseconds, so ids, and the
 * message indexes keyed by them, follow the order conversations were made in.
 */
export function uuidV7At(ms: number): string {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((b[6] as number) & 0x0f);
  b[8] = 0x80 | ((b[8] as number) & 0x3f);
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function* rows(opts: Options, orgIds: string[]): Generator<Row> {
  const base = Date.UTC(2019, 0, 1);
  const span = Date.UTC(2020, 11, 31) - base;
  for (let i = 0; i < opts.conversations; i++) {
    const last = new Date(base + Math.floor((span * i) / opts.conversations));
    const human = i % HUMAN_EVERY === 0;
    const expires = new Date(last.getTime() + (human ? 5 * 365 : 365) * 86_400_000);
    const start = new Date(last.getTime() - opts.perConversation * 15_000);
    const id = opts.ids === "random" ? randomUUID() : uuidV7At(start.getTime());
    const messages: unknown[][] = [];
    for (let j = 0; j < opts.perConversation; j++) {
      const lastOne = j === opts.perConversation - 1;
      const role = human && lastOne ? "agent" : j % 2 === 0 ? "customer" : "bot";
      messages.push([
        id,
        role,
        role === "customer"
          ? `Hei, jeg lurer på noe om fakturaen min nummer ${i}-${j}, kan dere hjelpe?`
          : `Takk for spørsmålet. Her er svaret på det du lurte på (${j}).`,
        role === "bot" ? '{"action":"answer","confidence":0.82,"sources":["faktura.forfall"]}' : null,
        lastOne ? last : new Date(start.getTime() + j * 15_000),
      ]);
    }
    yield {
      conversation: [id, orgIds[i % orgIds.length], human ? "human_involved" : "bot_only", human, start, last, expires],
      messages,
    };
  }
}

export async function generate(config: DatabaseConfig, opts: Options): Promise<string[]> {
  const db = await openDatabase(config, { migrate: false });
  const orgs = await createRepositories(db).organisations.sync([
    { slug: "ror-ikt", name: "ROR-IKT", defaultLanguage: "nb", privacyUrl: null },
    { slug: "fjellkommune", name: "Fjellkommune", defaultLanguage: "nb", privacyUrl: null },
  ]);
  const orgIds = orgs.map((o) => o.id);
  const live: string[] = [];
  const repos = createRepositories(db);
  for (let i = 0; i < LIVE_CONVERSATIONS; i++) {
    const c = await repos.conversations.create(
      { organisationId: orgIds[i % 2] as string, channel: "widget" },
      new Date(),
    );
    live.push(c.id);
  }
  await db.close();
  if (config.provider === "sqlite") generateSqlite(config.file, opts, orgIds);
  else await generatePostgres(config.url, opts, orgIds);
  return live;
}

const SQLITE_TS = (d: Date) => d.toISOString().replace("Z", "+00:00");

function generateSqlite(file: string, opts: Options, orgIds: string[]): void {
  const sq = new Sqlite(file);
  sq.pragma("journal_mode = WAL");
  const conv = sq.prepare(
    `INSERT INTO "Conversation" (id, "organisationId", channel, status, "humanInvolved", language, "startedAt", "lastActivityAt",
      "retentionClass", "retentionExpiresAt", "retentionPolicyVersion")
     VALUES (?, ?, 'widget', 'closed', ?, 'nb', ?, ?, ?, ?, 1)`,
  );
  const msg = sq.prepare(
    `INSERT INTO "Message" ("conversationId", role, text, metadata, "createdAt") VALUES (?, ?, ?, ?, ?)`,
  );
  const chunk = sq.transaction((batch: Row[]) => {
    for (const r of batch) {
      const [id, org, cls, human, start, last, expires] = r.conversation as [
        string,
        string,
        string,
        boolean,
        Date,
        Date,
        Date,
      ];
      conv.run(id, org, human ? 1 : 0, SQLITE_TS(start), SQLITE_TS(last), cls, SQLITE_TS(expires));
      for (const m of r.messages) msg.run(m[0], m[1], m[2], m[3], SQLITE_TS(m[4] as Date));
    }
  });
  let batch: Row[] = [];
  let n = 0;
  for (const r of rows(opts, orgIds)) {
    batch.push(r);
    if (batch.length === 10_000) {
      chunk(batch);
      n += batch.length;
      batch = [];
      if (n % 200_000 === 0) log(`  generated ${n} conversations`);
    }
  }
  if (batch.length) chunk(batch);
  sq.exec(extrasSql("sqlite"));
  sq.exec("ANALYZE");
  sq.pragma("wal_checkpoint(TRUNCATE)");
  sq.close();
}

async function generatePostgres(url: string, opts: Options, orgIds: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const schema = new URL(url).searchParams.get("schema");
  if (schema) await client.query(`SET search_path TO "${schema}"`);
  let batch: Row[] = [];
  let n = 0;
  const flush = async () => {
    const c = batch.map((r) => r.conversation);
    await client.query(
      `INSERT INTO "Conversation" (id, "organisationId", channel, status, "humanInvolved", language, "startedAt", "lastActivityAt",
         "retentionClass", "retentionExpiresAt", "retentionPolicyVersion")
       SELECT id, org, 'widget', 'closed', human, 'nb', st, la, cls::"RetentionClass", ex, 1
       FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
         AS t(id, org, cls, human, st, la, ex)`,
      [0, 1, 2, 3, 4, 5, 6].map((k) => c.map((row) => row[k])),
    );
    const m = batch.flatMap((r) => r.messages);
    await client.query(
      `INSERT INTO "Message" ("conversationId", role, text, metadata, "createdAt")
       SELECT cid, role::"MessageRole", text, meta::jsonb, at AT TIME ZONE 'UTC'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS t(cid, role, text, meta, at)`,
      [0, 1, 2, 3, 4].map((k) => m.map((row) => row[k])),
    );
    n += batch.length;
    batch = [];
    if (n % 200_000 === 0) log(`  generated ${n} conversations`);
  };
  await client.query("SET TIME ZONE 'UTC'");
  for (const r of rows(opts, orgIds)) {
    batch.push(r);
    if (batch.length === 5_000) await flush();
  }
  if (batch.length) await flush();
  await client.query(extrasSql("postgresql"));
  await client.query("VACUUM ANALYZE");
  // Write the loaded pages out now, so the checkpoint the load triggered does not run into the measurement.
  await client.query("CHECKPOINT");
  await client.end();
}

/** Feedback on every 50th conversation, a legal hold on every 1000th (held rows must survive). */
function extrasSql(provider: "sqlite" | "postgresql"): string {
  const rank =
    provider === "sqlite"
      ? `(SELECT id, "organisationId", ROW_NUMBER() OVER (ORDER BY "lastActivityAt", id) AS rn FROM "Conversation" WHERE channel = 'widget' AND status = 'closed')`
      : `(SELECT id, "organisationId", ROW_NUMBER() OVER (ORDER BY "lastActivityAt", id) AS rn FROM "Conversation" WHERE channel = 'widget' AND status = 'closed')`;
  const uuid = provider === "sqlite" ? "lower(hex(randomblob(16)))" : "md5(random()::text || r.id)";
  const now = provider === "sqlite" ? "strftime('%Y-%m-%dT%H:%M:%S.000+00:00','now')" : "now()";
  return `
    INSERT INTO "Feedback" (id, "conversationId", "messageId", helpful, comment, "createdAt")
      SELECT ${uuid}, r.id, (SELECT MIN(m.id) FROM "Message" m WHERE m."conversationId" = r.id), false, 'ikke nyttig', ${now}
      FROM ${rank} r WHERE r.rn % ${FEEDBACK_EVERY} = 0;
    INSERT INTO "LegalHold" (id, "organisationId", "conversationId", reason, "placedById", "placedAt")
      SELECT ${uuid}, r."organisationId", r.id, 'benchmark hold', 'bench', ${now}
      FROM ${rank} r WHERE r.rn % ${HOLD_EVERY} = 0;`;
}

// --- live chat ------------------------------------------------------------------

async function startLiveChat(config: DatabaseConfig, conversationIds: string[], rateHz: number): Promise<LiveChatLoad> {
  const child = fork(path.join(here, "live-chat-worker.ts"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let last: LiveChatMeasurement = { latencies: [], failed: [], errorSamples: [] };
  let final: ((r: typeof last) => void) | null = null;
  let exited: string | null = null;
  child.on("message", (m: { type: string } & Partial<LiveChatMeasurement>) => {
    if (m.type === "progress" || m.type === "latencies")
      last = { latencies: m.latencies ?? [], failed: m.failed ?? [], errorSamples: m.errorSamples ?? [] };
    if (m.type === "latencies") final?.(last);
  });
  child.on("exit", (code, signal) => {
    exited = `code ${code}, signal ${signal}`;
    if (!final) log(`live-chat worker exited early (${exited}); keeping the latencies it reported`);
    final?.(last);
  });
  child.on("error", (err) => log(`live-chat worker: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    child.once("exit", () => reject(new Error(`live-chat worker exited before it was ready (${exited})`)));
    child.on("message", (m: { type: string }) => {
      if (m.type === "ready") resolve();
    });
    child.send({ config, conversationIds, rateHz });
  });
  return {
    snapshot: () => last,
    stop: () =>
      new Promise((resolve) => {
        // A timer keeps this process alive while it waits (and gives up on a dead or stuck worker).
        const give = setTimeout(() => {
          log("live-chat worker did not answer within 60 s; using the latencies it reported");
          resolve(last);
        }, 60_000);
        final = (r) => {
          clearTimeout(give);
          resolve(r);
        };
        if (exited !== null) final(last);
        else child.send({ type: "stop" });
      }),
  };
}

function summarise(latencies: number[], errors: number) {
  const s = [...latencies].sort((a, b) => a - b);
  const q = (p: number) => round(s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0, 1);
  return { requests: s.length, errors, p50: q(0.5), p99: q(0.99), max: round(s[s.length - 1] ?? 0, 1) };
}

// --- helpers ----------------------------------------------------------------------

export function freshConfig(provider: "sqlite" | "postgresql"): {
  config: DatabaseConfig;
  cleanup: () => Promise<void>;
} {
  if (provider === "sqlite") {
    const file = path.join(OUT, `purge-${randomBytes(4).toString("hex")}.db`);
    return {
      config: { provider: "sqlite", file, url: `file:${file}` },
      cleanup: async () => {
        for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
      },
    };
  }
  const schema = `bench_${randomBytes(4).toString("hex")}`;
  const url = new URL(PG_URL);
  url.searchParams.set("schema", schema);
  return {
    config: { provider: "postgresql", url: url.toString() },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${flag} must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`);
}

function whole(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n < min)
    throw new Error(`${flag} must be a whole number >= ${min}`);
  return n;
}

/** Adds the time each call of `obj[name]` takes to `into[key]`. */
function timeMethod<T extends object, K extends keyof T & string>(
  obj: T,
  name: K,
  into: Record<string, number>,
  key: string,
): void {
  const original = obj[name] as unknown as (...args: unknown[]) => Promise<unknown>;
  (obj as Record<string, unknown>)[name] = async (...args: unknown[]) => {
    const t = performance.now();
    try {
      return await original.apply(obj, args);
    } finally {
      into[key] = (into[key] ?? 0) + performance.now() - t;
    }
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function log(msg: string): void {
  process.stderr.write(`[${new Date().toISOString()}] ${msg}\n`);
}
