import { ActionTypes, type Activity, type CardAction, MessageFactory } from "botbuilder";
import { mark } from "../src/bot/outbound-marker.js";
import type { Decision } from "../src/core/answering/types.js";
import type { Lang } from "../src/core/knowledge/types.js";
import type { PendingChoice } from "./conversation-data.js";
import { FEEDBACK_VALUES } from "./input-matching.js";
import { textsFor } from "./texts.js";

/** What is stored with a reply that came from the answering engine. */
function decisionMeta(decision: Decision): Record<string, unknown> {
  return {
    action: decision.action,
    reason: decision.reason,
    sources: [...decision.sources],
    confidence: Math.round(decision.confidence * 1000) / 1000,
    lang: decision.lang,
    ...(decision.org ? { org: decision.org } : {}),
  };
}

function imBack(title: string): CardAction {
  return { type: ActionTypes.ImBack, title, value: title };
}

/** The text of a generated answer on channels that show no source list: label, answer, sources. */
function labelledText(decision: Decision, lang: Lang): string {
  const t = textsFor(lang);
  const sources = decision.generated?.sources ?? [];
  return [
    `${t.generatedLabel}:`,
    decision.text,
    ...(sources.length > 0 ? [t.generatedSources(sources.map((s) => s.title))] : []),
  ].join("\n\n");
}

/**
 * An answer with "was this helpful?" buttons (the widget shows thumbs for `action: "answer"`). A
 * generated answer carries its sources in `metadata.generated` (the widget shows the label and the
 * sources); with `labelInText` (Bot Framework channels) the label and sources are in the text.
 */
export function answerReply(
  decision: Decision,
  lang: Lang,
  options: { labelInText?: boolean } = {},
): Partial<Activity> {
  const t = textsFor(lang);
  const text = decision.generated && options.labelInText ? labelledText(decision, lang) : decision.text;
  const activity = MessageFactory.text(text) as Partial<Activity>;
  activity.suggestedActions = {
    to: [],
    actions: [
      { type: ActionTypes.ImBack, title: t.helpful, value: t.helpful },
      { type: ActionTypes.ImBack, title: t.notHelpful, value: t.notHelpful },
    ],
  };
  return mark(activity, {
    meta: {
      ...decisionMeta(decision),
      askFeedback: true,
      feedbackValues: FEEDBACK_VALUES,
      ...(decision.generated
        ? { generated: { sources: decision.generated.sources.map((s) => ({ id: s.id, title: s.title })) } }
        : {}),
    },
  });
}

/**
 * A clarifying question or a fallback, with the engine's choices as buttons.
 * Bot Framework channels get the labels (imBack); the widget gets label and
 * value in `metadata.choices` and sends the value back.
 */
export function decisionReply(decision: Decision, choices: readonly PendingChoice[]): Partial<Activity> {
  const activity = MessageFactory.text(decision.text) as Partial<Activity>;
  if (choices.length > 0) activity.suggestedActions = { to: [], actions: choices.map((c) => imBack(c.label)) };
  return mark(activity, {
    meta: { ...decisionMeta(decision), choices: choices.map((c) => ({ label: c.label, value: c.value })) },
  });
}

/** A plain bot message. */
export function textReply(text: string, meta?: Record<string, unknown>): Partial<Activity> {
  return mark(MessageFactory.text(text) as Partial<Activity>, meta ? { meta } : {});
}

/** A notice that is sent even while a person owns the conversation (queue position, hand-back). */
export function noticeReply(text: string, meta?: Record<string, unknown>): Partial<Activity> {
  return mark(MessageFactory.text(text) as Partial<Activity>, { allowWhileHuman: true, ...(meta ? { meta } : {}) });
}
