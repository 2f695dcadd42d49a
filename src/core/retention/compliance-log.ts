import type { AuditRepository } from "../../storage/repositories/audit.js";
import type { PurgeRepository, PurgeRun } from "../../storage/repositories/purge.js";

export interface PurgeRunView {
  id: string;
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  heartbeatAt: string | null;
  now: string;
  organisation: string | null;
  dryRun: boolean;
  policyVersions: unknown;
  status: string;
  /** A run still "running" without progress for longer than this was killed (a new run continues it). */
  stale: boolean;
  deletedConversations: number;
  deletedMessages: number;
  skipped: number;
  counts: unknown;
  error: string | null;
  /** When and by whom the run was asked to stop (it stops after the batch in hand). */
  stopRequestedAt: string | null;
  stopRequestedBy: string | null;
}

export interface AuditView {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  organisationId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
}

const STALE_AFTER_MS = 5 * 60_000;

/** Read side for compliance staff: purge runs and the audit trail. */
export class ComplianceLog {
  constructor(
    private readonly runs: PurgeRepository,
    private readonly audit: AuditRepository,
  ) {}

  async purgeRuns(limit = 50, at = new Date()): Promise<PurgeRunView[]> {
    return (await this.runs.listRuns(Math.min(Math.max(limit, 1), 500))).map((r) => toRunView(r, at));
  }

  async purgeRun(id: string, at = new Date()): Promise<PurgeRunView | null> {
    const r = await this.runs.findRun(id);
    return r ? toRunView(r, at) : null;
  }

  async auditEvents(filter: { action?: string; limit?: number }): Promise<AuditView[]> {
    const rows = await this.audit.list({
      ...(filter.action ? { action: filter.action } : {}),
      limit: Math.min(Math.max(filter.limit ?? 100, 1), 500),
    });
    return rows.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actorRole: e.actorRole,
      action: e.action,
      organisationId: e.organisationId,
      targetType: e.targetType,
      targetId: e.targetId,
      details: e.details,
    }));
  }
}

function toRunView(r: PurgeRun, at: Date): PurgeRunView {
  const beat = r.heartbeatAt ?? r.startedAt;
  return {
    id: r.id,
    actor: r.actor,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    heartbeatAt: r.heartbeatAt?.toISOString() ?? null,
    now: r.cutoff.toISOString(),
    organisation: r.organisationSlug,
    dryRun: r.dryRun,
    policyVersions: r.policyVersions,
    status: r.status,
    stale: r.status === "running" && at.getTime() - beat.getTime() > STALE_AFTER_MS,
    deletedConversations: r.deletedConversations,
    deletedMessages: r.deletedMessages,
    skipped: r.skipped,
    counts: r.counts,
    error: r.error,
    stopRequestedAt: r.stopRequestedAt?.toISOString() ?? null,
    stopRequestedBy: r.stopRequestedBy,
  };
}
