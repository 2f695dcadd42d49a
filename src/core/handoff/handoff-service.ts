import type { Logger } from "../../observability/logger.js";
import type { Principal } from "../accounts/roles.js";
import type { Clock } from "../clock.js";
import type { ConversationEventBus, MessageView } from "../conversations/conversation-events.js";
import type { ConversationLifecycle } from "../conversations/conversation-lifecycle.js";
import type { ConversationLog } from "../conversations/conversation-log.js";
import type { Lang } from "../knowledge/index.js";
import { assertChatStaff, assertOrganisation, assertSupervisor, organisationFor } from "./access.js";
import { AgentChat } from "./agent-chat.js";
import { AssignmentDesk } from "./assignment-desk.js";
import { CannedResponses, type CannedResponseView } from "./canned-responses.js";
import { type ConversationDetail, type ConversationSummary, ConversationViews } from "./conversation-view.js";
import { HandoffError } from "./errors.js";
import type { HandoffPort, HandoffReason, HandoffRequestResult, QueuePosition } from "./handoff-port.js";
import type { HandoffStores } from "./handoff-stores.js";
import { type KnowledgeHit, KnowledgeSearch, type KnowledgeSource } from "./knowledge-search.js";
import { AgentPresence, type AgentSummary, type Presence } from "./presence.js";
import { HandoffQueue, type QueueSnapshot } from "./queue.js";
import { MemoryQueueSequence, type QueueSequence } from "./queue-sequence.js";
import type { Resolution } from "./resolutions.js";
import { type NoteView, type QueueItem, StaffEventBus } from "./staff-events.js";
import { type SupervisorOverview, SupervisorOverviews } from "./supervisor-overview.js";

export interface HandoffServiceDeps {
  /** The stores (the server passes its repositories). */
  repos: HandoffStores;
  events: ConversationEventBus;
  log: ConversationLog;
  lifecycle: ConversationLifecycle;
  clock: Clock;
  logger: Logger;
  /** How long a disconnected waiting customer keeps their place. */
  graceSeconds: number;
  /** The knowledge base agents search (the answering engine's, once the app has one). */
  knowledge: KnowledgeSource;
  staffEvents?: StaffEventBus;
  /** Numbers the queue changes; several server processes share one (Redis). Default: this process's memory. */
  queueSequence?: QueueSequence;
}

/**
 * Human handoff: the durable queue the bot and the widget put customers in
 * (HandoffPort), and everything agents do with it. Each operation that acts
 * for a member of staff takes their Principal and checks role and
 * organisation itself, so no channel can forget to.
 */
export class HandoffService implements HandoffPort {
  readonly staffEvents: StaffEventBus;
  readonly queue: HandoffQueue;
  readonly presence: AgentPresence;
  private readonly desk: AssignmentDesk;
  private readonly chat: AgentChat;
  private readonly views: ConversationViews;
  private readonly canned: CannedResponses;
  private readonly overviews: SupervisorOverviews;
  private readonly knowledge: KnowledgeSearch;
  private readonly repos: HandoffStores;
  private readonly lifecycle: ConversationLifecycle;
  private readonly events: ConversationEventBus;

  constructor(deps: HandoffServiceDeps) {
    this.repos = deps.repos;
    this.lifecycle = deps.lifecycle;
    this.events = deps.events;
    this.staffEvents = deps.staffEvents ?? new StaffEventBus();
    this.presence = new AgentPresence(deps.repos.agentPresence, deps.repos.assignments, this.staffEvents, deps.clock);
    this.queue = new HandoffQueue(
      deps.repos,
      deps.lifecycle,
      this.presence,
      deps.events,
      this.staffEvents,
      deps.clock,
      deps.logger,
      {
        graceSeconds: deps.graceSeconds,
        startedAt: deps.clock.now(),
        sequence: deps.queueSequence ?? new MemoryQueueSequence(),
      },
    );
    this.views = new ConversationViews(deps.repos, deps.log);
    this.desk = new AssignmentDesk(
      deps.repos.handoff,
      deps.lifecycle,
      this.queue,
      this.presence,
      this.views,
      deps.events,
      this.staffEvents,
      deps.clock,
    );
    this.chat = new AgentChat(deps.repos.handoff, deps.lifecycle, deps.log, this.views, deps.events, this.staffEvents);
    this.canned = new CannedResponses(deps.repos, deps.knowledge, deps.clock);
    this.overviews = new SupervisorOverviews(deps.repos, this.queue, this.presence, deps.clock);
    this.knowledge = new KnowledgeSearch(deps.knowledge);
  }

  // ---- HandoffPort: the bot and the /widget namespace ----

  requestHandoff(input: {
    conversationId: string;
    reason: HandoffReason;
    summary?: string | null;
  }): Promise<HandoffRequestResult> {
    return this.queue.request(input);
  }

  async cancel(conversationId: string, why: "customer_cancelled" | "customer_ended"): Promise<void> {
    await this.queue.cancel(conversationId, why);
    if (why === "customer_ended") await this.desk.endedByCustomer(conversationId);
  }

  /**
   * The customer ended the chat, whoever had it: a waiting customer leaves
   * the queue, an agent's chat is closed (the agent is told), a chat with the
   * bot is closed. The customer's channel is told the chat is closed.
   */
  async endByCustomer(conversationId: string): Promise<void> {
    const c = await this.repos.handoff.findConversation(conversationId);
    if (!c) throw new HandoffError("not_found", "no such conversation");
    if (c.status === "queued" || c.status === "assigned") {
      await this.cancel(c.id, "customer_ended");
      // An agent may have handed it back to the bot meanwhile: then it is the bot's chat that ends.
      if ((await this.repos.handoff.findConversation(c.id))?.status !== "bot") return;
    } else if (c.status !== "bot") return;
    if (await this.lifecycle.endBotChat(c)) {
      this.events.publish({ type: "status", conversationId: c.id, organisationId: c.organisationId, status: "closed" });
    }
  }

  async customerDisconnected(conversationId: string): Promise<void> {
    await this.queue.customerDisconnected(conversationId);
  }

  async customerReconnected(conversationId: string): Promise<void> {
    await this.queue.customerReconnected(conversationId);
  }

  queuePosition(conversationId: string): Promise<QueuePosition | null> {
    return this.queue.position(conversationId);
  }

  agentsOnline(organisationId: string): Promise<boolean> {
    return this.presence.isAnyoneOnline(organisationId);
  }

  /** Abandons waiting customers whose grace period ran out; returns how many. */
  sweepAbandoned(): Promise<number> {
    return this.queue.sweepAbandoned();
  }

  // ---- Agents ----

  /** Organisations the principal works in (admins: all). */
  async organisationsOf(p: Principal): Promise<Array<{ id: string; slug: string; name: string }>> {
    assertChatStaff(p);
    const all = p.organisationId
      ? [await this.repos.organisations.findById(p.organisationId)]
      : await this.repos.organisations.list();
    return all.filter((o) => o !== null).map((o) => ({ id: o.id, slug: o.slug, name: o.name }));
  }

  /** The waiting customers of the principal's organisation (or the named one; admins: every one). */
  async queueFor(p: Principal, organisationId?: string | null): Promise<QueueItem[]> {
    assertChatStaff(p);
    if (organisationId) {
      assertOrganisation(p, organisationId);
      return this.queue.snapshot(organisationId);
    }
    const orgs = p.organisationId ? [p.organisationId] : await this.repos.handoff.organisationsWithWaiting();
    return (await Promise.all(orgs.map((o) => this.queue.snapshot(o)))).flat();
  }

  /**
   * The same queues as queueFor, with the numbers of their latest changes
   * (for every organisation the principal sees, waiting or not), so a
   * listener can apply the numbered changes that follow.
   */
  async queueSnapshot(p: Principal, organisationId?: string | null): Promise<QueueSnapshot> {
    assertChatStaff(p);
    if (organisationId) {
      assertOrganisation(p, organisationId);
      return this.queue.snapshotOf([organisationId], [organisationId]);
    }
    if (p.organisationId) return this.queue.snapshotOf([p.organisationId], [p.organisationId]);
    const all = (await this.repos.organisations.list()).map((o) => o.id);
    return this.queue.snapshotOf(all, await this.repos.handoff.organisationsWithWaiting());
  }

  claim(p: Principal, conversationId: string): Promise<ConversationDetail> {
    return this.desk.claim(p, conversationId);
  }

  openConversation(p: Principal, conversationId: string): Promise<ConversationDetail> {
    return this.chat.open(p, conversationId);
  }

  myConversations(p: Principal): Promise<ConversationSummary[]> {
    assertChatStaff(p);
    return this.views.openFor(p.userId);
  }

  sendAgentMessage(
    p: Principal,
    input: { conversationId: string; clientId: string; text: string },
  ): Promise<{ message: MessageView; duplicate: boolean }> {
    return this.chat.send(p, input);
  }

  agentTyping(p: Principal, input: { conversationId: string; typing: boolean }): Promise<void> {
    return this.chat.typing(p, input);
  }

  addNote(p: Principal, input: { conversationId: string; text: string }): Promise<NoteView> {
    return this.chat.note(p, input);
  }

  transfer(p: Principal, input: { conversationId: string; toAgentId?: string | null }): Promise<void> {
    return this.desk.transfer(p, input);
  }

  release(p: Principal, conversationId: string): Promise<void> {
    return this.desk.release(p, conversationId);
  }

  close(p: Principal, input: { conversationId: string; resolution: Resolution }): Promise<void> {
    return this.desk.close(p, input);
  }

  // ---- Presence ----

  async agentConnected(p: Principal): Promise<Presence> {
    assertChatStaff(p);
    const presence = await this.presence.connected(p);
    await this.presenceMoved(p);
    return presence;
  }

  async agentDisconnected(p: Principal): Promise<void> {
    await this.presence.set(p, "offline");
    await this.presenceMoved(p);
  }

  async setPresence(p: Principal, presence: "online" | "away"): Promise<Presence> {
    assertChatStaff(p);
    const now = await this.presence.set(p, presence);
    await this.presenceMoved(p);
    return now;
  }

  heartbeat(userIds: string[]): Promise<void> {
    return this.presence.heartbeat(userIds);
  }

  /** Estimates depend on who is online: refresh the queue of the agent's organisation. */
  private async presenceMoved(p: Principal): Promise<void> {
    if (p.organisationId) await this.queue.publish(p.organisationId);
  }

  /** Colleagues to transfer to, with presence and load. */
  async listAgents(p: Principal, organisationId?: string | null): Promise<AgentSummary[]> {
    assertChatStaff(p);
    return this.presence.list(organisationFor(p, organisationId));
  }

  // ---- Supervisors ----

  async overview(p: Principal, organisationId?: string | null): Promise<SupervisorOverview[]> {
    assertSupervisor(p);
    if (organisationId) {
      assertOrganisation(p, organisationId);
      return [await this.overviews.of(organisationId)];
    }
    const orgs = p.organisationId ? [p.organisationId] : (await this.repos.organisations.list()).map((o) => o.id);
    return Promise.all(orgs.map((o) => this.overviews.of(o)));
  }

  /** One organisation's overview, for pushing to its supervisors (no principal: the channel checked the room). */
  overviewOf(organisationId: string): Promise<SupervisorOverview> {
    return this.overviews.of(organisationId);
  }

  // ---- Tools ----

  cannedResponses(p: Principal, organisationId?: string | null): Promise<CannedResponseView[]> {
    return this.canned.list(p, organisationId);
  }

  saveCannedResponse(
    p: Principal,
    input: { id?: string | null; organisationId?: string | null; title: string; text: string; language: string },
  ): Promise<CannedResponseView> {
    return this.canned.save(p, input);
  }

  deleteCannedResponse(p: Principal, id: string): Promise<void> {
    return this.canned.remove(p, id);
  }

  async searchKnowledge(
    p: Principal,
    input: { query: string; language: Lang; organisationId?: string | null },
  ): Promise<KnowledgeHit[]> {
    assertChatStaff(p);
    const org = await this.repos.organisations.findById(organisationFor(p, input.organisationId));
    if (!org) throw new HandoffError("not_found", "no such organisation");
    try {
      return await this.knowledge.search(org.slug, input.query, input.language);
    } catch {
      throw new HandoffError("unavailable", "the knowledge base could not be loaded");
    }
  }

  /** Resolves when queued live updates have gone out (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }
}
