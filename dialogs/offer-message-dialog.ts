import { ComponentDialog, type DialogTurnResult, WaterfallDialog, type WaterfallStepContext } from "botbuilder-dialogs";
import { LEAVE_MESSAGE_DIALOG, type LeaveMessageOptions } from "./leave-message-dialog.js";
import { textReply } from "./replies.js";
import { textsFor } from "./texts.js";
import { turnLang } from "./turn-lang.js";
import { YesNoPrompt, type YesNoPromptOptions } from "./yes-no-prompt.js";

export const OFFER_MESSAGE_DIALOG = "offerMessage";
const STEPS = "offerMessage.steps";
const ASK = "offerMessage.ask";

export interface OfferMessageOptions {
  /** Why nobody can take the chat now (closed until …, nobody available). */
  intro: string;
  /** What the customer needs help with, when known (becomes the message). */
  summary: string | null;
}

/** Nobody can take the chat: says why and offers to leave a message for the staff. */
export class OfferMessageDialog extends ComponentDialog {
  constructor() {
    super(OFFER_MESSAGE_DIALOG);
    this.addDialog(new YesNoPrompt(ASK));
    this.addDialog(
      new WaterfallDialog(STEPS, [
        async (step) => this.ask(step),
        async (step) => this.decide(step),
        async (step) => step.endDialog(),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private async ask(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as OfferMessageOptions;
    const t = textsFor(turnLang(step.context));
    const prompt: YesNoPromptOptions = { question: `${options.intro}\n\n${t.offerMessage}` };
    return step.prompt(ASK, prompt);
  }

  private async decide(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === true) {
      const options = step.options as OfferMessageOptions;
      const leave: LeaveMessageOptions = { summary: options.summary };
      return step.beginDialog(LEAVE_MESSAGE_DIALOG, leave);
    }
    await step.context.sendActivity(textReply(textsFor(turnLang(step.context)).messageDeclined));
    return step.endDialog();
  }
}
