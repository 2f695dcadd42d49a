import type { ConversationRecord } from "../conversations/conversation-records.js";
import type { OrganisationRecord } from "../handoff/handoff-stores.js";

/**
 * The ports of CustomerConversations, in core types (src/storage implements
 * them; the organisation directory may cache).
 */
export interface CustomerConversationPorts {
  conversations: { findById(id: string): Promise<ConversationRecord | null> };
  organisations: {
    findBySlug(slug: string): Promise<OrganisationRecord | null>;
    findById(id: string): Promise<OrganisationRecord | null>;
  };
  /** Staff accounts by id, for the name the customer sees (disabled ones too). */
  staff: { findById(id: string): Promise<{ displayName: string } | null> };
}

/**
 * What a customer's channel (the /widget namespace) reads about the
 * customer's conversation and organisation. Each method is one look-up;
 * nothing here changes state (that is ConversationLifecycle,
 * CustomerSessions and the handoff).
 */
export class CustomerConversations {
  constructor(private readonly ports: CustomerConversationPorts) {}

  /** The stored id of an organisation of the knowledge base; null: not synced to the database. */
  async organisationId(slug: string): Promise<string | null> {
    return (await this.ports.organisations.findBySlug(slug))?.id ?? null;
  }

  /** The slug of a stored organisation; null: no such organisation. */
  async organisationSlug(id: string): Promise<string | null> {
    return (await this.ports.organisations.findById(id))?.slug ?? null;
  }

  /** A conversation by id, as stored now; null: it no longer exists. */
  find(id: string): Promise<ConversationRecord | null> {
    return this.ports.conversations.findById(id);
  }

  /**
   * The person the conversation is with, as the customer may see it (display
   * name only): null unless an agent has it now.
   */
  async agentOf(
    conversation: Pick<ConversationRecord, "status" | "assignedAgentId">,
  ): Promise<{ name: string } | null> {
    if (conversation.status !== "assigned" || !conversation.assignedAgentId) return null;
    const agent = await this.ports.staff.findById(conversation.assignedAgentId);
    return agent ? { name: agent.displayName } : null;
  }
}
