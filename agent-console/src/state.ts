import type {
  AgentSummary,
  CannedResponseView,
  ConversationDetail,
  ConversationSummary,
  KnowledgeHit,
  OfflineMessageView,
  Presence,
  StaffUser,
  SupervisorOverview,
} from "../../src/protocol/agent.js";
import { allItems, emptyQueues, type LiveQueueItem, type QueueState } from "./queue-deltas.js";

/** The list pane's tabs. */
export type ListTab = "queue" | "mine" | "inbox";
/** What the main area shows: the chat workspace, or (supervisors) one of their views. */
export type MainView = "chat" | "overview" | "canned" | "reports";

/** Everything the console shows, in one place; views render from it. */
export interface ConsoleState {
  user: StaffUser;
  presence: Presence;
  connected: boolean;
  organisations: Array<{ id: string; slug: string; name: string }>;
  resolutions: readonly string[];
  /** Waiting customers per organisation, kept from a snapshot and the numbered changes after it. */
  queues: QueueState;
  mine: ConversationSummary[];
  /** Customer messages not yet seen, per conversation of mine. */
  unread: Map<string, number>;
  /** The last message of each of my chats seen here: when, and whether the customer wrote it (then they wait). */
  lastActivity: Map<string, { at: number; from: "customer" | "agent" }>;
  current: ConversationDetail | null;
  /** The leave-a-message request the current conversation was opened from (read only), if any. */
  currentOfflineId: string | null;
  /** Unhandled leave-a-message requests, oldest first; `total` counts those beyond the list's limit too. */
  offline: { messages: OfflineMessageView[]; total: number };
  customerTyping: boolean;
  customerConnected: boolean;
  agents: AgentSummary[];
  canned: CannedResponseView[];
  /** Supervisors: the canned responses being maintained, and for which organisation. */
  cannedAdmin: CannedResponseView[];
  cannedAdminOrg: string | null;
  /** The knowledge search: what is typed (kept across re-renders and chats), and the last results. */
  knowledgeQuery: string;
  knowledgeResults: { query: string; organisationId: string; hits: KnowledgeHit[] } | null;
  overviews: Map<string, SupervisorOverview>;
  /** Unsent replies per conversation, kept when moving between chats. */
  drafts: Map<string, string>;
  listTab: ListTab;
  mainView: MainView;
}

export function initialState(user: StaffUser): ConsoleState {
  return {
    user,
    presence: "online",
    connected: false,
    organisations: [],
    resolutions: [],
    queues: emptyQueues(),
    mine: [],
    unread: new Map(),
    lastActivity: new Map(),
    current: null,
    currentOfflineId: null,
    offline: { messages: [], total: 0 },
    customerTyping: false,
    customerConnected: true,
    agents: [],
    canned: [],
    cannedAdmin: [],
    cannedAdminOrg: user.organisationId,
    knowledgeQuery: "",
    knowledgeResults: null,
    overviews: new Map(),
    drafts: new Map(),
    listTab: "queue",
    mainView: "chat",
  };
}

export function isSupervisor(user: StaffUser): boolean {
  return user.role === "supervisor" || user.role === "admin";
}

/** All waiting customers, oldest request first. */
export function queueItems(state: ConsoleState): Array<LiveQueueItem & { waitedSeconds: number }> {
  const now = Date.now();
  return allItems(state.queues).map((item) => ({
    ...item,
    waitedSeconds: item.waitingSeconds + (now - item.receivedAt) / 1000,
  }));
}

/** The current conversation is this agent's to talk in. */
export function isMine(state: ConsoleState): boolean {
  return state.current?.status === "assigned" && state.current.assignedAgent?.id === state.user.id;
}

/** Notes may be added where the server allows them: supervisors, waiting chats, one's own. */
export function canAddNote(state: ConsoleState): boolean {
  return isSupervisor(state.user) || state.current?.status === "queued" || isMine(state);
}
