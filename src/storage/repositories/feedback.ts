import type { Prisma } from "../database.js";
import type { Feedback } from "../generated/sqlite/client.js";

export type { Feedback };

export interface NewFeedback {
  conversationId: string;
  messageId?: number | null;
  helpful: boolean;
  comment?: string | null;
}

/** "Was this helpful?" answers (and end-of-chat rating comments), kept for analysis. */
export class FeedbackRepository {
  constructor(private readonly prisma: Prisma) {}

  create(input: NewFeedback, now: Date): Promise<Feedback> {
    return this.prisma.feedback.create({
      data: {
        conversationId: input.conversationId,
        messageId: input.messageId ?? null,
        helpful: input.helpful,
        comment: input.comment ?? null,
        createdAt: now,
      },
    });
  }

  /** The conversation and author role of the message feedback is about, if it exists. */
  messageInfo(messageId: number): Promise<{ conversationId: string; role: string } | null> {
    return this.prisma.message.findUnique({ where: { id: messageId }, select: { conversationId: true, role: true } });
  }

  /** The feedback already given on one message, if any (one answer per message). */
  findForMessage(conversationId: string, messageId: number): Promise<Feedback | null> {
    return this.prisma.feedback.findFirst({ where: { conversationId, messageId } });
  }

  update(id: string, patch: { helpful: boolean }): Promise<Feedback> {
    return this.prisma.feedback.update({ where: { id }, data: patch });
  }

  listForConversation(conversationId: string): Promise<Feedback[]> {
    return this.prisma.feedback.findMany({ where: { conversationId }, orderBy: { createdAt: "asc" } });
  }
}
