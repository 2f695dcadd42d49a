import type { RetentionClass } from "./retention-policy.js";

/** One organisation and retention class in a purge report. */
export interface PurgeGroup {
  organisation: string;
  retentionClass: RetentionClass;
  conversations: number;
  /** Last activity of the oldest and newest affected conversation. */
  oldestActivity: string | null;
  newestActivity: string | null;
}

/** What a purge run did (or, for a dry run, would do) — counts only, never content. */
export interface PurgeReport {
  runId: string;
  dryRun: boolean;
  /** The moment eligibility was judged at (`--now`). */
  now: string;
  organisation: string | null;
  actor: string;
  policyVersions: Record<string, number>;
  status: "completed" | "failed";
  error: string | null;
  conversations: number;
  messages: number;
  /** Leave-a-message requests without a conversation, past their window (those in a conversation go with it). */
  offlineMessages: number;
  /** Customer records with nothing left to keep (no conversation or request kept, unseen for the shorter window). */
  customers: number;
  /** Scanned as eligible but changed before deletion (new activity, a hold): left alone. */
  skipped: number;
  groups: PurgeGroup[];
  oldestActivity: string | null;
  newestActivity: string | null;
  /** Expired under an older policy version's expiry: kept until recomputed. */
  awaitingRecompute: number;
  batches: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Earlier runs found killed mid-way; this run continued their work. */
  continuedRuns: string[];
}

interface Bucket {
  organisationId: string;
  retentionClass: RetentionClass;
  conversations: number;
  oldest: number | null;
  newest: number | null;
}

/** Adds up deleted conversations per organisation and class. */
export class PurgeTally {
  private readonly buckets = new Map<string, Bucket>();
  conversations = 0;
  messages = 0;
  offlineMessages = 0;
  customers = 0;
  skipped = 0;
  batches = 0;

  addGroup(g: {
    organisationId: string;
    retentionClass: RetentionClass;
    conversations: number;
    oldestActivity: Date | null;
    newestActivity: Date | null;
  }): void {
    const b = this.bucket(g.organisationId, g.retentionClass);
    b.conversations += g.conversations;
    this.conversations += g.conversations;
    if (g.oldestActivity) b.oldest = Math.min(b.oldest ?? Number.POSITIVE_INFINITY, g.oldestActivity.getTime());
    if (g.newestActivity) b.newest = Math.max(b.newest ?? Number.NEGATIVE_INFINITY, g.newestActivity.getTime());
  }

  addConversation(c: { organisationId: string; retentionClass: RetentionClass; lastActivityAt: Date }): void {
    this.addGroup({ ...c, conversations: 1, oldestActivity: c.lastActivityAt, newestActivity: c.lastActivityAt });
  }

  groups(slugOf: (organisationId: string) => string): PurgeGroup[] {
    return [...this.buckets.values()]
      .map((b) => ({
        organisation: slugOf(b.organisationId),
        retentionClass: b.retentionClass,
        conversations: b.conversations,
        oldestActivity: b.oldest === null ? null : new Date(b.oldest).toISOString(),
        newestActivity: b.newest === null ? null : new Date(b.newest).toISOString(),
      }))
      .sort((a, b) => a.organisation.localeCompare(b.organisation) || a.retentionClass.localeCompare(b.retentionClass));
  }

  /** The persisted progress (PurgeRun.counts). */
  toJSON(slugOf: (organisationId: string) => string): {
    groups: PurgeGroup[];
    batches: number;
    offlineMessages: number;
    customers: number;
  } {
    return {
      groups: this.groups(slugOf),
      batches: this.batches,
      offlineMessages: this.offlineMessages,
      customers: this.customers,
    };
  }

  private bucket(organisationId: string, retentionClass: RetentionClass): Bucket {
    const key = `${organisationId}\u0000${retentionClass}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = { organisationId, retentionClass, conversations: 0, oldest: null, newest: null };
      this.buckets.set(key, b);
    }
    return b;
  }
}

export function oldestOf(groups: PurgeGroup[]): string | null {
  const all = groups.map((g) => g.oldestActivity).filter((v): v is string => v !== null);
  return all.sort()[0] ?? null;
}

export function newestOf(groups: PurgeGroup[]): string | null {
  const all = groups.map((g) => g.newestActivity).filter((v): v is string => v !== null);
  return all.sort().at(-1) ?? null;
}
