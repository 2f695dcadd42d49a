import { readFileSync } from "node:fs";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { ROOT } from "./processes.js";

/**
 * Simulated widget customers over Socket.IO (websocket transport, as a
 * browser ends up after its upgrade), loopback only. A customer is ready
 * when the server's `session` event arrived.
 */
export const BENCH_ORG = "dnb"; // open around the clock, so handoffs queue at any hour

export interface Customer {
  socket: Socket;
  /** Milliseconds from io() to the `session` event. */
  connectMs: number;
  /** Null until the customer's first message stores the conversation. */
  conversationId: string | null;
}

export function connectCustomer(url: string, timeoutMs = 30_000): Promise<Customer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = io(`${url}/widget`, {
      auth: { org: BENCH_ORG, lang: "nb" },
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    });
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error("no session in time"));
    }, timeoutMs);
    socket.once("session", (session: { conversationId?: string | null }) => {
      clearTimeout(timer);
      resolve({ socket, connectMs: performance.now() - started, conversationId: session?.conversationId ?? null });
    });
    socket.once("connect_error", (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
  });
}

/** Connects `count` customers with at most `concurrency` connecting at once, spread over the given servers. */
export async function connectMany(
  urls: string[],
  count: number,
  concurrency: number,
): Promise<{ customers: Customer[]; failures: string[] }> {
  const customers: Customer[] = [];
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      try {
        customers.push(await connectCustomer(urls[i % urls.length] as string));
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { customers, failures };
}

/** The labelled questions of the benchmark's organisation: a realistic mix of answers, clarifications and misses. */
export function benchQuestions(): string[] {
  const lines = readFileSync(path.join(ROOT, "test/eval/questions.jsonl"), "utf8").split("\n").filter(Boolean);
  const questions = lines
    .map((line) => JSON.parse(line) as { q: string; org?: string })
    .filter((item) => item.org === BENCH_ORG)
    .map((item) => item.q);
  if (questions.length === 0) throw new Error(`no questions for ${BENCH_ORG} in test/eval/questions.jsonl`);
  return questions;
}

export function closeAll(customers: Customer[]): void {
  for (const c of customers) c.socket.close();
}
