/**
 * The protocol's sizes as the widget checks them before sending
 * (docs/protocol.md). They are the server's (src/core/validation/limits.ts);
 * a test keeps the two equal.
 */
export const MAX_MESSAGE_CHARS = 4000;

/** The largest Socket.IO packet the server accepts; a bigger one would close the connection. */
export const MAX_FRAME_BYTES = 32 * 1024;

/** The bytes an event takes on the wire, near enough (its JSON plus the packet header). */
export function frameBytes(event: string, payload: unknown): number {
  return new TextEncoder().encode(JSON.stringify([event, payload])).length + 32;
}
