import type { Clock } from "../clock.js";
import { statusesBefore } from "../handoff/conversation-status.js";
import { HandoffError } from "../handoff/errors.js";
import type {
  AssignmentEndReason,
  AuditEntry,
  ConversationRecord,
  HandoffRequestRecord,
  NoteRecord,
} from "./conversation-records.js";
import type { ConversationStore } from "./conversation-store.js";
import type { ConversationOperation } from "./participation.js";
import type { RetentionClassifier } from "./retention-classifier.js";

/** Who did it, as recorded in the audit trail. */
export interface LifecycleActor {
  userId: string;
  role: string;
}

export type ClaimOutcome = "ok" | "taken" | "full";
export type TransferOutcome = "ok" | "changed" | "full";

type Where = Pick<ConversationRecord, "id" | "organisationId">;

/**
 * The state changes of a conversation. Each operation is one transaction
 * holding the change itself, its audit record and its retention
 * classification (participation.ts decides whether a person took part).
 * Every write is conditional on the state the caller saw, so a change that
 * lost a race reports it (false, "taken", "changed") and writes nothing.
 *
 * Access checks (which member of staff may do what) and announcements to
 * channels and staff are the callers' (AssignmentDesk, AgentChat,
 * HandoffQueue, OfflineInbox): this is what they share.
 */
export class ConversationLifecycle {
  constructor(
    private readonly store: ConversationStore,
    private readonly retention: RetentionClassifier,
    private readonly clock: Clock,
  ) {}

  /** bot → queued with a waiting request; null when the conversation was no longer with the bot. */
  async requestHandoff(
    c: Where,
    input: { reason: string; summary: string | null },
  ): Promise<HandoffRequestRecord | null> {
    const now = this.clock.now();
    const retention = await this.retention.forStateChange("request_handoff", c.organisationId, now);
    return this.store.transaction(async (tx) => {
      const moved = await tx.updateConversation(
        c.id,
        { status: statusesBefore("request_handoff") },
        { status: "queued", escalationReason: input.reason, assignedAgentId: null, ...retention },
      );
      if (!moved) return null;
      const request = await tx.createRequest({
        conversationId: c.id,
        organisationId: c.organisationId,
        reason: input.reason,
        summary: input.summary,
        requestedAt: now,
      });
      await tx.audit(onConversation(c, "handoff.requested", null, { reason: input.reason }), now);
      return request;
    });
  }

  /**
   * A waiting customer leaves the queue without an agent: they gave up
   * (`cancelled`, back to the bot), ended the chat or were gone too long
   * (`abandoned`). False when the request was no longer waiting.
   */
  async leaveQueue(
    request: HandoffRequestRecord,
    outcome: { status: "cancelled" | "abandoned"; conversationStatus: "bot" | "closed"; why: string },
  ): Promise<boolean> {
    const now = this.clock.now();
    const c = { id: request.conversationId, organisationId: request.organisationId };
    const retention = await this.retention.forStateChange("leave_queue", c.organisationId, now);
    return this.store.transaction(async (tx) => {
      const ended = await tx.moveRequests(
        { id: request.id, status: "waiting" },
        { status: outcome.status, endedAt: now },
      );
      if (ended !== 1) return false;
      await tx.updateConversation(
        c.id,
        { status: ["queued"] },
        {
          status: outcome.conversationStatus,
          ...(outcome.conversationStatus === "closed" ? { endedAt: now } : {}),
          ...retention,
        },
      );
      await tx.audit(onConversation(c, `handoff.${outcome.status}`, null, { why: outcome.why }), now);
      return true;
    });
  }

  /**
   * An agent takes a waiting conversation: the request waiting → assigned,
   * the conversation queued → assigned, a new assignment, unless the agent
   * has as many open chats as they may have.
   */
  async claim(actor: LifecycleActor, c: Where, requestId: string): Promise<ClaimOutcome> {
    const now = this.clock.now();
    const retention = await this.retention.forStateChange("claim", c.organisationId, now);
    return this.store.transaction(async (tx): Promise<ClaimOutcome> => {
      const load = await tx.reserveAgent(actor.userId, now, true);
      if (!load) throw new HandoffError("not_found", "no such agent");
      if (load.activeChats >= load.maxConcurrentChats) return "full";
      const won = await tx.moveRequests({ id: requestId, status: "waiting" }, { status: "assigned", assignedAt: now });
      if (won !== 1) return "taken";
      const moved = await tx.updateConversation(
        c.id,
        { status: statusesBefore("claim"), organisationId: c.organisationId },
        { status: "assigned", assignedAgentId: actor.userId, ...retention },
      );
      // Throwing rolls the request back too.
      if (!moved) throw new HandoffError("conflict", "the conversation left the queue during the claim");
      await tx.openAssignment({
        conversationId: c.id,
        handoffRequestId: requestId,
        agentId: actor.userId,
        assignedAt: now,
      });
      await tx.audit(onConversation(c, "handoff.claimed", actor), now);
      return "ok";
    });
  }

  /** From one agent to another at once; the target's capacity is checked under their row, as in a claim. */
  async transferToAgent(
    actor: LifecycleActor,
    c: Where,
    input: { fromAgentId: string; toAgentId: string },
  ): Promise<TransferOutcome> {
    const now = this.clock.now();
    const retention = await this.retention.forStateChange("transfer", c.organisationId, now);
    return this.store.transaction(async (tx): Promise<TransferOutcome> => {
      const load = await tx.reserveAgent(input.toAgentId, now, false);
      if (!load) throw new HandoffError("not_found", "no such agent in this organisation");
      if (load.activeChats >= load.maxConcurrentChats) return "full";
      const moved = await tx.updateConversation(
        c.id,
        { status: statusesBefore("transfer_to_agent"), assignedAgentId: input.fromAgentId },
        { assignedAgentId: input.toAgentId, ...retention },
      );
      if (!moved) return "changed";
      const previous = await tx.currentAssignment(c.id, input.fromAgentId);
      await tx.endAssignments({
        conversationId: c.id,
        agentId: input.fromAgentId,
        endedAt: now,
        endReason: "transferred",
      });
      await tx.openAssignment({
        conversationId: c.id,
        agentId: input.toAgentId,
        handoffRequestId: previous?.handoffRequestId ?? null,
        assignedAt: now,
      });
      await tx.audit(
        onConversation(c, "handoff.transferred", actor, { from: input.fromAgentId, to: input.toAgentId }),
        now,
      );
      return "ok";
    });
  }

  /**
   * Back to the organisation's queue (a transfer to "anyone"). The new
   * request keeps the original request time, so the customer does not lose
   * their place to people who came later. Null when the conversation changed.
   */
  async transferToQueue(actor: LifecycleActor, c: Where, fromAgentId: string): Promise<HandoffRequestRecord | null> {
    const now = this.clock.now();
    const retention = await this.retention.forStateChange("transfer", c.organisationId, now);
    return this.store.transaction(async (tx) => {
      const moved = await tx.updateConversation(
        c.id,
        { status: statusesBefore("transfer_to_queue"), assignedAgentId: fromAgentId },
        { status: "queued", assignedAgentId: null, ...retention },
      );
      if (!moved) return null;
      await tx.endAssignments({ conversationId: c.id, agentId: fromAgentId, endedAt: now, endReason: "transferred" });
      const previous = await tx.activeRequest(c.id);
      await tx.moveRequests({ conversationId: c.id, status: "assigned" }, { status: "completed", endedAt: now });
      const request = await tx.createRequest({
        conversationId: c.id,
        organisationId: c.organisationId,
        reason: "transfer",
        summary: previous?.summary ?? null,
        requestedAt: previous?.requestedAt ?? now,
      });
      await tx.audit(onConversation(c, "handoff.requeued", actor, { from: fromAgentId }), now);
      return request;
    });
  }

  /** Hands an agent's chat back to the bot. */
  release(actor: LifecycleActor, c: Where, fromAgentId: string): Promise<boolean> {
    return this.finishAssigned(c, fromAgentId, {
      operation: "release",
      endReason: "released",
      status: "bot",
      audit: onConversation(c, "handoff.released", actor),
    });
  }

  /** An agent closes their chat with a resolution. */
  close(actor: LifecycleActor, c: Where, input: { fromAgentId: string; resolution: string }): Promise<boolean> {
    return this.finishAssigned(c, input.fromAgentId, {
      operation: "close",
      endReason: "closed",
      status: "closed",
      resolution: input.resolution,
      audit: onConversation(c, "handoff.closed", actor, { resolution: input.resolution }),
    });
  }

  /**
   * The customer ended a chat an agent had (also when the customer's channel
   * already marked it closed): closed, the assignment ended.
   */
  endAgentChat(c: Where, agentId: string, resolution: string): Promise<boolean> {
    return this.finishAssigned(c, agentId, {
      operation: "customer_end_with_agent",
      endReason: "customer_ended",
      status: "closed",
      resolution,
      alsoFromClosed: true,
      audit: onConversation(c, "handoff.customer_ended", null),
    });
  }

  /** The customer ended a chat with the bot. False when it was not with the bot. */
  async endBotChat(c: Where): Promise<boolean> {
    const now = this.clock.now();
    const retention = await this.retention.forStateChange("customer_end", c.organisationId, now);
    return this.store.transaction((tx) =>
      tx.updateConversation(c.id, { status: ["bot"] }, { status: "closed", endedAt: now, ...retention }),
    );
  }

  /** A closed conversation the customer writes in again (Bot Framework channels keep one conversation): back to the bot. */
  async reopen(c: Where): Promise<boolean> {
    const now = this.clock.now();
    const retention = await this.retention.forStateChange("reopen", c.organisationId, now);
    return this.store.transaction(async (tx) => {
      const moved = await tx.updateConversation(
        c.id,
        { status: ["closed"] },
        { status: "bot", endedAt: null, ...retention },
      );
      if (moved) await tx.audit(onConversation(c, "conversation.reopened", null), now);
      return moved;
    });
  }

  /**
   * A conversation answered from every organisation is filed under the one
   * the bot's answer is about: its queue, hours and retention policy apply
   * from now on (the expiry is counted again under that policy, keeping
   * human involvement). Only while the bot has it; false when it did not
   * move (another organisation meanwhile, or no longer with the bot).
   */
  async moveToOrganisation(c: Where, toOrganisationId: string): Promise<boolean> {
    if (toOrganisationId === c.organisationId) return false;
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const moved = await tx.updateConversation(
        c.id,
        { status: ["bot"], organisationId: c.organisationId },
        { organisationId: toOrganisationId },
      );
      if (!moved) return false;
      await this.retention.stamp(tx, c.id, toOrganisationId, "reassign_organisation", now);
      await tx.audit(
        {
          ...onConversation(c, "conversation.organisation_changed", null, { from: c.organisationId }),
          organisationId: toOrganisationId,
        },
        now,
      );
      return true;
    });
  }

  /** An internal note by a member of staff: a person took part. */
  note(actor: LifecycleActor, c: Where, text: string): Promise<NoteRecord> {
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const note = await tx.addNote({ conversationId: c.id, authorId: actor.userId, text, createdAt: now });
      await this.retention.stamp(tx, c.id, c.organisationId, "note", now);
      await tx.audit(onConversation(c, "note.created", actor), now);
      return note;
    });
  }

  /**
   * An agent handled a leave-a-message request: marked once (false when
   * someone had already), and the chat it was left from, if any, counts as
   * one a person took part in.
   */
  handleOfflineMessage(
    actor: LifecycleActor,
    request: { id: string; organisationId: string; conversationId: string | null },
  ): Promise<boolean> {
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      if (!(await tx.markOfflineHandled(request.id, actor.userId, now))) return false;
      if (request.conversationId) {
        await this.retention.stamp(tx, request.conversationId, request.organisationId, "offline_handled", now);
      }
      await tx.audit(
        {
          action: "offline_message.handled",
          actorId: actor.userId,
          actorRole: actor.role,
          organisationId: request.organisationId,
          targetType: "offline_message",
          targetId: request.id,
          details: { conversationId: request.conversationId },
        },
        now,
      );
      return true;
    });
  }

  /** Ends the assignment of an assigned conversation: handed back, closed, or ended by the customer. */
  private async finishAssigned(
    c: Where,
    agentId: string,
    how: {
      operation: ConversationOperation;
      endReason: AssignmentEndReason;
      status: "bot" | "closed";
      resolution?: string;
      alsoFromClosed?: boolean;
      audit: AuditEntry;
    },
  ): Promise<boolean> {
    const now = this.clock.now();
    const retention = await this.retention.forStateChange(how.operation, c.organisationId, now);
    return this.store.transaction(async (tx) => {
      const moved = await tx.updateConversation(
        c.id,
        { status: how.alsoFromClosed ? ["assigned", "closed"] : ["assigned"], assignedAgentId: agentId },
        {
          status: how.status,
          assignedAgentId: null,
          ...(how.status === "closed" ? { endedAt: now, resolution: how.resolution ?? null } : {}),
          ...retention,
        },
      );
      if (!moved) return false;
      await tx.endAssignments({ conversationId: c.id, agentId, endedAt: now, endReason: how.endReason });
      await tx.moveRequests({ conversationId: c.id, status: "assigned" }, { status: "completed", endedAt: now });
      await tx.audit(how.audit, now);
      return true;
    });
  }
}

function onConversation(
  c: Where,
  action: string,
  actor: LifecycleActor | null,
  details?: Record<string, unknown>,
): AuditEntry {
  return {
    action,
    ...(actor ? { actorId: actor.userId, actorRole: actor.role } : {}),
    organisationId: c.organisationId,
    targetType: "conversation",
    targetId: c.id,
    ...(details ? { details } : {}),
  };
}
