import type { Clock } from "../clock.js";
import type { ConversationStatus } from "../handoff/conversation-status.js";
import type { ConversationEventBus, MessageMetadata, MessageView } from "./conversation-events.js";
import type {
  ConversationRecord,
  ConversationStateDocument,
  MessageRecord,
  NewMessage,
} from "./conversation-records.js";
import type { ConversationStore, StampedAppend } from "./conversation-store.js";
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
   * new conversation. The conversation's stamp and the message are written
   * together (ConversationStore.appendStamped; a transaction when the row
   * is not as expected); the write gives the row back as stamped, and the
   * bot's state documents of the conversation as they were, so the bot's
   * turn starts from them without reading either again.
   */
  async recordWhileOpen(
    organisationId: string,
    input: NewMessage,
  ): Promise<{
    message: MessageView;
    duplicate: boolean;
    conversation: (ConversationRecord & { state?: ConversationStateDocument[] }) | null;
  } | null> {
    const now = this.clock.now();
    let stored: StampedAppend | null;
    try {
      stored = await this.appendWhile(organisationId, input, now, NOT_ENDED, true);
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
    const conversation = stored.state ? { ...stored.conversation, state: stored.state } : stored.conversation;
    return { message: view, duplicate: false, conversation };
  }

  /**
   * Stores a message of the bot unless a person has the conversation
   * (waiting in the queue or with an agent): null then, and nothing is
   * stored or published. The check is part of the message's write, so an
   * agent claiming the chat at the same moment either comes first (the
   * message is dropped) or after it.
   */
  async recordUnlessWithPerson(
    organisationId: string,
    input: NewMessage,
    opts: { publish?: boolean } = {},
  ): Promise<MessageView | null> {
    const stored = await this.appendWhile(organisationId, input, this.clock.now(), WITH_BOT, false);
    if (!stored) return null;
    const view = toMessageView(stored.message);
    if (opts.publish !== false) {
      this.events.publish({ type: "message", conversationId: input.conversationId, organisationId, message: view });
    }
    return view;
  }

  /**
   * The message and its stamp while the conversation is in one of
   * `statuses`: in one write when the row is as the usual case expects (the
   * caller's organisation, bot-only unless a person writes), otherwise in a
   * transaction that reads the row and stamps what it says.
   */
  private async appendWhile(
    organisationId: string,
    input: NewMessage,
    now: Date,
    statuses: readonly ConversationStatus[],
    withState: boolean,
  ): Promise<StampedAppend | null> {
    const operation = messageOperation(input.role);
    const stamp = await this.retention.expectedStamp(operation, organisationId, now);
    const quick = await this.store.appendStamped(input, now, stamp, { organisationId, statuses, withState });
    if (quick) return quick;
    return this.store.transaction(async (tx) => {
      const conversation = await this.retention.stamp(
        tx,
        input.conversationId,
        organisationId,
        operation,
        now,
        statuses,
      );
      return conversation ? { conversation, message: await tx.appendMessage(input, now) } : null;
    });
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
