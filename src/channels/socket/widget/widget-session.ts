import type { ConversationRecord } from "../../../core/conversations/conversation-records.js";
import type { Session } from "../../../protocol/widget.js";
import type { WidgetDeps, WidgetSocketData } from "./widget-context.js";
import { serviceStateOf } from "./widget-service-state.js";

/**
 * The `session` event's payload (docs/protocol.md). `conversation`: the
 * customer's open conversation, or null while there is none (nothing stored
 * yet): then the ids are null and the widget shows the greeting alone.
 */
export async function sessionPayload(
  deps: WidgetDeps,
  data: WidgetSocketData,
  conversation: ConversationRecord | null,
  opts: { started?: boolean } = {},
): Promise<Session> {
  const { org, lang } = data;
  // A conversation started a moment ago has no messages yet.
  const messages = conversation && !opts.started ? await deps.log.transcript(conversation.id) : [];
  // Whether a person could take the chat now: the widget's header says so (not "online" while nobody is on duty).
  const { open, agentsOnline } = await serviceStateOf(deps, org, data.organisationId);
  return {
    token: data.token,
    customerId: data.customerId,
    conversationId: conversation?.id ?? null,
    status: conversation?.status ?? "bot",
    greeting: await deps.bot.greeting(data.organisationId, org, lang),
    organisation: {
      slug: org.slug,
      name: org.name[lang],
      privacyUrl: org.privacyUrl,
      openingHours: org.openingHours.summary[lang],
      open,
      agentsOnline,
    },
    agent: conversation ? await deps.conversations.agentOf(conversation) : null,
    queue: conversation?.status === "queued" ? await deps.handoff.queuePosition(conversation.id) : null,
    lastMessageId: messages.at(-1)?.id ?? 0,
  };
}
