import { systemClock } from "../src/core/clock.js";
import { createConversationCore } from "../src/core/conversations/conversation-core.js";
import { ConversationEventBus } from "../src/core/conversations/conversation-events.js";
import type { NewMessage } from "../src/core/conversations/conversation-records.js";
import type { Repositories } from "../src/storage/repositories/index.js";

/**
 * Live chat load for the purge benchmark: at a fixed rate, store a customer
 * message in one of the live conversations in turn (what the chat channels do) and
 * record each request's latency from when it was due (open loop, so a stalled
 * database shows in full). Used beside the purge on the same connection
 * (`--site server`: a purge started in the server) or in a child process
 * (bench/live-chat-worker.ts, `--site separate-process`: `npm run purge`
 * beside a running server).
 */
export interface LiveChatMeasurement {
  /** [due time (epoch ms), latency ms] per request, failed ones included. */
  latencies: Array<[number, number]>;
  /** Due times (epoch ms) of the requests that failed. */
  failed: number[];
  /** The first few distinct error messages. */
  errorSamples: string[];
}

export interface LiveChatLoad {
  /** Stops sending and waits for requests in flight. */
  stop(): Promise<LiveChatMeasurement>;
  /** What has been measured so far. */
  snapshot(): LiveChatMeasurement;
}

export async function startLiveChatLoad(
  repos: Repositories,
  conversationIds: string[],
  rateHz: number,
): Promise<LiveChatLoad> {
  // Messages are stored as the chat channels store them: through the conversation core.
  const { log } = createConversationCore({
    store: repos.conversationStore,
    policies: repos.retentionPolicies,
    events: new ConversationEventBus(),
    clock: systemClock,
  });
  const organisationOf = new Map<string, string>();
  for (const id of conversationIds)
    organisationOf.set(id, (await repos.conversations.findById(id))?.organisationId ?? "");
  const append = (message: NewMessage) =>
    log.record(organisationOf.get(message.conversationId) ?? "", message, { publish: false });
  // Warm up (Prisma and the driver load lazily) before the clock starts.
  for (let i = 0; i < 20; i++) {
    await append({
      conversationId: conversationIds[i % conversationIds.length] as string,
      role: "customer",
      text: "warm-up",
    });
  }
  const latencies: Array<[number, number]> = [];
  const failed: number[] = [];
  const errorSamples: string[] = [];
  let inFlight = 0;
  let stopping = false;
  const interval = 1000 / rateHz;
  const t0 = performance.now();
  let n = 0;
  let timer: NodeJS.Timeout | undefined;
  const send = (due: number, k: number) => {
    const id = conversationIds[k % conversationIds.length] as string;
    inFlight++;
    append({ conversationId: id, role: "customer", text: `live ${k}`, clientId: `live-${process.pid}-${k}` })
      .then(
        () => latencies.push([performance.timeOrigin + due, performance.now() - due]),
        (err: unknown) => {
          failed.push(performance.timeOrigin + due);
          const message = err instanceof Error ? err.message.replace(/\s+/g, " ").slice(0, 300) : String(err);
          if (errorSamples.length < 3 && !errorSamples.includes(message)) errorSamples.push(message);
          latencies.push([performance.timeOrigin + due, performance.now() - due]);
        },
      )
      .finally(() => inFlight--);
  };
  // Every request that has come due goes out at once, as chat messages that
  // arrived while the process was busy are all read in its next turn.
  const tick = () => {
    if (stopping) return;
    while (t0 + n * interval <= performance.now()) {
      const due = t0 + n * interval;
      n++;
      send(due, n);
    }
    timer = setTimeout(tick, Math.max(0, t0 + n * interval - performance.now()));
  };
  tick();
  return {
    snapshot: () => ({ latencies: [...latencies], failed: [...failed], errorSamples: [...errorSamples] }),
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
      return { latencies, failed, errorSamples };
    },
  };
}
