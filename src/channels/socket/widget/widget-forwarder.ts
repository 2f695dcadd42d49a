import type { ConversationReference } from "botbuilder";
import { WIDGET_CHANNEL } from "../../../bot/channels.js";
import { handoffStatusActivity } from "../../../bot/handoff-hub.js";
import type { ConversationEvent, ConversationEventBus } from "../../../core/conversations/conversation-events.js";
import type { CustomerConversations } from "../../../core/customers/customer-conversations.js";
import type { Logger } from "../../../observability/logger.js";
import { WIDGET_BOT, WIDGET_SERVICE_URL, type WidgetAdapter } from "./widget-adapter.js";
import type { WidgetNsp } from "./widget-context.js";
import { widgetRoom } from "./widget-rooms.js";

/**
 * Domain events → the customer's room on /widget: messages (all roles, the
 * customer's own too for other tabs), queue, agent joined/left, agent typing
 * and status. When an agent hands a widget conversation back to the bot, a
 * `handoff.status` "completed" turn lets the bot say it is back.
 */
export function startWidgetForwarder(
  nsp: WidgetNsp,
  events: ConversationEventBus,
  adapter: WidgetAdapter,
  conversations: Pick<CustomerConversations, "find">,
  logger: Logger,
): () => void {
  const emit = (event: ConversationEvent) => {
    if (!("conversationId" in event)) return;
    const room = nsp.to(widgetRoom(event.conversationId));
    switch (event.type) {
      case "message":
        room.emit("message", event.message);
        return;
      case "status":
        room.emit("status", { status: event.status });
        return;
      case "queue":
        room.emit("queue", { position: event.position, estimatedWaitSeconds: event.estimatedWaitSeconds });
        return;
      case "agent:joined":
        room.emit("agent:joined", { name: event.agent.displayName });
        return;
      case "agent:left":
        room.emit("agent:left", { name: event.agent.displayName, reason: event.reason });
        if (event.reason === "released") void handBack(event.conversationId);
        return;
      case "typing":
        if (event.from === "agent") room.emit("typing", { from: "agent", name: event.name, typing: event.typing });
        return;
    }
  };

  const handBack = async (conversationId: string) => {
    try {
      const conversation = await conversations.find(conversationId);
      if (conversation?.channel !== WIDGET_CHANNEL) return;
      const reference: Partial<ConversationReference> = {
        channelId: WIDGET_CHANNEL,
        serviceUrl: WIDGET_SERVICE_URL,
        conversation: { id: conversationId } as ConversationReference["conversation"],
        bot: { ...WIDGET_BOT },
        user: { id: conversation.customerId ?? "customer", name: "", role: "user" },
      };
      await adapter.process(handoffStatusActivity(reference, { state: "completed", message: "released" }));
    } catch (err) {
      logger.error({ err, conversationId }, "could not hand the conversation back to the bot");
    }
  };

  return events.onAny(emit);
}
