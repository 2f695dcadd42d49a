import { randomUUID } from "node:crypto";
import type { Activity } from "botbuilder";
import { FEEDBACK_EVENT, type FeedbackEventValue } from "../../../bot/skranke-bot.js";
import type { ConversationRecord } from "../../../core/conversations/conversation-records.js";
import { CustomerChatError } from "../../../core/customers/customer-chat-error.js";
import type { AckOk } from "../../../protocol/acks.js";
import type { WidgetReplies } from "../../../protocol/widget.js";
import type { WidgetEvent, WidgetPayload } from "../../../protocol/widget-schemas.js";
import type { Conversation } from "../../../storage/repositories/conversations.js";
import { transcriptText } from "./transcript-text.js";
import { WIDGET_BOT } from "./widget-adapter.js";
import type { WidgetDeps, WidgetSocket } from "./widget-context.js";
import { widgetRoom } from "./widget-rooms.js";
import { agentOf, sessionPayload } from "./widget-session.js";

/** The conversation row a turn may start from, as the handler just stored it. */
export type TurnStart = ConversationRecord;

export interface WidgetTurns {
  /**
   * Queues a bot turn for an activity of the socket's conversation (not
   * awaited by handlers); `loaded`: the conversation as the handler's
   * transaction just wrote it, so the turn does not read it again.
   */
  run(socket: WidgetSocket, activity: Partial<Activity>, loaded?: TurnStart): void;
}

type Handler<E extends WidgetEvent> = (
  socket: WidgetSocket,
  payload: WidgetPayload<E>,
) => Promise<E extends keyof WidgetReplies ? AckOk<WidgetReplies[E]> : undefined>;
/** Each event's handler answers what src/protocol/widget.ts promises (failures are thrown and become error acks). */
export type WidgetHandlers = { [E in WidgetEvent]: Handler<E> };

/** The /widget events (docs/protocol.md), each given a validated payload. */
export function widgetHandlers(deps: WidgetDeps, turns: WidgetTurns): WidgetHandlers {
  const { repos, log, handoff, feedback, offline, clock } = deps;

  const current = async (socket: WidgetSocket): Promise<Conversation> => {
    const conversation = await repos.conversations.findById(socket.data.conversationId);
    if (!conversation) throw new CustomerChatError("not_found", "the conversation no longer exists");
    return conversation;
  };

  /** A message after the chat was ended starts a new conversation (and a new `session`). */
  const openConversation = async (socket: WidgetSocket): Promise<Conversation> => {
    const customer = { id: socket.data.customerId, organisationId: socket.data.organisationId };
    const previous = socket.data.conversationId;
    const { conversation: fresh, started } = await deps.sessions.forNextMessage(customer, previous, socket.data.lang);
    if (!started) return fresh;
    await socket.leave(widgetRoom(previous));
    socket.data.conversationId = fresh.id;
    await socket.join(widgetRoom(fresh.id));
    socket.emit("session", await sessionPayload(deps, socket.data, fresh));
    return fresh;
  };

  const activityFor = (
    socket: WidgetSocket,
    conversationId: string,
    partial: Partial<Activity>,
  ): Partial<Activity> => ({
    id: randomUUID(),
    conversation: { id: conversationId } as Activity["conversation"],
    from: { id: socket.data.customerId, name: "", role: "user" },
    recipient: { ...WIDGET_BOT },
    locale: socket.data.lang,
    timestamp: clock.now(),
    ...partial,
  });

  return {
    async message(socket, p) {
      const input = {
        role: "customer" as const,
        text: p.text,
        clientId: p.clientId,
        authorId: socket.data.customerId,
        metadata: p.value !== undefined ? { value: p.value } : null,
      };
      // The usual case: the socket's conversation is open, and its row comes back with the stored message.
      const open = await log.recordWhileOpen(socket.data.organisationId, {
        ...input,
        conversationId: socket.data.conversationId,
      });
      let stored: { message: { id: number }; duplicate: boolean; conversation: TurnStart | null };
      if (open) stored = open;
      else {
        const conversation = await openConversation(socket);
        stored = {
          ...(await log.record(socket.data.organisationId, { ...input, conversationId: conversation.id })),
          conversation: null,
        };
      }
      if (!stored.duplicate) {
        turns.run(
          socket,
          activityFor(socket, socket.data.conversationId, {
            type: "message",
            id: p.clientId,
            text: p.text,
            ...(p.value !== undefined ? { value: p.value } : {}),
          }),
          stored.conversation ?? undefined,
        );
      }
      return { ok: true, id: stored.message.id, duplicate: stored.duplicate };
    },

    async history(socket, p) {
      const conversation = await current(socket);
      return {
        ok: true,
        messages: await log.transcript(conversation.id, p.afterId),
        status: conversation.status,
        queue: conversation.status === "queued" ? await handoff.queuePosition(conversation.id) : null,
        agent: await agentOf(deps, conversation),
      };
    },

    async "handoff:request"(socket, p) {
      const conversation = await current(socket);
      const { org, lang } = socket.data;
      const result = await deps.persons.request({
        conversationId: conversation.id,
        status: conversation.status,
        org,
        reason: "customer_request",
        summary: p.summary || null,
      });
      switch (result.status) {
        case "closed":
          return {
            ok: true,
            status: "closed",
            opensAt: result.opensAt?.toISOString() ?? null,
            openingHours: org.openingHours.summary[lang],
          };
        case "no_agents":
          return { ok: true, status: "no_agents" };
        case "queued":
          return {
            ok: true,
            status: "queued",
            position: result.position,
            estimatedWaitSeconds: result.estimatedWaitSeconds,
          };
        case "already": {
          if (result.conversationStatus === "assigned")
            throw new CustomerChatError("conflict", "you are already talking to a person");
          const place = await handoff.queuePosition(conversation.id);
          return {
            ok: true,
            status: "queued",
            position: place?.position ?? 1,
            estimatedWaitSeconds: place?.estimatedWaitSeconds ?? 0,
          };
        }
      }
    },

    async "handoff:cancel"(socket) {
      const conversation = await current(socket);
      if (conversation.status === "queued") await handoff.cancel(conversation.id, "customer_cancelled");
      return { ok: true };
    },

    async typing(socket, p) {
      deps.events.publish({
        type: "typing",
        conversationId: socket.data.conversationId,
        organisationId: socket.data.organisationId,
        from: "customer",
        typing: p.typing,
      });
      return undefined;
    },

    async "offline-message"(socket, p) {
      const stored = await offline.leave({
        organisationId: socket.data.organisationId,
        conversationId: socket.data.conversationId,
        customerId: socket.data.customerId,
        name: p.name ?? null,
        email: p.email ?? null,
        phone: p.phone ?? null,
        text: p.text,
        language: socket.data.lang,
      });
      return { ok: true, id: stored.id };
    },

    async feedback(socket, p) {
      const conversationId = socket.data.conversationId;
      await feedback.rateMessage({ conversationId, messageId: p.messageId, helpful: p.helpful });
      const value: FeedbackEventValue = { messageId: p.messageId, helpful: p.helpful };
      turns.run(socket, activityFor(socket, conversationId, { type: "event", name: FEEDBACK_EVENT, value }));
      return { ok: true };
    },

    async rating(socket, p) {
      await feedback.rateConversation({
        conversationId: socket.data.conversationId,
        score: p.score,
        comment: p.comment ?? null,
      });
      return { ok: true };
    },

    async transcript(socket) {
      const conversation = await current(socket);
      const messages = await log.transcript(conversation.id);
      const { org, lang } = socket.data;
      return {
        ok: true,
        text: transcriptText(messages, { lang, orgName: org.name[lang], timezone: org.timezone }),
        messages,
      };
    },

    async "conversation:end"(socket) {
      const conversation = await current(socket);
      await handoff.endByCustomer(conversation.id);
      return { ok: true };
    },
  };
}
