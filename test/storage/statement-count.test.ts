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
 * Today's 10: the customer's message and its conversation's stamp (BEGIN,
 * UPDATE … RETURNING, INSERT, COMMIT), the bot's dialog state (SELECT), the
 * answer and its stamp (BEGIN, UPDATE, INSERT, COMMIT), the dialog state
 * again (upsert).
 */
const MAX_STATEMENTS = 10;
/**
 * The /widget handler's transaction gets the conversation row back from its
 * UPDATE … RETURNING and hands it to the bot's turn: nobody SELECTs it.
 */
const MAX_CONVERSATION_READS = 0;

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

/** Whether a statement reads Conversation rows (SQLite quotes with backticks, PostgreSQL with double quotes). */
function conversationRowRead(s: ObservedStatement): boolean {
  return s.kind === "query" && /^SELECT\b.*\bFROM\s+([`"]\w+[`"]\.)?[`"]Conversation[`"]\s+WHERE/is.test(s.sql);
}

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

      const listing = statements.map((s) => `${s.kind}: ${s.sql.replace(/\s+/g, " ").slice(0, 160)}`).join("\n");
      console.info(`${statements.length} statements for one answered message:\n${listing}`);
      expect(statements.length, listing).toBeLessThanOrEqual(MAX_STATEMENTS);
      expect(statements.filter(conversationRowRead).length, listing).toBeLessThanOrEqual(MAX_CONVERSATION_READS);
      expect(repeatedReads(statements), listing).toEqual([]);
    } finally {
      kari.close();
    }
  });
});
