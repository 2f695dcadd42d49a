import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Namespace, Server, Socket } from "socket.io";
import type { AccountService } from "../../../core/accounts/account-service.js";
import type { Principal } from "../../../core/accounts/roles.js";
import type { ConversationEventBus } from "../../../core/conversations/conversation-events.js";
import { isChatStaff, isSupervisor } from "../../../core/handoff/access.js";
import type { HandoffService } from "../../../core/handoff/handoff-service.js";
import { PRESENCE_HEARTBEAT_SECONDS } from "../../../core/handoff/presence.js";
import { RESOLUTIONS } from "../../../core/handoff/resolutions.js";
import type { OfflineInbox } from "../../../core/offline/offline-inbox.js";
import type { Logger } from "../../../observability/logger.js";
import { type Ack, ackError, toAckError } from "./ack.js";
import { forwardToAgents } from "./agent-broadcasts.js";
import { agentHandlers } from "./agent-handlers.js";
import { type AgentEvent, agentSchemas } from "./agent-schemas.js";
import { rooms } from "./rooms.js";

interface AgentSocketData {
  principal: Principal;
  token: string;
}

/** Per-user limits: events that change something, typing, and reads. */
const WRITE_LIMIT = { points: 60, duration: 30 };
const TYPING_LIMIT = { points: 120, duration: 30 };
const READ_LIMIT = { points: 240, duration: 30 };
const WRITE_EVENTS: ReadonlySet<AgentEvent> = new Set<AgentEvent>([
  "conversation:claim",
  "message",
  "note",
  "conversation:transfer",
  "conversation:release",
  "conversation:close",
  "presence:set",
  "canned:save",
  "canned:delete",
  "offline:handle",
]);

export interface AgentNamespaceDeps {
  accounts: AccountService;
  handoff: HandoffService;
  /** Leave-a-message requests (offline:* events). */
  offline: OfflineInbox;
  events: ConversationEventBus;
  logger: Logger;
}

/**
 * The /agent Socket.IO namespace (docs/protocol.md): staff authenticate with
 * their session token in `auth.token`; every event re-checks the session
 * (a logout or a disabled account takes effect at once), validates its
 * payload with zod and answers with `{ ok: true, ... }` or
 * `{ ok: false, error: { code, message } }`.
 */
export interface AgentNamespace {
  /**
   * Resolves when the connection setups, events and disconnect bookkeeping
   * under way are done; shutdown calls it before closing the Socket.IO server,
   * while the adapter can still answer "has this agent a tab on another process?".
   */
  settle(): Promise<void>;
  /** Stops the heartbeat and the forwarding, and settles. */
  close(): Promise<void>;
}

export function registerAgentNamespace(io: Server, deps: AgentNamespaceDeps): AgentNamespace {
  const { accounts, handoff, logger } = deps;
  const nsp: Namespace = io.of("/agent");
  const handlers = agentHandlers(handoff, deps.offline);
  const writes = new RateLimiterMemory(WRITE_LIMIT);
  const typing = new RateLimiterMemory(TYPING_LIMIT);
  const reads = new RateLimiterMemory(READ_LIMIT);
  const limiterFor = (event: AgentEvent) => (event === "typing" ? typing : WRITE_EVENTS.has(event) ? writes : reads);
  /**
   * Users with a socket on this process, for the presence heartbeat (each
   * process refreshes its own). Whether a user still has a tab open anywhere
   * is asked of the adapter instead (onDisconnect).
   */
  const connectedHere = new Map<string, number>();
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  nsp.use(async (socket, next) => {
    try {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const principal = typeof token === "string" ? await accounts.authenticate(token) : null;
      if (!principal) return next(new Error("unauthenticated"));
      if (!isChatStaff(principal)) return next(new Error("forbidden"));
      (socket.data as AgentSocketData).principal = principal;
      (socket.data as AgentSocketData).token = token as string;
      next();
    } catch (err) {
      logger.error({ err }, "agent authentication failed");
      next(new Error("internal"));
    }
  });

  nsp.on("connection", (socket) => {
    const connected = onConnection(socket).catch((err: unknown) => {
      logger.error({ err }, "agent connection setup failed");
      socket.disconnect(true);
    });
    track(connected);
  });

  async function onConnection(socket: Socket): Promise<void> {
    const p = (socket.data as AgentSocketData).principal;
    connectedHere.set(p.userId, (connectedHere.get(p.userId) ?? 0) + 1);
    socket.on("disconnect", () => track(onDisconnect(socket, p)));
    for (const event of Object.keys(agentSchemas) as AgentEvent[]) {
      socket.on(event, (...args: unknown[]) => {
        const ack = typeof args[args.length - 1] === "function" ? (args.pop() as (a: Ack) => void) : undefined;
        track(handle(socket, event, args[0], ack));
      });
    }
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = args.at(-1);
      if ((typeof event === "string" && Object.hasOwn(agentSchemas, event)) || typeof ack !== "function") return;
      ack(ackError("invalid_input", `unknown event ${JSON.stringify(String(event).slice(0, 50))}`));
    });
    const joins = [rooms.user(p.userId)];
    joins.push(p.organisationId ? rooms.organisation(p.organisationId) : rooms.allOrganisations);
    if (isSupervisor(p)) joins.push(p.organisationId ? rooms.supervisors(p.organisationId) : rooms.allSupervisors);
    const conversations = await handoff.myConversations(p);
    for (const c of conversations) joins.push(rooms.conversation(c.conversationId));
    await socket.join(joins);
    const presence = await handoff.agentConnected(p);
    const [organisations, queue] = await Promise.all([handoff.organisationsOf(p), handoff.queueFor(p)]);
    socket.emit("hello", {
      user: {
        id: p.userId,
        email: p.email,
        displayName: p.displayName,
        role: p.role,
        organisationId: p.organisationId,
      },
      presence,
      organisations,
      queue,
      conversations,
      resolutions: RESOLUTIONS,
    });
  }

  async function onDisconnect(socket: Socket, p: Principal): Promise<void> {
    const left = (connectedHere.get(p.userId) ?? 1) - 1;
    if (left > 0) connectedHere.set(p.userId, left);
    else connectedHere.delete(p.userId);
    try {
      const others = await nsp.in(rooms.user(p.userId)).fetchSockets();
      if (others.some((s) => s.id !== socket.id)) return;
      await handoff.agentDisconnected(p);
    } catch (err) {
      logger.debug({ err }, "agent disconnect bookkeeping failed");
    }
  }

  async function handle(socket: Socket, event: AgentEvent, raw: unknown, ack?: (a: Ack) => void): Promise<void> {
    const reply = (a: Ack) => {
      if (ack) ack(a);
    };
    try {
      const data = socket.data as AgentSocketData;
      const principal = await accounts.authenticate(data.token);
      if (!principal) {
        reply(ackError("unauthenticated", "your session has ended; log in again"));
        socket.disconnect(true);
        return;
      }
      if (!isChatStaff(principal)) {
        reply(ackError("forbidden", "this needs the role agent, supervisor or admin"));
        socket.disconnect(true);
        return;
      }
      data.principal = principal;
      try {
        await limiterFor(event).consume(principal.userId);
      } catch {
        reply(ackError("rate_limited", "too many requests; slow down"));
        return;
      }
      const payload = agentSchemas[event].parse(raw ?? {});
      const handler = handlers[event] as (p: Principal, payload: unknown, socket: Socket) => Promise<object>;
      const result = await handler(principal, payload, socket);
      reply({ ok: true, ...result });
    } catch (err) {
      reply(toAckError(err, logger));
    }
  }

  const unsubscribe = forwardToAgents(nsp, deps.events, handoff, logger);
  const heartbeat = setInterval(() => {
    if (connectedHere.size === 0) return;
    handoff
      .heartbeat([...connectedHere.keys()])
      .catch((err: unknown) => logger.warn({ err }, "presence heartbeat failed"));
  }, PRESENCE_HEARTBEAT_SECONDS * 1000);
  heartbeat.unref();

  const settle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };
  return {
    settle,
    async close() {
      clearInterval(heartbeat);
      unsubscribe();
      await settle();
    },
  };
}
