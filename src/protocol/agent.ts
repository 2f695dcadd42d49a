import type { z } from "zod";
import type { Role } from "../core/accounts/roles.js";
import type { RevocationReason } from "../core/accounts/session-revocations.js";
import type { MessageView } from "../core/conversations/conversation-events.js";
import type { CannedResponseView } from "../core/handoff/canned-responses.js";
import type { ConversationDetail, ConversationSummary } from "../core/handoff/conversation-view.js";
import type { KnowledgeHit } from "../core/handoff/knowledge-search.js";
import type { AgentSummary, Presence } from "../core/handoff/presence.js";
import type { QueueVersion } from "../core/handoff/queue-sequence.js";
import type { AssignmentChange, NoteView, QueueDelta, QueueItem } from "../core/handoff/staff-events.js";
import type { SupervisorOverview } from "../core/handoff/supervisor-overview.js";
import type { OfflineMessageView } from "../core/offline/offline-message-view.js";
import type { NoReply, Notice, Request } from "./acks.js";
import type { AgentEvent, agentSchemas } from "./agent-schemas.js";

/**
 * The /agent namespace's contract (docs/protocol.md), shared by the server
 * (src/channels/socket/agent) and the agent console (agent-console/src).
 * Types only: the console imports them with `import type`. The payload
 * schemas are in ./agent-schemas.ts; the objects are the core's views.
 */
export type { MessageView } from "../core/conversations/conversation-events.js";
export type { CannedResponseView } from "../core/handoff/canned-responses.js";
export type { ConversationDetail, ConversationSummary } from "../core/handoff/conversation-view.js";
export type { KnowledgeHit } from "../core/handoff/knowledge-search.js";
export type { AgentSummary, Presence } from "../core/handoff/presence.js";
export type { QueueVersion } from "../core/handoff/queue-sequence.js";
export type {
  AssignmentChange,
  NoteView,
  QueueChange,
  QueueDelta,
  QueueEntryView,
  QueueItem,
} from "../core/handoff/staff-events.js";
export type { SupervisorOverview } from "../core/handoff/supervisor-overview.js";
export type { WaitBasis } from "../core/handoff/wait-estimate.js";
export type { OfflineMessageView } from "../core/offline/offline-message-view.js";
export type { Ack, AckError, AckOk } from "./acks.js";

export type ConversationStatus = ConversationDetail["status"];

/** The signed-in member of staff, as `hello` gives it. */
export interface StaffUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationId: string | null;
}

export interface Hello {
  user: StaffUser;
  presence: Presence;
  organisations: Array<{ id: string; slug: string; name: string }>;
  queue: QueueItem[];
  /** Per organisation the user sees: the number of the queue's latest change when `queue` was read. */
  queueVersions: Record<string, QueueVersion>;
  conversations: ConversationSummary[];
  resolutions: readonly string[];
}

export interface AssignmentUpdate {
  conversationId: string;
  organisationId: string;
  change: AssignmentChange;
  status: ConversationStatus;
  agent: { id: string; displayName: string } | null;
  previousAgent: { id: string; displayName: string } | null;
  by: { id: string; displayName: string } | null;
}

/** What each acknowledged /agent event answers besides `ok: true`. */
export interface AgentReplies {
  "queue:list": { items: QueueItem[]; versions: Record<string, QueueVersion> };
  "conversation:claim": { conversation: ConversationDetail };
  "conversation:open": { conversation: ConversationDetail };
  "conversation:unwatch": NoReply;
  "conversations:mine": { conversations: ConversationSummary[] };
  message: { id: number; duplicate: boolean; message: MessageView };
  typing: NoReply;
  note: { note: NoteView };
  "conversation:transfer": NoReply;
  "conversation:release": NoReply;
  "conversation:close": NoReply;
  "presence:set": { presence: Presence };
  "agents:list": { agents: AgentSummary[] };
  "canned:list": { responses: CannedResponseView[] };
  "canned:save": { response: CannedResponseView };
  "canned:delete": NoReply;
  "knowledge:search": { results: KnowledgeHit[] };
  "supervisor:overview": { overviews: SupervisorOverview[] };
  "offline:list": { messages: OfflineMessageView[]; total: number };
  "offline:handle": { status: "handled" | "already_handled"; message: OfflineMessageView };
  "offline:conversation": { conversation: ConversationDetail };
}

export type AgentPayloadIn<E extends AgentEvent> = z.input<(typeof agentSchemas)[E]>;

/**
 * Client → server: `Socket<AgentServerEvents, AgentClientEvents>` in the
 * console, the listen map on the server. Every event is acknowledged, typing
 * too, when the sender asks (the console sends it without waiting).
 */
export type AgentClientEvents = {
  [E in Exclude<AgentEvent, "typing">]: Request<AgentPayloadIn<E>, AgentReplies[E]>;
} & { typing: Notice<AgentPayloadIn<"typing">, AgentReplies["typing"]> };

/** Server → client. */
export interface AgentServerEvents {
  hello: (hello: Hello) => void;
  "session:ended": (notice: { reason: RevocationReason }) => void;
  /** One numbered change of an organisation's queue (docs/protocol.md: applying them, and resync). */
  "queue:update": (delta: QueueDelta) => void;
  message: (message: MessageView) => void;
  typing: (notice: { conversationId: string; from: "customer"; typing: boolean }) => void;
  note: (note: NoteView) => void;
  "conversation:status": (notice: { conversationId: string; status: ConversationStatus }) => void;
  "conversation:updated": (update: AssignmentUpdate) => void;
  "customer:presence": (notice: { conversationId: string; connected: boolean }) => void;
  presence: (notice: { agent: { id: string; displayName: string }; presence: Presence }) => void;
  "supervisor:update": (overview: SupervisorOverview) => void;
  "offline:new": (message: OfflineMessageView) => void;
  "offline:handled": (message: OfflineMessageView) => void;
}

/** Every event has a reply type, and only those. */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _everyEventReplied: Exact<keyof AgentReplies, AgentEvent> = true;
void _everyEventReplied;
