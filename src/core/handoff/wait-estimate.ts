/**
 * Estimated wait for a place in the queue, from how the organisation's queue
 * has moved lately: the typical time until an agent picks a customer up when
 * someone is free, plus, for those behind the free places, the typical chat
 * length divided by the number of chats the online agents can hold at once.
 */
export interface WaitStatistics {
  /** Recent waits from request to claim, in seconds. */
  recentWaits: readonly number[];
  /** Recent chat lengths (claim to end), in seconds. */
  recentHandling: readonly number[];
  /** Chats the online agents can hold at once (sum of their maximums). */
  slots: number;
  /** Chats they hold now. */
  busy: number;
}

export const DEFAULT_PICKUP_SECONDS = 60;
export const DEFAULT_HANDLING_SECONDS = 420;
const MIN_PICKUP = 10;
const MAX_PICKUP = 300;
const MIN_HANDLING = 60;
const MAX_HANDLING = 3600;
const ROUND_TO = 15;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((s, v) => s + v, 0) / values.length;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function typicalPickupSeconds(stats: Pick<WaitStatistics, "recentWaits">): number {
  return clamp(median(stats.recentWaits) ?? DEFAULT_PICKUP_SECONDS, MIN_PICKUP, MAX_PICKUP);
}

export function typicalHandlingSeconds(stats: Pick<WaitStatistics, "recentHandling">): number {
  return clamp(mean(stats.recentHandling) ?? DEFAULT_HANDLING_SECONDS, MIN_HANDLING, MAX_HANDLING);
}

/** The statistics boiled down to what an estimate per position needs (small enough to send with each queue change). */
export interface WaitBasis {
  pickupSeconds: number;
  handlingSeconds: number;
  slots: number;
  free: number;
}

export function waitBasis(stats: WaitStatistics): WaitBasis {
  return {
    pickupSeconds: typicalPickupSeconds(stats),
    handlingSeconds: typicalHandlingSeconds(stats),
    slots: stats.slots,
    free: Math.max(0, stats.slots - stats.busy),
  };
}

/** Seconds, rounded up to whole quarter minutes; position is 1-based. */
export function estimateWaitSeconds(position: number, stats: WaitStatistics): number {
  return estimateFromBasis(position, waitBasis(stats));
}

/** The same estimate from the boiled-down inputs (the agent console recomputes positions with it). */
export function estimateFromBasis(position: number, basis: WaitBasis): number {
  const slots = Math.max(1, basis.slots);
  const ahead = Math.max(0, position - basis.free);
  const seconds = basis.pickupSeconds + (ahead * basis.handlingSeconds) / slots;
  return Math.max(ROUND_TO, Math.ceil(seconds / ROUND_TO) * ROUND_TO);
}
