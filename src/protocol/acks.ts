import type { ErrorCode } from "../core/errors/error-codes.js";

/**
 * The one acknowledgement shape of both Socket.IO namespaces
 * (docs/protocol.md): `{ ok: true, ...reply }` or
 * `{ ok: false, error: { code, message } }`. Codes are those of
 * core/errors/error-codes.ts, which also gives each its HTTP status; clients
 * add codes of their own for failures that never reach the server
 * (`timeout`, `offline`), hence the `C` parameter.
 */
export interface AckError<C extends string = ErrorCode> {
  ok: false;
  error: { code: C; message: string };
}

export type AckOk<T extends object = object> = { ok: true } & T;

export type Ack<T extends object = object, C extends string = ErrorCode> = AckOk<T> | AckError<C>;

/** A client→server event map entry: the validated payload's input type and the acknowledgement callback. */
export type Request<P, R extends object> = (payload: P, ack: (answer: Ack<R>) => void) => void;

/** A client→server event whose sender may leave out the acknowledgement (typing). */
export type Notice<P, R extends object> = (payload: P, ack?: (answer: Ack<R>) => void) => void;

/** An empty reply: `{ ok: true }`. */
export type NoReply = Record<never, never>;
