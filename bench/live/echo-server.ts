import { createServer } from "node:http";
import { Server } from "socket.io";

/**
 * The floor: a bare Socket.IO server with the same versions and the same
 * server options as Skranke's (src/channels/socket/socket-server.ts). A
 * `message` is acknowledged and answered with one `message` back, as a bot
 * turn would be, with nothing stored and nothing computed.
 */
const http = createServer();
const io = new Server(http, {
  maxHttpBufferSize: 32 * 1024,
  pingInterval: 20_000,
  connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
});
let id = 0;
io.of("/widget").on("connection", (socket) => {
  socket.emit("session", { token: "echo", conversationId: "echo", status: "bot" });
  socket.on("message", (payload: { clientId?: string; text?: string }, ack?: (a: unknown) => void) => {
    const stored = ++id;
    ack?.({ ok: true, id: stored, duplicate: false });
    socket.emit("message", { id: stored + 1, role: "bot", text: `echo: ${String(payload?.text).slice(0, 100)}` });
  });
});
http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
});
process.on("SIGTERM", () => {
  io.close();
  process.exit(0);
});
