import type { HandoffReason } from "../src/core/handoff/handoff-port.js";
import type { Lang } from "../src/core/knowledge/types.js";

/** A clarifying choice the customer was offered. */
export interface PendingChoice {
  label: string;
  value: string;
  org?: string;
}

/**
 * What the bot remembers about a conversation between turns, besides the
 * dialog stack (both in ConversationState, stored in the database).
 */
export interface ConversationData {
  /** The welcome and privacy notice were sent. */
  welcomed?: boolean;
  /** Language of the bot's last reply. */
  lang?: Lang;
  /** Choices of the last clarifying question or fallback. */
  pendingChoices?: PendingChoice[];
  /** The last answer, whose "was this helpful?" is still open. */
  pendingFeedback?: { messageId: number | null };
  /** The bot offered a person and waits for yes or no. */
  pendingOffer?: { reason: HandoffReason };
  /** Fallbacks and unhelpful answers in a row. */
  failures?: number;
  /**
   * Contact points (ids) the last answer was about, so a follow-up ("og e-posten?", "når har de
   * åpent?") is understood as being about them.
   */
  lastContacts?: string[];
  /** The last question the bot could not answer (the handoff's summary). */
  lastUnanswered?: string;
  /** The summary given for the current handoff. */
  handoffSummary?: string;
}

export const newConversationData = (): ConversationData => ({});
