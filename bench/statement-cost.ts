import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { resolveDatabase } from "../src/config/config.js";
import { systemClock } from "../src/core/clock.js";
import { createConversationCore } from "../src/core/conversations/conversation-core.js";
import { ConversationEventBus } from "../src/core/conversations/conversation-events.js";
import { openDatabase } from "../src/storage/database.js";
import { createRepositories } from "../src/storage/repositories/index.js";
import { measureTurns } from "./statement-turns.js";

/**
 * `npm run bench -- statement-cost [--db sqlite|postgresql] [--n 2000] [--turns 30]`:
 * first how many statements one bot-answered widget message sends, and
 * what the whole turn costs (statement-turns.ts, `--turns` messages, 0 to
 * skip); then the CPU cost of the two statements every bot turn repeats (store a message,
 * read its conversation), through Prisma as the repositories send them,
 * through Prisma's raw SQL, and through the driver itself with a prepared
 * statement, side by side on the same database in the same run. CPU is this
 * process's own (user + system), per statement; wall time per statement
 * beside it. One statement at a time, so it is the cost of a statement, not
 * of contention.
 */
interface Row {
  path: string;
  statement: string;
  cpuUs: number;
  wallUs: number;
}

async function measure(n: number, run: (i: number) => Promise<unknown>): Promise<{ cpuUs: number; wallUs: number }> {
  for (let i = 0; i < 100; i++) await run(-1 - i); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await run(i);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { cpuUs: (cpu.user + cpu.system) / n, wallUs: (wall * 1000) / n };
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      db: { type: "string", default: "sqlite" },
      n: { type: "string", default: "2000" },
      turns: { type: "string", default: "30" },
    },
  });
  const n = Number(values.n);
  if (!Number.isInteger(n) || n < 10 || n > 1_000_000) throw new Error("--n must be a whole number from 10 to 1000000");
  const turns = Number(values.turns);
  if (!Number.isInteger(turns) || turns < 0 || turns > 10_000)
    throw new Error("--turns must be a whole number from 0 to 10000");
  if (values.db !== "sqlite" && values.db !== "postgresql") throw new Error("--db must be sqlite or postgresql");
  const dir = mkdtempSync(path.join(tmpdir(), "skranke-stmt-"));
  const schema = `bench_${randomUUID().slice(0, 8)}`;
  const pgBase = process.env.SKRANKE_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const say = (s: string) => process.stdout.write(`${s}\n`);
  if (turns > 0) {
    const turnSchema = `${schema}_turns`;
    const turnUrl =
      values.db === "sqlite"
        ? `file:${path.join(dir, "turns.db")}`
        : (() => {
            const u = new URL(pgBase);
            u.searchParams.set("schema", turnSchema);
            return u.toString();
          })();
    try {
      const cost = await measureTurns(resolveDatabase(turnUrl), turns);
      say(`# one bot-answered widget message, ${values.db}, ${cost.turns} messages\n`);
      say(
        "| statements (median / most) | conversation SELECTs (most) | repeated reads (most) | CPU ms/turn | wall ms/turn |",
      );
      say("|---|---|---|---|---|");
      say(
        `| ${cost.statementsMedian} / ${cost.statementsMax} | ${cost.conversationReadsMax} | ${cost.repeatedReadsMax} | ${cost.cpuMsPerTurn.toFixed(1)} | ${cost.wallMsPerTurn.toFixed(1)} |\n`,
      );
    } finally {
      if (values.db === "postgresql") await dropSchema(pgBase, turnSchema);
    }
  }
  const url =
    values.db === "sqlite"
      ? `file:${path.join(dir, "stmt.db")}`
      : (() => {
          const u = new URL(pgBase);
          u.searchParams.set("schema", schema);
          return u.toString();
        })();
  const db = await openDatabase(resolveDatabase(url), { migrate: true });
  const rows: Row[] = [];
  let pool: pg.Pool | undefined;
  let sqlite: Sqlite.Database | undefined;
  try {
    const org = await db.prisma.organisation.create({ data: { slug: "bench", name: "Bench" } });
    const conversation = await db.prisma.conversation.create({
      data: { organisationId: org.id, channel: "widget", retentionExpiresAt: new Date(Date.now() + 365 * 864e5) },
    });
    const message = (i: number) => ({
      conversationId: conversation.id,
      role: "customer" as const,
      text: "Når har dere åpent i dag?",
      clientId: `c${i}-${Math.random()}`,
      metadata: { action: "answer", sources: ["bench.hours"], confidence: 0.9 },
    });
    const add = (p: string, statement: string, m: { cpuUs: number; wallUs: number }) =>
      rows.push({ path: p, statement, ...m });

    // What the hot path sends as it is in this tree: the widget's call for a customer message
    // (its stamp and the message, and the bot's state) and the bot state's write at the end of the turn.
    const repos = createRepositories(db);
    const core = createConversationCore({
      store: repos.conversationStore,
      policies: repos.retentionPolicies,
      events: new ConversationEventBus(),
      clock: systemClock,
    });
    add(
      "the store, as this tree sends it",
      "customer message with its stamp (ConversationLog.recordWhileOpen)",
      await measure(n, (i) => core.log.recordWhileOpen(org.id, message(i))),
    );
    const stateKey = `widget/conversations/${conversation.id}/`;
    add(
      "the store, as this tree sends it",
      "bot state write (BotStateRepository.write, eTag *)",
      await measure(n, (i) =>
        repos.botState.write(stateKey, JSON.stringify({ n: i, dialogState: { dialogStack: [] } }), "*", {
          conversationId: conversation.id,
          customerId: null,
        }),
      ),
    );

    add(
      "Prisma (as the repositories)",
      "insert message",
      await measure(n, (i) => db.prisma.message.create({ data: message(i) })),
    );
    add(
      "Prisma (as the repositories)",
      "read conversation",
      await measure(n, () => db.prisma.conversation.findUnique({ where: { id: conversation.id } })),
    );
    const insertSql =
      db.provider === "sqlite"
        ? `INSERT INTO "Message" ("conversationId","role","text","clientId","metadata","createdAt") VALUES (?,?,?,?,?,?) RETURNING "id"`
        : `INSERT INTO "Message" ("conversationId","role","text","clientId","metadata","createdAt") VALUES ($1,$2::"MessageRole",$3,$4,$5::jsonb,$6) RETURNING "id"`;
    const insertValues = (i: number) => {
      const m = message(i);
      return [
        m.conversationId,
        m.role,
        m.text,
        m.clientId,
        JSON.stringify(m.metadata),
        db.provider === "sqlite" ? Date.now() : new Date(),
      ];
    };
    add(
      "Prisma $queryRawUnsafe",
      "insert message",
      await measure(n, (i) => db.prisma.$queryRawUnsafe(insertSql, ...insertValues(i))),
    );
    const readSql = `SELECT * FROM "Conversation" WHERE "id" = ${db.provider === "sqlite" ? "?" : "$1"}`;
    add(
      "Prisma $queryRawUnsafe",
      "read conversation",
      await measure(n, () => db.prisma.$queryRawUnsafe(readSql, conversation.id)),
    );

    if (db.provider === "sqlite") {
      sqlite = new Sqlite(path.join(dir, "stmt.db"));
      sqlite.pragma("journal_mode = WAL");
      sqlite.pragma("synchronous = FULL");
      const insert = sqlite.prepare(insertSql);
      const read = sqlite.prepare(readSql);
      add("better-sqlite3, prepared", "insert message", await measure(n, async (i) => insert.get(...insertValues(i))));
      add("better-sqlite3, prepared", "read conversation", await measure(n, async () => read.get(conversation.id)));
    } else {
      pool = new pg.Pool({ connectionString: pgBase, max: 2, options: `-c search_path=${schema}` });
      add(
        "pg, named prepared statement",
        "insert message",
        await measure(n, (i) => (pool as pg.Pool).query({ name: "ins", text: insertSql, values: insertValues(i) })),
      );
      add(
        "pg, named prepared statement",
        "read conversation",
        await measure(n, () => (pool as pg.Pool).query({ name: "read", text: readSql, values: [conversation.id] })),
      );
    }
  } finally {
    sqlite?.close();
    await pool?.end();
    await db.close();
    if (db.provider === "postgresql") await dropSchema(pgBase, schema);
    rmSync(dir, { recursive: true, force: true });
  }
  say(
    `# statement cost, ${values.db}, ${n} statements each\n\n| path | statement | CPU µs | wall µs |\n|---|---|---|---|`,
  );
  for (const r of rows) say(`| ${r.path} | ${r.statement} | ${r.cpuUs.toFixed(0)} | ${r.wallUs.toFixed(0)} |`);
}

async function dropSchema(connectionString: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
