import { io, type Socket } from "socket.io-client";
import type { MessageView } from "../../../src/core/conversations/conversation-events.js";
import { WAIT_MS } from "../../support/wait.js";

export interface SessionPayload {
  token: string;
  /** Null until the first message or action stores the customer. */
  customerId: string | null;
  /** Null until the conversation exists. */
  conversationId: string | null;
  status: string;
  greeting: { welcome: string; privacy: string };
  organisation: { slug: string; name: string; privacyUrl: string | null; openingHours: string; open: boolean };
  agent: { name: string } | null;
  queue: { position: number; estimatedWaitSeconds: number } | null;
  lastMessageId: number;
}

/** A /widget customer over socket.io-client that keeps everything the server sends. */
export class WidgetClient {
  readonly messages: MessageView[] = [];
  readonly events: Array<{ event: string; payload: unknown }> = [];
  readonly sessions: SessionPayload[] = [];

  private constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      this.events.push({ event, payload });
      if (event === "message") this.messages.push(payload as MessageView);
      if (event === "session") this.sessions.push(payload as SessionPayload);
    });
  }

  static async connect(
    url: string,
    auth: Record<string, unknown>,
    transports: Array<"websocket" | "polling"> = ["websocket"],
  ): Promise<WidgetClient> {
    const socket = io(`${url}/widget`, { auth, transports, upgrade: false, reconnection: false, forceNew: true });
    const client = new WidgetClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("session", () => resolve());
      socket.once("connect_error", (err) => reject(err));
    });
    return client;
  }

  /** The connect_error message a connection attempt gets. */
  static async refusal(url: string, auth: Record<string, unknown>): Promise<string> {
    const socket = io(`${url}/widget`, { auth, transports: ["websocket"], reconnection: false, forceNew: true });
    try {
      return await new Promise<string>((resolve, reject) => {
        socket.once("connect_error", (err) => resolve(err.message));
        socket.once("session", () => reject(new Error("connected")));
      });
    } finally {
      socket.close();
    }
  }

  get session(): SessionPayload {
    const s = this.sessions.at(-1);
    if (!s) throw new Error("no session yet");
    return s;
  }

  /** The stored conversation, once a `session` named one (the first message creates it). */
  async conversationId(timeoutMs = WAIT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const id = this.sessions.at(-1)?.conversationId;
      if (id) return id;
      if (Date.now() > deadline) throw new Error("no session with a conversation");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The stored customer, once a `session` named one. */
  async customerId(timeoutMs = WAIT_MS): Promise<string> {
    await this.conversationId(timeoutMs);
    return this.session.customerId as string;
  }

  request<T = Record<string, unknown>>(event: string, payload?: unknown): Promise<T> {
    return (
      payload === undefined ? this.socket.emitWithAck(event) : this.socket.emitWithAck(event, payload)
    ) as Promise<T>;
  }

  /** Waits until the server sent `count` messages of a role (or any role). */
  async waitFor(count: number, role?: MessageView["role"], timeoutMs = WAIT_MS): Promise<MessageView[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter((m) => !role || m.role === role);
      if (found.length >= count) return found;
      if (Date.now() > deadline) {
        throw new Error(
          `expected ${count} ${role ?? ""} messages, got ${JSON.stringify(this.messages.map((m) => m.text))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async waitForEvent(event: string, timeoutMs = WAIT_MS): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.event === event);
      if (found) return found.payload;
      if (Date.now() > deadline) throw new Error(`no ${event} event`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.socket.close();
  }
}
