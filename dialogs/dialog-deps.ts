import type { StatePropertyAccessor, TurnContext } from "botbuilder";
import type { AnswerService } from "../src/core/answering/service.js";
import type { Decision } from "../src/core/answering/types.js";
import type { Clock } from "../src/core/clock.js";
import type { MessageView } from "../src/core/conversations/conversation-events.js";
import type { FeedbackService } from "../src/core/feedback/feedback-service.js";
import type { PersonAvailability } from "../src/core/handoff/person-requests.js";
import type { Organisation } from "../src/core/knowledge/types.js";
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
  /** Whether a person can take a chat now: opening hours, holidays, agents online (checked before promising one). */
  personAvailability(org: Organisation, organisationId: string): Promise<PersonAvailability>;
  /** The stored transcript, sent with `handoff.initiate`. */
  transcript(conversationId: string): Promise<MessageView[]>;
  /** Remembers a decision's language and, for conversations answered from every organisation, its organisation. */
  noteDecision(context: TurnContext, decision: Decision): Promise<void>;
}
