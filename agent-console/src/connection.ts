import { io, type Socket } from "socket.io-client";
import { SOCKET_FRAME_BYTES, socketFrameBytes } from "../../src/core/validation/limits.js";
import type {
  Ack,
  AgentClientEvents,
  AgentPayloadIn,
  AgentReplies,
  AgentServerEvents,
} from "../../src/protocol/agent.js";

/** The /agent Socket.IO connection: requests are acknowledged `{ ok, ... }` or `{ ok: false, error }`. */
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class Connection {
  readonly socket: Socket<AgentServerEvents, AgentClientEvents>;

  constructor(token: string) {
    this.socket = io("/agent", { auth: { token }, transports: ["websocket", "polling"] });
  }

  /**
   * Sends `event` and resolves with its reply (src/protocol/agent.ts), or
   * throws RequestError. The payload may be left out when all its fields are optional.
   */
  async request<E extends keyof AgentReplies>(
    event: E,
    ...[payload]: Record<never, never> extends AgentPayloadIn<E> ? [AgentPayloadIn<E>?] : [AgentPayloadIn<E>]
  ): Promise<AgentReplies[E]> {
    const body = payload ?? {};
    // Bigger than the server takes: sending it would only close the connection.
    if (socketFrameBytes(event, body) > SOCKET_FRAME_BYTES) {
      throw new RequestError("payload_too_large", "too large to send");
    }
    let answer: Ack<AgentReplies[E]>;
    try {
      // Typed by request()'s signature; Socket.IO's own types cannot follow a generic event name.
      answer = await (this.socket as unknown as Socket).timeout(10_000).emitWithAck(event, body);
    } catch {
      throw new RequestError("timeout", "no answer from the server");
    }
    if (!answer.ok) throw new RequestError(answer.error?.code ?? "internal", answer.error?.message ?? "");
    return answer;
  }

  /** Fire and forget (typing). */
  send(event: "typing" | "conversation:unwatch", payload: AgentPayloadIn<"typing" | "conversation:unwatch">): void {
    (this.socket as unknown as Socket).emit(event, payload);
  }

  on<E extends keyof AgentServerEvents>(event: E, listener: AgentServerEvents[E]): void {
    // Socket.IO's types accept the listener of a known event only; E is one.
    (this.socket as unknown as Socket).on(event as string, listener as (...args: unknown[]) => void);
  }

  close(): void {
    this.socket.disconnect();
  }
}
