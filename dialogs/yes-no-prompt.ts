import { ActionTypes, type Activity, MessageFactory, type TurnContext } from "botbuilder";
import { Prompt, type PromptOptions, type PromptRecognizerResult } from "botbuilder-dialogs";
import { matchYesNo, readInput } from "./input-matching.js";
import { textsFor } from "./texts.js";
import { turnLang } from "./turn-lang.js";

export interface YesNoPromptOptions extends PromptOptions {
  /** The question; the Ja/Nei (Yes/No) buttons are added in the conversation's language. */
  question?: string;
}

/**
 * A yes/no question with Ja/Nei buttons (suggested actions; the widget shows
 * them as choices). Understands bokmål and English answers, typed or clicked.
 */
export class YesNoPrompt extends Prompt<boolean> {
  /** Public: Prompt's own constructor is protected. */
  constructor(dialogId: string) {
    super(dialogId);
  }

  protected async onPrompt(
    context: TurnContext,
    _state: object,
    options: YesNoPromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const lang = turnLang(context);
    const t = textsFor(lang);
    const question = options.question ?? (typeof options.prompt === "string" ? options.prompt : "");
    const text = isRetry ? `${t.answerYesOrNo} ${question}`.trim() : question;
    await context.sendActivity(yesNoActivity(text, lang));
  }

  protected async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<boolean>> {
    if (context.activity.type !== "message") return { succeeded: false };
    const answer = matchYesNo(readInput(context.activity));
    return answer === undefined ? { succeeded: false } : { succeeded: true, value: answer };
  }
}

/** A message with Ja/Nei buttons whose values are "yes" and "no". */
export function yesNoActivity(text: string, lang: "nb" | "en"): Partial<Activity> {
  const t = textsFor(lang);
  const activity = MessageFactory.suggestedActions([], text) as Partial<Activity>;
  activity.suggestedActions = {
    to: [],
    actions: [
      { type: ActionTypes.ImBack, title: t.yes, value: t.yes },
      { type: ActionTypes.ImBack, title: t.no, value: t.no },
    ],
  };
  return activity;
}
