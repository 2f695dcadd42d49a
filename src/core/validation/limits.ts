/**
 * Sizes of the chat protocol (docs/protocol.md), shared by the schemas of
 * every channel and by the Socket.IO frame limit (channels/socket/frame-limit.ts).
 */
export const TEXT_LIMITS = {
  /** A chat message, a note, a canned response, a leave-a-message text. */
  message: 4000,
  /** A rating's comment. */
  comment: 1000,
  /** A handoff summary and a quick-reply value. */
  summary: 500,
  /** A canned response's title. */
  title: 100,
  /** A name (offline message). */
  name: 200,
  /** An e-mail address. */
  email: 254,
  /** A phone number. */
  phone: 40,
  /** A client-chosen message id. */
  clientId: 100,
  /** A server id (conversation, user, canned response, offline message). */
  id: 64,
} as const;

/**
 * The largest Socket.IO packet a client may send (the server's
 * maxHttpBufferSize). It agrees with the text limits above: the largest
 * valid event (a /widget message: clientId, 4,000 characters of text and a
 * 500-character value) with every character at its worst encoding (JSON
 * writes a control character as `\u00XX`, 6 bytes) is about 27.6 KB, so every
 * valid payload fits, and a text a little over its limit still arrives and
 * gets an `invalid_input` acknowledgement. A packet over this size closes
 * the connection (engine.io cannot answer it); the clients check the size
 * before sending (web-widget/src/limits.ts, agent-console/src/connection.ts).
 */
export const SOCKET_FRAME_BYTES = 32 * 1024;

/** The bytes a Socket.IO event takes on the wire, near enough (its JSON plus the packet header). */
export function socketFrameBytes(event: string, payload: unknown): number {
  return new TextEncoder().encode(JSON.stringify([event, payload])).length + 32;
}
