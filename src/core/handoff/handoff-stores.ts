import type {
  AssignmentRecord,
  AssignmentWithAgent,
  AuditEntry,
  ConversationRecord,
  HandoffRequestRecord,
  HandoffRequestStatus,
  NoteRecord,
} from "../conversations/conversation-records.js";
import type { ConversationStore } from "../conversations/conversation-store.js";
import type { RetentionPolicySource } from "../retention/retention-stamp.js";

/**
 * The ports of the handoff: what the queue, the assignment desk and the
 * agent console's views read from storage, in core types. The state changes
 * themselves go through ConversationStore transactions
 * (ConversationLifecycle). src/storage implements these on Prisma; the unit
 * tests implement them in memory.
 */
export interface CustomerSummary {
  id: string;
  displayName: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
}

export interface OrganisationRecord {
  id: string;
  slug: string;
  name: string;
}

/** Handoff requests and what the queue shows of their conversations. */
export interface HandoffReads {
  findConversation(id: string): Promise<ConversationRecord | null>;
  listConversations(ids: string[]): Promise<ConversationRecord[]>;
  /** The request in progress (waiting or assigned) of a conversation, if any. */
  findActive(conversationId: string): Promise<HandoffRequestRecord | null>;
  /** The newest request of a conversation, whatever its status. */
  findLatest(conversationId: string): Promise<HandoffRequestRecord | null>;
  /** Waiting requests of one organisation (or all), oldest first. */
  listWaiting(organisationId?: string): Promise<HandoffRequestRecord[]>;
  organisationsWithWaiting(): Promise<string[]>;
  /** Starts the grace period of a waiting customer who lost their connection (keeps the first time). */
  markDisconnected(conversationId: string, at: Date): Promise<boolean>;
  clearDisconnected(conversationId: string): Promise<boolean>;
  /** Waiting requests whose customer has been gone since before `cutoff`. */
  listDisconnectedBefore(cutoff: Date): Promise<HandoffRequestRecord[]>;
  /** Recent waits (request → claim, seconds) of first-time requests, newest first. */
  recentWaits(organisationId: string, since: Date, limit?: number): Promise<number[]>;
  countEndedSince(organisationId: string, since: Date): Promise<Partial<Record<HandoffRequestStatus, number>>>;
  /** The first thing each customer wrote. */
  firstCustomerWords(conversationIds: string[]): Promise<Map<string, string>>;
  /** What an agent may see of the customer. */
  findCustomer(id: string): Promise<CustomerSummary | null>;
}

export interface AssignmentReads {
  listActiveForAgent(agentId: string): Promise<AssignmentRecord[]>;
  countActiveByAgent(agentIds: string[]): Promise<Map<string, number>>;
  listForConversation(conversationId: string): Promise<AssignmentWithAgent[]>;
  /** Durations (seconds) of recently finished chats, newest first. */
  recentHandlingSeconds(organisationId: string, since: Date, limit?: number): Promise<number[]>;
  countFinishedSince(organisationId: string, since: Date): Promise<number>;
}

export interface NoteReads {
  listForConversation(conversationId: string): Promise<NoteRecord[]>;
}

export interface OrganisationDirectory {
  findById(id: string): Promise<OrganisationRecord | null>;
  list(): Promise<OrganisationRecord[]>;
}

/** A member of staff as presence and transfers see them. */
export interface StaffMember {
  id: string;
  displayName: string;
  role: string;
  organisationId: string | null;
  presence: string;
  lastSeenAt: Date | null;
  maxConcurrentChats: number;
  disabled: boolean;
}

export interface StaffPresenceStore {
  find(userId: string): Promise<StaffMember | null>;
  set(userId: string, presence: "online" | "away" | "offline", now: Date): Promise<unknown>;
  /** Heartbeat for the agents connected to this process. */
  touch(userIds: string[], now: Date): Promise<void>;
  /** Chat-taking staff of an organisation (enabled accounts only). */
  listStaff(organisationId: string): Promise<StaffMember[]>;
  /** How many staff of the organisation are `presence` with a heartbeat after `freshSince`. */
  count(organisationId: string, presence: "online" | "away", freshSince: Date): Promise<number>;
}

/** An audit record on its own (no state change goes with it). */
export interface AuditLog {
  record(entry: AuditEntry, at: Date): Promise<unknown>;
}

export interface CannedResponseRecord {
  id: string;
  organisationId: string;
  title: string;
  text: string;
  language: string;
  createdAt: Date;
}

export interface CannedResponseStore {
  list(organisationId: string): Promise<CannedResponseRecord[]>;
  findById(id: string): Promise<CannedResponseRecord | null>;
  create(input: {
    organisationId: string;
    title: string;
    text: string;
    language: string;
    now: Date;
  }): Promise<CannedResponseRecord>;
  update(id: string, patch: { title: string; text: string; language: string }): Promise<CannedResponseRecord>;
  delete(id: string): Promise<boolean>;
}

/** Everything the handoff needs from storage (the server passes its repositories). */
export interface HandoffStores {
  conversationStore: ConversationStore;
  retentionPolicies: RetentionPolicySource;
  handoff: HandoffReads;
  assignments: AssignmentReads;
  notes: NoteReads;
  organisations: OrganisationDirectory;
  agentPresence: StaffPresenceStore;
  audit: AuditLog;
  cannedResponses: CannedResponseStore;
}
