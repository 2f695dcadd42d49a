// How a purge paces itself: batch sizes, pauses, and where it runs.

export interface PurgeTuning {
  initialBatch: number;
  minBatch: number;
  maxBatch: number;
  /** Batch sizes adapt so one delete takes about this long: short locks, live chat goes on. */
  targetBatchMs: number;
  /**
   * Time from the end of one delete to the start of the next, so waiting
   * writers get the database; the next scan and the bookkeeping run inside it.
   * Zero still lets everything waiting in this process run first.
   */
  pauseMs: number;
  leaseMs: number;
  /** SQLite: checkpoint the write-ahead log after every batch (moves that work off live requests). */
  checkpoint: boolean;
  /** How often progress is written to the PurgeRun row and the lease renewed. */
  heartbeatMs: number;
}

/**
 * Where a purge runs, which decides how it makes way for live chat:
 * - "server": inside the server process (compliance page, API, daily
 *   schedule), beside the chat it serves;
 * - "separate-process": `npm run purge` and the compliance CLI, beside a
 *   server that may be running in another process.
 */
export type PurgeSite = "server" | "separate-process";

const SQLITE_BATCHES = { initialBatch: 200, minBatch: 20, maxBatch: 2000, targetBatchMs: 40, checkpoint: true };
const POSTGRES_BATCHES = { initialBatch: 500, minBatch: 50, maxBatch: 5000, targetBatchMs: 50, checkpoint: false };
const LEASE = { leaseMs: 120_000, heartbeatMs: 1000 };

/**
 * Defaults per database and site, from the purge benchmark (bench/RESULTS.md).
 *
 * SQLite has one writer at a time. In the server, its driver runs every
 * statement to the end before anything else in the process runs, and a chat
 * request's queries never give way in between: so after each step of the
 * purge (a delete of about 40 ms, a checkpoint, a scan) every chat request
 * that arrived meanwhile runs whole, and no pause is needed. From another
 * process the purge cannot see who is waiting: a writer that finds the
 * database busy retries after growing sleeps (up to 25 ms in its first 80 ms
 * of waiting), so each delete is followed by a pause as long, in which the
 * waiting chat message's next retry falls. Either way the write-ahead log is
 * checkpointed by the purge between batches rather than by a chat message's
 * commit.
 *
 * PostgreSQL locks only the rows being deleted (live conversations are never
 * among them): bigger batches, short pauses, wherever it runs. Live chat
 * still shares the disk and the CPU with each delete: deletes of about 50 ms
 * kept live p99 under 100 ms on a slow run where 100 ms deletes did not
 * (115 ms), for about a tenth less throughput.
 */
export function defaultPurgeTuning(provider: "sqlite" | "postgresql", site: PurgeSite): PurgeTuning {
  if (provider === "postgresql") return { ...POSTGRES_BATCHES, ...LEASE, pauseMs: 5 };
  return { ...SQLITE_BATCHES, ...LEASE, pauseMs: site === "server" ? 0 : 40 };
}

/**
 * Lets everything waiting in this process run before the purge's next step.
 * With SQLite's synchronous driver each purge statement holds the event loop,
 * and a chat request's database work never yields in between (its queries
 * are promise chains), so when the purge runs inside the server, live chat
 * gets the database at every one of these points and waits at most one step.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
