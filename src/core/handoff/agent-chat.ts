import type { Repositories } from "../../storage/repositories/index.js";
import type { Principal } from "../accounts/roles.js";
import type { Clock } from "../clock.js";
import type { ConversationEventBus, MessageView } from "../conversations/conversation-events.js";
import type { ConversationLog } from "../conversations/conversation-log.js";
import { assertAssignedTo, assertCanView } from "./access.js";
import { type ConversationDetail, type ConversationViews, toNoteView } from "./conversation-view.js";
import { HandoffError } from "./errors.js";
import type { NoteView, StaffEventBus } from "./staff-events.js";

export const MAX_MESSAGE_LENGTH = 4000;

/**
 * An agent in a chat: reading it, writing to the customer (stored through
 * ConversationLog, which marks the conversation human-involved), typing
 * indicators, and internal notes that only staff ever see.
 */
export class AgentChat {
  constructor(
    private readonly repos: Repositories,
    private readonly log: ConversationLog,
    private readonly views: ConversationViews,
    private readonly events: ConversationEventBus,
    private readonly staff: StaffEventBus,
    private readonly clock: Clock,
  ) {}

  async open(p: Principal, conversationId: string): Promise<ConversationDetail> {
    const c = await this.conversation(conversationId);
    assertCanView(p, c);
    return this.views.detail(c.id);
  }

  async send(
    p: Principal,
    input: { conversationId: string; clientId: string; text: string },
  ): Promise<{ message: MessageView; duplicate: boolean }> {
    const c = await this.conversation(input.conversationId);
    assertAssignedTo(p, c);
    const text = input.text.trim();
    if (text === "" || text.length > MAX_MESSAGE_LENGTH) {
      throw new HandoffError("invalid_input", `text must be 1 to ${MAX_MESSAGE_LENGTH} characters`);
    }
    return this.log.record(
      c.organisationId,
      {
        conversationId: c.id,
        role: "agent",
        text,
        clientId: input.clientId,
        authorId: p.userId,
        authorName: p.displayName,
      },
      { humanInvolved: true },
    );
  }

  async typing(p: Principal, input: { conversationId: string; typing: boolean }): Promise<void> {
    const c = await this.conversation(input.conversationId);
    assertAssignedTo(p, c);
    this.events.publish({
      type: "typing",
      conversationId: c.id,
      organisationId: c.organisationId,
      from: "agent",
      name: p.displayName,
      typing: input.typing,
    });
  }

  async note(p: Principal, input: { conversationId: string; text: string }): Promise<NoteView> {
    const c = await this.conversation(input.conversationId);
    assertCanView(p, c);
    const text = input.text.trim();
    if (text === "" || text.length > MAX_MESSAGE_LENGTH) {
      throw new HandoffError("invalid_input", `a note must be 1 to ${MAX_MESSAGE_LENGTH} characters`);
    }
    const now = this.clock.now();
    const note = toNoteView(await this.repos.notes.create({ conversationId: c.id, authorId: p.userId, text, now }));
    await this.repos.audit.record(
      {
        action: "note.created",
        actorId: p.userId,
        actorRole: p.role,
        organisationId: c.organisationId,
        targetType: "conversation",
        targetId: c.id,
      },
      now,
    );
    this.staff.publish({ type: "note", organisationId: c.organisationId, note });
    return note;
  }

  private async conversation(id: string) {
    const c = await this.repos.handoff.findConversation(id);
    if (!c) throw new HandoffError("not_found", "no such conversation");
    return c;
  }
}
