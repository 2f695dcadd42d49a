import { randomUUID } from "node:crypto";
import type { QueueSequence, QueueVersion } from "../../core/handoff/queue-sequence.js";
import type { RedisClient } from "./redis-adapter.js";

/**
 * Queue change numbers shared by every server process: one Redis hash per
 * organisation (`<prefix>:queue:<organisationId>`) holding the counter and
 * its epoch. The epoch is set by whoever finds the hash missing (first use,
 * or a Redis that lost its keys), inside the same transaction as the
 * increment, so numbers that start again always come with a new epoch.
 */
export class RedisQueueSequence implements QueueSequence {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
  ) {}

  private key(organisationId: string): string {
    return `${this.prefix}:queue:${organisationId}`;
  }

  async next(organisationId: string): Promise<QueueVersion> {
    const key = this.key(organisationId);
    const [, seq, epoch] = await this.client
      .multi()
      .hSetNX(key, "epoch", randomUUID())
      .hIncrBy(key, "seq", 1)
      .hGet(key, "epoch")
      .exec();
    return { epoch: String(epoch), seq: Number(seq) };
  }

  async current(organisationIds: readonly string[]): Promise<Map<string, QueueVersion>> {
    if (organisationIds.length === 0) return new Map();
    const multi = this.client.multi();
    for (const id of organisationIds) {
      const key = this.key(id);
      multi.hSetNX(key, "epoch", randomUUID()).hmGet(key, ["epoch", "seq"]);
    }
    const replies = await multi.exec();
    return new Map(
      organisationIds.map((id, i) => {
        const [epoch, seq] = replies[2 * i + 1] as unknown as [string | null, string | null];
        return [id, { epoch: String(epoch), seq: Number(seq ?? 0) }];
      }),
    );
  }
}
