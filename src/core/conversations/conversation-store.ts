import type { ConversationStatus } from "../handoff/conversation-status.js";
import type { RetentionPolicy } from "../retention/retention-policy.js";
import type { RetentionStamp } from "../retention/retention-stamp.js";
import type {
  AssignmentEndReason,
  AssignmentRecord,
  AuditEntry,
  ConversationRecord,
  ConversationStateDocument,
  HandoffRequestRecord,
  HandoffRequestStatus,
  MessageRecord,
  NewHandoffRequest,
  NewMessage,
  NoteRecord,
} from "./conversation-records.js";

/**
 * The port through which the conversation lifecycle changes stored state.
 * `transaction` runs its work as one database transaction: everything the
 * work wrote is committed together, or, when it throws, nothing is. The
 * writes are conditional ("only if the row is still as expected") and report
 * whether they applied, so two agents or two server processes never both win.
 */
export interface ConversationStore {
  transaction<T>(work: (tx: ConversationTransaction) => Promise<T>): Promise<T>;
  findById(id: string): Promise<ConversationRecord | null>;
  findMessageByClientId(conversationId: string, clientId: string): Promise<MessageRecord | null>;
  /**
   * Stamps the conversation and stores the message in as few statements as
   * the database allows (PostgreSQL: one; SQLite: the stamp, then the
   * message on the condition that the conversation is still in one of the
   * statuses), without an interactive transaction. The stamp applies only
   * while the row is of `expect.organisationId`, in one of `expect.statuses`
   * and, unless the stamp says a person took part, still bot-only. Null when
   * the row was not as expected: no message was stored (SQLite may have
   * written the stamp, which is harmless: a later stamp or the caller's
   * fallback transaction writes over it) and the caller decides in a
   * transaction. A second message with the same client id throws.
   * `withState`: also the bot's state documents of the conversation, read by
   * the same statement.
   */
  appendStamped(
    input: NewMessage,
    createdAt: Date,
    stamp: RetentionStamp,
    expect: StampedAppendExpectation,
  ): Promise<StampedAppend | null>;
  /** The transcript in the order it was said, optionally only what came after a message id. */
  listMessages(conversationId: string, opts?: { afterId?: number; limit?: number }): Promise<MessageRecord[]>;
}

export interface StampedAppendExpectation {
  organisationId: string;
  statuses: readonly ConversationStatus[];
  withState?: boolean;
}

export interface StampedAppend {
  conversation: ConversationRecord;
  message: MessageRecord;
  /** With `withState`: the bot's state documents of the conversation as they were (none yet: empty). */
  state?: ConversationStateDocument[];
}

/** What a conditional conversation update expects of the row. */
export interface ConversationExpectation {
  status: readonly ConversationStatus[];
  /** The agent who must have it (null: nobody); not checked when left out. */
  assignedAgentId?: string | null;
  organisationId?: string;
}

export interface ConversationChange {
  status?: ConversationStatus;
  /** Filing the conversation under another organisation (ConversationLifecycle.moveToOrganisation only). */
  organisationId?: string;
  assignedAgentId?: string | null;
  escalationReason?: string | null;
  resolution?: string | null;
  endedAt?: Date | null;
  /** A step a person took: written with the change, in the same statement. */
  retention?: RetentionStamp & { humanInvolved: true };
}

export interface AgentLoad {
  maxConcurrentChats: number;
  /** Open assignments, this transaction's included. */
  activeChats: number;
}

export interface ConversationTransaction {
  /** The conversation as this transaction sees it. */
  conversation(id: string): Promise<ConversationRecord | null>;
  /**
   * The organisation's retention policy, read through this transaction (work
   * inside a transaction reads nothing outside it: on SQLite a statement
   * outside it waits until it ends).
   */
  retentionPolicy(organisationId: string): Promise<RetentionPolicy>;
  /** Applies `change` if the row still matches `expect`; false when it did not (nothing written). */
  updateConversation(id: string, expect: ConversationExpectation, change: ConversationChange): Promise<boolean>;
  /**
   * Writes a retention stamp. A stamp with `humanInvolved: false` only
   * applies while the conversation is still bot-only; with `organisationId`
   * or `statuses`, only while the conversation is of that organisation and in
   * one of those statuses. Null when it was not (nothing written), so human
   * involvement set by a concurrent step is never undone; otherwise the row
   * as written (read back by the same statement, so a turn need not read it again).
   */
  stampRetention(
    id: string,
    stamp: RetentionStamp,
    expect?: { organisationId?: string; statuses?: readonly ConversationStatus[] },
  ): Promise<ConversationRecord | null>;
  /** Stores a message; a second one with the same client id fails the transaction. */
  appendMessage(message: NewMessage, createdAt: Date): Promise<MessageRecord>;

  /** The request in progress (waiting or assigned) of a conversation, if any. */
  activeRequest(conversationId: string): Promise<HandoffRequestRecord | null>;
  createRequest(input: NewHandoffRequest): Promise<HandoffRequestRecord>;
  /** Moves requests (one by id, or all of a conversation) from one status to another; how many moved. */
  moveRequests(
    where: { id?: string; conversationId?: string; status: HandoffRequestStatus },
    change: { status: HandoffRequestStatus; assignedAt?: Date; endedAt?: Date },
  ): Promise<number>;

  /**
   * Takes the agent's row for the rest of the transaction, so two claims for
   * one agent cannot both pass the capacity check, and returns their load.
   * `seen`: the agent acted at `at` (their heartbeat moves). Null: no such agent.
   */
  reserveAgent(agentId: string, at: Date, seen: boolean): Promise<AgentLoad | null>;
  openAssignment(input: {
    conversationId: string;
    handoffRequestId: string | null;
    agentId: string;
    assignedAt: Date;
  }): Promise<AssignmentRecord>;
  /** The agent's open assignment of the conversation, if any. */
  currentAssignment(conversationId: string, agentId: string): Promise<AssignmentRecord | null>;
  /** Ends the agent's open assignments of the conversation; how many. */
  endAssignments(input: {
    conversationId: string;
    agentId: string;
    endedAt: Date;
    endReason: AssignmentEndReason;
  }): Promise<number>;

  addNote(input: { conversationId: string; authorId: string; text: string; createdAt: Date }): Promise<NoteRecord>;
  /** Marks a leave-a-message request handled unless someone already had: true when this did it. */
  markOfflineHandled(id: string, handledById: string, at: Date): Promise<boolean>;

  audit(entry: AuditEntry, at: Date): Promise<void>;
}
