/**
 * The ports of leave-a-message requests, in core types: src/storage
 * implements them on Prisma. Marking one handled is a transaction of the
 * conversation lifecycle (ConversationLifecycle.handleOfflineMessage).
 */
export interface OfflineMessageRecord {
  id: string;
  organisationId: string;
  conversationId: string | null;
  customerId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  text: string;
  language: string;
  createdAt: Date;
  handledAt: Date | null;
  handledById: string | null;
}

export interface NewOfflineMessage {
  organisationId: string;
  conversationId?: string | null;
  customerId?: string | null;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  text: string;
  language: string;
}

export interface OfflineMessageStore {
  create(input: NewOfflineMessage, now: Date): Promise<OfflineMessageRecord>;
  findById(id: string): Promise<OfflineMessageRecord | null>;
  /** Requests nobody has handled yet, oldest first; `organisationId` null: every organisation. */
  listUnhandled(organisationId: string | null, limit: number): Promise<OfflineMessageRecord[]>;
  countUnhandled(organisationId: string | null): Promise<number>;
}

/** Names of staff, for "handled by". */
export interface StaffNames {
  findById(id: string): Promise<{ displayName: string } | null>;
}
