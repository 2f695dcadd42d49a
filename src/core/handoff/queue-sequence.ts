import { randomUUID } from "node:crypto";

/**
 * Where a queue's numbered changes stand: `seq` counts the changes of one
 * organisation's queue within `epoch`. A new epoch (a restarted process, a
 * Redis that lost its keys) means the numbers started again, so a listener
 * must take a fresh snapshot.
 */
export interface QueueVersion {
  epoch: string;
  seq: number;
}

/**
 * Numbers the changes of each organisation's queue. With several server
 * processes the counter is shared (Redis), so every process numbers one
 * stream per organisation.
 */
export interface QueueSequence {
  /** The number of the next change. */
  next(organisationId: string): Promise<QueueVersion>;
  /** The number of the latest change (seq 0: none yet in this epoch). */
  current(organisationIds: readonly string[]): Promise<Map<string, QueueVersion>>;
}

/** One process: numbers in memory, a new epoch each start. */
export class MemoryQueueSequence implements QueueSequence {
  private readonly epoch = randomUUID();
  private readonly seqs = new Map<string, number>();

  async next(organisationId: string): Promise<QueueVersion> {
    const seq = (this.seqs.get(organisationId) ?? 0) + 1;
    this.seqs.set(organisationId, seq);
    return { epoch: this.epoch, seq };
  }

  async current(organisationIds: readonly string[]): Promise<Map<string, QueueVersion>> {
    return new Map(organisationIds.map((id) => [id, { epoch: this.epoch, seq: this.seqs.get(id) ?? 0 }]));
  }
}
