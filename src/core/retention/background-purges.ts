import type { PurgeRequest, PurgeRunner } from "./purge-runner.js";
import type { SchedulerLog } from "./purge-scheduler.js";

/**
 * Real purges the server runs in the background (started from the compliance
 * page or the API): starts one and answers with its run id as soon as it has
 * one, and on shutdown stops them all after their current batch and waits,
 * so no run is left marked "running" by a server that stopped cleanly.
 */
export class BackgroundPurges {
  private readonly running = new Set<{ abort: AbortController; done: Promise<unknown> }>();

  constructor(
    private readonly runner: PurgeRunner,
    private readonly logger: Pick<SchedulerLog, "info" | "error">,
  ) {}

  /** Resolves with the run id once the run exists; rejects if it could not start (another purge holds the lock…). */
  start(request: Omit<PurgeRequest, "dryRun" | "signal">): Promise<string> {
    const abort = new AbortController();
    return new Promise<string>((resolve, reject) => {
      let started = false;
      const entry = {
        abort,
        done: this.runner
          .run(
            { ...request, dryRun: false, signal: abort.signal },
            {
              started: (runId) => {
                started = true;
                resolve(runId);
              },
            },
          )
          .then((report) => this.logger.info({ runId: report.runId, status: report.status }, "purge finished"))
          .catch((err) => {
            if (!started) reject(err);
            else this.logger.error({ err }, "purge failed");
          })
          .finally(() => this.running.delete(entry)),
      };
      this.running.add(entry);
    });
  }

  /** How many are running now. */
  get size(): number {
    return this.running.size;
  }

  /** Stops every running purge after its current batch and waits for each to record how it ended. */
  async stopAll(): Promise<void> {
    const all = [...this.running];
    for (const r of all) r.abort.abort();
    await Promise.all(all.map((r) => r.done));
  }
}
