import { randomUUID } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";

/** A customer on the real /widget namespace (docs/protocol.md), recording what the server sends. */
export class WidgetCustomer {
  readonly received: Array<{ event: string; payload: unknown }> = [];
  session: Record<string, unknown> | undefined;

  private constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload });
      // The first message (or a handoff request) stores the conversation: a new session names it.
      if (event === "session") this.session = payload as Record<string, unknown>;
    });
  }

  static async connect(
    url: string,
    auth: { org: string; token?: string; lang?: string },
    options: {
      transports?: Array<"polling" | "websocket">;
      /** Sent with every request (e.g. a load balancer's cookie). */
      extraHeaders?: Record<string, string>;
      /** Reconnect as the widget does: Socket.IO's backoff, the customer's token on every attempt. */
      reconnection?: boolean;
    } = {},
  ): Promise<WidgetCustomer> {
    let latest: WidgetCustomer | undefined;
    const socket = connect(`${url}/widget`, {
      auth: options.reconnection ? (cb) => cb({ ...auth, ...(latest?.token ? { token: latest.token } : {}) }) : auth,
      transports: options.transports ?? ["websocket"],
      reconnection: options.reconnection ?? false,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      forceNew: true,
      ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
    });
    const c = new WidgetCustomer(socket);
    latest = c;
    socket.on("session", (s: Record<string, unknown>) => {
      c.session = s;
    });
    c.session = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no session within 10 s")), 10_000);
      socket.once("session", (s: Record<string, unknown>) => {
        clearTimeout(timer);
        resolve(s);
      });
      socket.once("connect_error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    return c;
  }

  /** The conversation of the newest session; null before the first message or action stored one. */
  get conversationId(): string {
    return this.session?.conversationId as string;
  }

  /** Waits for the session that names the stored conversation. */
  async conversation(ms = 10_000): Promise<string> {
    if (this.session?.conversationId) return this.session.conversationId as string;
    const s = await this.waitFor<Record<string, unknown>>("session", (p) => typeof p?.conversationId === "string", ms);
    return s.conversationId as string;
  }

  get token(): string {
    return this.session?.token as string;
  }

  request(event: string, payload: unknown = {}): Promise<Record<string, unknown>> {
    return this.socket.timeout(10_000).emitWithAck(event, payload);
  }

  say(text: string): Promise<Record<string, unknown>> {
    return this.request("message", { clientId: randomUUID(), text });
  }

  waitFor<T = Record<string, unknown>>(event: string, match: (p: T) => boolean = () => true, ms = 10_000): Promise<T> {
    const seen = this.received.find((r) => r.event === event && match(r.payload as T));
    if (seen) return Promise.resolve(seen.payload as T);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off(event, listener);
        reject(new Error(`customer got no matching ${event} within ${ms} ms`));
      }, ms);
      const listener = (p: T) => {
        if (!match(p)) return;
        clearTimeout(timer);
        this.socket.off(event, listener);
        resolve(p);
      };
      this.socket.on(event, listener);
    });
  }

  close(): void {
    this.socket.disconnect();
  }
}
