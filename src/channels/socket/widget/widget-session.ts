import type { Session } from "../../../protocol/widget.js";
import type { Conversation } from "../../../storage/repositories/conversations.js";
import type { WidgetDeps, WidgetSocketData } from "./widget-context.js";
import { serviceStateOf } from "./widget-service-state.js";

/** The `session` event's payload (docs/protocol.md). */
export async function sessionPayload(
  deps: WidgetDeps,
  data: WidgetSocketData,
  conversation: Conversation,
): Promise<Session> {
  const { org, lang } = data;
  const messages = await deps.log.transcript(conversation.id);
  // Whether a person could take the chat now: the widget's header says so (not "online" while nobody is on duty).
  const { open, agentsOnline } = await serviceStateOf(deps, org, data.organisationId);
  return {
    token: data.token,
    customerId: data.customerId,
    conversationId: conversation.id,
    status: conversation.status,
    organisation: {
      slug: org.slug,
      name: org.name[lang],
      privacyUrl: org.privacyUrl,
      openingHours: org.openingHours.summary[lang],
      open,
      agentsOnline,
    },
    agent: await agentOf(deps, conversation),
    queue: conversation.status === "queued" ? await deps.handoff.queuePosition(conversation.id) : null,
    lastMessageId: messages.at(-1)?.id ?? 0,
  };
}

/** The person the conversation is with, as the customer may see it (display name only). */
export async function agentOf(deps: WidgetDeps, conversation: Conversation): Promise<{ name: string } | null> {
  if (conversation.status !== "assigned" || !conversation.assignedAgentId) return null;
  const agent = await deps.repos.users.findById(conversation.assignedAgentId);
  return agent ? { name: agent.displayName } : null;
}
