import type { Principal } from "../../../core/accounts/roles.js";
import { isSupervisor } from "../../../core/handoff/access.js";
import type { HandoffService } from "../../../core/handoff/handoff-service.js";
import type { OfflineInbox } from "../../../core/offline/offline-inbox.js";
import type { AgentReplies } from "../../../protocol/agent.js";
import type { AgentEvent, AgentPayload } from "../../../protocol/agent-schemas.js";
import type { AgentSocket } from "./agent-socket.js";
import { rooms } from "./rooms.js";

/**
 * What each client-to-server event of the /agent namespace does. Role and
 * organisation checks happen in HandoffService and OfflineInbox (every call
 * takes the principal); the payload was validated before the handler runs,
 * and each answers what src/protocol/agent.ts promises.
 */
type Handler<E extends AgentEvent> = (
  p: Principal,
  payload: AgentPayload<E>,
  socket: AgentSocket,
) => Promise<AgentReplies[E]>;

export function agentHandlers(handoff: HandoffService, offline: OfflineInbox): { [E in AgentEvent]: Handler<E> } {
  return {
    "queue:list": (p, { organisationId }) => handoff.queueSnapshot(p, organisationId),

    "conversation:claim": async (p, { conversationId }, socket) => {
      const conversation = await handoff.claim(p, conversationId);
      await socket.join(rooms.conversation(conversationId));
      return { conversation };
    },

    "conversation:open": async (p, { conversationId }, socket) => {
      const conversation = await handoff.openConversation(p, conversationId);
      // The assigned agent is in the room already; supervisors watch live.
      if (conversation.assignedAgent?.id === p.userId || isSupervisor(p)) {
        await socket.join(rooms.conversation(conversationId));
      }
      return { conversation };
    },

    "conversation:unwatch": async (p, { conversationId }, socket) => {
      const mine = (await handoff.myConversations(p)).some((c) => c.conversationId === conversationId);
      if (!mine) await socket.leave(rooms.conversation(conversationId));
      return {};
    },

    "conversations:mine": async (p) => ({ conversations: await handoff.myConversations(p) }),

    message: async (p, payload) => {
      const { message, duplicate } = await handoff.sendAgentMessage(p, payload);
      return { id: message.id, duplicate, message };
    },

    typing: async (p, payload) => {
      await handoff.agentTyping(p, payload);
      return {};
    },

    note: async (p, payload) => ({ note: await handoff.addNote(p, payload) }),

    "conversation:transfer": async (p, payload) => {
      await handoff.transfer(p, payload);
      return {};
    },

    "conversation:release": async (p, { conversationId }) => {
      await handoff.release(p, conversationId);
      return {};
    },

    "conversation:close": async (p, payload) => {
      await handoff.close(p, payload);
      return {};
    },

    "presence:set": async (p, { presence }) => ({ presence: await handoff.setPresence(p, presence) }),

    "agents:list": async (p, { organisationId }) => ({ agents: await handoff.listAgents(p, organisationId) }),

    "canned:list": async (p, { organisationId }) => ({
      responses: await handoff.cannedResponses(p, organisationId),
    }),

    "canned:save": async (p, payload) => ({ response: await handoff.saveCannedResponse(p, payload) }),

    "canned:delete": async (p, { id }) => {
      await handoff.deleteCannedResponse(p, id);
      return {};
    },

    "knowledge:search": async (p, payload) => ({ results: await handoff.searchKnowledge(p, payload) }),

    "supervisor:overview": async (p, { organisationId }) => ({
      overviews: await handoff.overview(p, organisationId),
    }),

    "offline:list": async (p, { organisationId }) => {
      const { messages, total } = await offline.list(p, organisationId);
      return { messages, total };
    },

    "offline:handle": async (p, { id }) => {
      const { status, message } = await offline.handle(p, id);
      return { status, message };
    },

    "offline:conversation": async (p, { id }) => ({ conversation: await offline.conversation(p, id) }),
  };
}
