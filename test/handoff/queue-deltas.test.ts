import { describe, expect, it } from "vitest";
import {
  allItems,
  applyDelta,
  fromSnapshot,
  hasGap,
  MAX_PENDING,
  type QueueState,
} from "../../agent-console/src/queue-deltas.js";
import { estimateFromBasis } from "../../src/core/handoff/wait-estimate.js";
import type { QueueDelta, QueueEntryView, QueueItem, WaitBasis } from "../../src/protocol/agent.js";

const ORG = "org-a";
const EPOCH = "epoch-1";
const WAIT: WaitBasis = { pickupSeconds: 60, handlingSeconds: 420, slots: 2, free: 0 };

function entry(n: number, over: Partial<QueueEntryView> = {}): QueueEntryView {
  return {
    handoffId: `h${n}`,
    conversationId: `c${n}`,
    organisationId: ORG,
    organisationSlug: "a",
    organisationName: "A",
    requestedAt: new Date(Date.UTC(2026, 11, 3, 10, 0, n)).toISOString(),
    waitingSeconds: 5,
    reason: "customer_request",
    summary: null,
    firstWords: `spørsmål ${n}`,
    language: "nb",
    customerConnected: true,
    transferred: false,
    ...over,
  };
}

function item(n: number, position: number): QueueItem {
  return { ...entry(n), position, estimatedWaitSeconds: 999 };
}

function delta(seq: number, change: QueueDelta["change"], over: Partial<QueueDelta> = {}): QueueDelta {
  return { organisationId: ORG, epoch: EPOCH, seq, change, wait: WAIT, ...over };
}

const join = (n: number, over: Partial<QueueEntryView> = {}) => ({ type: "join" as const, entry: entry(n, over) });
const leave = (n: number) => ({ type: "leave" as const, conversationId: `c${n}` });

function start(items: QueueItem[] = [], seq = 0): QueueState {
  return fromSnapshot({ items, versions: { [ORG]: { epoch: EPOCH, seq } } }, 1_000).state;
}

const ids = (state: QueueState) => allItems(state).map((i) => `${i.conversationId}@${i.position}`);

describe("queue deltas (agent console)", () => {
  it("applies joins and leaves in order, renumbering places and estimates", () => {
    let s = start([item(1, 1), item(2, 2)], 7);
    let r = applyDelta(s, delta(8, join(3)), 2_000);
    expect(r).toMatchObject({ resync: false, joined: ["c3"] });
    s = r.state;
    expect(ids(s)).toEqual(["c1@1", "c2@2", "c3@3"]);
    r = applyDelta(s, delta(9, leave(1)), 3_000);
    s = r.state;
    expect(ids(s)).toEqual(["c2@1", "c3@2"]);
    expect(allItems(s).map((i) => i.estimatedWaitSeconds)).toEqual([
      estimateFromBasis(1, WAIT),
      estimateFromBasis(2, WAIT),
    ]);
    expect(allItems(s).find((i) => i.conversationId === "c3")?.receivedAt).toBe(2_000);
  });

  it("puts a customer transferred back at their original place, and updates in place", () => {
    let s = start([item(1, 1), item(3, 2)], 0);
    s = applyDelta(s, delta(1, join(2, { transferred: true, reason: "transfer" })), 2_000).state;
    expect(ids(s)).toEqual(["c1@1", "c2@2", "c3@3"]);
    const r = applyDelta(s, delta(2, { type: "update", entry: entry(3, { customerConnected: false }) }), 3_000);
    expect(r.joined).toEqual([]);
    expect(ids(r.state)).toEqual(["c1@1", "c2@2", "c3@3"]);
    expect(allItems(r.state)[2]?.customerConnected).toBe(false);
  });

  it("recomputes every estimate when only the estimates moved", () => {
    const s = start([item(1, 1), item(2, 2)], 0);
    const freer = { ...WAIT, free: 2 };
    const r = applyDelta(s, delta(1, { type: "estimates" }, { wait: freer }), 2_000);
    expect(allItems(r.state).map((i) => i.estimatedWaitSeconds)).toEqual([
      estimateFromBasis(1, freer),
      estimateFromBasis(2, freer),
    ]);
    expect(allItems(s).map((i) => i.estimatedWaitSeconds)).toEqual([999, 999]);
  });

  it("skips changes the snapshot already holds, and a change delivered twice", () => {
    const s = start([item(1, 1)], 5);
    const old = applyDelta(s, delta(5, join(2)), 2_000);
    expect(old).toMatchObject({ state: s, resync: false, joined: [] });
    const once = applyDelta(s, delta(6, join(2)), 2_000).state;
    const twice = applyDelta(once, delta(6, join(2)), 2_000);
    expect(twice.state).toBe(once);
    expect(ids(once)).toEqual(["c1@1", "c2@2"]);
  });

  it("holds a change after a gap until the missing one arrives (another process's order)", () => {
    let s = start([], 0);
    let r = applyDelta(s, delta(2, join(2)), 2_000);
    expect(r.resync).toBe(false);
    expect(hasGap(r.state)).toBe(true);
    expect(ids(r.state)).toEqual([]);
    s = r.state;
    r = applyDelta(s, delta(1, join(1)), 2_100);
    expect(hasGap(r.state)).toBe(false);
    expect(ids(r.state)).toEqual(["c1@1", "c2@2"]);
    expect(r.joined).toEqual(["c1", "c2"]);
    expect(r.state.get(ORG)?.seq).toBe(2);
  });

  it("asks for a snapshot when too many changes wait behind a gap", () => {
    let s = start([], 0);
    let last = { resync: false };
    for (let seq = 2; seq <= MAX_PENDING + 2; seq++) {
      const r = applyDelta(s, delta(seq, join(seq)), 2_000);
      s = r.state;
      last = r;
    }
    expect(last.resync).toBe(true);
  });

  it("asks for a snapshot on a new epoch or an organisation the snapshot did not number", () => {
    const s = start([item(1, 1)], 3);
    expect(applyDelta(s, delta(4, leave(1), { epoch: "epoch-2" }), 2_000).resync).toBe(true);
    expect(applyDelta(s, delta(1, join(9), { organisationId: "org-b" }), 2_000).resync).toBe(true);
  });

  it("applies changes received while the snapshot was on its way, skipping those it holds", () => {
    const r = fromSnapshot({ items: [item(1, 1), item(2, 2)], versions: { [ORG]: { epoch: EPOCH, seq: 4 } } }, 1_000, [
      delta(4, join(2)),
      delta(5, leave(1)),
      delta(6, join(3)),
    ]);
    expect(r.resync).toBe(false);
    expect(ids(r.state)).toEqual(["c2@1", "c3@2"]);
    expect(r.joined).toEqual(["c3"]);
  });
});
