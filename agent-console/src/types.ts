/** Wire types of the /agent protocol, shared with the server (type-only: nothing of the server is bundled). */
export type { MessageView } from "../../src/core/conversations/conversation-events.js";
export type { CannedResponseView } from "../../src/core/handoff/canned-responses.js";
export type { ConversationDetail, ConversationSummary } from "../../src/core/handoff/conversation-view.js";
export type { KnowledgeHit } from "../../src/core/handoff/knowledge-search.js";
export type { AgentSummary } from "../../src/core/handoff/presence.js";
export type { AssignmentChange, NoteView, QueueItem } from "../../src/core/handoff/staff-events.js";
export type { SupervisorOverview } from "../../src/core/handoff/supervisor-overview.js";
export type { OfflineMessageView } from "../../src/core/offline/offline-message-view.js";

export interface StaffUser {
  id: string;
  email: string;
  displayName: string;
  role: "agent" | "supervisor" | "compliance" | "admin";
  organisationId: string | null;
}

export type Presence = "online" | "away" | "offline";
