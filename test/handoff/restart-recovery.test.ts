import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type CustomerConnections,
  MIN_RECONNECT_WINDOW_MS,
  type RestartRecoveryDeps,
  startRestartRecovery,
} from "../../src/core/handoff/restart-recovery.js";
import { createLogger } from "../../src/observability/logger.js";
import type { Conversation } from "../../src/storage/repositories/conversations.js";
import type { HandoffRequest } from "../../src/storage/repositories/handoff.js";

/** The start-up check on its own, with the queue, the database and the sockets faked. */
describe("restart recovery", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const waiting = (conversationId: string, disconnectedAt: Date | null = null) =>
    ({ conversationId, status: "waiting", customerDisconnectedAt: disconnectedAt }) as HandoffRequest;
  const conversation = (id: string, channel: string) => ({ id, channel }) as Conversation;

  function setup(connected: (conversationId: string, call: number) => boolean | Error) {
    const calls = new Map<string, number>();
    const marked: string[] = [];
    const cleared: string[] = [];
    const connections: CustomerConnections = {
      channel: "widget",
      async isConnected(conversationId) {
        const call = (calls.get(conversationId) ?? 0) + 1;
        calls.set(conversationId, call);
        const answer = connected(conversationId, call);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
    const deps: RestartRecoveryDeps = {
      handoff: {
        listWaiting: async () => [
          waiting("gone"),
          waiting("back"),
          waiting("teams"),
          waiting("dropped-before", new Date(0)),
          waiting("racing"),
        ],
        listConversations: async (ids) => ids.map((id) => conversation(id, id === "teams" ? "msteams" : "widget")),
      },
      queue: {
        customerDisconnected: async (id) => {
          marked.push(id);
          return true;
        },
        customerReconnected: async (id) => {
          cleared.push(id);
          return false;
        },
      },
      connections,
      delayMs: 1000,
      logger: createLogger("silent"),
    };
    return { deps, calls, marked, cleared };
  }

  it("waits, then starts the grace period of widget customers who are not connected", async () => {
    const { deps, calls, marked, cleared } = setup((id, call) => id === "back" || (id === "racing" && call > 1));
    const recovery = await startRestartRecovery(deps);
    await vi.advanceTimersByTimeAsync(MIN_RECONNECT_WINDOW_MS - 1);
    expect(calls.size).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await recovery.stop();
    // Not other channels, not those whose disconnect is already recorded.
    expect([...calls.keys()].sort()).toEqual(["back", "gone", "racing"]);
    // "racing" reconnected between the check and the mark: marked, then cleared again.
    expect(marked).toEqual(["gone", "racing"]);
    expect(cleared).toEqual(["back", "racing"]);
  });

  it("tries a failed check again later instead of marking", async () => {
    const { deps, marked } = setup((id, call) => (id === "gone" && call === 1 ? new Error("timeout") : id !== "gone"));
    const recovery = await startRestartRecovery({ ...deps, delayMs: 10_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(marked).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(marked).toEqual(["gone"]);
    await recovery.stop();
  });

  it("does nothing after stop", async () => {
    const { deps, calls } = setup(() => false);
    const recovery = await startRestartRecovery(deps);
    await recovery.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.size).toBe(0);
  });
});
