import type { Logger } from "../../observability/logger.js";
import type { HandoffReads } from "./handoff-stores.js";
import type { HandoffQueue } from "./queue.js";

/** Whether the customers of one channel have a live connection (on any server process). */
export interface CustomerConnections {
  /** The Conversation.channel whose customers this can see ("widget"). */
  readonly channel: string;
  isConnected(conversationId: string): Promise<boolean>;
}

export interface RestartRecoveryDeps {
  handoff: Pick<HandoffReads, "listWaiting" | "listConversations">;
  queue: Pick<HandoffQueue, "customerDisconnected" | "customerReconnected">;
  connections: CustomerConnections;
  /** How long customers get to reconnect after the start (the grace period; at least MIN_RECONNECT_WINDOW_MS). */
  delayMs: number;
  logger: Logger;
}

/** A check that failed (e.g. another process did not answer) is tried again this many times. */
const MAX_ATTEMPTS = 5;
/** The shortest wait before the check, even with a grace period of 0: clients need a moment to reconnect. */
export const MIN_RECONNECT_WINDOW_MS = 5_000;

/**
 * After a crash nobody recorded when the waiting customers left, so those
 * who never come back would wait in the queue for ever. At start this takes
 * the waiting requests of `connections.channel` that have no disconnect time
 * (customers of other channels never "connect" and are left alone); after
 * `delayMs` (at least MIN_RECONNECT_WINDOW_MS) each of them whose customer
 * has no open connection gets a disconnect time of now, and the ordinary
 * grace sweep abandons them if they do not return. Requests made after the
 * start are not touched: their customers were connected when they asked.
 */
export async function startRestartRecovery(deps: RestartRecoveryDeps): Promise<{ stop(): Promise<void> }> {
  const { logger } = deps;
  let pending = await waitingWithoutDisconnect(deps);
  let attempts = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const run = async () => {
    attempts++;
    const { marked, unchecked } = await markUnconnected(pending, deps);
    if (marked > 0) logger.info({ marked }, "queue: waiting customers not back after the start; grace period started");
    pending = unchecked;
    if (pending.length === 0) return;
    if (attempts >= MAX_ATTEMPTS) {
      logger.error({ conversations: pending }, "queue: could not check whether waiting customers are connected");
      return;
    }
    schedule();
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        running = run().finally(() => {
          running = undefined;
        });
      },
      Math.max(deps.delayMs, MIN_RECONNECT_WINDOW_MS),
    );
    timer.unref();
  };

  if (pending.length > 0) schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

async function waitingWithoutDisconnect(deps: RestartRecoveryDeps): Promise<string[]> {
  const waiting = (await deps.handoff.listWaiting()).filter((r) => r.customerDisconnectedAt === null);
  const conversations = await deps.handoff.listConversations(waiting.map((r) => r.conversationId));
  return conversations.filter((c) => c.channel === deps.connections.channel).map((c) => c.id);
}

/** Gives the unconnected ones a disconnect time; returns how many, and those that could not be checked. */
async function markUnconnected(
  conversationIds: readonly string[],
  deps: RestartRecoveryDeps,
): Promise<{ marked: number; unchecked: string[] }> {
  const { connections, queue, logger } = deps;
  let marked = 0;
  const unchecked: string[] = [];
  for (const conversationId of conversationIds) {
    try {
      if (!(await connections.isConnected(conversationId))) {
        // Conditional: only a request still waiting without a disconnect time is marked.
        if (!(await queue.customerDisconnected(conversationId))) continue;
        if (!(await connections.isConnected(conversationId))) {
          marked++;
          continue;
        }
      }
      // Connected (perhaps between the check and the mark): no grace period may run. A no-op when none does.
      await queue.customerReconnected(conversationId);
    } catch (err) {
      logger.warn({ err, conversationId }, "queue: could not check a waiting customer's connection");
      unchecked.push(conversationId);
    }
  }
  return { marked, unchecked };
}
