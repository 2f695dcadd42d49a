import { ServerResponse } from "node:http";
import "restify";

const CHAINABLE = Symbol.for("skranke.chainableWriteHead");

type WriteHead = ServerResponse["writeHead"] & { [CHAINABLE]?: true };

/**
 * Restify replaces `ServerResponse.prototype.writeHead` (for every response
 * of the process, not only its own) with a version that returns nothing,
 * where Node's returns the response. Engine.IO's long-polling transport
 * chains `res.writeHead(413).end()` and `res.writeHead(400).end()` on it, so
 * an oversized or binary polling POST threw inside a request 'data' listener
 * and took the process down. This puts Node's contract back on top of
 * restify's version: it still runs (its 'header' event and 204/304 header
 * clean-up), then the response is returned. Safe to call more than once.
 */
export function keepWriteHeadChainable(): void {
  const current = ServerResponse.prototype.writeHead as WriteHead;
  if (current[CHAINABLE]) return;
  const chainable = function writeHead(this: ServerResponse, ...args: unknown[]) {
    (current as (...a: unknown[]) => unknown).apply(this, args);
    return this;
  } as WriteHead;
  chainable[CHAINABLE] = true;
  ServerResponse.prototype.writeHead = chainable;
}
