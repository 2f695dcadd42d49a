import type { Activity } from "botbuilder";
import type { Server } from "socket.io";
import { clientAddressOf } from "../../../config/trust-proxy.js";
import { hashToken } from "../../../core/accounts/tokens.js";
import type { CustomerConnections } from "../../../core/handoff/restart-recovery.js";
import { authSchema, type WidgetEvent, widgetSchemas } from "../../../protocol/widget-schemas.js";
import { consumed, limiterStore } from "../../http/rate-limiters.js";
import { errorAck, type WidgetAck, widgetError } from "./widget-ack.js";
import { WidgetAdapter } from "./widget-adapter.js";
import { widgetConnections } from "./widget-connections.js";
import { DEFAULT_WIDGET_LIMITS, type WidgetDeps, type WidgetNsp, type WidgetSocket } from "./widget-context.js";
import { startWidgetForwarder } from "./widget-forwarder.js";
import { type TurnStart, widgetHandlers } from "./widget-handlers.js";
import { checkWidgetOrigin } from "./widget-origin.js";
import { widgetOrganisationRoom, widgetRoom, widgetTokenRoom } from "./widget-rooms.js";
import { startServiceStateRelay } from "./widget-service-state.js";
import { sessionPayload } from "./widget-session.js";

/** Events limited by the message limiter; the other stored ones share the writes limiter. */
const WRITE_EVENTS = new Set<WidgetEvent>([
  "handoff:request",
  "handoff:cancel",
  "offline-message",
  "feedback",
  "rating",
  "conversation:end",
]);

const isWidgetEvent = (event: unknown): event is WidgetEvent =>
  typeof event === "string" && Object.hasOwn(widgetSchemas, event);

export interface WidgetNamespace {
  adapter: WidgetAdapter;
  /** Whether a customer has a widget tab open on any server process. */
  connections: CustomerConnections;
  /**
   * Resolves when the connection setups, events and disconnect bookkeeping
   * under way are done. Shutdown calls it after disconnecting every socket and
   * before closing the Socket.IO server, while the adapter can still answer
   * "is this customer connected to another process?".
   */
  settle(): Promise<void>;
  /** Stops forwarding events and waits for bot turns under way. */
  close(): Promise<void>;
}

/**
 * The /widget Socket.IO namespace (docs/protocol.md). The connection
 * middleware resolves the organisation, refuses browsers on sites the
 * organisation does not list (allowedOrigins; widget-origin.ts), and
 * resolves the customer's token (a token
 * opens only its own customer's conversations, in its own organisation) and
 * resumes the newest open conversation. Connecting stores nothing: the
 * `session` carries the bot's greeting, and the customer and conversation
 * are stored with the first message or action that needs them. Every event's payload is validated with zod; customer messages
 * are rate limited per customer (token), stored (idempotent on clientId) and acknowledged
 * before the bot's turn runs on the WidgetAdapter.
 */
export function registerWidgetNamespace(io: Server, deps: WidgetDeps): WidgetNamespace {
  const { logger } = deps;
  const limits = { ...DEFAULT_WIDGET_LIMITS, ...deps.limits };
  const nsp = io.of("/widget") as unknown as WidgetNsp;
  const adapter = new WidgetAdapter(nsp, deps.bot.logic, logger);
  deps.bot.install(adapter, "widget");
  const store = deps.limiters ?? limiterStore();
  const trustProxy = deps.trustProxy ?? { kind: "none" };
  const messageLimiter = store.limiter("customer-messages", limits.messages);
  const writeLimiter = store.limiter("customer-writes", limits.writes);
  const typingLimiter = store.limiter("customer-typing", limits.typing);
  const newCustomerLimiter = store.limiter("new-customers", limits.newCustomers);
  const turns = {
    run(socket: WidgetSocket, activity: Partial<Activity>, loaded?: TurnStart) {
      adapter.process(activity, undefined, loaded).catch((err: unknown) => {
        logger.error({ err, conversationId: socket.data.conversationId }, "widget bot turn failed");
      });
    },
  };
  // The new-customers limit counts customers stored, per client address: it bites at the first message.
  const admitNewCustomer = (socket: WidgetSocket) => consumed(newCustomerLimiter, socket.data.address);
  const handlers = widgetHandlers(deps, turns, admitNewCustomer);
  const connections = widgetConnections(nsp);
  /** Connection setups, events and disconnect bookkeeping under way (shutdown waits for them). */
  const pending = new Set<Promise<void>>();
  const track = (task: Promise<unknown>) => {
    const done = task.then(
      () => undefined,
      (err: unknown) => logger.error({ err }, "widget socket task failed"),
    );
    pending.add(done);
    void done.finally(() => pending.delete(done));
  };
  const settle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };

  nsp.use(async (raw, next) => {
    const socket = raw as WidgetSocket;
    try {
      const auth = authSchema.safeParse(socket.handshake.auth ?? {});
      if (!auth.success) return next(new Error("invalid_input"));
      const org = deps.knowledge.organisations.get(auth.data.org);
      const organisationId = org ? await deps.conversations.organisationId(org.slug) : null;
      if (!org || !organisationId) return next(new Error("unknown_organisation"));
      const origin = checkWidgetOrigin(socket.handshake.headers.origin, socket.handshake.headers.host, org, {
        development: deps.origins?.development ?? false,
        publicUrl: deps.origins?.publicUrl,
      });
      if (!origin.allowed) {
        logger.info({ org: org.slug, origin: origin.origin }, "widget connection refused: site not in allowedOrigins");
        const refusal = new Error("origin_not_allowed") as Error & { data?: unknown };
        refusal.data = {
          message: `${origin.origin} may not embed the widget of ${org.slug}: add the site to allowedOrigins in knowledge/${org.slug}/organisation.json`,
        };
        return next(refusal);
      }
      const lang = auth.data.lang ?? org.defaultLanguage;
      // Connecting stores nothing: a new visitor is stored with their first message or action.
      const identity = await deps.sessions.identify({ organisationId, token: auth.data.token });
      const open = identity.customer ? await deps.sessions.openConversation(identity.customer.id) : null;
      socket.data = {
        token: identity.token,
        customerId: identity.customer?.id ?? null,
        organisationId,
        org,
        lang,
        conversationId: open?.id ?? null,
        address: clientAddressOf(socket.request, trustProxy),
      };
      next();
    } catch (err) {
      logger.error({ err }, "widget connection failed");
      next(new Error("internal"));
    }
  });

  function onWidgetEvent(this: WidgetSocket, event: unknown, ...args: unknown[]): void {
    const ack = typeof args.at(-1) === "function" ? (args.at(-1) as (a: WidgetAck) => void) : undefined;
    if (!isWidgetEvent(event)) {
      ack?.(widgetError("invalid_input", `unknown event ${JSON.stringify(String(event).slice(0, 50))}`));
      return;
    }
    const payload = args.length > 0 && typeof args[0] !== "function" ? args[0] : undefined;
    track(
      handle(this, event, payload).then((reply) => {
        if (ack && reply) ack(reply);
      }),
    );
  }

  function onWidgetDisconnect(this: WidgetSocket): void {
    track(customerLeft(this.data.conversationId));
  }

  nsp.on("connection", (raw) => track(connected(raw as WidgetSocket)));

  async function connected(socket: WidgetSocket): Promise<void> {
    const { conversationId } = socket.data;
    // Every tab of the token hears when the conversation starts (another tab's first message); every
    // customer of the organisation hears when its service state changes.
    const rooms = [widgetTokenRoom(hashToken(socket.data.token)), widgetOrganisationRoom(socket.data.organisationId)];
    if (conversationId) rooms.push(widgetRoom(conversationId));
    await socket.join(rooms);

    // One listener for every event and one for the disconnect, shared by all sockets (`this` is the
    // socket): an idle connection carries no closures of its own.
    socket.onAny(onWidgetEvent);
    socket.on("disconnect", onWidgetDisconnect);
    // The handshake's HTTP request was for the middleware (address, headers); nothing reads it after,
    // and engine.io would otherwise keep it, headers and all, for the life of the connection.
    (socket.conn as unknown as { request: unknown }).request = null;

    try {
      const conversation = conversationId ? await deps.conversations.find(conversationId) : null;
      socket.emit("session", await sessionPayload(deps, socket.data, conversation));
      if (conversation?.status === "queued") await deps.handoff.customerReconnected(conversation.id);
    } catch (err) {
      logger.error({ err, conversationId }, "could not start the widget session");
    }
  }

  const handle = async (socket: WidgetSocket, event: WidgetEvent, payload: unknown): Promise<WidgetAck | undefined> => {
    const parsed = widgetSchemas[event].safeParse(payload ?? {});
    if (!parsed.success) return errorAck(parsed.error, logger);
    const limiter =
      event === "message"
        ? messageLimiter
        : event === "typing"
          ? typingLimiter
          : WRITE_EVENTS.has(event)
            ? writeLimiter
            : undefined;
    try {
      // Per customer (their token), not per socket: more tabs with one token share one budget.
      if (limiter && !(await consumed(limiter, hashToken(socket.data.token)))) {
        return event === "typing" ? undefined : widgetError("rate_limited", "too many requests; wait a moment");
      }
      return await (handlers[event] as (s: WidgetSocket, p: unknown) => Promise<WidgetAck | undefined>)(
        socket,
        parsed.data,
      );
    } catch (err) {
      return errorAck(err, logger);
    }
  };

  /** The customer's last tab closed while waiting: the queue keeps the place for the grace period. */
  const customerLeft = async (conversationId: string | null) => {
    if (!conversationId) return;
    try {
      if (await connections.isConnected(conversationId)) {
        logger.info({ conversationId }, "customer tab closed; still connected in another tab");
        return;
      }
      const conversation = await deps.conversations.find(conversationId);
      if (conversation?.status === "queued") await deps.handoff.customerDisconnected(conversationId);
    } catch (err) {
      logger.error({ err, conversationId }, "could not record the customer leaving");
    }
  };

  const stopForwarding = startWidgetForwarder(nsp, deps.events, adapter, deps.conversations, logger);
  const stopServiceState = deps.presenceChanges
    ? startServiceStateRelay(nsp, { ...deps, presenceChanges: deps.presenceChanges, logger })
    : () => {};

  return {
    adapter,
    connections,
    settle,
    async close() {
      stopForwarding();
      stopServiceState();
      await settle();
      await adapter.idle();
    },
  };
}
