import os from "node:os";
import type { Clock } from "../clock.js";
import { SCHEDULER_ACTOR_PREFIX, schedulerActor } from "./compliance-actor.js";
import { nextDailyRun, startOfLocalDay } from "./daily-schedule.js";
import type { RetentionPolicyService } from "./policy-service.js";
import type { PurgeReport } from "./purge-report.js";
import type { PurgeRunner } from "./purge-runner.js";

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The purge runs already made (src/storage's PurgeRepository): a real run since a time by an actor prefix. */
export interface ScheduledRunLog {
  findRealRunSince(actorPrefix: string, since: Date): Promise<unknown | null>;
}

/**
 * The optional daily purge (SKRANKE_PURGE_HOUR, Europe/Oslo). Every server
 * process runs a scheduler; the purge lease (JobLock) lets one of them run
 * at a time, and a scheduled run already started today (Oslo date) makes
 * the others skip. Before purging it finishes any interrupted expiry
 * recompute, so no conversation waits on a policy change for long.
 */
export class PurgeScheduler {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private running: Promise<unknown> | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly hour: number,
    private readonly runner: PurgeRunner,
    private readonly policies: RetentionPolicyService,
    private readonly runs: ScheduledRunLog,
    private readonly clock: Clock,
    private readonly log: SchedulerLog,
    private readonly host = os.hostname(),
  ) {}

  start(): void {
    this.stopped = false;
    this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await this.running?.catch(() => {});
  }

  /** One scheduled attempt now: null when skipped (already ran today, or another process holds the lease). */
  async tick(): Promise<PurgeReport | null> {
    const now = this.clock.now();
    const today = startOfLocalDay(now);
    if (await this.runs.findRealRunSince(SCHEDULER_ACTOR_PREFIX, today)) return null;
    try {
      const recomputed = await this.policies.recompute();
      if (recomputed > 0) this.log.info({ recomputed }, "retention expiries recomputed before the daily purge");
      const report = await this.runner.run({
        dryRun: false,
        now,
        organisationSlug: null,
        actor: schedulerActor(this.host),
        signal: this.abort.signal,
      });
      this.log.info(
        { runId: report.runId, status: report.status, conversations: report.conversations, messages: report.messages },
        "daily purge finished",
      );
      return report;
    } catch (err) {
      if ((err as { code?: string }).code === "conflict") {
        this.log.info({ reason: (err as Error).message }, "daily purge skipped");
        return null;
      }
      this.log.error({ err }, "daily purge failed");
      return null;
    }
  }

  private arm(): void {
    if (this.stopped) return;
    const next = nextDailyRun(this.clock.now(), this.hour);
    // Re-arm at most hourly so a suspended machine or a clock change is caught up.
    const wait = Math.min(next.getTime() - this.clock.now().getTime(), 3_600_000);
    this.timer = setTimeout(
      () => {
        const due = this.clock.now().getTime() >= next.getTime() - 1000;
        this.running = (due ? this.tick() : Promise.resolve(null)).finally(() => this.arm());
      },
      Math.max(wait, 1000),
    );
    this.timer.unref();
  }
}
