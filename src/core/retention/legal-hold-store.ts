/** A legal hold as the core knows it (src/storage's rows carry these fields). */
export interface LegalHoldRecord {
  id: string;
  organisationId: string;
  conversationId: string | null;
  customerId: string | null;
  reason: string;
  placedById: string | null;
  placedAt: Date;
  releasedAt: Date | null;
  releasedById: string | null;
  releaseReason: string | null;
}

export interface NewLegalHold {
  organisationId: string;
  conversationId: string | null;
  customerId: string | null;
  reason: string;
  placedById: string;
  placedAt: Date;
}

/** The conversation was deleted (by a purge) before the hold could be placed. */
export class HoldTargetGoneError extends Error {
  constructor() {
    super("the conversation no longer exists");
    this.name = "HoldTargetGoneError";
  }
}

/**
 * The port of the legal holds (src/storage implements it). Placing a hold
 * must exclude a purge or erasure deleting its conversations at the same
 * moment: either the delete finishes first (then `place` throws
 * HoldTargetGoneError) or it sees the hold.
 */
export interface LegalHoldStore {
  place(input: NewLegalHold): Promise<LegalHoldRecord>;
  findById(id: string): Promise<LegalHoldRecord | null>;
  /** Releases a hold still active; null when it is not (already released, or unknown). */
  release(id: string, by: string, reason: string, at: Date): Promise<LegalHoldRecord | null>;
  list(filter: { activeOnly: boolean; organisationId: string | null; limit?: number }): Promise<LegalHoldRecord[]>;
  /** Active holds on the conversation or on its customer. */
  activeFor(conversationId: string, customerId: string | null): Promise<LegalHoldRecord[]>;
  hasActiveCustomerHold(customerId: string): Promise<boolean>;
  conversationOwner(id: string): Promise<{ organisationId: string; customerId: string | null } | null>;
  customerOwner(id: string): Promise<{ organisationId: string } | null>;
  countCustomerConversations(customerId: string): Promise<number>;
}
