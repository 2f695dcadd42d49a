/**
 * What the bot and the channels may ask of the human handoff (implemented by
 * HandoffService in this folder). The bot escalates through Bot Framework's
 * `handoff.initiate` event; the channel adapters turn that event into
 * `requestHandoff` and report the outcome back as `handoff.status`.
 */
export type HandoffReason = "customer_request" | "low_confidence" | "repeated_fallback" | "unhelpful_feedback";

export type HandoffRequestResult =
  | { status: "queued"; handoffId: string; position: number; estimatedWaitSeconds: number }
  /** No agent of the organisation is online: offer to leave a message. */
  | { status: "no_agents" }
  /** The conversation is already waiting or with an agent. */
  | { status: "already"; conversationStatus: "queued" | "assigned" };

export interface QueuePosition {
  position: number;
  estimatedWaitSeconds: number;
}

export interface HandoffPort {
  requestHandoff(input: {
    conversationId: string;
    reason: HandoffReason;
    summary?: string | null;
  }): Promise<HandoffRequestResult>;
  /** The customer gave up waiting (or ended the chat): leaves the queue, recorded as abandoned. */
  cancel(conversationId: string, why: "customer_cancelled" | "customer_ended"): Promise<void>;
  /** The customer ended the chat, whoever had it (queue, agent or bot): it is closed. */
  endByCustomer(conversationId: string): Promise<void>;
  /** The customer's last connection closed: the place is kept for the grace period. */
  customerDisconnected(conversationId: string): Promise<void>;
  customerReconnected(conversationId: string): Promise<void>;
  queuePosition(conversationId: string): Promise<QueuePosition | null>;
  /** Whether any agent of the organisation is online now. */
  agentsOnline(organisationId: string): Promise<boolean>;
}
