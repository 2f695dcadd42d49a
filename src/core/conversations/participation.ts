import type { MessageRole } from "./conversation-records.js";

/**
 * Everything that can happen to a conversation, as far as its retention is
 * concerned.
 */
export type ConversationOperation =
  | "customer_message"
  | "bot_message"
  | "system_message"
  | "request_handoff"
  | "leave_queue"
  | "claim"
  | "transfer"
  | "release"
  | "close"
  | "customer_end"
  | "customer_end_with_agent"
  | "reopen"
  | "reassign_organisation"
  | "note"
  | "agent_message"
  | "offline_handled";

/**
 * "A person took part": the one rule that makes a conversation
 * `human_involved` (kept 5 years by default instead of 1). A person took part
 * when an agent claimed it, wrote in it, added an internal note to it, or
 * handled a leave-a-message request left from it. Transferring, handing back
 * and closing a chat (also the customer ending a chat an agent has) are steps
 * of an agent who claimed it, and count too, so a conversation that reached an
 * agent by any path is never filed as bot-only.
 */
const PERSON_TAKES_PART: Record<ConversationOperation, boolean> = {
  customer_message: false,
  bot_message: false,
  system_message: false,
  request_handoff: false,
  leave_queue: false,
  claim: true,
  transfer: true,
  release: true,
  close: true,
  customer_end: false,
  customer_end_with_agent: true,
  reopen: false,
  reassign_organisation: false,
  note: true,
  agent_message: true,
  offline_handled: true,
};

export function personTakesPart(operation: ConversationOperation): boolean {
  return PERSON_TAKES_PART[operation];
}

/** Whether the operation is activity that moves the retention clock (messages and a person's steps). */
export function movesActivity(operation: ConversationOperation): boolean {
  return operation.endsWith("_message") || personTakesPart(operation);
}

export function messageOperation(role: MessageRole): ConversationOperation {
  return `${role}_message`;
}
