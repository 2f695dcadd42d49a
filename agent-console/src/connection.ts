import { io, type Socket } from "socket.io-client";
import { SOCKET_FRAME_BYTES, socketFrameBytes } from "../../src/core/validation/limits.js";

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
  readonly socket: Socket;

  constructor(token: string) {
    this.socket = io("/agent", { auth: { token }, transports: ["websocket", "polling"] });
  }

  async request<T = Record<string, unknown>>(event: string, payload: Record<string, unknown> = {}): Promise<T> {
    let answer: { ok: boolean; error?: { code: string; message: string } } & Record<string, unknown>;
    // Bigger than the server takes: sending it would only close the connection.
    if (socketFrameBytes(event, payload) > SOCKET_FRAME_BYTES) {
      throw new RequestError("payload_too_large", "too large to send");
    }
    try {
      answer = await this.socket.timeout(10_000).emitWithAck(event, payload);
    } catch {
      throw new RequestError("timeout", "no answer from the server");
    }
    if (!answer.ok) throw new RequestError(answer.error?.code ?? "internal", answer.error?.message ?? "");
    return answer as T;
  }

  /** Fire and forget (typing). */
  send(event: string, payload: Record<string, unknown>): void {
    this.socket.emit(event, payload);
  }

  on<T>(event: string, listener: (payload: T) => void): void {
    this.socket.on(event, listener as (...args: unknown[]) => void);
  }

  close(): void {
    this.socket.disconnect();
  }
}
