import { performance } from "node:perf_hooks";
import type { Clock } from "../clock.js";
import type { AuditLog, OrganisationRecord } from "../handoff/handoff-stores.js";
import type { ComplianceActor } from "./compliance-actor.js";
import { ComplianceError } from "./compliance-error.js";
import { JobLease, type JobLockStore } from "./job-lock.js";
import { newestOf, oldestOf, type PurgeReport, PurgeTally } from "./purge-report.js";
import { PurgeCancelled, RunProgress } from "./purge-run-progress.js";
import type { CustomerCursor, ExpiredRule, LooseRecordRule, LooseRecordStore, PurgeStore } from "./purge-store.js";
import { defaultPurgeTuning, type PurgeSite, type PurgeTuning, sleep, yieldToEventLoop } from "./purge-tuning.js";
import { latestExpiredStart, type RetentionPolicy } from "./retention-policy.js";
import type { RetentionPolicyStore } from "./retention-stores.js";

export const PURGE_LOCK = "purge";

export interface PurgeRequest {
  dryRun: boolean;
  /** Eligibility is judged at this moment: retention expiry <= now. */
  now: Date;
  organisationSlug: string | null;
  actor: ComplianceActor;
  /** Stops a real run between batches (it ends as failed/cancelled; a new run continues). */
  signal?: AbortSignal;
}

export interface PurgeHooks {
  /** Called once the PurgeRun row exists (the HTTP API answers 202 with its id here). */
  started?(runId: string): void;
  /** Called after every batch of a real run (tests use it to interleave live traffic or to "kill" a run). */
  afterBatch?(info: { runId: string; batch: number; deleted: number; skipped: number }): Promise<void> | void;
}

export interface PurgeRunnerDeps {
  purge: PurgeStore;
  looseRecords: LooseRecordStore;
  organisations: { list(): Promise<OrganisationRecord[]> };
  policies: Pick<RetentionPolicyStore, "current" | "forget">;
  audit: AuditLog;
  jobLocks: JobLockStore;
}

/**
 * Deletes conversations past their retention expiry, in short batches:
 * scan a batch of eligible ids in (expiry, id) order, delete them with the
 * eligibility re-checked in the DELETE, record progress in the PurgeRun row,
 * adapt the batch size to the time a delete took, pause, go on. Idempotent:
 * a run killed mid-way leaves only whole batches deleted, and the next run
 * (after the lease runs out) marks it interrupted and continues. A dry run
 * counts the same set with the same SQL condition and deletes nothing.
 */
export class PurgeRunner {
  private readonly tuning: PurgeTuning;

  constructor(
    private readonly deps: PurgeRunnerDeps,
    /** Real time: run timestamps and the lease (not the `now` eligibility is judged at). */
    private readonly clock: Clock,
    site: PurgeSite,
    tuning: Partial<PurgeTuning> = {},
  ) {
    this.tuning = { ...defaultPurgeTuning(deps.purge.provider, site), ...tuning };
  }

  async run(req: PurgeRequest, hooks: PurgeHooks = {}): Promise<PurgeReport> {
    if (Number.isNaN(req.now.getTime())) throw new ComplianceError("invalid_input", "now is not a valid time");
    const orgs = await this.deps.organisations.list();
    let scope: OrganisationRecord | null = null;
    if (req.organisationSlug !== null) {
      scope = orgs.find((o) => o.slug === req.organisationSlug) ?? null;
      if (!scope) throw new ComplianceError("not_found", `unknown organisation "${req.organisationSlug}"`);
    }
    const slugOf = (id: string) => orgs.find((o) => o.id === id)?.slug ?? id;
    this.deps.policies.forget();
    const policyVersions: Record<string, number> = {};
    const policies = new Map<string, RetentionPolicy>();
    for (const o of scope ? [scope] : orgs) {
      const policy = await this.deps.policies.current(o.id);
      policyVersions[o.slug] = policy.version;
      policies.set(o.id, policy);
    }
    const loose = (rule: ExpiredRule): LooseRecordRule[] =>
      [...policies].map(([organisationId, policy]) => ({
        organisationId,
        // Leave-a-message requests are written to people: kept like chats where a person took part.
        offlineBefore: latestExpiredStart(req.now, "human_involved", policy),
        // A customer record with nothing left to keep goes once unseen for the shortest window.
        customerBefore: latestExpiredStart(req.now, "bot_only", policy),
        conversations: rule,
      }));
    const setup = { req, scope, policyVersions, slugOf, hooks, loose };

    if (req.dryRun) return this.execute(setup, (r) => this.count(r));

    const lease = new JobLease(this.deps.jobLocks, PURGE_LOCK, this.tuning.leaseMs, this.clock);
    if (!(await lease.acquire())) {
      const holder = await lease.current();
      throw new ComplianceError(
        "conflict",
        `another purge is running${holder ? ` (${holder.holder}, lease until ${holder.lockedUntil.toISOString()})` : ""}; try again when it has finished`,
      );
    }
    try {
      return await this.execute(setup, (r) => this.deleteAll(r, lease));
    } finally {
      await lease.release().catch(() => {});
    }
  }

  /**
   * What a dry run and a real run share: the PurgeRun row, (real runs) marking
   * killed runs as continued by this one, the tally, and on the way out the
   * PurgeRun outcome and the audit record, whatever `body` did.
   */
  private async execute(setup: RunSetup, body: (r: RunState) => Promise<void>): Promise<PurgeReport> {
    const { req, scope } = setup;
    const started = this.clock.now();
    const t0 = performance.now();
    const run = await this.deps.purge.createRun({
      actor: req.actor.id,
      startedAt: started,
      cutoff: req.now,
      organisationSlug: scope?.slug ?? null,
      dryRun: req.dryRun,
      policyVersions: setup.policyVersions,
    });
    setup.hooks.started?.(run.id);
    const continued = req.dryRun ? [] : await this.markInterrupted(run.id, req.actor);
    const rule: ExpiredRule = { kind: "expired", now: req.now, organisationId: scope?.id ?? null };
    const r: RunState = { ...setup, runId: run.id, rule, tally: new PurgeTally(), awaitingRecompute: 0 };
    let error: string | null = null;
    let cancelled = false;
    try {
      r.awaitingRecompute = await this.deps.purge.countAwaitingRecompute(req.now, rule.organisationId);
      await body(r);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      cancelled = err instanceof PurgeCancelled;
    }
    return this.finish(r, started, t0, error, cancelled, continued);
  }

  /** The dry run: the same conditions, counted. */
  private async count(r: RunState): Promise<void> {
    const summary = await this.deps.purge.summarize(r.rule);
    for (const g of summary.groups) r.tally.addGroup(g);
    r.tally.messages = summary.messages;
    for (const l of r.loose(r.rule)) {
      const n = await this.deps.looseRecords.count(l);
      r.tally.offlineMessages += n.offlineMessages;
      r.tally.customers += n.customers;
    }
  }

  /** The real run: conversations in batches, then what no conversation holds any more. */
  private async deleteAll(r: RunState, lease: JobLease): Promise<void> {
    const progress = new RunProgress(
      { runId: r.runId, signal: r.req.signal, tally: r.tally, slugOf: r.slugOf },
      lease,
      this.deps.purge,
      this.clock,
      this.tuning.heartbeatMs,
    );
    let size = this.tuning.initialBatch;
    let scan = await this.deps.purge.scanBatch(r.rule, null, size);
    for (;;) {
      const { candidates } = scan;
      let deletedHere = 0;
      let deleteEnded: number | null = null;
      if (candidates.length > 0) {
        const t = performance.now();
        const { deleted, messages } = await this.deps.purge.deleteBatch(
          candidates.map((c) => c.id),
          r.rule,
          new Map(candidates.map((c) => [c.id, c.messages])),
        );
        deleteEnded = performance.now();
        for (const d of deleted) r.tally.addConversation(d);
        r.tally.messages += messages;
        r.tally.skipped += candidates.length - deleted.length;
        r.tally.batches += 1;
        deletedHere = deleted.length;
        size = this.nextSize(size, deleteEnded - t, scan.scanned);
      }
      // Everything up to the next delete happens inside the pause, which
      // belongs to live chat: bookkeeping, the WAL checkpoint, the next scan
      // (reads only); then whatever is left of the pause is waited out.
      await progress.between();
      if (deleteEnded !== null) {
        await yieldToEventLoop();
        await r.hooks.afterBatch?.({
          runId: r.runId,
          batch: r.tally.batches,
          deleted: deletedHere,
          skipped: candidates.length - deletedHere,
        });
        if (this.tuning.checkpoint) {
          await this.deps.purge.checkpoint();
          await yieldToEventLoop();
        }
      }
      if (scan.next === null) break;
      scan = await this.deps.purge.scanBatch(r.rule, scan.next, size);
      const rest = deleteEnded === null ? 0 : this.tuning.pauseMs - (performance.now() - deleteEnded);
      if (rest > 0 && scan.candidates.length > 0) await sleep(rest);
      else await yieldToEventLoop();
    }
    // Then what no conversation holds any more: standalone requests, customer records.
    for (const l of r.loose(r.rule)) await this.purgeLooseRecords(l, r.tally, progress);
  }

  /** Standalone leave-a-message requests past their window, then customers with nothing left to keep. */
  private async purgeLooseRecords(r: LooseRecordRule, tally: PurgeTally, progress: RunProgress) {
    const limit = this.tuning.initialBatch;
    const between = async () => {
      await progress.between();
      if (this.tuning.pauseMs > 0) await sleep(this.tuning.pauseMs);
      else await yieldToEventLoop();
    };
    for (;;) {
      const n = await this.deps.looseRecords.deleteOfflineBatch(r, limit);
      tally.offlineMessages += n;
      if (n < limit) break;
      await between();
    }
    let cursor: CustomerCursor | null = null;
    do {
      const scan = await this.deps.looseRecords.scanCustomers(r, cursor, limit);
      tally.customers += await this.deps.looseRecords.deleteCustomers(scan.ids, r);
      cursor = scan.next;
      if (cursor) await between();
    } while (cursor);
  }

  private nextSize(size: number, elapsedMs: number, scanned: number): number {
    if (scanned < size) return size;
    const factor = Math.min(2, Math.max(0.5, this.tuning.targetBatchMs / Math.max(elapsedMs, 1)));
    return Math.round(Math.min(this.tuning.maxBatch, Math.max(this.tuning.minBatch, size * factor)));
  }

  /**
   * Asks a real run that is still running to stop. It stops at its next
   * progress record (about once a second, in whichever process runs it),
   * after the batch in hand; what it deleted stays deleted, and the next run
   * continues. Audited.
   */
  async requestStop(runId: string, actor: ComplianceActor): Promise<{ runId: string; status: "stopping" }> {
    const run = await this.deps.purge.findRun(runId);
    if (!run) throw new ComplianceError("not_found", "no such purge run");
    if (run.dryRun || run.status !== "running")
      throw new ComplianceError(
        "conflict",
        `purge run ${runId} is not running (${run.dryRun ? "dry run" : run.status})`,
      );
    const at = this.clock.now();
    if (!(await this.deps.purge.requestStop(runId, at, actor.id)))
      throw new ComplianceError("conflict", `purge run ${runId} has just finished`);
    await this.deps.audit.record(
      {
        action: "retention.purge.stop_requested",
        actorId: actor.id,
        actorRole: actor.role,
        targetType: "purge_run",
        targetId: runId,
        details: { deletedConversations: run.deletedConversations, deletedMessages: run.deletedMessages },
      },
      at,
    );
    return { runId, status: "stopping" };
  }

  /** Only the lease holder gets here, so any other real run still "running" was killed. */
  private async markInterrupted(runId: string, actor: ComplianceActor): Promise<string[]> {
    const stale = await this.deps.purge.listUnfinishedRealRuns(runId);
    for (const r of stale) {
      const at = this.clock.now();
      await this.deps.purge.markInterrupted(
        r.id,
        at,
        `interrupted (last progress ${(r.heartbeatAt ?? r.startedAt).toISOString()}); continued by run ${runId}`,
      );
      await this.deps.audit.record(
        {
          action: "retention.purge.interrupted",
          actorId: actor.id,
          actorRole: actor.role,
          targetType: "purge_run",
          targetId: r.id,
          details: {
            continuedBy: runId,
            deletedConversations: r.deletedConversations,
            deletedMessages: r.deletedMessages,
            lastProgress: (r.heartbeatAt ?? r.startedAt).toISOString(),
          },
        },
        at,
      );
    }
    return stale.map((r) => r.id);
  }

  private async finish(
    r: RunState,
    started: Date,
    t0: number,
    error: string | null,
    cancelled: boolean,
    continuedRuns: string[],
  ): Promise<PurgeReport> {
    const { req, runId, tally, slugOf, policyVersions, awaitingRecompute } = r;
    const finishedAt = this.clock.now();
    const durationMs = Math.round(performance.now() - t0);
    const groups = tally.groups(slugOf);
    const status = error === null ? "completed" : "failed";
    const report: PurgeReport = {
      runId,
      dryRun: req.dryRun,
      now: req.now.toISOString(),
      organisation: req.organisationSlug,
      actor: req.actor.id,
      policyVersions,
      status,
      error,
      conversations: tally.conversations,
      messages: tally.messages,
      offlineMessages: tally.offlineMessages,
      customers: tally.customers,
      skipped: tally.skipped,
      groups,
      oldestActivity: oldestOf(groups),
      newestActivity: newestOf(groups),
      awaitingRecompute,
      batches: tally.batches,
      startedAt: started.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs,
      continuedRuns,
    };
    await this.deps.purge.finishRun(
      runId,
      {
        status,
        finishedAt,
        error,
        deletedConversations: tally.conversations,
        deletedMessages: tally.messages,
        skipped: tally.skipped,
        counts: { ...tally.toJSON(slugOf), awaitingRecompute, durationMs },
        heartbeatAt: finishedAt,
      },
      {
        action: "retention.purge",
        actorId: req.actor.id,
        actorRole: req.actor.role,
        targetType: "purge_run",
        targetId: runId,
        details: {
          dryRun: req.dryRun,
          outcome: error === null ? "completed" : cancelled ? "cancelled" : "failed",
          ...(error !== null ? { error } : {}),
          parameters: { now: report.now, organisation: req.organisationSlug },
          futureCutoff: req.now.getTime() > finishedAt.getTime(),
          policyVersions,
          conversations: report.conversations,
          messages: report.messages,
          offlineMessages: report.offlineMessages,
          customers: report.customers,
          skipped: report.skipped,
          groups,
          awaitingRecompute,
          batches: report.batches,
          durationMs,
          ...(continuedRuns.length ? { continuedRuns } : {}),
        },
      },
    );
    return report;
  }
}

/** What a run is asked to do, settled before it starts. */
interface RunSetup {
  req: PurgeRequest;
  scope: OrganisationRecord | null;
  policyVersions: Record<string, number>;
  slugOf: (organisationId: string) => string;
  hooks: PurgeHooks;
  /** Per organisation in scope, the windows for records outside conversations. */
  loose: (rule: ExpiredRule) => LooseRecordRule[];
}

/** A run in progress. */
interface RunState extends RunSetup {
  runId: string;
  rule: ExpiredRule;
  tally: PurgeTally;
  awaitingRecompute: number;
}
