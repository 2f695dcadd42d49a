/** What /api/compliance/* returns, as this page reads it. */
export interface StaffName {
  id: string;
  name: string;
  email: string;
}

export interface PolicyRow {
  organisation: string;
  name: string;
  policy: { version: number; botOnlyMonths: number; humanInvolvedMonths: number };
  awaitingRecompute: number;
}

export interface PurgeReport {
  dryRun: boolean;
  now: string;
  organisation: string | null;
  conversations: number;
  messages: number;
  offlineMessages: number;
  customers: number;
  oldestActivity: string | null;
  newestActivity: string | null;
  groups: Array<{
    organisation: string;
    retentionClass: string;
    conversations: number;
    oldestActivity: string | null;
    newestActivity: string | null;
  }>;
  policyVersions: Record<string, number>;
  awaitingRecompute: number;
}

export interface PurgeRun {
  id: string;
  actor: string;
  actorStaff: StaffName | null;
  startedAt: string;
  finishedAt: string | null;
  organisation: string | null;
  dryRun: boolean;
  status: string;
  stale: boolean;
  deletedConversations: number;
  deletedMessages: number;
  skipped: number;
  error: string | null;
  stopRequestedAt: string | null;
  stopRequestedBy: string | null;
  stopRequestedByStaff: StaffName | null;
}

export interface Hold {
  id: string;
  conversationId: string | null;
  customerId: string | null;
  reason: string;
  placedBy: string | null;
  placedByStaff?: StaffName | null;
  placedAt: string;
  releasedAt: string | null;
  releasedBy: string | null;
  releasedByStaff?: StaffName | null;
  releaseReason: string | null;
  active: boolean;
}

export interface AuditEvent {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  actor: StaffName | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetStaff: StaffName | null;
  details: unknown;
}
