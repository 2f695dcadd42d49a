import {
  ComponentDialog,
  type DialogTurnResult,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from "botbuilder-dialogs";
import { turnConversation } from "../src/bot/turn-conversation.js";
import { type ContactDetails, findContactDetails } from "../src/core/contact/contact-details.js";
import { formatPhone } from "../src/core/contact/phone-display.js";
import { OFFLINE_TEXT_MAX } from "../src/core/offline/offline-message-service.js";
import type { DialogDeps } from "./dialog-deps.js";
import { textReply } from "./replies.js";
import { textsFor } from "./texts.js";
import { turnLang } from "./turn-lang.js";

export const LEAVE_MESSAGE_DIALOG = "leaveMessage";
const STEPS = "leaveMessage.steps";
const CONTACT = "leaveMessage.contact";
const MESSAGE = "leaveMessage.message";

interface StepValues {
  contact?: ContactDetails;
}

export interface LeaveMessageOptions {
  /** The message, when the customer already said what it is about. */
  summary: string | null;
}

/**
 * Leave a message for the staff: asks for an e-mail address or phone number
 * (validated; asked again until one is valid), and for the message unless it
 * is known, then stores it as an offline request (OfflineMessage) for agents.
 */
export class LeaveMessageDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(LEAVE_MESSAGE_DIALOG);
    this.addDialog(
      new TextPrompt(CONTACT, async (prompt) => {
        return prompt.recognized.succeeded && findContactDetails(prompt.recognized.value ?? "") !== undefined;
      }),
    );
    this.addDialog(
      new TextPrompt(MESSAGE, async (prompt) => {
        const text = prompt.recognized.value?.trim() ?? "";
        return prompt.recognized.succeeded && text.length > 0 && text.length <= OFFLINE_TEXT_MAX;
      }),
    );
    this.addDialog(
      new WaterfallDialog(STEPS, [
        async (step) => this.askContact(step),
        async (step) => this.askMessage(step),
        async (step) => this.save(step),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private async askContact(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = textsFor(turnLang(step.context));
    return step.prompt(CONTACT, { prompt: textReply(t.askContact), retryPrompt: textReply(t.contactRetry) });
  }

  private async askMessage(step: WaterfallStepContext): Promise<DialogTurnResult> {
    (step.values as StepValues).contact = findContactDetails(String(step.result ?? ""));
    const options = step.options as LeaveMessageOptions;
    if (options.summary) return step.next(options.summary);
    const t = textsFor(turnLang(step.context));
    return step.prompt(MESSAGE, { prompt: textReply(t.askMessage), retryPrompt: textReply(t.messageRetry) });
  }

  private async save(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const contact = (step.values as StepValues).contact ?? {};
    const conversation = turnConversation(step.context);
    const lang = turnLang(step.context);
    await this.deps.offline.leave({
      organisationId: conversation.organisationId,
      conversationId: conversation.id,
      customerId: conversation.customerId,
      email: contact.email ?? null,
      phone: contact.phone ?? null,
      text: String(step.result ?? "").trim(),
      language: lang,
    });
    const shown = [contact.email, contact.phone ? formatPhone(contact.phone) : undefined].filter(Boolean).join(" / ");
    await step.context.sendActivity(textReply(textsFor(lang).messageSaved(shown)));
    return step.endDialog();
  }
}
