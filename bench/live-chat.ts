import type { Repositories } from "../src/storage/repositories/index.js";

/**
 * Live chat load for the purge benchmark: at a fixed rate, store a customer
 * message in a random live conversation (what the chat channels do) and
 * record each request's latency from when it was due (open loop, so a stalled
 * database shows in full). Used in a child process (bench/live-chat-worker.ts)
 * or, with `--live in-process`, beside the purge on the same connection (the
 * server's daily schedule).
 */
export interface LiveChatLoad {
  /** Stops sending, waits for requests in flight; [due time (epoch ms), latency ms] per request. */
  stop(): Promise<{ latencies: Array<[number, number]>; errors: number }>;
  /** What has been measured so far. */
  snapshot(): { latencies: Array<[number, number]>; errors: number };
}

export async function startLiveChatLoad(
  repos: Repositories,
  conversationIds: string[],
  rateHz: number,
): Promise<LiveChatLoad> {
  // Warm up (Prisma and the driver load lazily) before the clock starts.
  for (let i = 0; i < 20; i++) {
    await repos.messages.append(
      { conversationId: conversationIds[i % conversationIds.length] as string, role: "customer", text: "warm-up" },
      new Date(),
    );
  }
  const latencies: Array<[number, number]> = [];
  let errors = 0;
  let inFlight = 0;
  let stopping = false;
  const interval = 1000 / rateHz;
  const t0 = performance.now();
  let n = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopping) return;
    const due = t0 + n * interval;
    n++;
    const id = conversationIds[n % conversationIds.length] as string;
    inFlight++;
    repos.messages
      .append(
        { conversationId: id, role: "customer", text: `live ${n}`, clientId: `live-${process.pid}-${n}` },
        new Date(),
      )
      .then(
        () => latencies.push([performance.timeOrigin + due, performance.now() - due]),
        () => {
          errors++;
          latencies.push([performance.timeOrigin + due, performance.now() - due]);
        },
      )
      .finally(() => inFlight--);
    timer = setTimeout(tick, Math.max(0, t0 + n * interval - performance.now()));
  };
  tick();
  return {
    snapshot: () => ({ latencies: [...latencies], errors }),
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
      return { latencies, errors };
    },
  };
}
