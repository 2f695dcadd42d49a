import type { Clock } from "../clock.js";
import type { ConversationEventBus, MessageMetadata, MessageView } from "./conversation-events.js";
import type { ConversationRecord, MessageRecord, NewMessage } from "./conversation-records.js";
import type { ConversationStore } from "./conversation-store.js";
import { messageOperation } from "./participation.js";
import type { RetentionClassifier } from "./retention-classifier.js";

/** Where no person has the conversation: the bot may speak. */
const WITH_BOT = ["bot", "closed"] as const;
/** Where a customer's message may still go: the conversation has not ended. */
const NOT_ENDED = ["bot", "queued", "assigned"] as const;

/**
 * The single way a message enters a conversation's log: it is stored, with
 * the conversation's activity and retention classification, in one
 * transaction, and only then published to the channels. Callers acknowledge
 * to the sender after `record` resolves. A retry with the same client id
 * returns the stored message (`duplicate`).
 */
export class ConversationLog {
  constructor(
    private readonly store: ConversationStore,
    private readonly retention: RetentionClassifier,
    private readonly events: ConversationEventBus,
    private readonly clock: Clock,
  ) {}

  async record(
    organisationId: string,
    input: NewMessage,
    opts: { publish?: boolean } = {},
  ): Promise<{ message: MessageView; duplicate: boolean }> {
    const { message, duplicate } = await this.append(organisationId, input);
    const view = toMessageView(message);
    if (!duplicate && opts.publish !== false) {
      this.events.publish({ type: "message", conversationId: input.conversationId, organisationId, message: view });
    }
    return { message: view, duplicate };
  }

  /**
   * Stores a customer's message in their conversation unless it has ended
   * (closed, or gone): null then, nothing stored, and the caller starts a
   * new conversation. The conversation's stamp and the message are one
   * transaction; the stamp's statement gives the row back as written, so
   * the bot's turn starts from it without reading it again.
   */
  async recordWhileOpen(
    organisationId: string,
    input: NewMessage,
  ): Promise<{ message: MessageView; duplicate: boolean; conversation: ConversationRecord | null } | null> {
    const now = this.clock.now();
    let stored: { message: MessageRecord; conversation: ConversationRecord } | null;
    try {
      stored = await this.store.transaction(async (tx) => {
        const operation = messageOperation(input.role);
        const conversation = await this.retention.stamp(
          tx,
          input.conversationId,
          organisationId,
          operation,
          now,
          NOT_ENDED,
        );
        return conversation ? { conversation, message: await tx.appendMessage(input, now) } : null;
      });
    } catch (err) {
      const existing = input.clientId
        ? await this.store.findMessageByClientId(input.conversationId, input.clientId)
        : null;
      if (existing) return { message: toMessageView(existing), duplicate: true, conversation: null };
      throw err;
    }
    if (!stored) return null;
    const view = toMessageView(stored.message);
    this.events.publish({ type: "message", conversationId: input.conversationId, organisationId, message: view });
    return { message: view, duplicate: false, conversation: stored.conversation };
  }

  /**
   * Stores a message of the bot unless a person has the conversation
   * (waiting in the queue or with an agent): null then, and nothing is
   * stored or published. The check is part of the message's transaction, so
   * an agent claiming the chat at the same moment either comes first (the
   * message is dropped) or after it.
   */
  async recordUnlessWithPerson(
    organisationId: string,
    input: NewMessage,
    opts: { publish?: boolean } = {},
  ): Promise<MessageView | null> {
    const now = this.clock.now();
    const operation = messageOperation(input.role);
    const message = await this.store.transaction(async (tx) => {
      const stamped = await this.retention.stamp(tx, input.conversationId, organisationId, operation, now, WITH_BOT);
      return stamped ? tx.appendMessage(input, now) : null;
    });
    if (!message) return null;
    const view = toMessageView(message);
    if (opts.publish !== false) {
      this.events.publish({ type: "message", conversationId: input.conversationId, organisationId, message: view });
    }
    return view;
  }

  async transcript(conversationId: string, afterId?: number): Promise<MessageView[]> {
    const rows = await this.store.listMessages(conversationId, afterId !== undefined ? { afterId } : {});
    return rows.map(toMessageView);
  }

  private async append(
    organisationId: string,
    input: NewMessage,
  ): Promise<{ message: MessageRecord; duplicate: boolean }> {
    const now = this.clock.now();
    try {
      const message = await this.store.transaction(async (tx) => {
        const stored = await tx.appendMessage(input, now);
        await this.retention.stamp(tx, input.conversationId, organisationId, messageOperation(input.role), now);
        return stored;
      });
      return { message, duplicate: false };
    } catch (err) {
      // A retry of a stored message fails on its client id (and rolls back): answer with the stored one.
      const clientId = input.clientId ?? null;
      const existing = clientId ? await this.store.findMessageByClientId(input.conversationId, clientId) : null;
      if (existing) return { message: existing, duplicate: true };
      throw err;
    }
  }
}

export function toMessageView(m: MessageRecord): MessageView {
  return {
    id: m.id,
    conversationId: m.conversationId,
    role: m.role,
    authorId: m.authorId,
    authorName: m.authorName,
    text: m.text,
    clientId: m.clientId,
    // Stored by the bot and the channels in this shape (MessageMetadata).
    metadata: (m.metadata as MessageMetadata | null) ?? null,
    createdAt: m.createdAt.toISOString(),
  };
}
