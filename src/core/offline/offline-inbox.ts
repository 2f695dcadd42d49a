import type { Repositories } from "../../storage/repositories/index.js";
import type { OfflineMessage } from "../../storage/repositories/offline-messages.js";
import { canAccessOrganisation, type Principal } from "../accounts/roles.js";
import type { Clock } from "../clock.js";
import type { ConversationLog } from "../conversations/conversation-log.js";
import { assertChatStaff } from "../handoff/access.js";
import { type ConversationDetail, ConversationViews } from "../handoff/conversation-view.js";
import { HandoffError } from "../handoff/errors.js";
import type { StaffEventBus } from "../handoff/staff-events.js";
import { type OfflineMessageView, toOfflineMessageView } from "./offline-message-view.js";

/** At most this many requests in one list (the oldest); `total` says how many wait in all. */
export const OFFLINE_LIST_LIMIT = 200;

export interface OfflineInboxDeps {
  repos: Repositories;
  log: ConversationLog;
  staff: StaffEventBus;
  clock: Clock;
}

export interface OfflineInboxList {
  messages: OfflineMessageView[];
  /** Unhandled requests in the same scope, also those beyond the limit. */
  total: number;
}

/**
 * `handled`: this call marked it. `already_handled`: someone had (the view
 * says who and when); nothing was changed.
 */
export type OfflineHandleResult = { status: "handled" | "already_handled"; message: OfflineMessageView };

/**
 * The agents' side of leave-a-message requests: the unhandled ones of an
 * organisation, oldest first, marking one handled, and the chat it was left
 * from. Agents and supervisors reach their own organisation's requests;
 * admins every organisation's. Handling a request left from a chat makes
 * that chat human-involved (its retention is recomputed by the repository).
 */
export class OfflineInbox {
  private readonly views: ConversationViews;

  constructor(private readonly deps: OfflineInboxDeps) {
    this.views = new ConversationViews(deps.repos, deps.log);
  }

  /** The unhandled requests of `organisationId`, or of the principal's own (admins without one: every organisation). */
  async list(p: Principal, organisationId?: string | null): Promise<OfflineInboxList> {
    assertChatStaff(p);
    if (organisationId && !canAccessOrganisation(p, organisationId)) {
      throw new HandoffError("forbidden", "that organisation's requests are not yours to see");
    }
    const scope = organisationId || p.organisationId;
    const { offlineMessages } = this.deps.repos;
    const [rows, total] = await Promise.all([
      offlineMessages.listUnhandled(scope, OFFLINE_LIST_LIMIT),
      offlineMessages.countUnhandled(scope),
    ]);
    return { messages: rows.map((m) => toOfflineMessageView(m)), total };
  }

  /** Marks a request handled by the principal; a second call says who handled it and when. */
  async handle(p: Principal, id: string): Promise<OfflineHandleResult> {
    const { repos, clock } = this.deps;
    const found = await this.find(p, id);
    if (found.handledAt) return { status: "already_handled", message: await this.view(found) };
    const now = clock.now();
    // The chat first: a request is never handled without its chat counting as one a person took part in.
    if (found.conversationId) await this.touchConversation(found.conversationId, id, now);
    const won = await repos.offlineMessages.markHandled(id, p.userId, now);
    const after = await repos.offlineMessages.findById(id);
    if (!after) throw gone();
    const message = await this.view(after);
    if (!won) return { status: "already_handled", message };
    await repos.audit.record(
      {
        action: "offline_message.handled",
        actorId: p.userId,
        actorRole: p.role,
        organisationId: after.organisationId,
        targetType: "offline_message",
        targetId: after.id,
        details: { conversationId: after.conversationId },
      },
      now,
    );
    this.deps.staff.publish({ type: "offline", change: "handled", organisationId: after.organisationId, message });
    return { status: "handled", message };
  }

  /** The chat the request was left from, to read before calling the customer back (read only). */
  async conversation(p: Principal, id: string): Promise<ConversationDetail> {
    const found = await this.find(p, id);
    if (!found.conversationId) throw new HandoffError("not_found", "this request was not left from a chat");
    return this.views.detail(found.conversationId);
  }

  private async find(p: Principal, id: string): Promise<OfflineMessage> {
    assertChatStaff(p);
    const found = await this.deps.repos.offlineMessages.findById(id);
    if (!found) throw gone();
    if (!canAccessOrganisation(p, found.organisationId)) {
      throw new HandoffError("forbidden", "this request belongs to another organisation");
    }
    return found;
  }

  private async touchConversation(conversationId: string, id: string, now: Date): Promise<void> {
    try {
      await this.deps.repos.conversations.touch(conversationId, now, { humanInvolved: true });
    } catch (err) {
      // A purge that removed the chat removed the request with it.
      if (!(await this.deps.repos.offlineMessages.findById(id))) throw gone();
      throw err;
    }
  }

  private async view(m: OfflineMessage): Promise<OfflineMessageView> {
    if (!m.handledById) return toOfflineMessageView(m);
    const user = await this.deps.repos.users.findById(m.handledById);
    return toOfflineMessageView(m, { id: m.handledById, displayName: user?.displayName ?? m.handledById });
  }
}

function gone(): HandoffError {
  return new HandoffError("not_found", "no such request (it may have been deleted)");
}
