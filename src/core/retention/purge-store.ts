import type { AuditEntry } from "../conversations/conversation-records.js";
import type { PurgeRunRecord } from "./compliance-log.js";
import type { PurgeProgressStore } from "./purge-run-progress.js";

/**
 * The ports of the purge and the erasure (src/storage implements them in
 * SQL), in core types.
 */

/**
 * Which conversations a delete may take. "expired": past its retention expiry
 * (computed under the policy version in force) at `now`; "erasure": only the
 * bot took part (a data-subject erasure request). Both: never under an
 * active legal hold on the conversation or on its customer.
 */
export type DeletionRule =
  | { kind: "expired"; now: Date; organisationId: string | null }
  | { kind: "erasure"; organisationId: string | null };

export type ExpiredRule = Extract<DeletionRule, { kind: "expired" }>;

export type PurgeStatus = "running" | "completed" | "failed";

export interface PurgeCandidate {
  id: string;
  organisationId: string;
  retentionClass: "bot_only" | "human_involved";
  lastActivityAt: Date;
  retentionExpiresAt: Date;
  /** Messages at scan time; a conversation that gets more is no longer eligible, so this is what its delete removes. */
  messages: number;
}

/** Where the purge's scan goes on from: the last (expiry, id) it looked at. */
export interface PurgeCursor {
  expiresAt: Date;
  id: string;
}

export interface PurgeScan {
  /** The window's conversations that may be deleted now. */
  candidates: PurgeCandidate[];
  /** How many conversations the window held (eligible or not). */
  scanned: number;
  next: PurgeCursor | null;
}

export interface DeletedConversation {
  id: string;
  organisationId: string;
  retentionClass: "bot_only" | "human_involved";
  lastActivityAt: Date;
}

export interface BatchDeletion {
  deleted: DeletedConversation[];
  messages: number;
}

export interface PurgeGroupRow {
  organisationId: string;
  retentionClass: "bot_only" | "human_involved";
  conversations: number;
  oldestActivity: Date | null;
  newestActivity: Date | null;
}

export interface NewPurgeRun {
  actor: string;
  startedAt: Date;
  cutoff: Date;
  organisationSlug: string | null;
  dryRun: boolean;
  policyVersions: Record<string, number>;
}

export interface PurgeProgress {
  deletedConversations: number;
  deletedMessages: number;
  skipped: number;
  counts: unknown;
  heartbeatAt: Date;
}

/** Deleting conversations with the eligibility re-checked in the delete itself (the purge and the erasure). */
export interface ConversationDeletion {
  /**
   * Deletes those of `ids` that `rule` still allows, with their messages and
   * dependent rows; `messageCounts` (from the scan) saves counting again.
   */
  deleteBatch(
    ids: readonly string[],
    rule: DeletionRule,
    messageCounts?: ReadonlyMap<string, number>,
  ): Promise<BatchDeletion>;
}

export interface PurgeStore extends ConversationDeletion, PurgeProgressStore {
  /** Which database: the batch sizes and pauses differ. */
  readonly provider: "sqlite" | "postgresql";
  /** The next window of conversations in (expiry, id) order after `after`, and the eligible ones among them. */
  scanBatch(rule: ExpiredRule, after: PurgeCursor | null, limit: number): Promise<PurgeScan>;
  /** What a dry run reports: the eligible conversations per organisation and class, and their messages. */
  summarize(rule: ExpiredRule): Promise<{ groups: PurgeGroupRow[]; messages: number }>;
  /** Conversations past expiry that wait for their expiry to be recomputed under the policy in force. */
  countAwaitingRecompute(now: Date, organisationId: string | null): Promise<number>;
  /** Lets the database fold its write-ahead log between batches (SQLite); nothing elsewhere. */
  checkpoint(): Promise<void>;
  createRun(input: NewPurgeRun): Promise<PurgeRunRecord>;
  /** Ends a run and writes its audit record in one transaction. */
  finishRun(
    id: string,
    outcome: PurgeProgress & { status: Exclude<PurgeStatus, "running">; finishedAt: Date; error?: string | null },
    audit: AuditEntry,
  ): Promise<unknown>;
  listUnfinishedRealRuns(exceptId: string | null): Promise<PurgeRunRecord[]>;
  markInterrupted(id: string, finishedAt: Date, error: string): Promise<unknown>;
  /** Asks a running real run to stop; false when there is none with that id. */
  requestStop(id: string, at: Date, by: string): Promise<boolean>;
  findRun(id: string): Promise<PurgeRunRecord | null>;
}

/** One organisation's windows for the records a purge removes besides conversations. */
export interface LooseRecordRule {
  organisationId: string;
  /** Leave-a-message requests without a conversation, last handled (else left) at or before this, are past their window. */
  offlineBefore: Date;
  /** Customer records last seen at or before this may go once nothing of theirs is kept. */
  customerBefore: Date;
  /** The same run's conversation rule: a customer goes only when none of their conversations is kept. */
  conversations: ExpiredRule;
}

export interface CustomerCursor {
  lastSeenAt: Date;
  id: string;
}

/** Records outside conversations a purge removes: standalone leave-a-messages, customers with nothing kept. */
export interface LooseRecordStore {
  count(rule: LooseRecordRule): Promise<{ offlineMessages: number; customers: number }>;
  /** Deletes up to `limit` standalone leave-a-messages past their window; returns how many. */
  deleteOfflineBatch(rule: LooseRecordRule, limit: number): Promise<number>;
  scanCustomers(
    rule: LooseRecordRule,
    after: CustomerCursor | null,
    limit: number,
  ): Promise<{ ids: string[]; next: CustomerCursor | null }>;
  /** Deletes those of `ids` the rule still allows; returns how many. */
  deleteCustomers(ids: readonly string[], rule: LooseRecordRule): Promise<number>;
}
