import { describe, expect, it } from "vitest";
import { assertTransition, canTransition, nextStatus } from "../../src/core/handoff/conversation-status.js";
import { HandoffError } from "../../src/core/handoff/errors.js";
import { orderQueue, queuePositions } from "../../src/core/handoff/queue-order.js";
import {
  DEFAULT_HANDLING_SECONDS,
  DEFAULT_PICKUP_SECONDS,
  estimateWaitSeconds,
  median,
} from "../../src/core/handoff/wait-estimate.js";

describe("the conversation state machine", () => {
  it("allows exactly the documented moves", () => {
    expect(nextStatus("bot", "request_handoff")).toBe("queued");
    expect(nextStatus("queued", "claim")).toBe("assigned");
    expect(nextStatus("queued", "cancel")).toBe("bot");
    expect(nextStatus("queued", "abandon")).toBe("bot");
    expect(nextStatus("assigned", "release")).toBe("bot");
    expect(nextStatus("assigned", "close")).toBe("closed");
    expect(nextStatus("assigned", "transfer_to_queue")).toBe("queued");
    expect(nextStatus("assigned", "transfer_to_agent")).toBe("assigned");
    expect(nextStatus("assigned", "customer_end")).toBe("closed");
    for (const t of ["request_handoff", "claim", "release", "close", "transfer_to_agent", "cancel"] as const) {
      expect(canTransition("closed", t), t).toBe(false);
    }
    expect(canTransition("bot", "claim")).toBe(false);
    expect(canTransition("assigned", "claim")).toBe(false);
    expect(canTransition("queued", "release")).toBe(false);
    expect(canTransition("bot", "close")).toBe(false);
  });

  it("refuses a move that is not allowed with a conflict", () => {
    expect(() => assertTransition("closed", "claim")).toThrow(HandoffError);
    try {
      assertTransition("bot", "release");
    } catch (err) {
      expect((err as HandoffError).code).toBe("conflict");
      expect((err as HandoffError).message).toMatch(/is with the bot/);
    }
  });
});

describe("queue order", () => {
  it("is first come first served, ties broken by id", () => {
    const t = (s: number) => new Date(Date.UTC(2026, 10, 23, 10, 0, s));
    const entries = [
      { id: "c", conversationId: "3", requestedAt: t(5) },
      { id: "b", conversationId: "2", requestedAt: t(1) },
      { id: "a", conversationId: "1", requestedAt: t(5) },
    ];
    expect(orderQueue(entries).map((e) => e.id)).toEqual(["b", "a", "c"]);
    expect([...queuePositions(entries)]).toEqual([
      ["2", 1],
      ["1", 2],
      ["3", 3],
    ]);
  });
});

describe("wait estimates", () => {
  const none = { recentWaits: [], recentHandling: [], slots: 0, busy: 0 };

  it("falls back to defaults without history", () => {
    expect(estimateWaitSeconds(1, { ...none, slots: 3 })).toBe(DEFAULT_PICKUP_SECONDS);
    // Nobody online: one place per typical chat length.
    expect(estimateWaitSeconds(1, none)).toBe(DEFAULT_PICKUP_SECONDS + DEFAULT_HANDLING_SECONDS);
  });

  it("grows with the position and shrinks with more agents", () => {
    const stats = { recentWaits: [30, 40, 50], recentHandling: [600, 600], slots: 2, busy: 2 };
    const one = estimateWaitSeconds(1, stats);
    const three = estimateWaitSeconds(3, stats);
    expect(three).toBeGreaterThan(one);
    expect(estimateWaitSeconds(3, { ...stats, slots: 6, busy: 6 })).toBeLessThan(three);
    // 40 s pickup + 3 × 600 s / 2 slots = 940 s, rounded up to a quarter minute.
    expect(three).toBe(945);
  });

  it("is just the pickup time for customers who will find a free agent", () => {
    expect(estimateWaitSeconds(2, { recentWaits: [20, 25], recentHandling: [300], slots: 3, busy: 1 })).toBe(30);
  });

  it("uses the median wait, so one very long wait does not dominate", () => {
    expect(median([10, 20, 3000])).toBe(20);
    expect(median([10, 20])).toBe(15);
    expect(median([])).toBeNull();
  });
});
