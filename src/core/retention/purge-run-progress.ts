import { performance } from "node:perf_hooks";
import type { Clock } from "../clock.js";
import type { JobLease } from "./job-lock.js";
import type { PurgeTally } from "./purge-report.js";

/** Where a run's progress is recorded (src/storage's PurgeRepository); the answer says whether to stop. */
export interface PurgeProgressStore {
  recordProgress(
    id: string,
    progress: {
      deletedConversations: number;
      deletedMessages: number;
      skipped: number;
      counts: unknown;
      heartbeatAt: Date;
    },
  ): Promise<{ stopRequestedAt: Date | null; stopRequestedBy: string | null }>;
}

/** What a run's progress record is made of. */
export interface ProgressOf {
  runId: string;
  signal: AbortSignal | undefined;
  tally: PurgeTally;
  slugOf: (organisationId: string) => string;
}

/**
 * A real run's dealings with the world between two steps: it stops when its
 * signal is aborted (Ctrl-C, server shutdown), and about once per
 * `everyMs` renews the purge lease and records its progress, which is also
 * where it learns that compliance staff asked it to stop.
 */
export class RunProgress {
  private lastBeat = performance.now();

  constructor(
    private readonly r: ProgressOf,
    private readonly lease: JobLease,
    private readonly purge: PurgeProgressStore,
    private readonly clock: Clock,
    private readonly everyMs: number,
  ) {}

  async between(): Promise<void> {
    if (this.r.signal?.aborted) throw new PurgeCancelled("cancelled before finishing");
    if (performance.now() - this.lastBeat < this.everyMs) return;
    this.lastBeat = performance.now();
    if (!(await this.lease.renew())) throw new Error("lost the purge lock (lease expired); stopped");
    const { tally } = this.r;
    const run = await this.purge.recordProgress(this.r.runId, {
      deletedConversations: tally.conversations,
      deletedMessages: tally.messages,
      skipped: tally.skipped,
      counts: tally.toJSON(this.r.slugOf),
      heartbeatAt: this.clock.now(),
    });
    if (run.stopRequestedAt)
      throw new PurgeCancelled(`stopped at the request of ${run.stopRequestedBy ?? "compliance staff"}`);
  }
}

/** A run stopped on purpose; what it deleted stays deleted and the next run continues. */
export class PurgeCancelled extends Error {
  constructor(why: string) {
    super(`${why}; a new run continues where it stopped`);
    this.name = "PurgeCancelled";
  }
}
