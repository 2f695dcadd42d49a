/** What the analytics export reads (src/storage implements it), in core types. */
export interface AnalyticsConversation {
  id: string;
  organisationId: string;
  customerId: string | null;
  language: string;
  escalationReason: string | null;
}

export interface AnalyticsMessage {
  id: number;
  conversationId: string;
  role: string;
  text: string;
  metadata: unknown;
  createdAt: Date;
}

export interface AnalyticsFeedback {
  conversationId: string;
  helpful: boolean;
  comment: string | null;
  createdAt: Date;
  /** The bot message rated; null for an end-of-chat comment. */
  message: { text: string } | null;
}

export interface AnalyticsHandoff {
  conversationId: string;
  reason: string;
  summary: string | null;
  requestedAt: Date;
}

export interface AnalyticsStore {
  /** Customers whose logs must be left out: opted out, or named by an objection (id, e-mail or phone). */
  excludedCustomerIds(emails: readonly string[], phones: readonly string[]): Promise<Set<string>>;
  /** Conversations of left messages that name one of these e-mails or phones. */
  conversationsOfContacts(emails: readonly string[], phones: readonly string[]): Promise<Set<string>>;
  /** The e-mails and phones objections name. */
  objectionContacts(): Promise<Array<{ email: string | null; phone: string | null }>>;
  /** Conversations active in [from, to), by id, after `afterId`. */
  conversationsPage(filter: {
    organisationId: string | null;
    from: Date;
    to: Date;
    afterId: string | null;
    limit: number;
  }): Promise<AnalyticsConversation[]>;
  /** Customer and bot messages, by conversation then id. */
  messagesOf(conversationIds: readonly string[]): Promise<AnalyticsMessage[]>;
  feedbackOf(conversationIds: readonly string[]): Promise<AnalyticsFeedback[]>;
  handoffsOf(conversationIds: readonly string[]): Promise<AnalyticsHandoff[]>;
}
