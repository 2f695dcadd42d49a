import type { TurnContext } from "botbuilder";
import type { HandoffReason } from "../src/core/handoff/handoff-port.js";
import type { ConversationData } from "./conversation-data.js";
import { textsFor } from "./texts.js";
import { turnLang } from "./turn-lang.js";
import { yesNoActivity } from "./yes-no-prompt.js";

/** Fallbacks or unhelpful answers in a row after which the bot offers a person. */
export const FAILURES_BEFORE_OFFER = 2;

/**
 * Counts a failure (a fallback, an answer that did not help); at the second in
 * a row the bot offers a person with Ja/Nei buttons, answered on the next turn.
 */
export async function registerFailure(
  context: TurnContext,
  data: ConversationData,
  reason: Extract<HandoffReason, "repeated_fallback" | "unhelpful_feedback">,
): Promise<boolean> {
  data.failures = (data.failures ?? 0) + 1;
  if (data.failures < FAILURES_BEFORE_OFFER) return false;
  data.failures = 0;
  data.pendingOffer = { reason };
  const lang = turnLang(context);
  await context.sendActivity(yesNoActivity(textsFor(lang).offerHandoff, lang));
  return true;
}

export function registerSuccess(data: ConversationData): void {
  data.failures = 0;
}
