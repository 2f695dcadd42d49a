import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.js";
import { FixedClock } from "../../src/core/clock.js";
import { createLogger } from "../../src/observability/logger.js";
import type { ObservedStatement } from "../../src/storage/statement-observer.js";
import { WidgetClient } from "../channels/support/widget-client.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";

/**
 * What one customer message answered by the bot costs the database, counted
 * statement by statement through the driver adapter (BEGIN and COMMIT
 * included). The bound is today's count: a change that adds statements to
 * the turn fails here. bench/ holds the speed targets.
 *
 * PostgreSQL, 3: the customer's message with its conversation's stamp and
 * the bot's dialog state (one statement: UPDATE … RETURNING and INSERT in a
 * data-modifying CTE, the state read beside them), the answer with its stamp
 * (one statement), the dialog state written (upsert). SQLite, 5: it has no
 * data-modifying CTEs, so each message is the stamp (UPDATE … RETURNING, the
 * customer's with the dialog state) and then the INSERT on the condition
 * that the conversation is still open; no BEGIN or COMMIT on either, and
 * all of them go straight through the driver (src/storage/driver-sql.ts).
 */
const MAX_STATEMENTS = PRIMARY_PROVIDER === "postgresql" ? 3 : 5;
/**
 * The /widget handler's write gets the conversation row back from its
 * UPDATE … RETURNING and hands it to the bot's turn: nobody SELECTs it.
 */
const MAX_CONVERSATION_READS = 0;
/** The bot's state is read with the customer's message: no statement of its own. */
const MAX_STATE_READS = 0;

/** Monday 23 November 2026, 10:00 in Oslo: the service is open. */
const OPEN = new Date("2026-11-23T09:00:00Z");

/** The reads (SELECT, or a write that returns rows) that ask for the same thing twice. */
function repeatedReads(statements: ObservedStatement[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const s of statements) {
    if (s.kind !== "query" || !/^SELECT\b/i.test(s.sql)) continue;
    const key = `${s.sql} ${JSON.stringify(s.args)}`;
    if (seen.has(key)) repeated.push(key.slice(0, 200));
    seen.add(key);
  }
  return repeated;
}

/** One line per statement, for the failure message and the log. */
function listingOf(statements: ObservedStatement[]): string {
  return statements.map((s) => `${s.kind}: ${s.sql.replace(/\s+/g, " ").slice(0, 160)}`).join("\n");
}

/** The statements that went through Prisma's query compiler rather than straight through the driver. */
function throughPrisma(statements: ObservedStatement[]): string[] {
  return statements.filter((s) => !s.driver).map((s) => s.sql.slice(0, 80));
}

/** Whether a statement is a SELECT of BotState rows. */
function stateRead(s: ObservedStatement): boolean {
  return s.kind === "query" && /^SELECT\b.*\bFROM\s+([`"]\w+[`"]\.)?[`"]BotState[`"]/is.test(s.sql);
}

/** Whether a statement reads Conversation rows (SQLite quotes with backticks, PostgreSQL with double quotes). */
function conversationRowRead(s: ObservedStatement): boolean {
  return s.kind === "query" && /^SELECT\b.*\bFROM\s+([`"]\w+[`"]\.)?[`"]Conversation[`"]\s+WHERE/is.test(s.sql);
}

/**
 * A new visitor's first message: the customer and the conversation are
 * stored (2 INSERTs), the token looked up once before (another tab may have
 * stored the customer), the session the widget gets says whether an agent
 * is online (a count); then the message and the answer as in any turn (on
 * PostgreSQL one statement each, the dialog state written, 3; on SQLite 5).
 * Nothing is looked up twice, nobody lists the conversations of a customer
 * stored a moment ago or reads the transcript of a conversation started a
 * moment ago, and there is no transaction; every statement is one of the
 * driver's prepared ones.
 */
const MAX_FIRST_MESSAGE_STATEMENTS = PRIMARY_PROVIDER === "postgresql" ? 7 : 9;

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("SQL statements of a bot-answered widget message", () => {
  let app: App;
  let url: string;
  let cleanup: () => Promise<void>;
  let recording = false;
  const statements: ObservedStatement[] = [];

  beforeAll(async () => {
    const db = freshDatabaseConfig(PRIMARY_PROVIDER);
    cleanup = db.cleanup;
    const config = { ...loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }), database: db.config };
    app = await createApp(config, createLogger("silent"), {
      clock: new FixedClock(OPEN),
      onStatement: (s) => {
        if (recording) statements.push(s);
      },
    });
    url = `http://127.0.0.1:${await app.listen()}`;
  });

  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  it(`stays within ${MAX_STATEMENTS} statements, ${MAX_CONVERSATION_READS} reads of the conversation, no read repeated`, async () => {
    const kari = await WidgetClient.connect(url, { org: "ror-ikt", lang: "nb" });
    try {
      // A first question stores the conversation and warms the caches (policy, organisation, the bot state's conversation ids).
      await kari.request("message", { clientId: "warm", text: "Hva er telefonnummeret?" });
      await kari.waitFor(1, "bot");
      await app.idle();

      recording = true;
      const ack = await kari.request("message", { clientId: "c1", text: "Når har dere åpent?" });
      expect(ack).toMatchObject({ ok: true, duplicate: false });
      const answers = await kari.waitFor(2, "bot");
      expect(answers[1]?.metadata).toMatchObject({ action: "answer" });
      await app.idle();
      recording = false;

      const listing = listingOf(statements);
      console.info(`${statements.length} statements for one answered message:\n${listing}`);
      expect(statements.length, listing).toBeLessThanOrEqual(MAX_STATEMENTS);
      expect(statements.filter(conversationRowRead).length, listing).toBeLessThanOrEqual(MAX_CONVERSATION_READS);
      expect(statements.filter(stateRead).length, listing).toBeLessThanOrEqual(MAX_STATE_READS);
      expect(statements.filter((s) => s.kind === "begin").length, listing).toBe(0);
      // None through Prisma's query compiler: each is a prepared statement of the driver (issue #18).
      expect(throughPrisma(statements), listing).toEqual([]);
      expect(repeatedReads(statements), listing).toEqual([]);
    } finally {
      kari.close();
    }
  });

  it("keeps a turn in another language than the last one off Prisma's query compiler, and stores the language", async () => {
    const kari = await WidgetClient.connect(url, { org: "ror-ikt", lang: "nb" });
    try {
      await kari.request("message", { clientId: "nb", text: "Når har dere åpent?" });
      await kari.waitFor(1, "bot");
      await app.idle();
      statements.length = 0;
      recording = true;
      await kari.request("message", { clientId: "en", text: "What are your opening hours?" });
      const answers = await kari.waitFor(2, "bot");
      await app.idle();
      recording = false;
      const listing = listingOf(statements);
      expect(answers[1]?.metadata).toMatchObject({ action: "answer" });
      expect(
        statements.some((s) => /SET\s+"language"/.test(s.sql)),
        listing,
      ).toBe(true);
      expect(throughPrisma(statements), listing).toEqual([]);
      const conversationId = kari.session.conversationId as string;
      expect((await app.context.repos.conversations.findById(conversationId))?.language).toBe("en");
    } finally {
      kari.close();
    }
  });

  it(`stores a new visitor's first message in at most ${MAX_FIRST_MESSAGE_STATEMENTS} statements, without a transaction or a read of the conversation`, async () => {
    const ola = await WidgetClient.connect(url, { org: "ror-ikt", lang: "nb" });
    try {
      await app.idle();
      statements.length = 0;
      recording = true;
      const ack = await ola.request("message", { clientId: "first", text: "Når har dere åpent?" });
      expect(ack).toMatchObject({ ok: true, duplicate: false });
      const answers = await ola.waitFor(1, "bot");
      expect(answers[0]?.metadata).toMatchObject({ action: "answer" });
      await app.idle();
      recording = false;

      const listing = listingOf(statements);
      console.info(`${statements.length} statements for a first message:\n${listing}`);
      expect(statements.length, listing).toBeLessThanOrEqual(MAX_FIRST_MESSAGE_STATEMENTS);
      expect(statements.filter((s) => s.kind === "begin").length, listing).toBe(0);
      expect(statements.filter(conversationRowRead).length, listing).toBe(0);
      expect(statements.filter(stateRead).length, listing).toBe(0);
      const messageReads = statements.filter(
        (s) => s.kind === "query" && /^SELECT\b.*\bFROM\s+([`"]\w+[`"]\.)?[`"]Message[`"]/is.test(s.sql),
      );
      expect(messageReads.length, listing).toBe(0);
      expect(repeatedReads(statements), listing).toEqual([]);
      // The customer, the conversation and the count too go straight through the driver.
      expect(throughPrisma(statements), listing).toEqual([]);
      // The conversation is stored, with the customer's message and the answer in it.
      const history = (await ola.request("history", {})) as { ok: boolean; messages: Array<{ role: string }> };
      expect(history.messages.map((m) => m.role)).toEqual(["customer", "bot"]);
    } finally {
      ola.close();
    }
  });
});
