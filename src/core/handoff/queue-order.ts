/**
 * Queue order: first come, first served per organisation. A request that was
 * put back in the queue by a transfer keeps its original request time.
 */
export interface QueueEntry {
  id: string;
  conversationId: string;
  requestedAt: Date;
}

export function orderQueue<T extends QueueEntry>(entries: readonly T[]): T[] {
  return [...entries].sort(
    (a, b) => a.requestedAt.getTime() - b.requestedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** 1-based positions by conversation id. */
export function queuePositions(entries: readonly QueueEntry[]): Map<string, number> {
  return new Map(orderQueue(entries).map((e, i) => [e.conversationId, i + 1]));
}
