import { type Activity, type ConversationReference, MessageFactory } from "botbuilder";
import { textsFor, toLang } from "../../../dialogs/texts.js";
import { WIDGET_CHANNEL } from "../../bot/channels.js";
import type { BotLogic } from "../../bot/event-turns.js";
import { handoffStatusActivity } from "../../bot/handoff-hub.js";
import { mark } from "../../bot/outbound-marker.js";
import type { ChannelConversationRecord } from "../../core/conversations/channel-conversation-store.js";
import type { ChannelConversations } from "../../core/conversations/channel-conversations.js";
import type { ConversationEvent, ConversationEventBus } from "../../core/conversations/conversation-events.js";
import type { Logger } from "../../observability/logger.js";
import type { SkrankeCloudAdapter } from "./skranke-cloud-adapter.js";

export interface ProactiveRelayDeps {
  adapter: SkrankeCloudAdapter;
  logic: BotLogic;
  events: ConversationEventBus;
  conversations: Pick<ChannelConversations, "find">;
  logger: Logger;
}

/**
 * Carries what happens outside the bot to customers on Bot Framework channels,
 * proactively through the stored ConversationReference: agents' messages
 * (already stored; sent as "Kari: …"), an agent joining or leaving (a notice,
 * stored as a system message of this channel only), and a hand-back to the
 * bot (a `handoff.status` "completed" turn, after which the bot says it is
 * back).
 */
export function startProactiveRelay(deps: ProactiveRelayDeps): { stop(): void; idle(): Promise<void> } {
  const pending = new Set<Promise<void>>();
  const handle = (event: ConversationEvent) => {
    const work = relay(deps, event).catch((err: unknown) =>
      deps.logger.error({ err, type: event.type }, "could not relay to the Bot Framework channel"),
    );
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };
  const offs = [
    deps.events.on("message", handle),
    deps.events.on("agent:joined", handle),
    deps.events.on("agent:left", handle),
  ];
  return {
    stop() {
      for (const off of offs) off();
    },
    /** Resolves when the relays under way have finished (shutdown, tests). */
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

async function relay(deps: ProactiveRelayDeps, event: ConversationEvent): Promise<void> {
  if (event.type === "message" && event.message.role !== "agent" && event.message.role !== "system") return;
  if (!("conversationId" in event)) return;
  const conversation = await deps.conversations.find(event.conversationId);
  const reference = referenceOf(conversation);
  if (!conversation || !reference) return;
  const t = textsFor(toLang(conversation.language));

  switch (event.type) {
    case "message": {
      const m = event.message;
      const text = m.role === "agent" && m.authorName ? `${m.authorName}: ${m.text}` : m.text;
      await send(
        deps,
        reference,
        mark(MessageFactory.text(text) as Partial<Activity>, { logged: true, allowWhileHuman: true }),
      );
      return;
    }
    case "agent:joined":
      await send(deps, reference, notice(t.agentJoined(event.agent.displayName)));
      return;
    case "agent:left":
      if (event.reason === "released") {
        await deps.adapter.runEventTurn(
          handoffStatusActivity(reference, { state: "completed", message: "released" }),
          deps.logic,
        );
      } else {
        await send(deps, reference, notice(t.agentLeft(event.agent.displayName, event.reason)));
      }
      return;
    default:
      return;
  }
}

function notice(text: string): Partial<Activity> {
  return mark(MessageFactory.text(text) as Partial<Activity>, {
    role: "system",
    allowWhileHuman: true,
    publish: false,
    meta: { action: "notice" },
  });
}

function send(deps: ProactiveRelayDeps, reference: Partial<ConversationReference>, activity: Partial<Activity>) {
  return deps.adapter.continueStored(reference, async (context) => {
    await context.sendActivity(activity);
  });
}

/** The stored reference of a Bot Framework conversation (none for the widget). */
function referenceOf(conversation: ChannelConversationRecord | null): Partial<ConversationReference> | undefined {
  if (!conversation || conversation.channel === WIDGET_CHANNEL || !conversation.reference) return undefined;
  try {
    return JSON.parse(conversation.reference) as Partial<ConversationReference>;
  } catch {
    return undefined;
  }
}
