import type { Principal } from "../../../src/core/accounts/roles.js";
import { FixedClock } from "../../../src/core/clock.js";
import { ChannelConversations } from "../../../src/core/conversations/channel-conversations.js";
import { createConversationCore } from "../../../src/core/conversations/conversation-core.js";
import { type ConversationEvent, ConversationEventBus } from "../../../src/core/conversations/conversation-events.js";
import type { ConversationLifecycle } from "../../../src/core/conversations/conversation-lifecycle.js";
import type { ConversationLog } from "../../../src/core/conversations/conversation-log.js";
import { AssignmentDesk } from "../../../src/core/handoff/assignment-desk.js";
import { ConversationViews } from "../../../src/core/handoff/conversation-view.js";
import type { StaffMember } from "../../../src/core/handoff/handoff-stores.js";
import { AgentPresence } from "../../../src/core/handoff/presence.js";
import { HandoffQueue } from "../../../src/core/handoff/queue.js";
import { MemoryQueueSequence } from "../../../src/core/handoff/queue-sequence.js";
import { type StaffEvent, StaffEventBus } from "../../../src/core/handoff/staff-events.js";
import { createLogger } from "../../../src/observability/logger.js";
import { InMemoryStores } from "../../support/in-memory-stores.js";

export const GRACE_SECONDS = 60;

/**
 * The handoff core (queue, assignment desk, presence, views) on in-memory
 * stores and a clock the test moves: no database, no sockets.
 */
export class InMemoryHandoff {
  readonly clock = new FixedClock(new Date("2026-11-23T09:00:00Z"));
  readonly stores = new InMemoryStores();
  readonly events = new ConversationEventBus();
  readonly staff = new StaffEventBus();
  readonly told: ConversationEvent[] = [];
  readonly staffTold: StaffEvent[] = [];
  readonly log: ConversationLog;
  readonly lifecycle: ConversationLifecycle;
  readonly presence: AgentPresence;
  readonly queue: HandoffQueue;
  readonly desk: AssignmentDesk;
  /** The channels' conversations (Bot Framework turns): resume, reopen, file under an organisation. */
  readonly channels: ChannelConversations;
  readonly org = this.stores.addOrganisation("alpha", "Alpha Kundeservice");
  readonly otherOrg = this.stores.addOrganisation("beta", "Beta Support");

  constructor(options: { startedAt?: Date } = {}) {
    const core = createConversationCore({
      store: this.stores.conversationStore,
      policies: this.stores.retentionPolicies,
      events: this.events,
      clock: this.clock,
    });
    this.log = core.log;
    this.lifecycle = core.lifecycle;
    this.presence = new AgentPresence(this.stores.agentPresence, this.stores.assignments, this.staff, this.clock);
    this.queue = new HandoffQueue(
      this.stores,
      this.lifecycle,
      this.presence,
      this.events,
      this.staff,
      this.clock,
      createLogger("silent"),
      {
        graceSeconds: GRACE_SECONDS,
        startedAt: options.startedAt ?? this.clock.now(),
        sequence: new MemoryQueueSequence(),
      },
    );
    const views = new ConversationViews(this.stores, this.log);
    this.desk = new AssignmentDesk(
      this.stores.handoff,
      this.lifecycle,
      this.queue,
      this.presence,
      views,
      this.events,
      this.staff,
      this.clock,
    );
    this.channels = new ChannelConversations({
      conversations: this.stores.channelConversations,
      customers: this.stores.channelCustomers,
      organisations: this.stores.organisationDirectory,
      lifecycle: this.lifecycle,
      events: this.events,
      clock: this.clock,
    });
    this.events.onAny((e) => this.told.push(e));
    for (const type of ["assignment", "queue", "note"] as const) this.staff.on(type, (e) => this.staffTold.push(e));
  }

  /** A member of staff of `organisationId` (default: alpha), online unless `online: false`. */
  async agent(
    name: string,
    options: { role?: Principal["role"]; organisationId?: string | null; online?: boolean; maxChats?: number } = {},
  ): Promise<Principal & { member: StaffMember }> {
    const organisationId = options.organisationId === undefined ? this.org.id : options.organisationId;
    const member = this.stores.addStaff({
      displayName: name,
      organisationId,
      role: options.role ?? "agent",
      maxConcurrentChats: options.maxChats ?? 3,
    });
    const p = {
      userId: member.id,
      email: `${name.toLowerCase()}@example.no`,
      displayName: name,
      role: options.role ?? "agent",
      organisationId,
      sessionId: `s-${name}`,
      member,
    };
    if (options.online !== false) await this.presence.connected(p);
    return p;
  }

  /** A customer chatting with the bot, who wrote `words`. */
  async customer(words = "Skriveren virker ikke", organisationId = this.org.id): Promise<string> {
    this.clock.advance(1000);
    const c = this.stores.addConversation(organisationId, this.clock.now());
    await this.log.record(organisationId, { conversationId: c.id, role: "customer", text: words });
    return c.id;
  }

  /** A customer waiting in the queue. */
  async waiting(words?: string): Promise<string> {
    const id = await this.customer(words);
    this.clock.advance(1000);
    const r = await this.queue.request({ conversationId: id, reason: "customer_request" });
    if (r.status !== "queued") throw new Error(`not queued: ${r.status}`);
    return id;
  }

  toldTo(conversationId: string): ConversationEvent[] {
    return this.told.filter((e) => "conversationId" in e && e.conversationId === conversationId);
  }

  async settled(): Promise<void> {
    await this.queue.idle();
  }
}
