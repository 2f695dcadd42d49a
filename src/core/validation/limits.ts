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
