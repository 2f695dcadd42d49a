/**
 * Reports benchmark: `npm run bench -- reports [--provider sqlite|postgresql] [--per-day 300]
 *   [--days 365] [--other-organisations 1] [--rounds 5]`
 *
 * Generates a busy organisation's year (by default 300 conversations a day,
 * 30 % handed to a person, a fallback on every 8th bot answer, ratings and
 * "was this helpful?" answers) plus other organisations of the same size,
 * then times the reports use case (ReportService.daily: every query and the
 * computation, JSON included) for the whole year and for the last 30 days.
 * The baseline ("before") is the computation as it was before migration
 * 20261203135625_report_covering_indexes, on the same data in the same run:
 * bench/reports-baseline/ (the old queries and computation), with that
 * migration's indexes replaced by the index it dropped and, on SQLite,
 * without memory-mapped reads. Both must give the
 * same report (checked here too; test/reports/report-equivalence.test.ts
 * checks it on generated data with known answers). Times are wall
 * clock and the process's CPU time (user + system): on a shared machine the
 * CPU time is the steadier of the two. Results are appended to bench/out/reports-results.jsonl.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Sqlite from "better-sqlite3";
import pg from "pg";
import type { DatabaseConfig } from "../src/config/config.js";
import type { Principal } from "../src/core/accounts/roles.js";
import { ReportService } from "../src/core/reports/report-service.js";
import { openDatabase } from "../src/storage/database.js";
import { createRepositories } from "../src/storage/repositories/index.js";
import { freshConfig, uuidV7At } from "./purge.js";
import { reportBefore } from "./reports-baseline/daily-report-before.js";
import { ReportRepositoryBefore } from "./reports-baseline/report-store-before.js";
import { seededRandom } from "./seeded-random.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(here, "out");
/** The indexes of migration 20261203135625_report_covering_indexes; the baseline runs without them. */
const NEW_INDEXES = ["Conversation_report_idx", "Message_agent_idx", "Message_turn_idx"];
/** The index that migration replaced, put back for the baseline. */
const OLD_INDEX = `CREATE INDEX "Conversation_organisationId_startedAt_idx" ON "Conversation"("organisationId", "startedAt")`;
const DAY_MS = 86_400_000;

interface Options {
  provider: "sqlite" | "postgresql";
  perDay: number;
  days: number;
  others: number;
  rounds: number;
}

export type Tables = {
  conversations: unknown[][];
  messages: unknown[][];
  handoffs: unknown[][];
  feedback: unknown[][];
};

const random = seededRandom;

const QUESTIONS = [
  "Når er dere åpne i påsken?",
  "Hvordan bytter jeg passord?",
  "Kan jeg få faktura på e-post ola@example.no?",
  "Ring meg på 912 34 567",
  "Hva koster parkering ved rådhuset?",
  "Jeg får ikke logget inn på skoleportalen",
];

function generateDay(
  org: string,
  dayStart: number,
  opts: Pick<Options, "perDay">,
  rnd: () => number,
  ids: { message: number },
): Tables {
  const t: Tables = { conversations: [], messages: [], handoffs: [], feedback: [] };
  // In start order, with time-ordered ids, as the product makes them (UUIDv7).
  const starts = Array.from({ length: opts.perDay }, () => dayStart + Math.floor(rnd() * (DAY_MS - 3_600_000))).sort(
    (a, b) => a - b,
  );
  for (const start of starts) {
    const id = uuidV7At(start);
    let at = start;
    const started = at;
    // One in five opens the widget and never writes: not counted as a conversation.
    if (rnd() < 0.2) {
      t.conversations.push([
        id,
        org,
        false,
        new Date(at),
        new Date(at),
        null,
        "bot_only",
        new Date(at + 400 * DAY_MS),
        null,
        null,
      ]);
      ids.message += 1;
      t.messages.push([ids.message, id, "bot", "Hei! Hva kan jeg hjelpe med?", '{"action":"welcome"}', new Date(at)]);
      continue;
    }
    const handoff = rnd() < 0.3;
    const msg = (role: string, text: string, meta: unknown) => {
      ids.message += 1;
      at += 5_000 + Math.floor(rnd() * 60_000);
      t.messages.push([ids.message, id, role, text, meta === null ? null : JSON.stringify(meta), new Date(at)]);
      return ids.message;
    };
    msg("bot", "Hei! Hva kan jeg hjelpe med?", { action: "welcome" });
    const turns = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < turns; k++) {
      msg("customer", QUESTIONS[Math.floor(rnd() * QUESTIONS.length)] as string, null);
      const fallback = rnd() < 0.125;
      const entry = `entry-${Math.floor(rnd() * 40)}`;
      const bot = msg(
        "bot",
        fallback ? "Beklager, det vet jeg ikke." : "Her er svaret.",
        fallback ? { action: "fallback" } : { action: "answer", sources: [entry], confidence: 0.8 },
      );
      if (!fallback && rnd() < 0.2) t.feedback.push([randomUUID(), id, bot, rnd() < 0.7, new Date(at + 2000)]);
    }
    let human = false;
    if (handoff) {
      msg("customer", "Kan jeg snakke med en person?", null);
      const requested = at;
      const r = rnd();
      const status = r < 0.8 ? "completed" : r < 0.95 ? "abandoned" : "cancelled";
      let assigned: Date | null = null;
      let ended: Date | null = new Date(requested + 30_000 + Math.floor(rnd() * 600_000));
      if (status === "completed") {
        human = true;
        at += Math.floor(rnd() * 300_000);
        assigned = new Date(at);
        msg("agent", "Hei, jeg kan hjelpe deg.", null);
        msg("customer", "Takk!", null);
        msg("agent", "Bare hyggelig.", null);
        ended = new Date(at + 10_000);
      }
      t.handoffs.push([randomUUID(), id, org, status, "customer_request", new Date(requested), assigned, ended]);
    }
    const rating = rnd() < 0.25 ? 1 + Math.floor(rnd() * 5) : null;
    t.conversations.push([
      id,
      org,
      human,
      new Date(started),
      new Date(at),
      new Date(at),
      human ? "human_involved" : "bot_only",
      new Date(at + 400 * DAY_MS),
      rating,
      handoff ? "customer_request" : null,
    ]);
  }
  return t;
}

const SQLITE_TS = (d: unknown) => (d instanceof Date ? d.toISOString().replace("Z", "+00:00") : d);

/**
 * Writes the generated days of `1 + opts.others` organisations (from the
 * instant `first`, UTC) and returns the first organisation's id and rows
 * (`tables`, one entry a day), for figures worked out from them.
 */
export async function generateReportData(
  config: DatabaseConfig,
  opts: Pick<Options, "perDay" | "days" | "others">,
  first: number,
): Promise<{ organisationId: string; tables: Tables[] }> {
  const db = await openDatabase(config, { migrate: true });
  const orgs = await createRepositories(db).organisations.sync(
    Array.from({ length: 1 + opts.others }, (_, i) => ({
      slug: `org-${i}`,
      name: `Organisasjon ${i}`,
      defaultLanguage: "nb",
      privacyUrl: null,
    })),
  );
  await db.close();
  const rnd = random(42);
  const ids = { message: 0 };
  // Day by day, every organisation's conversations of the day together, as they arrive in production.
  const own: Tables[] = [];
  const jobs = Array.from({ length: opts.days }, (_, d) =>
    orgs.map((o, k) => () => {
      const t = generateDay(o.id, first + d * DAY_MS, opts, rnd, ids);
      if (k === 0) own.push(t);
      return t;
    }),
  ).flat();
  if (config.provider === "sqlite") {
    const sq = new Sqlite(config.file);
    sq.pragma("journal_mode = WAL");
    const conv = sq.prepare(
      `INSERT INTO "Conversation" (id, "organisationId", channel, status, "humanInvolved", language, "startedAt", "lastActivityAt",
        "endedAt", "retentionClass", "retentionExpiresAt", "retentionPolicyVersion", satisfaction, "escalationReason")
       VALUES (?, ?, 'widget', 'closed', ?, 'nb', ?, ?, ?, ?, ?, 1, ?, ?)`,
    );
    const msg = sq.prepare(
      `INSERT INTO "Message" (id, "conversationId", role, text, metadata, "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const hand = sq.prepare(
      `INSERT INTO "HandoffRequest" (id, "conversationId", "organisationId", status, reason, "requestedAt", "assignedAt", "endedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const fb = sq.prepare(
      `INSERT INTO "Feedback" (id, "conversationId", "messageId", helpful, "createdAt") VALUES (?, ?, ?, ?, ?)`,
    );
    const write = sq.transaction((t: Tables) => {
      for (const r of t.conversations) conv.run(...r.map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : SQLITE_TS(v))));
      for (const r of t.messages) msg.run(...r.map(SQLITE_TS));
      for (const r of t.handoffs) hand.run(...r.map(SQLITE_TS));
      for (const r of t.feedback) fb.run(...r.map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : SQLITE_TS(v))));
    });
    for (const job of jobs) write(job());
    sq.exec("ANALYZE");
    sq.pragma("wal_checkpoint(TRUNCATE)");
    sq.close();
  } else {
    const client = new pg.Client({ connectionString: config.url });
    await client.connect();
    const schema = new URL(config.url).searchParams.get("schema");
    await client.query(`SET search_path TO "${schema}"`);
    const cols = (rows: unknown[][], n: number) => Array.from({ length: n }, (_, k) => rows.map((r) => r[k]));
    for (const job of jobs) {
      const t = job();
      await client.query(
        `INSERT INTO "Conversation" (id, "organisationId", channel, status, "humanInvolved", language, "startedAt", "lastActivityAt",
           "endedAt", "retentionClass", "retentionExpiresAt", "retentionPolicyVersion", satisfaction, "escalationReason")
         SELECT id, org, 'widget', 'closed', human, 'nb', st AT TIME ZONE 'UTC', la AT TIME ZONE 'UTC', en AT TIME ZONE 'UTC',
           cls::"RetentionClass", ex AT TIME ZONE 'UTC', 1, sat, er
         FROM unnest($1::text[], $2::text[], $3::boolean[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[],
           $7::text[], $8::timestamptz[], $9::int[], $10::text[]) AS t(id, org, human, st, la, en, cls, ex, sat, er)`,
        cols(t.conversations, 10),
      );
      await client.query(
        `INSERT INTO "Message" (id, "conversationId", role, text, metadata, "createdAt")
         SELECT id, cid, role::"MessageRole", text, meta::jsonb, at AT TIME ZONE 'UTC'
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS t(id, cid, role, text, meta, at)`,
        cols(t.messages, 6),
      );
      await client.query(
        `INSERT INTO "HandoffRequest" (id, "conversationId", "organisationId", status, reason, "requestedAt", "assignedAt", "endedAt")
         SELECT id, cid, org, st::"HandoffStatus", reason, rq AT TIME ZONE 'UTC', asg AT TIME ZONE 'UTC', en AT TIME ZONE 'UTC'
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[])
           AS t(id, cid, org, st, reason, rq, asg, en)`,
        cols(t.handoffs, 8),
      );
      await client.query(
        `INSERT INTO "Feedback" (id, "conversationId", "messageId", helpful, "createdAt")
         SELECT id, cid, mid, ok, at AT TIME ZONE 'UTC'
         FROM unnest($1::text[], $2::text[], $3::int[], $4::boolean[], $5::timestamptz[]) AS t(id, cid, mid, ok, at)`,
        cols(t.feedback, 5),
      );
    }
    await client.query(`SELECT setval(pg_get_serial_sequence('"Message"', 'id'), (SELECT MAX(id) FROM "Message"))`);
    await client.query("VACUUM ANALYZE");
    await client.end();
  }
  return { organisationId: orgs[0]?.id as string, tables: own };
}

/** Back to the indexes the baseline had. */
async function restoreOldIndexes(config: DatabaseConfig): Promise<void> {
  const sql = `${NEW_INDEXES.map((i) => `DROP INDEX "${i}";`).join(" ")} ${OLD_INDEX}; ANALYZE;`;
  if (config.provider === "sqlite") {
    const sq = new Sqlite(config.file);
    sq.exec(sql);
    sq.close();
    return;
  }
  const client = new pg.Client({ connectionString: config.url });
  await client.connect();
  await client.query(`SET search_path TO "${new URL(config.url).searchParams.get("schema")}"`);
  await client.query(sql);
  await client.end();
}

const localDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type Version = "after" | "before";

async function time(config: DatabaseConfig, org: string, opts: Options, first: number, version: Version) {
  const db = await openDatabase(config, { migrate: false });
  const service = new ReportService(createRepositories(db).reports);
  const before = new ReportRepositoryBefore(db);
  // The baseline read SQLite pages by copying them (no memory-mapped reads then).
  if (version === "before" && config.provider === "sqlite") await db.prisma.$queryRawUnsafe("PRAGMA mmap_size = 0");
  const supervisor: Principal = {
    userId: "bench",
    email: "bench@example.no",
    displayName: "Bench",
    role: "supervisor",
    organisationId: org,
    sessionId: "bench",
  };
  const last = first + (opts.days - 1) * DAY_MS;
  const ranges = {
    year: [localDate(first + DAY_MS / 2), localDate(last + DAY_MS / 2)],
    "30 days": [localDate(last - 29 * DAY_MS + DAY_MS / 2), localDate(last + DAY_MS / 2)],
  } as const;
  const out: Record<string, { p50: number; max: number; cpuP50: number; conversations: number; json: string }> = {};
  try {
    for (const [name, [from, to]] of Object.entries(ranges)) {
      const ms: number[] = [];
      const cpu: number[] = [];
      let conversations = 0;
      let json = "";
      for (let i = 0; i < opts.rounds + 1; i++) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const report =
          version === "after"
            ? await service.daily(supervisor, { organisationId: null, from, to })
            : await reportBefore(before, org, from, to);
        json = JSON.stringify(report);
        const took = performance.now() - t0;
        const c = process.cpuUsage(c0);
        if (i > 0) {
          // the first run warms the caches
          ms.push(took);
          cpu.push((c.user + c.system) / 1000);
        }
        conversations = report.total.conversations;
      }
      ms.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      out[name] = {
        p50: Math.round(ms[Math.floor(ms.length / 2)] as number),
        max: Math.round(ms[ms.length - 1] as number),
        cpuP50: Math.round(cpu[Math.floor(cpu.length / 2)] as number),
        conversations,
        json,
      };
    }
  } finally {
    await db.close();
  }
  return out;
}

/**
 * The same report: equal JSON, except that unanswered questions asked the
 * same number of times at the same instant may come in either order.
 */
function sameReport(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const canonical = (json: string) => {
    const r = JSON.parse(json) as {
      unanswered: { questions: Array<{ question: string; count: number; lastAskedAt: string }> };
    };
    r.unanswered.questions.sort(
      (x, y) => y.count - x.count || y.lastAskedAt.localeCompare(x.lastAskedAt) || x.question.localeCompare(y.question),
    );
    return JSON.stringify(r);
  };
  return canonical(a) === canonical(b);
}

const strip = (r: Record<string, { p50: number; max: number; cpuP50: number; conversations: number }>) =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [
      k,
      { p50: v.p50, max: v.max, cpuP50: v.cpuP50, conversations: v.conversations },
    ]),
  );

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      provider: { type: "string", default: "sqlite" },
      "per-day": { type: "string", default: "300" },
      days: { type: "string", default: "365" },
      "other-organisations": { type: "string", default: "1" },
      rounds: { type: "string", default: "5" },
    },
  });
  if (values.provider !== "sqlite" && values.provider !== "postgresql") throw new Error("--provider sqlite|postgresql");
  const opts: Options = {
    provider: values.provider,
    perDay: Number(values["per-day"]),
    days: Number(values.days),
    others: Number(values["other-organisations"]),
    rounds: Number(values.rounds),
  };
  mkdirSync(OUT, { recursive: true });
  const { config, cleanup } = freshConfig(opts.provider);
  const first = Date.UTC(2025, 0, 1);
  try {
    const t0 = Date.now();
    const { organisationId: org } = await generateReportData(config, opts, first);
    process.stderr.write(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    const indexed = await time(config, org, opts, first, "after");
    await restoreOldIndexes(config);
    const baseline = await time(config, org, opts, first, "before");
    for (const name of Object.keys(indexed)) {
      if (!sameReport(indexed[name]?.json, baseline[name]?.json))
        throw new Error(`the ${name} report differs from the baseline's`);
      for (const r of [indexed[name], baseline[name]]) if (r) r.json = "";
    }
    const summary = {
      at: new Date().toISOString(),
      run: randomBytes(3).toString("hex"),
      ...opts,
      indexed: strip(indexed),
      baseline: strip(baseline),
    };
    appendFileSync(path.join(OUT, "reports-results.jsonl"), `${JSON.stringify(summary)}\n`);
    console.log(JSON.stringify(summary, null, 2));
    console.log(
      "\n| provider | range | conversations | now: wall p50 / max, CPU p50 (ms) | before: wall p50 / max, CPU p50 (ms) |",
    );
    console.log("|---|---|---|---|---|");
    for (const name of Object.keys(indexed)) {
      const a = indexed[name];
      const b = baseline[name];
      console.log(
        `| ${opts.provider} | ${name} | ${a?.conversations} | ${a?.p50} / ${a?.max}, ${a?.cpuP50} | ${b?.p50} / ${b?.max}, ${b?.cpuP50} |`,
      );
    }
  } finally {
    if (!process.env.BENCH_KEEP) await cleanup();
    else process.stderr.write(`kept ${JSON.stringify(config)}\n`);
  }
}
