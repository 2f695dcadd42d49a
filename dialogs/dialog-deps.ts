import type { StatePropertyAccessor, TurnContext } from "botbuilder";
import type { AnswerService } from "../src/core/answering/service.js";
import type { Decision } from "../src/core/answering/types.js";
import type { Clock } from "../src/core/clock.js";
import type { MessageView } from "../src/core/conversations/conversation-events.js";
import type { FeedbackService } from "../src/core/feedback/feedback-service.js";
import type { OfflineMessageService } from "../src/core/offline/offline-message-service.js";
import type { ConversationData } from "./conversation-data.js";

/** What the dialogs need from the rest of the system (the bot runtime provides it). */
export interface DialogDeps {
  /** The answering engine, with the optional reranker (AZURE_OPENAI_*) for close calls. */
  answers: AnswerService;
  clock: Clock;
  conversationData: StatePropertyAccessor<ConversationData>;
  feedback: FeedbackService;
  offline: OfflineMessageService;
  /** Whether anyone of the organisation can take a chat now (checked before promising a person). */
  agentsOnline(organisationId: string): Promise<boolean>;
  /** The stored transcript, sent with `handoff.initiate`. */
  transcript(conversationId: string): Promise<MessageView[]>;
  /** Remembers a decision's language and, for conversations answered from every organisation, its organisation. */
  noteDecision(context: TurnContext, decision: Decision): Promise<void>;
}
