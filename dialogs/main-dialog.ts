import { ActivityTypes, type TurnContext } from "botbuilder";
import { ComponentDialog, type DialogTurnResult, WaterfallDialog, type WaterfallStepContext } from "botbuilder-dialogs";
import { namesWidgetChannel } from "../src/bot/channels.js";
import { sendAndRecord } from "../src/bot/outbound-marker.js";
import { turnConversation } from "../src/bot/turn-conversation.js";
import { AskInputError, type Decision } from "../src/core/answering/types.js";
import type { ConversationData, PendingChoice } from "./conversation-data.js";
import { newConversationData } from "./conversation-data.js";
import type { DialogDeps } from "./dialog-deps.js";
import { FAILURES_BEFORE_OFFER, registerFailure, registerSuccess } from "./failure-streak.js";
import { HANDOFF_DIALOG, type HandoffOptions } from "./handoff-dialog.js";
import { type CustomerInput, matchChoice, matchFeedback, matchYesNo, readInput } from "./input-matching.js";
import { answerReply, decisionReply, textReply } from "./replies.js";
import { textsFor } from "./texts.js";
import { setTurnLang, turnLang } from "./turn-lang.js";

export const MAIN_DIALOG = "main";
const ROUTE = "main.route";

/** Fallback reasons that do not count as the bot failing the customer. */
const NOT_A_FAILURE = new Set<Decision["reason"]>(["no-content", "off-topic", "thanks"]);

/** Words in a request for a person beyond which the request itself describes the problem. */
const SUMMARY_MIN_WORDS = 8;

/**
 * One customer message: turns the answering engine's decision into replies
 * (answer with "was this helpful?", clarifying question with its choices as
 * buttons, fallback), takes the answers to those (feedback, a picked choice,
 * yes/no to an offered person) and starts the handoff dialog when a person is
 * wanted. Ends with the turn unless a child dialog waits for the customer.
 */
export class MainDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(MAIN_DIALOG);
    this.addDialog(new WaterfallDialog(ROUTE, [async (step) => this.route(step), async (step) => step.endDialog()]));
    this.initialDialogId = ROUTE;
  }

  private async route(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const context = step.context;
    const data = await this.deps.conversationData.get(context, newConversationData());
    const input = readInput(context.activity);
    const t = textsFor(turnLang(context));
    if (input.text === "" && input.value === undefined) {
      await context.sendActivity(textReply(t.textOnly));
      return step.endDialog();
    }

    if (data.pendingFeedback) {
      const helpful = matchFeedback(input);
      const target = data.pendingFeedback;
      data.pendingFeedback = undefined;
      if (helpful !== undefined) {
        await this.recordFeedback(context, target.messageId, helpful);
        if (helpful) {
          registerSuccess(data);
          await context.sendActivity(textReply(t.thanksHelpful));
        } else if (!(await registerFailure(context, data, "unhelpful_feedback"))) {
          await context.sendActivity(textReply(t.sorryNotHelpful));
        }
        return step.endDialog();
      }
    }

    if (data.pendingOffer) {
      const offer = data.pendingOffer;
      const yes = matchYesNo(input);
      data.pendingOffer = undefined;
      if (yes === true) {
        const options: HandoffOptions = { explicit: true, reason: offer.reason, summary: data.lastUnanswered ?? null };
        return step.beginDialog(HANDOFF_DIALOG, options);
      }
      if (yes === false) {
        await context.sendActivity(textReply(t.handoffDeclined));
        return step.endDialog();
      }
    }

    const offered = data.pendingChoices;
    data.pendingChoices = undefined;
    const picked = offered ? matchChoice(input, offered) : undefined;
    const decision = await this.ask(context, input, picked, data);
    if (!decision) {
      await context.sendActivity(textReply(t.tooLong));
      return step.endDialog();
    }
    data.lang = decision.lang;
    setTurnLang(context, decision.lang);
    await this.deps.noteDecision(context, decision);
    return this.reply(step, data, input, decision, picked !== undefined);
  }

  private async ask(
    context: TurnContext,
    input: CustomerInput,
    picked: PendingChoice | undefined,
    data: ConversationData,
  ): Promise<Decision | undefined> {
    const conversation = turnConversation(context);
    const org = conversation.scopedOrg ?? picked?.org;
    const text = picked?.value ?? (input.text !== "" ? input.text : (input.value ?? ""));
    try {
      return await this.deps.answers.answer(
        {
          text,
          ...(org ? { org } : {}),
          ...(picked ? { lang: turnLang(context) } : {}),
          ...(data.lastContacts?.length ? { context: { contacts: data.lastContacts } } : {}),
        },
        // While a language model writes the answer, the customer sees the bot typing.
        { waiting: () => context.sendActivity({ type: ActivityTypes.Typing }) },
      );
    } catch (err) {
      if (err instanceof AskInputError) return undefined;
      throw err;
    }
  }

  private async reply(
    step: WaterfallStepContext,
    data: ConversationData,
    input: CustomerInput,
    decision: Decision,
    picked: boolean,
  ): Promise<DialogTurnResult> {
    const context = step.context;
    switch (decision.action) {
      case "answer": {
        const labelInText = !namesWidgetChannel(context.activity.channelId);
        const messageId = await sendAndRecord(context, answerReply(decision, decision.lang, { labelInText }));
        data.pendingFeedback = { messageId: messageId ?? null };
        data.lastUnanswered = undefined;
        // A new topic without contact points ends what a follow-up could refer to.
        data.lastContacts = decision.contacts?.length ? [...decision.contacts] : undefined;
        return step.endDialog();
      }
      case "clarify": {
        const choices = decision.choices.map(toPending);
        await context.sendActivity(decisionReply(decision, choices));
        data.pendingChoices = choices;
        return step.endDialog();
      }
      case "fallback": {
        const failure = !NOT_A_FAILURE.has(decision.reason);
        const offerComing = failure && (data.failures ?? 0) + 1 >= FAILURES_BEFORE_OFFER;
        // When the bot is about to offer a person itself, its offer is the reply: the engine's "I can't help"
        // bubble (and its own "talk to a person" button) before it would say the same thing twice.
        if (!offerComing) {
          const choices = decision.choices.map(toPending);
          await context.sendActivity(decisionReply(decision, choices));
          if (choices.length > 0) data.pendingChoices = choices;
        }
        if (failure) {
          data.lastUnanswered = input.text;
          await registerFailure(context, data, "repeated_fallback");
        }
        return step.endDialog();
      }
      case "handoff": {
        const asked = decision.reason === "asked-for-person";
        // A short request ("menneske!", the person button) is explicit; a longer message that also
        // asks for a person describes a problem, so the bot checks before it queues.
        const explicit = asked && (picked || wordsIn(input.text) < SUMMARY_MIN_WORDS);
        const options: HandoffOptions = {
          explicit,
          reason: asked ? "customer_request" : "low_confidence",
          summary: summaryOf(input.text, data),
          ...(decision.org ? { org: decision.org } : {}),
        };
        return step.beginDialog(HANDOFF_DIALOG, options);
      }
    }
  }

  private async recordFeedback(context: TurnContext, messageId: number | null, helpful: boolean): Promise<void> {
    if (messageId === null) return;
    const conversation = turnConversation(context);
    await this.deps.feedback.rateMessage({ conversationId: conversation.id, messageId, helpful });
  }
}

function toPending(choice: Decision["choices"][number]): PendingChoice {
  return { label: choice.label, value: choice.value, ...(choice.org ? { org: choice.org } : {}) };
}

/** The handoff's summary: a long request describes the problem itself; else the last unanswered question. */
function summaryOf(text: string, data: ConversationData): string | null {
  if (wordsIn(text) >= SUMMARY_MIN_WORDS) return text.slice(0, 500);
  return data.lastUnanswered?.slice(0, 500) ?? null;
}

function wordsIn(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
