import { randomUUID } from "node:crypto";
import type { Activity } from "botbuilder";
import { FEEDBACK_EVENT, type FeedbackEventValue } from "../../../bot/skranke-bot.js";
import type { LoadedConversation } from "../../../bot/turn-conversation.js";
import { hashToken } from "../../../core/accounts/tokens.js";
import type { ConversationRecord } from "../../../core/conversations/conversation-records.js";
import { CustomerChatError } from "../../../core/customers/customer-chat-error.js";
import type { Customer } from "../../../core/customers/customer-sessions.js";
import type { AckOk } from "../../../protocol/acks.js";
import type { WidgetReplies } from "../../../protocol/widget.js";
import type { WidgetEvent, WidgetPayload } from "../../../protocol/widget-schemas.js";
import { transcriptText } from "./transcript-text.js";
import { WIDGET_BOT } from "./widget-adapter.js";
import type { WidgetDeps, WidgetSocket } from "./widget-context.js";
import { widgetRoom, widgetTokenRoom } from "./widget-rooms.js";
import { sessionPayload } from "./widget-session.js";

/** The conversation row a turn may start from, as the handler just stored it. */
export type TurnStart = LoadedConversation & ConversationRecord;

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
export function widgetHandlers(
  deps: WidgetDeps,
  turns: WidgetTurns,
  /** Whether one more customer may be stored for this socket's client address (the new-customers limit). */
  admitNewCustomer: (socket: WidgetSocket) => Promise<boolean>,
): WidgetHandlers {
  const { conversations, log, handoff, feedback, offline, clock } = deps;

  /** Takes over a conversation for this socket: its room, and the ids in socket.data. */
  const adopt = async (socket: WidgetSocket, customerId: string, conversation: ConversationRecord) => {
    const previous = socket.data.conversationId;
    socket.data.customerId = customerId;
    if (previous === conversation.id) return;
    if (previous) await socket.leave(widgetRoom(previous));
    socket.data.conversationId = conversation.id;
    await socket.join(widgetRoom(conversation.id));
  };

  /**
   * The socket's conversation when there is one: its own, or one another tab
   * of the same token started since (found by the token). Null: none yet.
   */
  const existing = async (socket: WidgetSocket): Promise<ConversationRecord | null> =>
    (await lookUp(socket)).conversation;

  /** existing(), and the stored customer the token names when the socket had no conversation yet. */
  const lookUp = async (
    socket: WidgetSocket,
  ): Promise<{ conversation: ConversationRecord | null; customer?: { customer: Customer | null } }> => {
    if (socket.data.conversationId) {
      const conversation = await conversations.find(socket.data.conversationId);
      if (!conversation) throw new CustomerChatError("not_found", "the conversation no longer exists");
      return { conversation };
    }
    const customer = await deps.sessions.customerOf(socket.data.token, socket.data.organisationId);
    const conversation = customer ? await deps.sessions.openConversation(customer.id) : null;
    if (customer && conversation) await adopt(socket, customer.id, conversation);
    return { conversation, customer: { customer } };
  };

  /**
   * The conversation a first message or action goes to: the customer (unless
   * stored) and the conversation are stored now, or, once the socket's
   * conversation has ended, a new one is started. Every tab of the token gets
   * the new `session` and joins its room.
   */
  const begin = async (socket: WidgetSocket, lookedUp?: { customer: Customer | null }): Promise<ConversationRecord> => {
    const { token, organisationId, lang } = socket.data;
    const { customer, conversation, started } = await deps.sessions.begin(
      { organisationId, token, language: lang },
      () => admitNewCustomer(socket),
      lookedUp,
    );
    await adopt(socket, customer.id, conversation);
    // Every tab of the token moves to it (a started one, or one another tab started a moment ago):
    // this socket directly, so its session comes before its acknowledgement; the others through
    // the adapter (other server processes too).
    const tabs = widgetTokenRoom(hashToken(token));
    const session = await sessionPayload(deps, socket.data, conversation, { started });
    socket.emit("session", session);
    socket.nsp.except(socket.id).in(tabs).socketsJoin(widgetRoom(conversation.id));
    socket.to(tabs).emit("session", session);
    return conversation;
  };

  /** The socket's conversation if it is still open, or a new one (first action, or after the chat ended). */
  const openConversation = async (socket: WidgetSocket): Promise<ConversationRecord> => {
    const found = await lookUp(socket).catch((err: unknown) => {
      if (err instanceof CustomerChatError && err.code === "not_found") return null;
      throw err;
    });
    const conversation = found?.conversation;
    return conversation && conversation.status !== "closed" ? conversation : begin(socket, found?.customer);
  };

  const activityFor = (
    socket: WidgetSocket,
    conversationId: string,
    partial: Partial<Activity>,
  ): Partial<Activity> => ({
    id: randomUUID(),
    conversation: { id: conversationId } as Activity["conversation"],
    from: { id: socket.data.customerId ?? "", name: "", role: "user" },
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
        metadata: p.value !== undefined ? { value: p.value } : null,
      };
      // The usual case: the socket's conversation is open, and its row comes back with the stored message.
      const open = socket.data.conversationId
        ? await log.recordWhileOpen(socket.data.organisationId, {
            ...input,
            authorId: socket.data.customerId,
            conversationId: socket.data.conversationId,
          })
        : null;
      let stored: { message: { id: number }; duplicate: boolean; conversation: TurnStart | null };
      if (open) stored = open;
      else {
        // The first message (nothing stored yet), or the first after the chat ended: stored as any
        // other (the bot's turn starts from the row it gives back), unless the new conversation
        // ended in the meantime, where it is kept all the same.
        const conversation = await openConversation(socket);
        const message = { ...input, authorId: socket.data.customerId, conversationId: conversation.id };
        stored = (await log.recordWhileOpen(socket.data.organisationId, message)) ?? {
          ...(await log.record(socket.data.organisationId, message)),
          conversation: null,
        };
      }
      if (!stored.duplicate) {
        turns.run(
          socket,
          activityFor(socket, socket.data.conversationId as string, {
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
      const conversation = await existing(socket);
      if (!conversation) return { ok: true, messages: [], status: "bot", queue: null, agent: null };
      return {
        ok: true,
        messages: await log.transcript(conversation.id, p.afterId),
        status: conversation.status,
        queue: conversation.status === "queued" ? await handoff.queuePosition(conversation.id) : null,
        agent: await conversations.agentOf(conversation),
      };
    },

    async "handoff:request"(socket, p) {
      const { org, lang } = socket.data;
      let conversation = await existing(socket);
      if (!conversation) {
        // Nothing is stored for a request that cannot queue (closed, nobody online).
        const availability = await deps.persons.availability(org, socket.data.organisationId);
        if (availability.status === "closed") {
          return {
            ok: true,
            status: "closed",
            opensAt: availability.opensAt?.toISOString() ?? null,
            openingHours: org.openingHours.summary[lang],
          };
        }
        if (availability.status === "no_agents") return { ok: true, status: "no_agents" };
        conversation = await begin(socket);
      }
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
      const conversation = await existing(socket);
      if (conversation?.status === "queued") await handoff.cancel(conversation.id, "customer_cancelled");
      return { ok: true };
    },

    async typing(socket, p) {
      // Nobody watches a conversation that does not exist yet.
      if (!socket.data.conversationId) return undefined;
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
      const stored = await offline.leave(
        {
          organisationId: socket.data.organisationId,
          customerId: socket.data.customerId,
          name: p.name ?? null,
          email: p.email ?? null,
          phone: p.phone ?? null,
          text: p.text,
          language: socket.data.lang,
        },
        async () => {
          const conversation = await openConversation(socket);
          return { conversationId: conversation.id, customerId: socket.data.customerId };
        },
      );
      return { ok: true, id: stored.id };
    },

    async feedback(socket, p) {
      // A rated message is a stored one: its conversation exists.
      const conversationId = (await existing(socket))?.id;
      if (!conversationId) throw new CustomerChatError("not_found", "no such message");
      await feedback.rateMessage({ conversationId, messageId: p.messageId, helpful: p.helpful });
      const value: FeedbackEventValue = { messageId: p.messageId, helpful: p.helpful };
      turns.run(socket, activityFor(socket, conversationId, { type: "event", name: FEEDBACK_EVENT, value }));
      return { ok: true };
    },

    async rating(socket, p) {
      // A rating is of a chat that took place: nothing is stored for a conversation that never was.
      const conversation = await existing(socket);
      if (!conversation) throw new CustomerChatError("not_found", "there is no chat to rate");
      await feedback.rateConversation({
        conversationId: conversation.id,
        score: p.score,
        comment: p.comment ?? null,
      });
      return { ok: true };
    },

    async transcript(socket) {
      const conversation = await existing(socket);
      const messages = conversation ? await log.transcript(conversation.id) : [];
      const { org, lang } = socket.data;
      return {
        ok: true,
        text: transcriptText(messages, { lang, orgName: org.name[lang], timezone: org.timezone }),
        messages,
      };
    },

    async "conversation:end"(socket) {
      const conversation = await existing(socket);
      if (conversation) await handoff.endByCustomer(conversation.id);
      return { ok: true };
    },
  };
}
