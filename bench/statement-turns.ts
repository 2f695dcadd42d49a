import { io, type Socket } from "socket.io-client";
import { type App, createApp } from "../src/app.js";
import { type DatabaseConfig, loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/observability/logger.js";
import type { ObservedStatement } from "../src/storage/statement-observer.js";

/** What one bot-answered widget message costs the database, over `turns` messages. */
export interface TurnCost {
  turns: number;
  /** Statements per turn (BEGIN and COMMIT included): median and most. */
  statementsMedian: number;
  statementsMax: number;
  /** SELECTs of the Conversation table per turn, most. */
  conversationReadsMax: number;
  /** SELECTs with the same SQL and values as an earlier one of the same turn, most. */
  repeatedReadsMax: number;
  /** This process's CPU (server and client together) per turn, ms. */
  cpuMsPerTurn: number;
  wallMsPerTurn: number;
}

const CONVERSATION_READ = /^SELECT\b.*\bFROM\s+([`"]\w+[`"]\.)?[`"]Conversation[`"]\s+WHERE/is;

function repeated(statements: ObservedStatement[]): number {
  const seen = new Set<string>();
  let count = 0;
  for (const s of statements) {
    if (s.kind !== "query" || !/^SELECT\b/i.test(s.sql)) continue;
    const key = `${s.sql} ${JSON.stringify(s.args)}`;
    if (seen.has(key)) count++;
    seen.add(key);
  }
  return count;
}

/**
 * Runs the server in this process on `database`, connects one widget
 * customer (organisation dnb, open around the clock) and sends `turns`
 * questions one after another, each waited for until the bot's answer is
 * stored and its turn is over. The first question warms the caches and is
 * not counted.
 */
export async function measureTurns(database: DatabaseConfig, turns: number): Promise<TurnCost> {
  let current: ObservedStatement[] | null = null;
  const config = {
    ...loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      SKRANKE_LIMIT_MESSAGES: "999999/1",
    }),
    database,
  };
  const app: App = await createApp(config, createLogger("silent"), {
    onStatement: (s) => current?.push(s),
  });
  let socket: Socket | undefined;
  try {
    const url = `http://127.0.0.1:${await app.listen()}`;
    socket = io(`${url}/widget`, {
      auth: { org: "dnb", lang: "nb" },
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    const s = socket;
    await new Promise<void>((resolve, reject) => {
      s.once("session", () => resolve());
      s.once("connect_error", reject);
    });
    await app.idle();
    const ask = async (i: number) => {
      const answered = new Promise<void>((resolve) => {
        const onMessage = (m: { role?: string }) => {
          if (m.role !== "bot") return;
          s.off("message", onMessage);
          resolve();
        };
        s.on("message", onMessage);
      });
      const ack = (await s
        .timeout(30_000)
        .emitWithAck("message", { clientId: `q${i}`, text: "Når har dere åpent?" })) as {
        ok: boolean;
      };
      if (!ack.ok) throw new Error(`message ${i} refused: ${JSON.stringify(ack)}`);
      await answered;
      await app.idle();
    };
    await ask(-1);
    const counts: number[] = [];
    let conversationReadsMax = 0;
    let repeatedReadsMax = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < turns; i++) {
      current = [];
      await ask(i);
      counts.push(current.length);
      conversationReadsMax = Math.max(
        conversationReadsMax,
        current.filter((x) => CONVERSATION_READ.test(x.sql)).length,
      );
      repeatedReadsMax = Math.max(repeatedReadsMax, repeated(current));
      current = null;
    }
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    counts.sort((a, b) => a - b);
    return {
      turns,
      statementsMedian: counts[Math.floor(counts.length / 2)] ?? 0,
      statementsMax: counts.at(-1) ?? 0,
      conversationReadsMax,
      repeatedReadsMax,
      cpuMsPerTurn: (cpu.user + cpu.system) / 1000 / turns,
      wallMsPerTurn: wall / turns,
    };
  } finally {
    socket?.close();
    await app.close();
  }
}
