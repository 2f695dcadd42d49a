import type { Message, MessageRepository, NewMessage } from "../../storage/repositories/messages.js";
import type { Clock } from "../clock.js";
import type { ConversationEventBus, MessageView } from "./conversation-events.js";

/**
 * The single way a message enters a conversation's log: it is stored (with the
 * conversation's activity and retention updated) and only then published to
 * the channels. Callers acknowledge to the sender after `record` resolves.
 */
export class ConversationLog {
  constructor(
    private readonly messages: MessageRepository,
    private readonly events: ConversationEventBus,
    private readonly clock: Clock,
  ) {}

  async record(
    organisationId: string,
    input: NewMessage,
    opts: { humanInvolved?: boolean; publish?: boolean } = {},
  ): Promise<{ message: MessageView; duplicate: boolean }> {
    const { message, duplicate } = await this.messages.append(input, this.clock.now(), opts);
    const view = toMessageView(message);
    if (!duplicate && opts.publish !== false) {
      this.events.publish({ type: "message", conversationId: input.conversationId, organisationId, message: view });
    }
    return { message: view, duplicate };
  }

  async transcript(conversationId: string, afterId?: number): Promise<MessageView[]> {
    const rows = await this.messages.list(conversationId, afterId !== undefined ? { afterId } : {});
    return rows.map(toMessageView);
  }
}

export function toMessageView(m: Message): MessageView {
  return {
    id: m.id,
    conversationId: m.conversationId,
    role: m.role,
    authorId: m.authorId,
    authorName: m.authorName,
    text: m.text,
    clientId: m.clientId,
    metadata: (m.metadata as Record<string, unknown> | null) ?? null,
    createdAt: m.createdAt.toISOString(),
  };
}
