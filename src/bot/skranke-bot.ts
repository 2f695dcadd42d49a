import type { BotState } from "botbuilder";
import { ActivityHandler, HandoffEventNames, type StatePropertyAccessor, type TurnContext } from "botbuilder";
import { type DialogSet, DialogTurnStatus } from "botbuilder-dialogs";
import { registerFailure, registerSuccess } from "../../dialogs/failure-streak.js";
import type { OfferMessageOptions } from "../../dialogs/index.js";
import { type ConversationData, MAIN_DIALOG, newConversationData, OFFER_MESSAGE_DIALOG } from "../../dialogs/index.js";
import { isCancel, readInput } from "../../dialogs/input-matching.js";
import { noticeReply, textReply } from "../../dialogs/replies.js";
import { textsFor } from "../../dialogs/texts.js";
import { setTurnLang, turnLang } from "../../dialogs/turn-lang.js";
import type { HandoffPort } from "../core/handoff/handoff-port.js";
import type { Lang } from "../core/knowledge/types.js";
import type { RetentionPolicy } from "../core/retention/retention-policy.js";
import type { Logger } from "../observability/logger.js";
import { WIDGET_CHANNEL } from "./channels.js";
import { greeting } from "./greeting.js";
import type { HandoffStatusValue } from "./handoff-hub.js";
import { findTurnConversation, turnConversation } from "./turn-conversation.js";

/** The event the widget channel sends into the bot after storing a thumbs up/down. */
export const FEEDBACK_EVENT = "skranke.feedback";

export interface FeedbackEventValue {
  messageId: number;
  helpful: boolean;
}

/** What the bot keeps per customer (CustomerUserState): the language they last spoke. */
export interface UserProfile {
  lang?: Lang;
}

export interface SkrankeBotDeps {
  conversationState: BotState;
  userState: BotState;
  conversationData: StatePropertyAccessor<ConversationData>;
  userProfile: StatePropertyAccessor<UserProfile>;
  dialogs: DialogSet;
  handoff: HandoffPort;
  retentionPolicy(organisationId: string): Promise<RetentionPolicy>;
  logger: Logger;
}

/**
 * Skranke's bot: welcomes new customers (with the privacy notice), runs the
 * dialogs for each customer message, reacts to the handoff hub's
 * `handoff.status` events, and stays silent while a person owns the
 * conversation. State is saved at the end of every turn.
 */
export class SkrankeBot extends ActivityHandler {
  constructor(private readonly deps: SkrankeBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.onCustomerMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.welcome(context);
      await next();
    });
    this.onEvent(async (context, next) => {
      if (context.activity.name === HandoffEventNames.HandoffStatus) await this.onHandoffStatus(context);
      else if (context.activity.name === FEEDBACK_EVENT) await this.onFeedbackEvent(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const conversation = findTurnConversation(context);
    // The widget keeps the language per conversation (chosen in the widget): no user state is read or written.
    const remembersUser = conversation !== undefined && conversation.channel !== WIDGET_CHANNEL;
    if (conversation) {
      const data = await this.deps.conversationData.get(context, newConversationData());
      const remembered = remembersUser ? (await this.deps.userProfile.get(context, {})).lang : undefined;
      setTurnLang(context, data.lang ?? remembered ?? conversation.language);
    }
    await super.run(context);
    if (remembersUser) {
      const profile = await this.deps.userProfile.get(context, {});
      profile.lang = turnLang(context);
    }
    await this.deps.conversationState.saveChanges(context, false);
    if (remembersUser || !conversation) await this.deps.userState.saveChanges(context, false);
  }

  private async onCustomerMessage(context: TurnContext): Promise<void> {
    const conversation = turnConversation(context);
    const input = readInput(context.activity);
    const t = textsFor(turnLang(context));
    if (conversation.status === "queued" || conversation.status === "assigned") {
      // A person owns the chat: the message is stored and published (transcript middleware), the bot says nothing.
      // Bot Framework channels have no cancel button, so "avbryt" while waiting leaves the queue.
      if (conversation.status === "queued" && conversation.channel !== WIDGET_CHANNEL && isCancel(input)) {
        await this.deps.handoff.cancel(conversation.id, "customer_cancelled");
        await context.sendActivity(noticeReply(t.leftQueue));
      }
      return;
    }
    const dc = await this.deps.dialogs.createContext(context);
    if (dc.activeDialog && isCancel(input)) {
      await dc.cancelAllDialogs();
      await context.sendActivity(textReply(t.cancelled));
      return;
    }
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(MAIN_DIALOG);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    const newcomers = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
    if (newcomers.length === 0) return;
    const data = await this.deps.conversationData.get(context, newConversationData());
    if (data.welcomed) return;
    data.welcomed = true;
    const conversation = turnConversation(context);
    const lang = conversation.channel === WIDGET_CHANNEL ? conversation.language : conversation.org.defaultLanguage;
    data.lang = lang;
    setTurnLang(context, lang);
    const policy = await this.deps.retentionPolicy(conversation.organisationId);
    const orgName = conversation.scopedOrg ? conversation.org.name[lang] : undefined;
    const said = greeting(conversation.org, lang, policy, orgName);
    await context.sendActivity(textReply(said.welcome, { action: "welcome" }));
    await context.sendActivity(textReply(said.privacy, { action: "privacy" }));
  }

  private async onHandoffStatus(context: TurnContext): Promise<void> {
    const value = (context.activity.value ?? {}) as Partial<HandoffStatusValue>;
    const t = textsFor(turnLang(context));
    const data = await this.deps.conversationData.get(context, newConversationData());
    switch (value.state) {
      case "accepted": {
        const text =
          value.message === "already_assigned"
            ? t.alreadyAssigned
            : value.message === "already_queued" || value.position === undefined
              ? t.alreadyQueued
              : t.queued(value.position, value.estimatedWaitSeconds ?? 0);
        data.pendingChoices = undefined;
        data.pendingFeedback = undefined;
        data.pendingOffer = undefined;
        await context.sendActivity(noticeReply(text, { action: "handoff", handoff: "queued" }));
        return;
      }
      case "failed": {
        const dc = await this.deps.dialogs.createContext(context);
        await dc.cancelAllDialogs();
        const offer: OfferMessageOptions = {
          intro: value.message === "no_agents" ? t.noAgents : t.handoffFailed,
          summary: data.handoffSummary ?? null,
        };
        await dc.beginDialog(OFFER_MESSAGE_DIALOG, offer);
        return;
      }
      case "completed": {
        data.failures = 0;
        data.pendingChoices = undefined;
        data.pendingFeedback = undefined;
        data.pendingOffer = undefined;
        data.handoffSummary = undefined;
        await context.sendActivity(noticeReply(t.resumed, { action: "resumed" }));
        return;
      }
      default:
        this.deps.logger.warn({ value }, "handoff.status with an unknown state");
    }
  }

  /** A thumbs up/down the widget already stored: counts towards offering a person. */
  private async onFeedbackEvent(context: TurnContext): Promise<void> {
    const conversation = turnConversation(context);
    if (conversation.status !== "bot") return;
    const value = context.activity.value as Partial<FeedbackEventValue> | undefined;
    if (typeof value?.helpful !== "boolean") return;
    const data = await this.deps.conversationData.get(context, newConversationData());
    if (data.pendingFeedback?.messageId === value.messageId) data.pendingFeedback = undefined;
    if (value.helpful) {
      registerSuccess(data);
      return;
    }
    if (!(await registerFailure(context, data, "unhelpful_feedback"))) {
      await context.sendActivity(textReply(textsFor(turnLang(context)).sorryNotHelpful));
    }
  }
}
