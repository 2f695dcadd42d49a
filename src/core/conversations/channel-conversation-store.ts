import type { OrganisationRecord } from "../handoff/handoff-stores.js";
import type { ConversationRecord } from "./conversation-records.js";

/**
 * The ports through which the channels' conversations are found, created
 * and kept up to date (what a channel knows of them: its own conversation
 * id, the reference for proactive messages, the customer it talks to), in
 * core types. src/storage implements them on Prisma.
 */
export interface ChannelConversationRecord extends ConversationRecord {
  /** The channel's own conversation id (Bot Framework); null for the widget. */
  externalId: string | null;
  /** The Bot Framework ConversationReference as JSON, for proactive messages. */
  reference: string | null;
}

export interface NewExternalConversation {
  organisationId: string;
  channel: string;
  externalId: string;
  reference: string;
  language: string;
}

export interface ChannelConversationStore {
  findById(id: string): Promise<ChannelConversationRecord | null>;
  findByExternal(channel: string, externalId: string): Promise<ChannelConversationRecord | null>;
  /** Finds the conversation a channel knows by its own id, or creates it bot-only (safe when two turns race). */
  findOrCreateExternal(input: NewExternalConversation, now: Date): Promise<ChannelConversationRecord>;
  /** Channel bookkeeping only: status, organisation and retention change through ConversationLifecycle. */
  update(
    id: string,
    patch: { reference?: string; customerId?: string; language?: string },
  ): Promise<ChannelConversationRecord>;
  /** The language a turn was answered in, when it differs from the conversation's (a turn's bookkeeping). */
  setLanguage(id: string, language: string): Promise<void>;
}

export interface ChannelCustomerStore {
  /** The customer a channel knows by its own user id in an organisation, created on first sight. */
  findOrCreateExternal(
    input: { organisationId: string; externalId: string; displayName: string | null },
    now: Date,
  ): Promise<{ id: string }>;
  exists(id: string): Promise<boolean>;
}

export interface OrganisationDirectory {
  findBySlug(slug: string): Promise<OrganisationRecord | null>;
  findById(id: string): Promise<OrganisationRecord | null>;
}
