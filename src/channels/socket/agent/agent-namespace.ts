import type { Server } from "socket.io";
import type { RateLimit } from "../../../config/config.js";
import type { AccountService } from "../../../core/accounts/account-service.js";
import type { Principal } from "../../../core/accounts/roles.js";
import type { RevocationReason, SessionRevocation } from "../../../core/accounts/session-revocations.js";
import type { Clock } from "../../../core/clock.js";
import type { ConversationEventBus } from "../../../core/conversations/conversation-events.js";
import { isChatStaff, isSupervisor } from "../../../core/handoff/access.js";
import type { HandoffService } from "../../../core/handoff/handoff-service.js";
import { PRESENCE_HEARTBEAT_SECONDS } from "../../../core/handoff/presence.js";
import { RESOLUTIONS } from "../../../core/handoff/resolutions.js";
import type { OfflineInbox } from "../../../core/offline/offline-inbox.js";
import type { Logger } from "../../../observability/logger.js";
import type { Ack } from "../../../protocol/acks.js";
import { type AgentEvent, agentSchemas } from "../../../protocol/agent-schemas.js";
import { consumed, type LimiterStore } from "../../http/rate-limiters.js";
import { ackError, toAckError } from "./ack.js";
import { forwardToAgents } from "./agent-broadcasts.js";
import { agentHandlers } from "./agent-handlers.js";
import type { AgentNsp, AgentSocket } from "./agent-socket.js";
import { rooms } from "./rooms.js";

/** Per-user limits of typing and reads (changes: SKRANKE_LIMIT_STAFF_WRITES). */
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
  clock: Clock;
  limiters: LimiterStore;
  /** Events that change something, per member of staff. */
  staffWrites: RateLimit;
  /** How often the sessions of this process's sockets are checked (ends those revoked elsewhere). */
  sessionCheckSeconds: number;
}

/** Longest timer Node keeps (about 24.8 days); a later session expiry is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The /agent Socket.IO namespace (docs/protocol.md): staff authenticate with
 * their session token in `auth.token`; every event re-checks the session,
 * validates its payload with zod and answers with `{ ok: true, ... }` or
 * `{ ok: false, error: { code, message } }`.
 *
 * A session that ends takes its sockets with it (`session:ended`, then a
 * disconnect): at once on a logout, a disabled account or a password reset
 * (announced on AccountService.revocations, relayed between processes), at
 * the moment it expires (a timer per socket), and, for anything missed, at
 * the periodic check of every socket's session against the database.
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
  const nsp = io.of("/agent") as unknown as AgentNsp;
  const handlers = agentHandlers(handoff, deps.offline);
  const writes = deps.limiters.limiter("staff-writes", deps.staffWrites);
  const typing = deps.limiters.limiter("staff-typing", TYPING_LIMIT);
  const reads = deps.limiters.limiter("staff-reads", READ_LIMIT);
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
      const session = typeof token === "string" ? await accounts.session(token) : null;
      if (!session) return next(new Error("unauthenticated"));
      if (!isChatStaff(session.principal)) return next(new Error("forbidden"));
      const data = socket.data;
      data.principal = session.principal;
      data.token = token as string;
      data.expiresAt = session.expiresAt;
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

  async function onConnection(socket: AgentSocket): Promise<void> {
    const p = socket.data.principal;
    connectedHere.set(p.userId, (connectedHere.get(p.userId) ?? 0) + 1);
    armExpiry(socket);
    socket.on("disconnect", () => {
      clearTimeout(expiryTimers.get(socket.id));
      expiryTimers.delete(socket.id);
      track(onDisconnect(socket, p));
    });
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
    // After joining the rooms: every queue change numbered after `queueVersions` reaches this socket.
    const [organisations, queue] = await Promise.all([handoff.organisationsOf(p), handoff.queueSnapshot(p)]);
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
      queue: queue.items,
      queueVersions: queue.versions,
      conversations,
      resolutions: RESOLUTIONS,
    });
  }

  async function onDisconnect(socket: AgentSocket, p: Principal): Promise<void> {
    const left = (connectedHere.get(p.userId) ?? 1) - 1;
    if (left > 0) connectedHere.set(p.userId, left);
    else connectedHere.delete(p.userId);
    try {
      // Another tab anywhere keeps the agent present, unless its session has ended too.
      const others = (await nsp.in(rooms.user(p.userId)).fetchSockets()).filter((s) => s.id !== socket.id);
      const sessions = others.map((s) => s.data.principal.sessionId);
      if (sessions.length > 0 && (await accounts.liveSessions(sessions)).size > 0) {
        logger.info({ userId: p.userId, otherTabs: sessions.length }, "agent tab closed; still present in another tab");
        return;
      }
      await handoff.agentDisconnected(p);
    } catch (err) {
      logger.debug({ err }, "agent disconnect bookkeeping failed");
    }
  }

  async function handle(socket: AgentSocket, event: AgentEvent, raw: unknown, ack?: (a: Ack) => void): Promise<void> {
    const reply = (a: Ack) => {
      if (ack) ack(a);
    };
    try {
      const data = socket.data;
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
      if (!(await consumed(limiterFor(event), principal.userId))) {
        reply(ackError("rate_limited", "too many requests; slow down"));
        return;
      }
      const payload = agentSchemas[event].parse(raw ?? {});
      const handler = handlers[event] as (p: Principal, payload: unknown, socket: AgentSocket) => Promise<object>;
      const result = await handler(principal, payload, socket);
      reply({ ok: true, ...result });
    } catch (err) {
      reply(toAckError(err, logger));
    }
  }

  /** Ends a socket whose session is over: it is told why, then disconnected (it does not reconnect by itself). */
  function endSession(socket: AgentSocket, reason: RevocationReason): void {
    if (socket.disconnected) return;
    logger.info({ userId: socket.data.principal.userId, reason }, "agent session ended");
    // Through the local broadcast: a plain socket.emit with connection-state recovery and the Redis
    // adapter is first written to Redis, and the disconnect below would overtake it.
    nsp.local.to(socket.id).emit("session:ended", { reason });
    socket.disconnect(true);
  }

  const onRevoked = (r: SessionRevocation) => {
    for (const socket of nsp.sockets.values()) {
      const { principal } = socket.data;
      if (principal.userId === r.userId && (r.sessionId === null || principal.sessionId === r.sessionId)) {
        endSession(socket, r.reason);
      }
    }
  };
  const stopRevocations = accounts.revocations.on(onRevoked);

  /** Checks sockets' sessions against the database; those that ended are disconnected. */
  async function checkSessions(sockets: AgentSocket[]): Promise<void> {
    if (sockets.length === 0) return;
    const live = await accounts.liveSessions(sockets.map((s) => s.data.principal.sessionId));
    const now = deps.clock.now();
    for (const socket of sockets) {
      const data = socket.data;
      if (live.has(data.principal.sessionId)) continue;
      endSession(socket, data.expiresAt <= now ? "expired" : "revoked");
    }
  }

  const expiryTimers = new Map<string, NodeJS.Timeout>();
  function armExpiry(socket: AgentSocket): void {
    const { expiresAt } = socket.data;
    const wait = Math.min(Math.max(expiresAt.getTime() - deps.clock.now().getTime(), 0) + 50, MAX_TIMER_MS);
    const timer = setTimeout(() => {
      expiryTimers.delete(socket.id);
      if (socket.disconnected) return;
      track(
        checkSessions([socket])
          .catch((err: unknown) => logger.warn({ err }, "session expiry check failed"))
          .finally(() => {
            if (socket.connected) armExpiry(socket);
          }),
      );
    }, wait);
    timer.unref();
    expiryTimers.set(socket.id, timer);
  }

  let checking = false;
  const sessionCheck = setInterval(() => {
    if (checking || nsp.sockets.size === 0) return;
    checking = true;
    track(
      checkSessions([...nsp.sockets.values()])
        .catch((err: unknown) => logger.warn({ err }, "agent session check failed"))
        .finally(() => {
          checking = false;
        }),
    );
  }, deps.sessionCheckSeconds * 1000);
  sessionCheck.unref();

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
      clearInterval(sessionCheck);
      for (const t of expiryTimers.values()) clearTimeout(t);
      expiryTimers.clear();
      stopRevocations();
      unsubscribe();
      await settle();
    },
  };
}
