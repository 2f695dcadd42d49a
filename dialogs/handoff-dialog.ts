import { type Activity, EventFactory, type Transcript } from "botbuilder";
import {
  ComponentDialog,
  type DialogTurnResult,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from "botbuilder-dialogs";
import type { HandoffContextValue } from "../src/bot/handoff-hub.js";
import { turnConversation } from "../src/bot/turn-conversation.js";
import type { MessageView } from "../src/core/conversations/conversation-events.js";
import type { HandoffReason } from "../src/core/handoff/handoff-port.js";
import { newConversationData } from "./conversation-data.js";
import type { DialogDeps } from "./dialog-deps.js";
import { isCancel, matchYesNo } from "./input-matching.js";
import { OFFER_MESSAGE_DIALOG, type OfferMessageOptions } from "./offer-message-dialog.js";
import { textReply } from "./replies.js";
import { textsFor } from "./texts.js";
import { turnLang } from "./turn-lang.js";
import { YesNoPrompt, type YesNoPromptOptions } from "./yes-no-prompt.js";

export const HANDOFF_DIALOG = "handoff";
const STEPS = "handoff.steps";
const CONFIRM = "handoff.confirm";
const SUMMARY = "handoff.summary";
export const SUMMARY_MAX = 500;

export interface HandoffOptions {
  /** The customer asked for a person in so many words (or already said yes to an offer): no confirmation. */
  explicit: boolean;
  reason: HandoffReason;
  /** What the customer needs help with, when already known. */
  summary: string | null;
  /** The organisation the request is about (conversations answered from every organisation). */
  org?: string;
}

/**
 * Escalation to a person: confirms (unless the request was explicit), asks for
 * a one-line description when there is none, then checks the organisation's
 * opening hours and Norwegian public holidays. Open and staffed: sends Bot
 * Framework's `handoff.initiate` (with the transcript) to the handoff hub,
 * which answers with `handoff.status`. Closed: says when it opens and offers
 * to leave a message; open but nobody online: offers the same.
 */
export class HandoffDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(HANDOFF_DIALOG);
    this.addDialog(new YesNoPrompt(CONFIRM));
    this.addDialog(
      new TextPrompt(SUMMARY, async (prompt) => {
        const text = prompt.recognized.value?.trim() ?? "";
        return prompt.recognized.succeeded && text.length >= 2 && text.length <= SUMMARY_MAX;
      }),
    );
    this.addDialog(
      new WaterfallDialog(STEPS, [
        async (step) => this.confirm(step),
        async (step) => this.describe(step),
        async (step) => this.escalate(step),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private async confirm(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as HandoffOptions;
    if (options.explicit) return step.next(true);
    const prompt: YesNoPromptOptions = { question: textsFor(turnLang(step.context)).confirmHandoff };
    return step.prompt(CONFIRM, prompt);
  }

  private async describe(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = textsFor(turnLang(step.context));
    if (step.result !== true) {
      await step.context.sendActivity(textReply(t.handoffDeclined));
      return step.endDialog();
    }
    const options = step.options as HandoffOptions;
    if (options.summary) return step.next(options.summary);
    return step.prompt(SUMMARY, { prompt: textReply(t.askSummary), retryPrompt: textReply(t.summaryRetry) });
  }

  private async escalate(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const context = step.context;
    const options = step.options as HandoffOptions;
    const summary = String(step.result ?? "")
      .trim()
      .slice(0, SUMMARY_MAX);
    // "Nei takk" or "avbryt" where the bot asked what the matter is: the customer changed their mind.
    const answer = { text: summary, value: undefined };
    if (!options.summary && (matchYesNo(answer) === false || isCancel(answer))) {
      await context.sendActivity(textReply(textsFor(turnLang(context)).handoffDeclined));
      return step.endDialog();
    }
    const data = await this.deps.conversationData.get(context, newConversationData());
    data.handoffSummary = summary;
    const conversation = turnConversation(context);
    const lang = turnLang(context);
    const t = textsFor(lang);
    const org = conversation.org;
    const now = this.deps.clock.now();
    const availability = await this.deps.personAvailability(org, conversation.organisationId);
    if (availability.status === "closed") {
      const offer: OfferMessageOptions = {
        intro: t.closedNow({
          summary: org.openingHours.summary[lang],
          opensAt: availability.opensAt,
          holiday: availability.holiday ?? undefined,
          now,
          zone: org.timezone,
        }),
        summary,
      };
      return step.replaceDialog(OFFER_MESSAGE_DIALOG, offer);
    }
    if (availability.status === "no_agents") {
      const offer: OfferMessageOptions = { intro: t.noAgents, summary };
      return step.replaceDialog(OFFER_MESSAGE_DIALOG, offer);
    }
    await context.sendActivity(textReply(t.connecting(org.name[lang])));
    const handoffContext: HandoffContextValue = { reason: options.reason, summary, org: org.slug };
    const transcript = toTranscript(await this.deps.transcript(conversation.id));
    await context.sendActivity(EventFactory.createHandoffInitiation(context, handoffContext, transcript));
    return step.endDialog();
  }
}

/** The stored messages as Bot Framework activities, for the `handoff.initiate` transcript attachment. */
function toTranscript(messages: readonly MessageView[]): Transcript {
  return {
    activities: messages.map(
      (m) =>
        ({
          type: "message",
          id: String(m.id),
          text: m.text,
          timestamp: new Date(m.createdAt),
          from: {
            id: m.authorId ?? m.role,
            name: m.authorName ?? m.role,
            role: m.role === "customer" ? "user" : "bot",
          },
        }) as Activity,
    ),
  };
}
