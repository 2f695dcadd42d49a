import type { Principal } from "../accounts/roles.js";
import type { ConversationEventBus, MessageView } from "../conversations/conversation-events.js";
import type { ConversationLifecycle } from "../conversations/conversation-lifecycle.js";
import type { ConversationLog } from "../conversations/conversation-log.js";
import { assertAssignedTo, assertCanView } from "./access.js";
import { type ConversationDetail, type ConversationViews, toNoteView } from "./conversation-view.js";
import { HandoffError } from "./errors.js";
import type { HandoffReads } from "./handoff-stores.js";
import type { NoteView, StaffEventBus } from "./staff-events.js";

export const MAX_MESSAGE_LENGTH = 4000;

/**
 * An agent in a chat: reading it, writing to the customer (stored through
 * ConversationLog: an agent's message makes a person take part), typing
 * indicators, and internal notes that only staff ever see (one transaction
 * with their audit record and retention, ConversationLifecycle).
 */
export class AgentChat {
  constructor(
    private readonly handoff: HandoffReads,
    private readonly lifecycle: ConversationLifecycle,
    private readonly log: ConversationLog,
    private readonly views: ConversationViews,
    private readonly events: ConversationEventBus,
    private readonly staff: StaffEventBus,
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
    return this.log.record(c.organisationId, {
      conversationId: c.id,
      role: "agent",
      text,
      clientId: input.clientId,
      authorId: p.userId,
      authorName: p.displayName,
    });
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
    const note = toNoteView(await this.lifecycle.note(p, c, text));
    this.staff.publish({ type: "note", organisationId: c.organisationId, note });
    return note;
  }

  private async conversation(id: string) {
    const c = await this.handoff.findConversation(id);
    if (!c) throw new HandoffError("not_found", "no such conversation");
    return c;
  }
}
