import type { ConversationEventBus } from "../../src/core/conversations/conversation-events.js";
import type {
  HandoffPort,
  HandoffReason,
  HandoffRequestResult,
  QueuePosition,
} from "../../src/core/handoff/handoff-port.js";
import type { ConversationRepository } from "../../src/storage/repositories/conversations.js";

/**
 * An in-memory HandoffPort for bot and channel tests: queues conversations
 * (moving their stored status and publishing it), lets a test assign and
 * release them as an agent would, and records every call.
 */
export class FakeHandoffPort implements HandoffPort {
  agentsAreOnline = true;
  /** The last agent went offline between the bot's check and its request. */
  refuseRequests = false;
  readonly requests: Array<{ conversationId: string; reason: HandoffReason; summary: string | null }> = [];
  readonly cancels: Array<{ conversationId: string; why: string }> = [];
  readonly disconnects: string[] = [];
  readonly reconnects: string[] = [];
  private readonly queue: string[] = [];

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly events: ConversationEventBus,
  ) {}

  async requestHandoff(input: {
    conversationId: string;
    reason: HandoffReason;
    summary?: string | null;
  }): Promise<HandoffRequestResult> {
    this.requests.push({ conversationId: input.conversationId, reason: input.reason, summary: input.summary ?? null });
    const conversation = await this.conversations.findById(input.conversationId);
    if (!conversation) throw new Error("no such conversation");
    if (conversation.status === "queued" || conversation.status === "assigned") {
      return { status: "already", conversationStatus: conversation.status };
    }
    if (!this.agentsAreOnline || this.refuseRequests) return { status: "no_agents" };
    await this.setStatus(input.conversationId, "queued");
    this.queue.push(input.conversationId);
    return {
      status: "queued",
      handoffId: `h-${this.requests.length}`,
      position: this.queue.length,
      estimatedWaitSeconds: 120,
    };
  }

  async cancel(conversationId: string, why: "customer_cancelled" | "customer_ended"): Promise<void> {
    this.cancels.push({ conversationId, why });
    this.leaveQueue(conversationId);
    const conversation = await this.conversations.findById(conversationId);
    if (conversation?.status === "queued") await this.setStatus(conversationId, "bot");
  }

  async endByCustomer(conversationId: string): Promise<void> {
    const conversation = await this.conversations.findById(conversationId);
    if (!conversation || conversation.status === "closed") return;
    if (conversation.status !== "bot") this.cancels.push({ conversationId, why: "customer_ended" });
    this.leaveQueue(conversationId);
    await this.conversations.update(conversationId, { status: "closed", endedAt: new Date() });
    this.events.publish({
      type: "status",
      conversationId,
      organisationId: conversation.organisationId,
      status: "closed",
    });
  }

  async customerDisconnected(conversationId: string): Promise<void> {
    this.disconnects.push(conversationId);
  }

  async customerReconnected(conversationId: string): Promise<void> {
    this.reconnects.push(conversationId);
  }

  async queuePosition(conversationId: string): Promise<QueuePosition | null> {
    const i = this.queue.indexOf(conversationId);
    return i < 0 ? null : { position: i + 1, estimatedWaitSeconds: 120 * (i + 1) };
  }

  async agentsOnline(): Promise<boolean> {
    return this.agentsAreOnline;
  }

  /** An agent claims the conversation. */
  async assign(conversationId: string, agent: { id: string; displayName: string }): Promise<void> {
    this.leaveQueue(conversationId);
    const c = await this.conversations.update(conversationId, { status: "assigned" });
    this.events.publish({ type: "status", conversationId, organisationId: c.organisationId, status: "assigned" });
    this.events.publish({ type: "agent:joined", conversationId, organisationId: c.organisationId, agent });
  }

  /** The agent hands the conversation back to the bot. */
  async release(conversationId: string, agent: { id: string; displayName: string }): Promise<void> {
    const c = await this.conversations.update(conversationId, { status: "bot", assignedAgentId: null });
    this.events.publish({ type: "status", conversationId, organisationId: c.organisationId, status: "bot" });
    this.events.publish({
      type: "agent:left",
      conversationId,
      organisationId: c.organisationId,
      agent,
      reason: "released",
    });
  }

  private leaveQueue(conversationId: string): void {
    const i = this.queue.indexOf(conversationId);
    if (i >= 0) this.queue.splice(i, 1);
  }

  private async setStatus(conversationId: string, status: "bot" | "queued"): Promise<void> {
    const c = await this.conversations.update(conversationId, { status });
    this.events.publish({ type: "status", conversationId, organisationId: c.organisationId, status });
  }
}
