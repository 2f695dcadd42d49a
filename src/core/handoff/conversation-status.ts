import { HandoffError } from "./errors.js";

/**
 * The conversation state machine. A conversation talks to the bot, waits in
 * the queue, is with an agent, or is closed; these are the only moves.
 */
export type ConversationStatus = "bot" | "queued" | "assigned" | "closed";

export type Transition =
  | "request_handoff"
  | "cancel"
  | "abandon"
  | "customer_end"
  | "claim"
  | "transfer_to_agent"
  | "transfer_to_queue"
  | "release"
  | "close";

const TRANSITIONS: Record<Transition, { from: readonly ConversationStatus[]; to: ConversationStatus | "same" }> = {
  request_handoff: { from: ["bot"], to: "queued" },
  cancel: { from: ["queued"], to: "bot" },
  abandon: { from: ["queued"], to: "bot" },
  customer_end: { from: ["bot", "queued", "assigned"], to: "closed" },
  claim: { from: ["queued"], to: "assigned" },
  transfer_to_agent: { from: ["assigned"], to: "same" },
  transfer_to_queue: { from: ["assigned"], to: "queued" },
  release: { from: ["assigned"], to: "bot" },
  close: { from: ["assigned"], to: "closed" },
};

/** The status a transition leads to from `from`, or null when it is not allowed there. */
export function nextStatus(from: ConversationStatus, transition: Transition): ConversationStatus | null {
  const rule = TRANSITIONS[transition];
  if (!rule.from.includes(from)) return null;
  return rule.to === "same" ? from : rule.to;
}

export function canTransition(from: ConversationStatus, transition: Transition): boolean {
  return nextStatus(from, transition) !== null;
}

const DESCRIBE: Record<ConversationStatus, string> = {
  bot: "is with the bot",
  queued: "is waiting in the queue",
  assigned: "is with an agent",
  closed: "is closed",
};

/** Throws `conflict` when the transition is not allowed from the current status. */
export function assertTransition(from: ConversationStatus, transition: Transition): ConversationStatus {
  const to = nextStatus(from, transition);
  if (to === null)
    throw new HandoffError("conflict", `cannot ${transition.replace(/_/g, " ")}: the conversation ${DESCRIBE[from]}`);
  return to;
}

/** The statuses a transition may start from. */
export function statusesBefore(transition: Transition): readonly ConversationStatus[] {
  return TRANSITIONS[transition].from;
}
