import { estimateFromBasis } from "../../src/core/handoff/wait-estimate.js";
import type { QueueDelta, QueueEntryView, QueueItem, QueueVersion, WaitBasis } from "../../src/protocol/agent.js";

/**
 * The live queues the console shows, kept from a snapshot (hello,
 * `queue:list`) and the numbered changes (`queue:update`) after it. Pure:
 * every function returns a new state and says when the console must take a
 * new snapshot (a change from a new epoch or of an organisation the
 * snapshot did not number, or a gap in the numbers that later changes did
 * not fill).
 */
export interface LiveQueueItem extends QueueItem {
  /** When the console received `waitingSeconds` (ms since the epoch, its own clock). */
  receivedAt: number;
}

export interface OrganisationQueue extends QueueVersion {
  /** In queue order. */
  items: readonly LiveQueueItem[];
  wait: WaitBasis | null;
  /** Changes numbered beyond the next one, held until the gap before them is filled. */
  pending: readonly QueueDelta[];
}

export type QueueState = ReadonlyMap<string, OrganisationQueue>;

export interface Applied {
  state: QueueState;
  /** Take a new snapshot (`queue:list`) and start again from it. */
  resync: boolean;
  /** Customers that joined with this change (the console announces them). */
  joined: readonly string[];
}

/** More changes than this waiting behind a gap: stop waiting and take a snapshot. */
export const MAX_PENDING = 20;

export function emptyQueues(): QueueState {
  return new Map();
}

/**
 * The state a snapshot gives, with any changes received while it was on its
 * way applied on top (those it already holds are skipped by their numbers).
 */
export function fromSnapshot(
  snapshot: { items: readonly QueueItem[]; versions: Readonly<Record<string, QueueVersion>> },
  now: number,
  since: readonly QueueDelta[] = [],
): Applied {
  const state = new Map<string, OrganisationQueue>();
  for (const [organisationId, version] of Object.entries(snapshot.versions)) {
    state.set(organisationId, { epoch: version.epoch, seq: version.seq, items: [], wait: null, pending: [] });
  }
  for (const item of snapshot.items) {
    const org = state.get(item.organisationId);
    if (org) state.set(item.organisationId, { ...org, items: [...org.items, { ...item, receivedAt: now }] });
  }
  for (const [id, org] of state) state.set(id, { ...org, items: [...org.items].sort(byQueueOrder) });
  let applied: Applied = { state, resync: false, joined: [] };
  for (const delta of since) {
    const next = applyDelta(applied.state, delta, now);
    applied = { state: next.state, resync: applied.resync || next.resync, joined: [...applied.joined, ...next.joined] };
  }
  return applied;
}

/** Applies one numbered change (or holds it, if changes before it are missing). */
export function applyDelta(state: QueueState, delta: QueueDelta, now: number): Applied {
  const org = state.get(delta.organisationId);
  if (!org || org.epoch !== delta.epoch) return { state, resync: true, joined: [] };
  if (delta.seq <= org.seq || org.pending.some((d) => d.seq === delta.seq)) return { state, resync: false, joined: [] };
  if (delta.seq > org.seq + 1) {
    const pending = [...org.pending, delta].sort((a, b) => a.seq - b.seq);
    return {
      state: withOrg(state, delta.organisationId, { ...org, pending }),
      resync: pending.length > MAX_PENDING,
      joined: [],
    };
  }
  let current = org;
  const joined: string[] = [];
  let next: QueueDelta | undefined = delta;
  while (next) {
    current = step(current, next, now, joined);
    const after = current.seq + 1;
    next = current.pending.find((d) => d.seq === after);
    if (next) current = { ...current, pending: current.pending.filter((d) => d.seq > after) };
  }
  return { state: withOrg(state, delta.organisationId, current), resync: false, joined };
}

/** Some organisation waits for a missing change (the console takes a snapshot if it does not come soon). */
export function hasGap(state: QueueState): boolean {
  for (const org of state.values()) if (org.pending.length > 0) return true;
  return false;
}

/** Every waiting customer of every organisation, oldest request first. */
export function allItems(state: QueueState): LiveQueueItem[] {
  return [...state.values()].flatMap((o) => o.items).sort(byQueueOrder);
}

function step(org: OrganisationQueue, delta: QueueDelta, now: number, joined: string[]): OrganisationQueue {
  const change = delta.change;
  let items = org.items;
  if (change.type === "join" || change.type === "update") {
    const known = items.some((i) => i.conversationId === change.entry.conversationId);
    if (change.type === "join" && !known) joined.push(change.entry.conversationId);
    items = [...items.filter((i) => i.conversationId !== change.entry.conversationId), placed(change.entry, now)].sort(
      byQueueOrder,
    );
  } else if (change.type === "leave") {
    items = items.filter((i) => i.conversationId !== change.conversationId);
  }
  const wait = delta.wait;
  return {
    ...org,
    seq: delta.seq,
    wait,
    items: items.map((item, i) => ({
      ...item,
      position: i + 1,
      estimatedWaitSeconds: estimateFromBasis(i + 1, wait),
    })),
  };
}

function placed(entry: QueueEntryView, now: number): LiveQueueItem {
  return { ...entry, position: 0, estimatedWaitSeconds: 0, receivedAt: now };
}

function withOrg(state: QueueState, organisationId: string, org: OrganisationQueue): QueueState {
  const next = new Map(state);
  next.set(organisationId, org);
  return next;
}

/** The server's queue order: request time, then handoff id. */
function byQueueOrder(a: QueueEntryView, b: QueueEntryView): number {
  return a.requestedAt < b.requestedAt
    ? -1
    : a.requestedAt > b.requestedAt
      ? 1
      : a.handoffId < b.handoffId
        ? -1
        : a.handoffId > b.handoffId
          ? 1
          : 0;
}
