import type { Activity, Middleware, TurnContext } from "botbuilder";
import { TurnContext as Turn } from "botbuilder";
import { toLang } from "../../dialogs/texts.js";
import type { ChannelConversationRecord } from "../core/conversations/channel-conversation-store.js";
import type { ChannelConversations } from "../core/conversations/channel-conversations.js";
import type { KnowledgeBase, Organisation } from "../core/knowledge/types.js";
import { type AdapterChannel, namesWidgetChannel, ORG_HINT_FIELD, WIDGET_CHANNEL } from "./channels.js";
import {
  findLoadedConversation,
  type LoadedConversation,
  setTurnConversation,
  type TurnConversation,
} from "./turn-conversation.js";

export interface ConversationMiddlewareDeps {
  /** Finding, creating and reopening conversations is the core's. */
  conversations: ChannelConversations;
  knowledge: KnowledgeBase;
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
 * Resolves the stored conversation of every turn (first middleware), through
 * the core's ChannelConversations. Widget turns carry the conversation's own
 * id. Bot Framework turns are looked up by channel and channel conversation
 * id and created on first sight (reopened when closed), with the
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
        loaded?.id === activity.conversation.id ? loaded : await this.deps.conversations.find(activity.conversation.id);
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
    const { knowledge } = this.deps;
    const slugs = [...knowledge.organisations.keys()].sort();
    const hint = (activity.channelData as Record<string, unknown> | undefined)?.[ORG_HINT_FIELD];
    const scopedOrg =
      typeof hint === "string" && knowledge.organisations.has(hint) ? hint : slugs.length === 1 ? slugs[0] : undefined;
    const slug = scopedOrg ?? slugs[0];
    if (!slug) throw new Error("the knowledge base has no organisations");
    const user = activity.from?.id && activity.from.role !== "bot" ? activity.from : undefined;
    const stored = await this.deps.conversations.resumeExternal({
      channel: activity.channelId,
      externalId: activity.conversation.id,
      reference: JSON.stringify(Turn.getConversationReference(activity)),
      organisationSlug: slug,
      language: knowledge.organisations.get(slug)?.defaultLanguage ?? "nb",
      fromUser: activity.type === "message" || activity.type === "conversationUpdate",
      isMessage: activity.type === "message",
      ...(user ? { user: { id: user.id, name: user.name ?? null } } : {}),
    });
    const org = await this.knowledgeOrg(stored.organisationId);
    return view(stored, org, scopedOrg);
  }

  private async knowledgeOrg(organisationId: string): Promise<Organisation> {
    const row = await this.deps.conversations.organisation(organisationId);
    const org = row ? this.deps.knowledge.organisations.get(row.slug) : undefined;
    if (org) return org;
    const first = [...this.deps.knowledge.organisations.values()].sort((a, b) => a.slug.localeCompare(b.slug))[0];
    if (!first) throw new Error("the knowledge base has no organisations");
    return first;
  }
}

function view(
  c: LoadedConversation | ChannelConversationRecord,
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
