/**
 * The /widget Socket.IO contract, as the widget sees it (docs/protocol.md).
 * Only types: nothing here ends up in the bundle.
 */
export type Role = "customer" | "bot" | "agent" | "system";

export interface Choice {
  label: string;
  value: string;
}

export interface MessageMetadata {
  action?: string;
  sources?: string[];
  confidence?: number;
  choices?: Choice[];
  /** The bot wants a "was this helpful?" on this answer (false: not on this one). */
  askFeedback?: boolean;
}

export interface MessageView {
  id: number;
  conversationId: string;
  role: Role;
  authorId: string | null;
  authorName: string | null;
  text: string;
  clientId: string | null;
  metadata: MessageMetadata | null;
  createdAt: string;
}

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

export interface Session {
  token: string;
  customerId: string;
  conversationId: string;
  status: ConversationStatus;
  organisation: OrganisationInfo;
  agent: { name: string } | null;
  queue: QueueInfo | null;
  lastMessageId: number | null;
}

export interface AckError {
  ok: false;
  error: { code: string; message: string };
}

export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

export interface HistoryAck {
  messages: MessageView[];
  status: ConversationStatus;
  queue: QueueInfo | null;
  agent: { name: string } | null;
}

export type HandoffAck =
  | { status: "queued"; position: number; estimatedWaitSeconds: number }
  | { status: "closed"; opensAt: string | null; openingHours: string }
  | { status: "no_agents" };

export interface TypingEvent {
  from: "agent" | "bot";
  name?: string;
  typing: boolean;
}

export interface AgentLeftEvent {
  name: string;
  reason: "released" | "transferred" | "closed";
}
