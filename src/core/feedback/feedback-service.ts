import type { Clock } from "../clock.js";
import { CustomerChatError } from "../customers/customer-chat-error.js";

/** The ports of the feedback, in core types (src/storage implements them). */
export interface FeedbackStore {
  create(
    input: { conversationId: string; messageId?: number | null; helpful: boolean; comment?: string | null },
    now: Date,
  ): Promise<unknown>;
  /** The conversation and author role of the message feedback is about, if it exists. */
  messageInfo(messageId: number): Promise<{ conversationId: string; role: string } | null>;
  /** The feedback already given on one message, if any (one answer per message). */
  findForMessage(conversationId: string, messageId: number): Promise<{ id: string; helpful: boolean } | null>;
  update(id: string, patch: { helpful: boolean }): Promise<unknown>;
}

/** Where the end-of-chat rating is kept: on the conversation. */
export interface ConversationRatings {
  update(id: string, patch: { satisfaction: number }): Promise<unknown>;
}

/**
 * What customers think of the bot's answers and of the chat as a whole.
 * "Was this helpful?" is one answer per bot message (a second click changes
 * it); the end-of-chat rating goes on the conversation (satisfaction 1–5), and
 * its comment, if any, is kept as feedback without a message.
 */
export class FeedbackService {
  constructor(
    private readonly feedback: FeedbackStore,
    private readonly conversations: ConversationRatings,
    private readonly clock: Clock,
  ) {}

  /** Stores whether a bot message helped. Throws not_found unless it is a bot message of this conversation. */
  async rateMessage(input: { conversationId: string; messageId: number; helpful: boolean }): Promise<void> {
    const message = await this.feedback.messageInfo(input.messageId);
    if (!message || message.conversationId !== input.conversationId || message.role !== "bot") {
      throw new CustomerChatError("not_found", "no bot message with that id in this conversation");
    }
    const existing = await this.feedback.findForMessage(input.conversationId, input.messageId);
    if (existing) {
      if (existing.helpful !== input.helpful) await this.feedback.update(existing.id, { helpful: input.helpful });
      return;
    }
    await this.feedback.create(
      { conversationId: input.conversationId, messageId: input.messageId, helpful: input.helpful },
      this.clock.now(),
    );
  }

  /** Stores the end-of-chat rating (1–5) and an optional comment. */
  async rateConversation(input: { conversationId: string; score: number; comment?: string | null }): Promise<void> {
    if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) {
      throw new CustomerChatError("invalid_input", "score must be a whole number from 1 to 5");
    }
    await this.conversations.update(input.conversationId, { satisfaction: input.score });
    const comment = input.comment?.trim();
    if (comment) {
      await this.feedback.create(
        { conversationId: input.conversationId, helpful: input.score >= 4, comment },
        this.clock.now(),
      );
    }
  }
}
