import type { ConversationRecord } from "../../conversations/conversation-records.js";

/** The ports of data-subject requests (src/storage implements them), in core types. */

/** How a data subject is found: widget customer ids, or e-mail/phone spellings from a leave-a-message. */
export interface SubjectKeys {
  customerIds: readonly string[];
  emails: readonly string[];
  phones: readonly string[];
  /** Restrict to one organisation (staff bound to one). */
  organisationId: string | null;
}

export interface TranscriptRows {
  messages: Array<{ id: number; role: string; authorName: string | null; text: string; createdAt: Date }>;
  feedback: Array<{ helpful: boolean; comment: string | null; createdAt: Date }>;
  handoffs: Array<{ reason: string; requestedAt: Date; status: string }>;
  internalNotes: number;
}

/** A customer record as a data subject's export shows it. */
export interface SubjectCustomer {
  id: string;
  organisationId: string;
  displayName: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
  analyticsOptOut: boolean;
  createdAt: Date;
  lastSeenAt: Date;
}

/** A leave-a-message request as a data subject's export shows it. */
export interface SubjectOfflineMessage {
  id: string;
  organisationId: string;
  conversationId: string | null;
  customerId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  text: string;
  createdAt: Date;
  handledAt: Date | null;
}

export interface DataSubjectStore {
  findCustomers(keys: SubjectKeys): Promise<SubjectCustomer[]>;
  findOfflineMessages(keys: SubjectKeys): Promise<SubjectOfflineMessage[]>;
  /** Conversations of these customers, and these conversations, in the organisation (null: any). */
  conversationsOf(filter: {
    customerIds: readonly string[];
    conversationIds: readonly string[];
    organisationId: string | null;
  }): Promise<ConversationRecord[]>;
  transcript(conversationId: string): Promise<TranscriptRows>;
  /** Deletes the leave-a-messages among `ids` that have no conversation; returns how many. */
  deleteStandaloneOfflineMessages(ids: readonly string[]): Promise<number>;
  /** The bot's per-customer state (their language); rows of conversations go with the conversation. */
  deleteCustomerState(customerIds: readonly string[]): Promise<number>;
  /** Deletes the customer record when nothing of it is kept (no conversation, no active hold). */
  deleteCustomerIfUnused(id: string): Promise<boolean>;
  recordObjection(input: {
    organisationId: string | null;
    customerIds: readonly string[];
    email: string | null;
    phone: string | null;
    at: Date;
  }): Promise<void>;
}
