import type { z } from "zod";
import type { MessageView } from "../core/conversations/conversation-events.js";
import type { NoReply, Request } from "./acks.js";
import type { authSchema, WidgetEvent, widgetSchemas } from "./widget-schemas.js";

/**
 * The /widget namespace's contract (docs/protocol.md), shared by the server
 * (src/channels/socket/widget) and the widget (web-widget/src). Types only:
 * the widget imports them with `import type`, so nothing of the server ends
 * up in its bundle. The payload schemas are in ./widget-schemas.ts.
 */
export type {
  Choice,
  GeneratedAnswerMetadata,
  MessageMetadata,
  MessageRole,
  MessageView,
} from "../core/conversations/conversation-events.js";
export type { Ack, AckError, AckOk } from "./acks.js";

export type ConversationStatus = "bot" | "queued" | "assigned" | "closed";

export interface QueueInfo {
  position: number;
  estimatedWaitSeconds: number;
}

export interface OrganisationInfo {
  slug: string;
  name: string;
  privacyUrl: string | null;
  openingHours: string;
  open: boolean;
  /** Someone could take the chat now (open, and an agent online); absent from older servers. */
  agentsOnline?: boolean;
}

/** Whether a person could answer now: the widget header's service state (the `service` event). */
export interface ServiceState {
  /** Within opening hours. */
  open: boolean;
  /** Open, and an agent of the organisation is online. */
  agentsOnline: boolean;
}

/** The `session` event: who the customer is and where their conversation stands. */

/** What the bot says before the customer has said anything; shown by the widget, never stored. */
export interface Greeting {
  welcome: string;
  /** The privacy notice (retention periods and the organisation's privacy page). */
  privacy: string;
}

/**
 * The `session` event: who the customer is and where their conversation
 * stands. Connecting stores nothing: until the customer's first message (or
 * another action that needs one) there is no stored customer or
 * conversation, and both ids are null. The server sends `session` again
 * once they exist.
 */
export interface Session {
  token: string;
  customerId: string | null;
  conversationId: string | null;
  /** "bot" while there is no conversation yet. */
  status: ConversationStatus;
  greeting: Greeting;
  organisation: OrganisationInfo;
  agent: { name: string } | null;
  queue: QueueInfo | null;
  lastMessageId: number | null;
}

export interface HistoryReply {
  messages: MessageView[];
  status: ConversationStatus;
  queue: QueueInfo | null;
  agent: { name: string } | null;
}

export type HandoffReply =
  | { status: "queued"; position: number; estimatedWaitSeconds: number }
  | { status: "closed"; opensAt: string | null; openingHours: string }
  | { status: "no_agents" };

export interface TypingNotice {
  from: "agent" | "bot";
  name?: string;
  typing: boolean;
}

export interface AgentLeftNotice {
  name: string;
  reason: "released" | "transferred" | "closed";
}

/** What each acknowledged /widget event answers besides `ok: true`. */
export interface WidgetReplies {
  message: { id: number; duplicate: boolean };
  history: HistoryReply;
  "handoff:request": HandoffReply;
  "handoff:cancel": NoReply;
  "offline-message": { id: string };
  feedback: NoReply;
  rating: NoReply;
  transcript: { text: string; messages: MessageView[] };
  "conversation:end": NoReply;
}

export type WidgetPayloadIn<E extends WidgetEvent> = z.input<(typeof widgetSchemas)[E]>;

/** Client → server: `Socket<WidgetServerEvents, WidgetClientEvents>` in the widget, the listen map on the server. */
export type WidgetClientEvents = { [E in keyof WidgetReplies]: Request<WidgetPayloadIn<E>, WidgetReplies[E]> } & {
  /** Never acknowledged. */
  typing: (payload: WidgetPayloadIn<"typing">) => void;
};

/** Server → client. */
export interface WidgetServerEvents {
  session: (session: Session) => void;
  message: (message: MessageView) => void;
  queue: (queue: QueueInfo) => void;
  "agent:joined": (agent: { name: string }) => void;
  "agent:left": (notice: AgentLeftNotice) => void;
  typing: (notice: TypingNotice) => void;
  status: (notice: { status: ConversationStatus }) => void;
  /** The service state changed (an agent went online or offline): sent to every customer of the organisation. */
  service: (state: ServiceState) => void;
}

/** The `auth` object of the handshake. */
export type WidgetAuth = z.input<typeof authSchema>;

/** Every acknowledged event has a reply type, and only those. */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _everyEventReplied: Exact<keyof WidgetReplies | "typing", WidgetEvent> = true;
void _everyEventReplied;
