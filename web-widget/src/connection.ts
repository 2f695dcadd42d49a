import { io, type Socket } from "socket.io-client";
import type { ErrorCode } from "../../src/core/errors/error-codes.js";
import type {
  Ack,
  AgentLeftNotice,
  ConversationStatus,
  MessageView,
  QueueInfo,
  ServiceState,
  Session,
  TypingNotice,
  WidgetClientEvents,
  WidgetPayloadIn,
  WidgetReplies,
  WidgetServerEvents,
} from "../../src/protocol/widget.js";
import type { Lang } from "./i18n.js";
import { frameBytes, MAX_FRAME_BYTES } from "./limits.js";
import type { KeyValue } from "./storage.js";

/** Codes of failures the widget notices itself, besides the server's (src/core/errors/error-codes.ts). */
export type ClientErrorCode = "offline" | "timeout";
export type WidgetAck<E extends keyof WidgetReplies> = Ack<WidgetReplies[E], ErrorCode | ClientErrorCode>;

export interface ConnectionHandlers {
  session(s: Session): void;
  message(m: MessageView): void;
  queue(q: QueueInfo): void;
  agentJoined(a: { name: string }): void;
  agentLeft(e: AgentLeftNotice): void;
  typing(e: TypingNotice): void;
  status(s: { status: ConversationStatus }): void;
  /** Agents went online or offline: the header's service state. */
  service(s: ServiceState): void;
  /** Ready to send (a session is open) or not. */
  ready(ready: boolean): void;
  /** The server refused this widget for good (e.g. unknown organisation). */
  fatal(code: string): void;
}

export interface ConnectionOptions {
  url: string;
  org: string;
  lang: Lang;
  store: KeyValue;
  handlers: ConnectionHandlers;
}

const TOKEN = "token";

/** connect_error messages after which the widget stops trying (docs/protocol.md). */
const FATAL = new Set(["unknown_organisation", "origin_not_allowed"]);

/**
 * The /widget socket. Socket.IO reconnects dropped transports itself with
 * exponential backoff and jitter; this class adds what it does not do: it
 * sends the stored customer token on every (re)connect, reconnects after a
 * server-side disconnect or a refused handshake (again with backoff), and
 * follows the browser's online/offline events so a dead network is noticed
 * at once instead of after a ping timeout.
 */
export class Connection {
  private readonly socket: Socket<WidgetServerEvents, WidgetClientEvents>;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private stopped = false;

  constructor(o: ConnectionOptions) {
    this.socket = io(`${o.url}/widget`, {
      path: "/socket.io",
      autoConnect: false,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 20_000,
      randomizationFactor: 0.5,
      timeout: 15_000,
      auth: (cb) => {
        const token = o.store.get(TOKEN);
        cb({ org: o.org, lang: o.lang, ...(token ? { token } : {}) });
      },
    });
    const s = this.socket;
    const hd = o.handlers;
    s.on("session", (session) => {
      if (session && typeof session.token === "string") o.store.set(TOKEN, session.token);
      this.attempts = 0;
      hd.session(session);
      hd.ready(true);
    });
    s.on("connect", () => {
      // A recovered connection keeps its server-side state; the server may not send a new session.
      if (s.recovered) hd.ready(true);
    });
    s.on("message", (m) => hd.message(m));
    s.on("queue", (q) => hd.queue(q));
    s.on("agent:joined", (a) => hd.agentJoined(a));
    s.on("agent:left", (e) => hd.agentLeft(e));
    s.on("typing", (e) => hd.typing(e));
    s.on("status", (e) => hd.status(e));
    s.on("service", (e) => hd.service(e));
    s.on("disconnect", (reason) => {
      if (this.stopped) return;
      hd.ready(false);
      if (reason === "io server disconnect") this.scheduleRetry();
    });
    s.on("connect_error", (err: Error) => {
      hd.ready(false);
      // Refusals that no retry changes: an unknown organisation, a site not allowed to embed it.
      if (FATAL.has(err.message)) {
        this.stopped = true;
        if (this.retryTimer) clearTimeout(this.retryTimer);
        this.retryTimer = null;
        s.disconnect();
        hd.fatal(err.message);
        return;
      }
      if (s.active) return; // a transport problem: Socket.IO retries by itself
      this.scheduleRetry();
    });
    window.addEventListener("offline", () => {
      if (this.stopped) return;
      s.disconnect();
      hd.ready(false);
      this.scheduleRetry(30_000);
    });
    window.addEventListener("online", () => this.reconnectNow());
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  start(): void {
    this.socket.connect();
  }

  /** Forget the current connection and open a fresh one (e.g. to start a new conversation). */
  restart(): void {
    this.socket.disconnect();
    this.reconnectNow();
  }

  /**
   * Emits with an acknowledgement; a timeout or a missing connection becomes
   * an error ack, and so does a payload too large for the server (sending it
   * would only close the connection).
   */
  request<E extends keyof WidgetReplies>(
    event: E,
    payload: WidgetPayloadIn<E>,
    timeoutMs = 10_000,
  ): Promise<WidgetAck<E>> {
    return new Promise((resolve) => {
      if (frameBytes(event, payload) > MAX_FRAME_BYTES) {
        resolve({ ok: false, error: { code: "payload_too_large", message: "too large to send" } });
        return;
      }
      if (!this.socket.connected) {
        resolve({ ok: false, error: { code: "offline", message: "not connected" } });
        return;
      }
      // Typed by request()'s signature; Socket.IO's own types cannot follow a generic event name.
      const untyped = this.socket as unknown as Socket;
      untyped.timeout(timeoutMs).emit(event, payload, (err: Error | null, ack: WidgetAck<E> | undefined) => {
        if (err) resolve({ ok: false, error: { code: "timeout", message: err.message } });
        else if (!ack || typeof ack !== "object")
          resolve({ ok: false, error: { code: "internal", message: "no ack" } });
        else resolve(ack);
      });
    });
  }

  /** Fire and forget (typing indicators): dropped when offline. */
  emit(event: "typing", payload: WidgetPayloadIn<"typing">): void {
    if (this.socket.connected) this.socket.volatile.emit(event, payload);
  }

  private reconnectNow(): void {
    if (this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (!this.socket.connected && !this.socket.active) this.socket.connect();
  }

  private scheduleRetry(maxMs = 30_000): void {
    if (this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.attempts += 1;
    const delay = Math.min(maxMs, 1000 * 2 ** Math.min(this.attempts, 6)) * (0.75 + Math.random() * 0.5);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.socket.connected && !this.socket.active) this.socket.connect();
    }, delay);
  }
}
