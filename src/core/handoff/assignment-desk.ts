import type { Principal } from "../accounts/roles.js";
import type { Clock } from "../clock.js";
import type { ConversationEventBus } from "../conversations/conversation-events.js";
import type { ConversationLifecycle } from "../conversations/conversation-lifecycle.js";
import { assertAssignedOrSupervisor, assertChatStaff, assertOrganisation, roleTakesChats } from "./access.js";
import { assertTransition } from "./conversation-status.js";
import type { ConversationDetail, ConversationViews } from "./conversation-view.js";
import { HandoffError } from "./errors.js";
import type { HandoffReads } from "./handoff-stores.js";
import { type AgentPresence, effectivePresence } from "./presence.js";
import type { HandoffQueue } from "./queue.js";
import { CUSTOMER_ENDED_RESOLUTION, type Resolution } from "./resolutions.js";
import type { AssignmentChange, StaffEventBus } from "./staff-events.js";

type Person = { id: string; displayName: string };

/**
 * Who has which chat: claiming from the queue, transferring, handing back to
 * the bot and closing. Checks who may do it, makes the change in one
 * transaction with its audit record and retention (ConversationLifecycle),
 * then announces it to the customer's channel (ConversationEventBus) and to
 * staff (StaffEventBus).
 */
export class AssignmentDesk {
  constructor(
    private readonly handoff: HandoffReads,
    private readonly lifecycle: ConversationLifecycle,
    private readonly queue: HandoffQueue,
    private readonly presence: AgentPresence,
    private readonly views: ConversationViews,
    private readonly events: ConversationEventBus,
    private readonly staff: StaffEventBus,
    private readonly clock: Clock,
  ) {}

  async claim(p: Principal, conversationId: string): Promise<ConversationDetail> {
    assertChatStaff(p);
    const c = await this.conversation(conversationId);
    assertOrganisation(p, c.organisationId);
    if (c.status === "assigned") {
      throw new HandoffError(
        "conflict",
        c.assignedAgentId === p.userId ? "you already have this conversation" : "another agent claimed it first",
      );
    }
    assertTransition(c.status, "claim");
    const request = await this.handoff.findActive(c.id);
    if (request?.status !== "waiting") throw new HandoffError("conflict", "the customer is no longer waiting");
    const outcome = await this.lifecycle.claim(p, c, request.id);
    if (outcome === "taken") throw new HandoffError("conflict", "another agent claimed it first");
    if (outcome === "full") {
      throw new HandoffError("capacity", "you have as many open chats as you may have at once; close one first");
    }
    const me = person(p);
    this.events.publish({ type: "agent:joined", conversationId: c.id, organisationId: c.organisationId, agent: me });
    this.events.publish({ type: "status", conversationId: c.id, organisationId: c.organisationId, status: "assigned" });
    this.announce("claimed", c.id, c.organisationId, "assigned", me, null, me);
    await this.queue.publish(c.organisationId, { type: "leave", conversationId: c.id });
    return this.views.detail(c.id);
  }

  /** To a named agent (at once), or without one back to the organisation's queue at the original place. */
  async transfer(p: Principal, input: { conversationId: string; toAgentId?: string | null }): Promise<void> {
    const c = await this.conversation(input.conversationId);
    assertAssignedOrSupervisor(p, c);
    const from = await this.currentAgent(c.assignedAgentId);
    if (!input.toAgentId) {
      assertTransition(c.status, "transfer_to_queue");
      const request = await this.lifecycle.transferToQueue(p, c, from.id);
      if (!request) throw new HandoffError("conflict", "the conversation changed; reload it");
      await this.afterAgentLeft(c, from, person(p), { reason: "transferred", change: "requeued", status: "queued" });
      return;
    }
    assertTransition(c.status, "transfer_to_agent");
    if (input.toAgentId === from.id)
      throw new HandoffError("invalid_input", "the conversation is already with that agent");
    const target = await this.presence.find(input.toAgentId);
    if (
      !target ||
      target.disabled ||
      !roleTakesChats(target.role) ||
      (target.organisationId !== null && target.organisationId !== c.organisationId)
    ) {
      throw new HandoffError("not_found", "no such agent in this organisation");
    }
    if (effectivePresence(target, this.clock.now()) === "offline") {
      throw new HandoffError("conflict", `${target.displayName} is offline`);
    }
    const outcome = await this.lifecycle.transferToAgent(p, c, { fromAgentId: from.id, toAgentId: target.id });
    if (outcome === "changed") throw new HandoffError("conflict", "the conversation changed; reload it");
    if (outcome === "full") throw new HandoffError("capacity", `${target.displayName} has no room for another chat`);
    const to = { id: target.id, displayName: target.displayName };
    await this.afterAgentLeft(c, from, person(p), {
      reason: "transferred",
      change: "transferred",
      status: "assigned",
      to,
    });
  }

  /** Back to the bot. */
  async release(p: Principal, conversationId: string): Promise<void> {
    const c = await this.conversation(conversationId);
    assertAssignedOrSupervisor(p, c);
    assertTransition(c.status, "release");
    const from = await this.currentAgent(c.assignedAgentId);
    if (!(await this.lifecycle.release(p, c, from.id))) {
      throw new HandoffError("conflict", "the conversation changed; reload it");
    }
    await this.afterAgentLeft(c, from, person(p), { reason: "released", change: "released", status: "bot" });
  }

  async close(p: Principal, input: { conversationId: string; resolution: Resolution }): Promise<void> {
    const c = await this.conversation(input.conversationId);
    assertAssignedOrSupervisor(p, c);
    assertTransition(c.status, "close");
    const from = await this.currentAgent(c.assignedAgentId);
    if (!(await this.lifecycle.close(p, c, { fromAgentId: from.id, resolution: input.resolution }))) {
      throw new HandoffError("conflict", "the conversation changed; reload it");
    }
    await this.afterAgentLeft(c, from, person(p), { reason: "closed", change: "closed", status: "closed" });
  }

  /** The customer ended a chat an agent had: closed, the agent is told. */
  async endedByCustomer(conversationId: string): Promise<boolean> {
    const c = await this.handoff.findConversation(conversationId);
    if (!c?.assignedAgentId || (c.status !== "assigned" && c.status !== "closed")) return false;
    const from = await this.currentAgent(c.assignedAgentId);
    if (!(await this.lifecycle.endAgentChat(c, from.id, CUSTOMER_ENDED_RESOLUTION))) return false;
    this.events.publish({ type: "status", conversationId: c.id, organisationId: c.organisationId, status: "closed" });
    this.announce("customer_ended", c.id, c.organisationId, "closed", null, from, null);
    await this.queue.publish(c.organisationId);
    return true;
  }

  private async conversation(id: string) {
    const c = await this.handoff.findConversation(id);
    if (!c) throw new HandoffError("not_found", "no such conversation");
    return c;
  }

  private async currentAgent(agentId: string | null): Promise<Person> {
    if (!agentId) throw new HandoffError("conflict", "the conversation is not with an agent");
    const agent = await this.presence.find(agentId);
    return { id: agentId, displayName: agent?.displayName ?? "" };
  }

  /** An agent has left a conversation: tell its watchers and the staff, refresh the queue. */
  private async afterAgentLeft(
    c: { id: string; organisationId: string },
    from: Person,
    by: Person | null,
    left: {
      reason: "released" | "transferred" | "closed";
      change: AssignmentChange;
      status: "bot" | "queued" | "assigned" | "closed";
      /** The agent who took over (a transfer), if any. */
      to?: Person;
    },
  ): Promise<void> {
    const where = { conversationId: c.id, organisationId: c.organisationId };
    this.events.publish({ type: "agent:left", ...where, agent: from, reason: left.reason });
    if (left.to) this.events.publish({ type: "agent:joined", ...where, agent: left.to });
    else this.events.publish({ type: "status", ...where, status: left.status });
    this.announce(left.change, c.id, c.organisationId, left.status, left.to ?? null, from, by);
    // Back in the queue (a transfer to it) is a join; otherwise only an agent's load moved.
    await this.queue.publish(
      c.organisationId,
      left.status === "queued" ? { type: "join", conversationId: c.id } : undefined,
    );
  }

  private announce(
    change: AssignmentChange,
    conversationId: string,
    organisationId: string,
    status: "bot" | "queued" | "assigned" | "closed",
    agent: Person | null,
    previousAgent: Person | null,
    by: Person | null,
  ): void {
    this.staff.publish({
      type: "assignment",
      change,
      conversationId,
      organisationId,
      status,
      agent,
      previousAgent,
      by,
    });
  }
}

function person(p: Principal): Person {
  return { id: p.userId, displayName: p.displayName };
}
