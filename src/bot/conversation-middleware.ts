import type { Activity, Middleware, TurnContext } from "botbuilder";
import { TurnContext as Turn } from "botbuilder";
import { toLang } from "../../dialogs/texts.js";
import type { Clock } from "../core/clock.js";
import type { ConversationEventBus } from "../core/conversations/conversation-events.js";
import type { ConversationLifecycle } from "../core/conversations/conversation-lifecycle.js";
import type { KnowledgeBase, Organisation } from "../core/knowledge/types.js";
import type { Conversation, ConversationRepository } from "../storage/repositories/conversations.js";
import type { CustomerRepository } from "../storage/repositories/customers.js";
import type { OrganisationRepository } from "../storage/repositories/organisations.js";
import { type AdapterChannel, namesWidgetChannel, ORG_HINT_FIELD, WIDGET_CHANNEL } from "./channels.js";
import {
  findLoadedConversation,
  type LoadedConversation,
  setTurnConversation,
  type TurnConversation,
} from "./turn-conversation.js";

export interface ConversationMiddlewareDeps {
  conversations: ConversationRepository;
  /** Reopening a closed conversation is a lifecycle step. */
  lifecycle: Pick<ConversationLifecycle, "reopen">;
  customers: CustomerRepository;
  organisations: OrganisationRepository;
  knowledge: KnowledgeBase;
  events: ConversationEventBus;
  clock: Clock;
  /** The adapter this middleware is installed on: its turns reach only its own conversations. */
  channel: AdapterChannel;
}

/** A turn that names a conversation of another channel than its adapter's: refused before anything is stored. */
export class ForeignChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ForeignChannelError";
  }
}

/**
 * Resolves the stored conversation of every turn (first middleware). Widget
 * turns carry the conversation's own id. Bot Framework turns are looked up by
 * channel and channel conversation id and created on first sight, with the
 * ConversationReference kept up to date for proactive messages and a customer
 * per channel user. Their organisation is the one named by `?org=` on the
 * messaging endpoint; without it a single-organisation knowledge base gives
 * its organisation, and a larger one answers from every organisation (the
 * conversation is filed under the first until an answer names another).
 * Each adapter reaches only conversations of its own kind: a Bot Framework
 * turn naming the widget channel, or a widget turn naming a Bot Framework
 * conversation, throws ForeignChannelError before anything is read or stored.
 */
export class ConversationMiddleware implements Middleware {
  constructor(private readonly deps: ConversationMiddlewareDeps) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    if (activity?.conversation?.id && activity.channelId) {
      setTurnConversation(context, await this.resolve(activity, findLoadedConversation(context)));
    }
    await next();
  }

  private async resolve(activity: Activity, loaded: LoadedConversation | undefined): Promise<TurnConversation> {
    if (this.deps.channel === "widget") {
      if (activity.channelId !== WIDGET_CHANNEL) {
        throw new ForeignChannelError(`a widget turn cannot name channel ${activity.channelId}`);
      }
      // The widget's message handler hands over the row its transaction just wrote.
      const stored =
        loaded?.id === activity.conversation.id
          ? loaded
          : await this.deps.conversations.findById(activity.conversation.id);
      if (!stored) throw new Error(`unknown widget conversation ${activity.conversation.id}`);
      if (stored.channel !== WIDGET_CHANNEL) {
        throw new ForeignChannelError(`conversation ${stored.id} is not a widget conversation`);
      }
      const org = await this.knowledgeOrg(stored.organisationId);
      return view(stored, org, org.slug);
    }
    if (namesWidgetChannel(activity.channelId)) {
      throw new ForeignChannelError("a Bot Framework activity cannot name the widget channel");
    }
    return this.resolveBotFramework(activity);
  }

  private async resolveBotFramework(activity: Activity): Promise<TurnConversation> {
    const { knowledge, conversations, organisations, clock } = this.deps;
    const slugs = [...knowledge.organisations.keys()].sort();
    const hint = (activity.channelData as Record<string, unknown> | undefined)?.[ORG_HINT_FIELD];
    const scopedOrg =
      typeof hint === "string" && knowledge.organisations.has(hint) ? hint : slugs.length === 1 ? slugs[0] : undefined;
    const now = clock.now();
    const fromUser = activity.type === "message" || activity.type === "conversationUpdate";
    const reference = JSON.stringify(Turn.getConversationReference(activity));

    let stored = await conversations.findByExternal(activity.channelId, activity.conversation.id);
    if (stored && stored.channel !== activity.channelId) {
      throw new ForeignChannelError(`conversation ${stored.id} belongs to channel ${stored.channel}`);
    }
    if (!stored) {
      const slug = scopedOrg ?? slugs[0];
      const orgRow = slug ? await organisations.findBySlug(slug) : null;
      if (!orgRow) throw new Error(`organisation ${slug ?? "(none)"} is not in the database (knowledge not synced?)`);
      stored = await conversations.findOrCreateExternal(
        {
          organisationId: orgRow.id,
          channel: activity.channelId,
          externalId: activity.conversation.id,
          reference,
          language: knowledge.organisations.get(orgRow.slug)?.defaultLanguage ?? "nb",
        },
        now,
      );
    }

    const patch: Parameters<ConversationRepository["update"]>[1] = {};
    if (fromUser && stored.reference !== reference) patch.reference = reference;
    if (!stored.customerId && fromUser && activity.from?.id && activity.from.role !== "bot") {
      const customer = await this.deps.customers.findOrCreateExternal(
        {
          organisationId: stored.organisationId,
          externalId: `${activity.channelId}:${activity.from.id}`,
          displayName: activity.from.name ?? null,
        },
        now,
      );
      patch.customerId = customer.id;
    }
    if (Object.keys(patch).length > 0) stored = await conversations.update(stored.id, patch);
    const reopened =
      stored.status === "closed" && activity.type === "message" && (await this.deps.lifecycle.reopen(stored));
    if (reopened) {
      stored = { ...stored, status: "bot", endedAt: null };
      this.deps.events.publish({
        type: "status",
        conversationId: stored.id,
        organisationId: stored.organisationId,
        status: "bot",
      });
    }
    const org = await this.knowledgeOrg(stored.organisationId);
    return view(stored, org, scopedOrg);
  }

  private async knowledgeOrg(organisationId: string): Promise<Organisation> {
    const row = await this.deps.organisations.findById(organisationId);
    const org = row ? this.deps.knowledge.organisations.get(row.slug) : undefined;
    if (org) return org;
    const first = [...this.deps.knowledge.organisations.values()].sort((a, b) => a.slug.localeCompare(b.slug))[0];
    if (!first) throw new Error("the knowledge base has no organisations");
    return first;
  }
}

function view(
  c: LoadedConversation | Conversation,
  org: Organisation,
  scopedOrg: string | undefined,
): TurnConversation {
  return {
    id: c.id,
    organisationId: c.organisationId,
    org,
    scopedOrg,
    customerId: c.customerId,
    channel: c.channel,
    status: c.status,
    language: toLang(c.language, org.defaultLanguage),
  };
}
