import type { Activity, Middleware, TurnContext } from "botbuilder";
import type { ConversationLog } from "../core/conversations/conversation-log.js";
import { WIDGET_CHANNEL } from "./channels.js";
import { type OutboundMarker, recordedMessageIds, takeMarker } from "./outbound-marker.js";
import { findTurnConversation, type TurnConversation } from "./turn-conversation.js";

/** Longest text stored for one message; longer channel messages are cut (the widget refuses them). */
const MAX_TEXT = 4000;

/**
 * Every message of a conversation is stored before it is acknowledged or sent:
 * the customer's inbound message (idempotent on the activity id; the widget
 * stores its customers' messages itself before it acknowledges them, so its
 * turns skip this) and every outgoing message, with the decision's sources
 * and confidence in its metadata.
 *
 * While a person owns the conversation (queued or assigned) outgoing bot
 * messages are dropped, unstored, unless marked as allowed (queue notices,
 * agent messages relayed to Bot Framework channels). Whether a person owns it
 * is checked in the transaction that stores the message.
 */
export class TranscriptMiddleware implements Middleware {
  constructor(private readonly log: ConversationLog) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const conversation = findTurnConversation(context);
    if (!conversation) {
      await next();
      return;
    }
    const activity = context.activity;
    if (activity.type === "message" && activity.channelId !== WIDGET_CHANNEL) {
      await this.recordInbound(conversation, activity);
    }
    context.onSendActivities(async (ctx, activities, sendNext) => {
      await this.recordOutbound(ctx, conversation, activities);
      if (activities.length === 0) return [];
      return sendNext();
    });
    await next();
  }

  private async recordInbound(conversation: TurnConversation, activity: Activity): Promise<void> {
    const text = (activity.text ?? "").slice(0, MAX_TEXT);
    const metadata: Record<string, unknown> = {};
    if (activity.value !== undefined && activity.value !== null) metadata.value = activity.value;
    if (activity.attachments?.length) {
      metadata.attachments = activity.attachments.map((a) => ({ contentType: a.contentType, name: a.name ?? null }));
    }
    await this.log.record(conversation.organisationId, {
      conversationId: conversation.id,
      role: "customer",
      text,
      clientId: activity.id ? activity.id.slice(0, 200) : null,
      authorId: conversation.customerId,
      metadata: Object.keys(metadata).length > 0 ? metadata : null,
    });
  }

  /** Filters and stores the outgoing activities in place (the array is what the adapter sends). */
  private async recordOutbound(
    context: TurnContext,
    conversation: TurnConversation,
    activities: Array<Partial<Activity>>,
  ): Promise<void> {
    const markers = activities.map((a) => takeMarker(a));
    const keep: boolean[] = [];
    for (const [i, activity] of activities.entries()) {
      const marker = markers[i] as OutboundMarker;
      if (activity.type !== "message" || marker.logged) {
        keep.push(true);
        continue;
      }
      const message = {
        conversationId: conversation.id,
        role: marker.role ?? "bot",
        text: (activity.text ?? "").slice(0, MAX_TEXT),
        metadata: metadataOf(activity, marker),
      } as const;
      const publish = { publish: marker.publish !== false };
      const stored = marker.allowWhileHuman
        ? (await this.log.record(conversation.organisationId, message, publish)).message
        : await this.log.recordUnlessWithPerson(conversation.organisationId, message, publish);
      keep.push(stored !== null);
      if (stored) recordedMessageIds(context).push(stored.id);
    }
    for (let i = activities.length - 1; i >= 0; i--) if (!keep[i]) activities.splice(i, 1);
  }
}

/** The stored metadata: the marker's, plus the suggested actions as choices unless the marker gives its own. */
function metadataOf(activity: Partial<Activity>, marker: OutboundMarker): Record<string, unknown> | null {
  const meta: Record<string, unknown> = { ...(marker.meta ?? {}) };
  const actions = activity.suggestedActions?.actions ?? [];
  if (meta.choices === undefined && meta.askFeedback !== true && actions.length > 0) {
    meta.choices = actions.map((a) => ({ label: a.title ?? String(a.value), value: String(a.value ?? a.title) }));
  }
  return Object.keys(meta).length > 0 ? meta : null;
}
