import type { BotAdapter, ConversationState, Storage, TurnContext } from "botbuilder";
import type { DialogState } from "botbuilder-dialogs";
import { type ConversationData, createDialogSet, type DialogDeps } from "../../dialogs/index.js";
import { textReply } from "../../dialogs/replies.js";
import { textsFor } from "../../dialogs/texts.js";
import { turnLang } from "../../dialogs/turn-lang.js";
import type { AnswerService } from "../core/answering/service.js";
import type { Decision } from "../core/answering/types.js";
import type { Clock } from "../core/clock.js";
import type { ChannelConversations } from "../core/conversations/channel-conversations.js";
import type { ConversationLog } from "../core/conversations/conversation-log.js";
import type { FeedbackService } from "../core/feedback/feedback-service.js";
import type { HandoffPort } from "../core/handoff/handoff-port.js";
import type { PersonRequests } from "../core/handoff/person-requests.js";
import type { KnowledgeBase, Lang, Organisation } from "../core/knowledge/types.js";
import type { OfflineMessageService } from "../core/offline/offline-message-service.js";
import type { RetentionPolicySource } from "../core/retention/retention-stamp.js";
import type { Logger } from "../observability/logger.js";
import type { AdapterChannel } from "./channels.js";
import { ConversationMiddleware, ForeignChannelError } from "./conversation-middleware.js";
import { CustomerUserState } from "./customer-user-state.js";
import type { BotLogic } from "./event-turns.js";
import { type Greeting, greeting } from "./greeting.js";
import { HandoffHubMiddleware } from "./handoff-hub.js";
import { LoadedConversationState } from "./loaded-conversation-state.js";
import { SkrankeBot, type UserProfile } from "./skranke-bot.js";
import { TranscriptMiddleware } from "./transcript-middleware.js";
import { turnConversation } from "./turn-conversation.js";

export interface BotRuntimeDeps {
  /** The channels' conversations: found, created, reopened, filed under an organisation. */
  conversations: ChannelConversations;
  log: ConversationLog;
  retentionPolicies: RetentionPolicySource;
  answers: AnswerService;
  knowledge: KnowledgeBase;
  feedback: FeedbackService;
  offline: OfflineMessageService;
  handoff: HandoffPort;
  /** "Request a person": the same rule as the widget's button (opening hours, holidays, agents online). */
  persons: PersonRequests;
  /** Where the conversation and customer (user) state live (DatabaseStorage in production). */
  storage: Storage;
  clock: Clock;
  logger: Logger;
}

/** The bot with its state, dialogs and middleware, ready to put on any adapter. */
export interface BotRuntime {
  bot: SkrankeBot;
  /** The turn handler to give an adapter (`adapter.process(req, res, logic)`). */
  logic: BotLogic;
  conversationState: ConversationState;
  /**
   * Installs Skranke's middleware and error handler on an adapter (once per
   * adapter). `channel` says which conversations its turns may reach: the
   * widget's own, or those of Bot Framework channels (the default).
   */
  install(adapter: BotAdapter, channel?: AdapterChannel): void;
  /** The welcome and privacy notice for a customer who has not said anything yet (nothing is stored). */
  greeting(organisationId: string, org: Organisation, lang: Lang): Promise<Greeting>;
}

export function createBotRuntime(deps: BotRuntimeDeps): BotRuntime {
  const conversationState = new LoadedConversationState(deps.storage);
  const userState = new CustomerUserState(deps.storage);
  const dialogState = conversationState.createProperty<DialogState>("dialogState");
  const conversationData = conversationState.createProperty<ConversationData>("conversationData");
  const userProfile = userState.createProperty<UserProfile>("profile");

  const dialogDeps: DialogDeps = {
    answers: deps.answers,
    clock: deps.clock,
    conversationData,
    feedback: deps.feedback,
    offline: deps.offline,
    personAvailability: (org, organisationId) => deps.persons.availability(org, organisationId),
    transcript: (conversationId) => deps.log.transcript(conversationId),
    noteDecision: (context, decision) => noteDecision(deps, context, decision),
  };
  const bot = new SkrankeBot({
    conversationState,
    userState,
    conversationData,
    userProfile,
    dialogs: createDialogSet(dialogState, dialogDeps),
    handoff: deps.handoff,
    retentionPolicy: (organisationId) => deps.retentionPolicies.current(organisationId),
    logger: deps.logger,
  });
  const logic: BotLogic = (context) => bot.run(context);

  return {
    bot,
    logic,
    conversationState,
    async greeting(organisationId, org, lang) {
      return greeting(org, lang, await deps.retentionPolicies.current(organisationId), org.name[lang]);
    },
    install(adapter, channel = "botframework") {
      adapter.use(
        new ConversationMiddleware({ conversations: deps.conversations, knowledge: deps.knowledge, channel }),
      );
      adapter.use(new TranscriptMiddleware(deps.log));
      adapter.use(new HandoffHubMiddleware(deps.persons, logic, deps.logger));
      adapter.onTurnError = async (context, error) => {
        if (error instanceof ForeignChannelError) {
          // Refused before anything was read or stored: no reply, no state to reset.
          deps.logger.warn(
            { channel: context.activity?.channelId, reason: error.message },
            "turn refused: it names a conversation of another channel",
          );
          return;
        }
        deps.logger.error(
          { err: error, channel: context.activity?.channelId, activityType: context.activity?.type },
          "bot turn failed",
        );
        // A dialog that fails every turn would lock the customer out: start the conversation's state afresh.
        await conversationState.delete(context).catch(() => {});
        if (context.activity?.type === "message") {
          await context
            .sendActivity(textReply(textsFor(turnLang(context)).error, { action: "error" }))
            .catch((err: unknown) => deps.logger.error({ err }, "could not tell the customer about the failure"));
        }
      };
    },
  };
}

/**
 * After each engine decision: the conversation takes the reply's language, and
 * a conversation answered from every organisation is filed under the
 * organisation the decision is about (its queue, hours and retention apply).
 * The rule is the core's (ChannelConversations.noteDecision); the turn's view
 * follows what it did.
 */
async function noteDecision(deps: BotRuntimeDeps, context: TurnContext, decision: Decision): Promise<void> {
  const conversation = turnConversation(context);
  const org = decision.org ? deps.knowledge.organisations.get(decision.org) : undefined;
  const noted = await deps.conversations.noteDecision(
    {
      id: conversation.id,
      organisationId: conversation.organisationId,
      language: conversation.language,
      unscoped: !conversation.scopedOrg,
      organisationSlug: conversation.org.slug,
    },
    { language: decision.lang, ...(org ? { organisationSlug: org.slug } : {}) },
  );
  conversation.language = decision.lang;
  if (noted.organisation && org) {
    conversation.organisationId = noted.organisation.id;
    conversation.org = org;
  }
}
