import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";

/**
 * The Socket.IO server on the same port as HTTP. Namespaces: /widget
 * (customers) and /agent (agents); see docs/protocol.md.
 */
export function createSocketServer(http: HttpServer): Server {
  return new Server(http, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    // Lets a reconnecting client get the packets it missed during a short drop.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    cors: { origin: true, credentials: false },
  });
}
