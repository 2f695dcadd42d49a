import type { OfflineMessageRecord } from "./offline-message-store.js";

/**
 * A leave-a-message request as staff see it (docs/protocol.md,
 * `OfflineMessageView`). Name, contact details and text are the customer's
 * own words: clients render them as text, never as HTML.
 */
export interface OfflineMessageView {
  id: string;
  organisationId: string;
  /** The chat the customer left it from, when there was one (its transcript gives the context). */
  conversationId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  text: string;
  /** The customer's language: "nb" or "en". */
  language: string;
  createdAt: string;
  handledAt: string | null;
  handledBy: { id: string; displayName: string } | null;
}

export function toOfflineMessageView(
  m: OfflineMessageRecord,
  handledBy: { id: string; displayName: string } | null = null,
): OfflineMessageView {
  return {
    id: m.id,
    organisationId: m.organisationId,
    conversationId: m.conversationId,
    name: m.name,
    email: m.email,
    phone: m.phone,
    text: m.text,
    language: m.language,
    createdAt: m.createdAt.toISOString(),
    handledAt: m.handledAt?.toISOString() ?? null,
    handledBy,
  };
}
