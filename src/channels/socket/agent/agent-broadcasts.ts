import type { ConversationEventBus } from "../../../core/conversations/conversation-events.js";
import type { HandoffService } from "../../../core/handoff/handoff-service.js";
import type { Logger } from "../../../observability/logger.js";
import type { AgentNsp } from "./agent-socket.js";
import { rooms } from "./rooms.js";

/** Delay that gathers a burst of changes into one supervisor update. */
const SUPERVISOR_UPDATE_DELAY_MS = 200;

/**
 * Forwards domain events to the /agent namespace's rooms: the customer's
 * messages and typing (ConversationEventBus), and staff-only events (numbered
 * queue changes, assignments, notes, presence, leave-a-message requests). Emits
 * go through the namespace, so with a Socket.IO adapter they reach agents on
 * every server process.
 * Returns a function that unsubscribes and cancels pending updates.
 */
export function forwardToAgents(
  nsp: AgentNsp,
  events: ConversationEventBus,
  handoff: HandoffService,
  logger: Logger,
): () => void {
  const staff = handoff.staffEvents;
  const pendingOverview = new Map<string, NodeJS.Timeout>();

  const overviewSoon = (organisationId: string | null) => {
    if (!organisationId || pendingOverview.has(organisationId)) return;
    const t = setTimeout(() => {
      pendingOverview.delete(organisationId);
      handoff
        .overviewOf(organisationId)
        .then((overview) =>
          nsp.to(rooms.supervisors(organisationId)).to(rooms.allSupervisors).emit("supervisor:update", overview),
        )
        .catch((err: unknown) => logger.warn({ err, organisationId }, "supervisor update failed"));
    }, SUPERVISOR_UPDATE_DELAY_MS);
    t.unref();
    pendingOverview.set(organisationId, t);
  };

  const orgRooms = (organisationId: string) => [rooms.organisation(organisationId), rooms.allOrganisations];

  const offs = [
    events.on("message", (e) => {
      nsp.to(rooms.conversation(e.conversationId)).emit("message", e.message);
    }),
    events.on("typing", (e) => {
      if (e.from !== "customer") return;
      nsp
        .to(rooms.conversation(e.conversationId))
        .emit("typing", { conversationId: e.conversationId, from: "customer", typing: e.typing });
    }),
    events.on("status", (e) => {
      nsp
        .to(rooms.conversation(e.conversationId))
        .emit("conversation:status", { conversationId: e.conversationId, status: e.status });
    }),
    staff.on("queue", (e) => {
      nsp.to(orgRooms(e.organisationId)).emit("queue:update", e.delta);
      overviewSoon(e.organisationId);
    }),
    staff.on("assignment", (e) => {
      const update = {
        conversationId: e.conversationId,
        organisationId: e.organisationId,
        change: e.change,
        status: e.status,
        agent: e.agent,
        previousAgent: e.previousAgent,
        by: e.by,
      };
      const conversationRoom = rooms.conversation(e.conversationId);
      if (e.agent) nsp.in(rooms.user(e.agent.id)).socketsJoin(conversationRoom);
      let target = nsp.to(conversationRoom).to(rooms.supervisors(e.organisationId)).to(rooms.allSupervisors);
      if (e.agent) target = target.to(rooms.user(e.agent.id));
      if (e.previousAgent) target = target.to(rooms.user(e.previousAgent.id));
      target.emit("conversation:updated", update);
      if (e.previousAgent && e.previousAgent.id !== e.agent?.id) {
        nsp.in(rooms.user(e.previousAgent.id)).socketsLeave(conversationRoom);
      }
      overviewSoon(e.organisationId);
    }),
    staff.on("note", (e) => {
      nsp.to(rooms.conversation(e.note.conversationId)).emit("note", e.note);
    }),
    staff.on("presence", (e) => {
      const target = e.organisationId ? nsp.to(orgRooms(e.organisationId)) : nsp.to(rooms.allOrganisations);
      target.emit("presence", { agent: e.agent, presence: e.presence });
      overviewSoon(e.organisationId);
    }),
    staff.on("offline", (e) => {
      nsp.to(orgRooms(e.organisationId)).emit(e.change === "created" ? "offline:new" : "offline:handled", e.message);
    }),
    staff.on("customer", (e) => {
      nsp
        .to(rooms.conversation(e.conversationId))
        .emit("customer:presence", { conversationId: e.conversationId, connected: e.connected });
    }),
  ];

  return () => {
    for (const off of offs) off();
    for (const t of pendingOverview.values()) clearTimeout(t);
    pendingOverview.clear();
  };
}
