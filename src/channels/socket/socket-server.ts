import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import { SOCKET_FRAME_BYTES } from "../../core/validation/limits.js";

/**
 * The Socket.IO server on the same port as HTTP. Namespaces: /widget
 * (customers) and /agent (agents); see docs/protocol.md. Without an adapter
 * rooms live in this process's memory; with the Redis adapter
 * (REDIS_URL, ./redis-adapter.ts) room emits, fetchSockets() and
 * connection-state recovery span every server process.
 */
export function createSocketServer(http: HttpServer, options: { adapter?: ServerOptions["adapter"] } = {}): Server {
  return new Server(http, {
    serveClient: false,
    // Agrees with the protocol's text limits (core/validation/limits.ts).
    maxHttpBufferSize: SOCKET_FRAME_BYTES,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    // Lets a reconnecting client get the packets it missed during a short drop.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    cors: { origin: true, credentials: false },
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
}
