import type { DefaultEventsMap, Namespace, Socket } from "socket.io";
import type { BotRuntime } from "../../../bot/bot-runtime.js";
import { DEFAULT_LIMITS } from "../../../config/limits.js";
import type { TrustProxy } from "../../../config/trust-proxy.js";
import type { Clock } from "../../../core/clock.js";
import type { ConversationEventBus } from "../../../core/conversations/conversation-events.js";
import type { ConversationLog } from "../../../core/conversations/conversation-log.js";
import type { CustomerConversations } from "../../../core/customers/customer-conversations.js";
import type { CustomerSessions } from "../../../core/customers/customer-sessions.js";
import type { FeedbackService } from "../../../core/feedback/feedback-service.js";
import type { HandoffPort } from "../../../core/handoff/handoff-port.js";
import type { PersonRequests } from "../../../core/handoff/person-requests.js";
import type { KnowledgeBase, Lang, Organisation } from "../../../core/knowledge/types.js";
import type { OfflineMessageService } from "../../../core/offline/offline-message-service.js";
import type { Logger } from "../../../observability/logger.js";
import type { WidgetClientEvents, WidgetServerEvents } from "../../../protocol/widget.js";
import type { LimiterStore } from "../../http/rate-limiters.js";
import type { WidgetOriginRules } from "./widget-origin.js";
import type { PresenceChanges } from "./widget-service-state.js";

export interface WidgetLimits {
  /** Customer messages per customer (token), however many tabs they have open. */
  messages: { points: number; duration: number };
  /** Other events that store something (feedback, rating, handoff, offline message), per customer. */
  writes: { points: number; duration: number };
  /** Typing notices per customer (the excess is dropped silently). */
  typing: { points: number; duration: number };
  /** New customers (connections without a known token) per client address. */
  newCustomers: { points: number; duration: number };
}

export const DEFAULT_WIDGET_LIMITS: WidgetLimits = {
  messages: DEFAULT_LIMITS.messages,
  writes: DEFAULT_LIMITS.writes,
  typing: { points: 20, duration: 10 },
  newCustomers: DEFAULT_LIMITS.newCustomers,
};

export interface WidgetDeps {
  knowledge: KnowledgeBase;
  /** The customer's conversation, its organisation and agent, as the widget may read them. */
  conversations: CustomerConversations;
  sessions: CustomerSessions;
  log: ConversationLog;
  events: ConversationEventBus;
  handoff: HandoffPort;
  /** Agents' presence changes, for the `service` event; unset: the header's state comes with `session` only. */
  presenceChanges?: PresenceChanges;
  /** "Request a person": opening hours, holidays and agents online, the same rule as every channel. */
  persons: PersonRequests;
  feedback: FeedbackService;
  offline: OfflineMessageService;
  /** The bot: its turn handler, and its middleware for the widget's adapter. */
  bot: Pick<BotRuntime, "logic" | "install" | "greeting">;
  clock: Clock;
  logger: Logger;
  limits?: Partial<WidgetLimits>;
  /** Which sites may open connections besides each organisation's allowedOrigins; unset: production rules. */
  origins?: WidgetOriginRules;
  /** Where the limits count (memory, or Redis shared by every process); default: memory. */
  limiters?: LimiterStore;
  /** Whose X-Forwarded-For gives the client's address at the handshake; default: nobody's. */
  trustProxy?: TrustProxy;
}

/** What a /widget socket knows about its customer (socket.data). */
export interface WidgetSocketData {
  token: string;
  /** Null until the customer is stored (their first message or action; another tab's counts). */
  customerId: string | null;
  organisationId: string;
  org: Organisation;
  lang: Lang;
  /** Null until the conversation exists. */
  conversationId: string | null;
  /** The client's address at the handshake (the new-customers limit counts per address). */
  address: string;
}

/** The /widget namespace and its sockets, typed by the protocol (src/protocol/widget.ts). */
export type WidgetNsp = Namespace<WidgetClientEvents, WidgetServerEvents, DefaultEventsMap, WidgetSocketData>;
export type WidgetSocket = Socket<WidgetClientEvents, WidgetServerEvents, DefaultEventsMap, WidgetSocketData>;
