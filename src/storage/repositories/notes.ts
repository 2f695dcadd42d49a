import type { Prisma } from "../database.js";
import type { InternalNote } from "../generated/sqlite/client.js";

export type { InternalNote };

export interface NoteWithAuthor extends InternalNote {
  author: { id: string; displayName: string } | null;
}

/** Agents' internal notes on a conversation: staff only, never sent to the customer. */
export class NoteRepository {
  constructor(private readonly prisma: Prisma) {}

  create(input: { conversationId: string; authorId: string; text: string; now: Date }): Promise<NoteWithAuthor> {
    return this.prisma.internalNote.create({
      data: { conversationId: input.conversationId, authorId: input.authorId, text: input.text, createdAt: input.now },
      include: { author: { select: { id: true, displayName: true } } },
    });
  }

  listForConversation(conversationId: string): Promise<NoteWithAuthor[]> {
    return this.prisma.internalNote.findMany({
      where: { conversationId },
      orderBy: { createdAt: "asc" },
      include: { author: { select: { id: true, displayName: true } } },
    });
  }
}
