import type { Clock } from "../clock.js";
import type { OrganisationRecord } from "../handoff/handoff-stores.js";
import type {
  ChannelConversationRecord,
  ChannelConversationStore,
  ChannelCustomerStore,
  OrganisationDirectory,
} from "./channel-conversation-store.js";
import type { ConversationEventBus } from "./conversation-events.js";
import type { ConversationLifecycle } from "./conversation-lifecycle.js";

/** A Bot Framework turn, as far as its conversation is concerned. */
export interface ExternalTurn {
  /** The Bot Framework channel id ("msteams", "emulator", …). */
  channel: string;
  /** The channel's own conversation id. */
  externalId: string;
  /** The turn's ConversationReference as JSON. */
  reference: string;
  /** Where a conversation seen for the first time is filed, and the language it starts in. */
  organisationSlug: string;
  language: string;
  /** Whether the turn comes from the channel's user (a message or a conversation update). */
  fromUser: boolean;
  /** Whether the user wrote (a closed conversation they write in again is reopened). */
  isMessage: boolean;
  /** The channel's user, if the turn names one (not the bot). */
  user?: { id: string; name: string | null };
}

/** What the engine decided a turn is about: its language and, if it names one, its organisation. */
export interface TurnDecision {
  language: string;
  organisationSlug?: string;
}

/**
 * The conversations of the channels: finding the one a turn belongs to,
 * creating a Bot Framework conversation (and its customer) on first sight,
 * keeping its reference for proactive messages, reopening a closed one the
 * customer writes in again, and filing a conversation answered from every
 * organisation under the organisation an answer is about. The state changes
 * (reopen, another organisation) are ConversationLifecycle transactions with
 * their audit records; the rest is channel bookkeeping.
 */
export class ChannelConversations {
  constructor(
    private readonly deps: {
      conversations: ChannelConversationStore;
      customers: ChannelCustomerStore;
      organisations: OrganisationDirectory;
      lifecycle: Pick<ConversationLifecycle, "reopen" | "moveToOrganisation">;
      events: ConversationEventBus;
      clock: Clock;
    },
  ) {}

  find(id: string): Promise<ChannelConversationRecord | null> {
    return this.deps.conversations.findById(id);
  }

  organisation(id: string): Promise<OrganisationRecord | null> {
    return this.deps.organisations.findById(id);
  }

  findExternal(channel: string, externalId: string): Promise<ChannelConversationRecord | null> {
    return this.deps.conversations.findByExternal(channel, externalId);
  }

  customerExists(id: string): Promise<boolean> {
    return this.deps.customers.exists(id);
  }

  /**
   * The conversation of a Bot Framework turn: created on first sight, its
   * reference kept current, a customer linked to the channel's user, and
   * reopened (back to the bot, announced) when the customer writes in a
   * closed one.
   */
  async resumeExternal(turn: ExternalTurn): Promise<ChannelConversationRecord> {
    const { conversations, organisations, clock } = this.deps;
    const now = clock.now();
    let stored = await conversations.findByExternal(turn.channel, turn.externalId);
    if (!stored) {
      const org = await organisations.findBySlug(turn.organisationSlug);
      if (!org) throw new Error(`organisation ${turn.organisationSlug} is not in the database (knowledge not synced?)`);
      stored = await conversations.findOrCreateExternal(
        {
          organisationId: org.id,
          channel: turn.channel,
          externalId: turn.externalId,
          reference: turn.reference,
          language: turn.language,
        },
        now,
      );
    }

    const patch: { reference?: string; customerId?: string } = {};
    if (turn.fromUser && stored.reference !== turn.reference) patch.reference = turn.reference;
    if (!stored.customerId && turn.fromUser && turn.user) {
      const customer = await this.deps.customers.findOrCreateExternal(
        {
          organisationId: stored.organisationId,
          externalId: `${turn.channel}:${turn.user.id}`,
          displayName: turn.user.name,
        },
        now,
      );
      patch.customerId = customer.id;
    }
    if (Object.keys(patch).length > 0) stored = await conversations.update(stored.id, patch);
    if (stored.status === "closed" && turn.isMessage && (await this.deps.lifecycle.reopen(stored))) {
      stored = { ...stored, status: "bot", endedAt: null };
      this.deps.events.publish({
        type: "status",
        conversationId: stored.id,
        organisationId: stored.organisationId,
        status: "bot",
      });
    }
    return stored;
  }

  /**
   * After the engine decided: the conversation takes the reply's language,
   * and one answered from every organisation (`unscoped`) moves to the
   * organisation the decision is about, so its queue, hours and retention
   * apply. Returns what the conversation now is; the organisation is null
   * when it did not move.
   */
  async noteDecision(
    c: { id: string; organisationId: string; language: string; unscoped: boolean; organisationSlug: string },
    decision: TurnDecision,
  ): Promise<{ language: string; organisation: OrganisationRecord | null }> {
    let organisation: OrganisationRecord | null = null;
    if (c.unscoped && decision.organisationSlug && decision.organisationSlug !== c.organisationSlug) {
      const target = await this.deps.organisations.findBySlug(decision.organisationSlug);
      if (
        target &&
        (await this.deps.lifecycle.moveToOrganisation({ id: c.id, organisationId: c.organisationId }, target.id))
      ) {
        organisation = target;
      }
    }
    if (decision.language !== c.language) {
      await this.deps.conversations.setLanguage(c.id, decision.language);
    }
    return { language: decision.language, organisation };
  }
}
