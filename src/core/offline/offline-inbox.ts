import { canAccessOrganisation, type Principal } from "../accounts/roles.js";
import type { ConversationLifecycle } from "../conversations/conversation-lifecycle.js";
import type { ConversationLog } from "../conversations/conversation-log.js";
import { assertChatStaff } from "../handoff/access.js";
import { type ConversationDetail, ConversationViews } from "../handoff/conversation-view.js";
import { HandoffError } from "../handoff/errors.js";
import type { HandoffStores } from "../handoff/handoff-stores.js";
import type { StaffEventBus } from "../handoff/staff-events.js";
import type { OfflineMessageRecord, OfflineMessageStore, StaffNames } from "./offline-message-store.js";
import { type OfflineMessageView, toOfflineMessageView } from "./offline-message-view.js";

/** At most this many requests in one list (the oldest); `total` says how many wait in all. */
export const OFFLINE_LIST_LIMIT = 200;

export interface OfflineInboxDeps {
  /** The stores (the server passes its repositories). */
  repos: Pick<HandoffStores, "handoff" | "organisations" | "assignments" | "notes"> & {
    offlineMessages: OfflineMessageStore;
    users: StaffNames;
  };
  lifecycle: ConversationLifecycle;
  log: ConversationLog;
  staff: StaffEventBus;
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
 * that chat one a person took part in, in the same transaction
 * (ConversationLifecycle.handleOfflineMessage).
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
    const found = await this.find(p, id);
    if (found.handledAt) return { status: "already_handled", message: await this.view(found) };
    let won: boolean;
    try {
      won = await this.deps.lifecycle.handleOfflineMessage(p, found);
    } catch (err) {
      // A purge that removed the chat removed the request with it.
      if (!(await this.deps.repos.offlineMessages.findById(id))) throw gone();
      throw err;
    }
    const after = await this.deps.repos.offlineMessages.findById(id);
    if (!after) throw gone();
    const message = await this.view(after);
    if (!won) return { status: "already_handled", message };
    this.deps.staff.publish({ type: "offline", change: "handled", organisationId: after.organisationId, message });
    return { status: "handled", message };
  }

  /** The chat the request was left from, to read before calling the customer back (read only). */
  async conversation(p: Principal, id: string): Promise<ConversationDetail> {
    const found = await this.find(p, id);
    if (!found.conversationId) throw new HandoffError("not_found", "this request was not left from a chat");
    return this.views.detail(found.conversationId);
  }

  private async find(p: Principal, id: string): Promise<OfflineMessageRecord> {
    assertChatStaff(p);
    const found = await this.deps.repos.offlineMessages.findById(id);
    if (!found) throw gone();
    if (!canAccessOrganisation(p, found.organisationId)) {
      throw new HandoffError("forbidden", "this request belongs to another organisation");
    }
    return found;
  }

  private async view(m: OfflineMessageRecord): Promise<OfflineMessageView> {
    if (!m.handledById) return toOfflineMessageView(m);
    const user = await this.deps.repos.users.findById(m.handledById);
    return toOfflineMessageView(m, { id: m.handledById, displayName: user?.displayName ?? m.handledById });
  }
}

function gone(): HandoffError {
  return new HandoffError("not_found", "no such request (it may have been deleted)");
}
