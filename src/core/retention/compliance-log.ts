import { type StaffDirectory, type StaffName, staffNames } from "../accounts/staff-names.js";
import { ComplianceError } from "./compliance-error.js";

/** A stored purge run, as the compliance log reads it. */
export interface PurgeRunRecord {
  id: string;
  actor: string;
  startedAt: Date;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
  cutoff: Date;
  organisationSlug: string | null;
  dryRun: boolean;
  policyVersions: unknown;
  status: string;
  deletedConversations: number;
  deletedMessages: number;
  skipped: number;
  counts: unknown;
  error: string | null;
  stopRequestedAt: Date | null;
  stopRequestedBy: string | null;
}

export interface AuditRecord {
  id: string;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  organisationId: string | null;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
}

/** The ports of the compliance log (src/storage implements them). */
export interface ComplianceLogStores {
  runs: {
    /** Newest first; `organisationSlug`: only that organisation's runs. */
    listRuns(limit: number, filter?: { organisationSlug?: string }): Promise<PurgeRunRecord[]>;
    findRun(id: string): Promise<PurgeRunRecord | null>;
  };
  audit: {
    /** Newest first; every filter is part of the query, before the limit. */
    list(filter: { action?: string; organisationId?: string; limit?: number }): Promise<AuditRecord[]>;
  };
  organisations: { findById(id: string): Promise<{ slug: string } | null> };
  staff: StaffDirectory;
}

/**
 * Whose records a caller may read: their own organisation's, or with no
 * organisation (staff across organisations, the command line) everyone's.
 * Records of no organisation (a purge of every organisation) are only for the latter.
 */
export interface ComplianceScope {
  organisationId: string | null;
}

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
  /** The accounts behind `actor` and `stopRequestedBy`, when they are accounts. */
  actorStaff: StaffName | null;
  stopRequestedByStaff: StaffName | null;
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
  /** The account behind `actorId`, when it is one. */
  actor: StaffName | null;
  /** The account an event about a member of staff (targetType "user") is about. */
  targetStaff: StaffName | null;
}

const STALE_AFTER_MS = 5 * 60_000;

/**
 * Read side for compliance staff: purge runs and the audit trail, scoped to
 * the caller's organisation in the query itself, so a page holds `limit` of
 * the caller's own records whenever there are that many.
 */
export class ComplianceLog {
  constructor(private readonly stores: ComplianceLogStores) {}

  async purgeRuns(scope: ComplianceScope, limit = 50, at = new Date()): Promise<PurgeRunView[]> {
    const slug = await this.slugOf(scope);
    const rows = await this.stores.runs.listRuns(clamp(limit, 50), slug === null ? {} : { organisationSlug: slug });
    const names = await staffNames(
      this.stores.staff,
      rows.flatMap((r) => [r.actor, r.stopRequestedBy]),
    );
    return rows.map((r) => toRunView(r, at, names));
  }

  /** A run by id, or null when there is none the caller may see. */
  async purgeRun(scope: ComplianceScope, id: string, at = new Date()): Promise<PurgeRunView | null> {
    const r = await this.stores.runs.findRun(id);
    if (!r) return null;
    const slug = await this.slugOf(scope);
    if (slug !== null && r.organisationSlug !== slug) return null;
    return toRunView(r, at, await staffNames(this.stores.staff, [r.actor, r.stopRequestedBy]));
  }

  async auditEvents(scope: ComplianceScope, filter: { action?: string; limit?: number }): Promise<AuditView[]> {
    const rows = await this.stores.audit.list({
      ...(filter.action ? { action: filter.action } : {}),
      ...(scope.organisationId !== null ? { organisationId: scope.organisationId } : {}),
      limit: clamp(filter.limit, 100),
    });
    const userTarget = (e: AuditRecord) => (e.targetType === "user" ? e.targetId : null);
    const names = await staffNames(
      this.stores.staff,
      rows.flatMap((e) => [e.actorId, userTarget(e)]),
    );
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
      actor: (e.actorId && names.get(e.actorId)) || null,
      targetStaff: names.get(userTarget(e) ?? "") ?? null,
    }));
  }

  private async slugOf(scope: ComplianceScope): Promise<string | null> {
    if (scope.organisationId === null) return null;
    const own = await this.stores.organisations.findById(scope.organisationId);
    if (!own) throw new ComplianceError("forbidden", "your organisation no longer exists");
    return own.slug;
  }
}

/** At most 500 a page; a missing or unusable limit gives the default. */
function clamp(limit: number | undefined, fallback: number): number {
  const n = limit !== undefined && Number.isFinite(limit) ? Math.trunc(limit) : fallback;
  return Math.min(Math.max(n, 1), 500);
}

function toRunView(r: PurgeRunRecord, at: Date, names: Map<string, StaffName>): PurgeRunView {
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
    actorStaff: names.get(r.actor) ?? null,
    stopRequestedByStaff: (r.stopRequestedBy && names.get(r.stopRequestedBy)) || null,
  };
}
