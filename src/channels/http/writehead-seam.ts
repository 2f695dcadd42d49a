import { ServerResponse } from "node:http";

/**
 * restify (lib/response.js) replaces `ServerResponse.prototype.writeHead`
 * for every response in the process with a version that returns nothing,
 * while Node's own returns the response. engine.io's long-polling transport
 * chains on it (`res.writeHead(413).end()`, `res.writeHead(400).end()`), so
 * an over-limit or bad polling request threw inside an event handler and
 * took the process down. This restores Node's contract (return `this`)
 * around restify's version; restify's header event and 204/304 handling
 * are kept. Idempotent: safe to call for every server created.
 */
export function chainableWriteHead(): void {
  const proto = ServerResponse.prototype as ServerResponse & { [patched]?: true };
  if (proto[patched]) return;
  const restifyWriteHead = proto.writeHead;
  proto.writeHead = function writeHead(this: ServerResponse, ...args: unknown[]) {
    (restifyWriteHead as (...a: unknown[]) => unknown).apply(this, args);
    return this;
  } as ServerResponse["writeHead"];
  proto[patched] = true;
}

const patched = Symbol.for("skranke.chainableWriteHead");
