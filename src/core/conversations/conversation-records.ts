import type { ConversationStatus } from "../handoff/conversation-status.js";
import type { RetentionClass } from "../retention/retention-policy.js";

/**
 * What the core knows of a stored conversation and the rows around it. The
 * stores (src/storage, or the in-memory ones of the tests) return these
 * shapes; they may carry more fields than named here.
 */
export interface ConversationRecord {
  id: string;
  organisationId: string;
  customerId: string | null;
  /** "widget", or the Bot Framework channel id. */
  channel: string;
  status: ConversationStatus;
  /** Set once a person took part (see participation.ts); never cleared. */
  humanInvolved: boolean;
  language: string;
  escalationReason: string | null;
  resolution: string | null;
  assignedAgentId: string | null;
  startedAt: Date;
  lastActivityAt: Date;
  endedAt: Date | null;
  retentionClass: RetentionClass;
  retentionExpiresAt: Date;
  retentionPolicyVersion: number;
}

/**
 * One of the bot's state documents of a conversation (its dialog stack and
 * conversation data: the bot's own JSON, opaque to the core) with the eTag
 * it was stored under.
 */
export interface ConversationStateDocument {
  key: string;
  data: string;
  eTag: string;
}

export type MessageRole = "customer" | "bot" | "agent" | "system";

export interface MessageRecord {
  id: number;
  conversationId: string;
  role: MessageRole;
  text: string;
  clientId: string | null;
  authorId: string | null;
  authorName: string | null;
  metadata: unknown;
  createdAt: Date;
}

export interface NewMessage {
  conversationId: string;
  role: MessageRole;
  text: string;
  /** The sender's id for the message: a retry with the same id is the same message. */
  clientId?: string | null;
  authorId?: string | null;
  authorName?: string | null;
  metadata?: Record<string, unknown> | null;
}

export type HandoffRequestStatus = "waiting" | "assigned" | "completed" | "abandoned" | "cancelled" | "failed";

export interface HandoffRequestRecord {
  id: string;
  conversationId: string;
  organisationId: string;
  status: HandoffRequestStatus;
  /** customer_request | low_confidence | repeated_fallback | unhelpful_feedback | transfer */
  reason: string;
  summary: string | null;
  requestedAt: Date;
  assignedAt: Date | null;
  endedAt: Date | null;
  customerDisconnectedAt: Date | null;
}

export interface NewHandoffRequest {
  conversationId: string;
  organisationId: string;
  reason: string;
  summary: string | null;
  requestedAt: Date;
}

export type AssignmentEndReason = "closed" | "released" | "transferred" | "customer_ended";

export interface AssignmentRecord {
  id: string;
  conversationId: string;
  handoffRequestId: string | null;
  agentId: string;
  assignedAt: Date;
  endedAt: Date | null;
  endReason: string | null;
}

export interface AssignmentWithAgent extends AssignmentRecord {
  agent: { id: string; displayName: string };
}

export interface NoteRecord {
  id: string;
  conversationId: string;
  text: string;
  createdAt: Date;
  author: { id: string; displayName: string } | null;
}

/** One entry of the append-only audit trail: who did what, when. */
export interface AuditEntry {
  action: string;
  actorId?: string | null;
  actorRole?: string | null;
  organisationId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  /** Counts, parameters, reasons: never message content. */
  details?: Record<string, unknown>;
}
