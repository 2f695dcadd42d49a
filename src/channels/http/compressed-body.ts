import { gunzip, inflate } from "node:zlib";
import type restify from "restify";
import { sendError } from "./server.js";

/**
 * Reads and decompresses request bodies sent with `Content-Encoding: gzip`
 * or `deflate` before restify's body parser sees them.
 *
 * restify's own reader pipes such bodies through a zlib stream without an
 * `'error'` listener, so one invalid or truncated gzip body killed the
 * process. Here the compressed body is read up to `maxBodySize` bytes and
 * decompressed with the same limit on its output (no decompression bombs);
 * a body that does not decompress gets a 400 `invalid_body` and nothing else
 * runs. The result is handed to restify's parser as an already read body.
 */
export function compressedBodyReader(maxBodySize: number): restify.RequestHandler {
  return (req, res, next) => {
    const encoding = String(req.headers["content-encoding"] ?? "")
      .trim()
      .toLowerCase();
    if (encoding !== "gzip" && encoding !== "deflate") return next();
    const chunks: Buffer[] = [];
    let received = 0;
    let finished = false;
    const finish = (status: number | undefined, code?: string, message?: string) => {
      if (finished) return;
      finished = true;
      if (status !== undefined && code && message) {
        // The rest of the body is not wanted: stop reading and close the connection after the answer.
        res.setHeader("Connection", "close");
        sendError(res, status, code, message);
        next(false);
        return;
      }
      next();
    };
    req.on("data", (chunk: Buffer) => {
      if (finished) return;
      received += chunk.length;
      if (received > maxBodySize) {
        finish(413, "payload_too_large", `Request body size exceeds ${maxBodySize} bytes`);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.once("error", () => finish(400, "invalid_body", "The request body could not be read"));
    req.once("end", () => {
      if (finished) return;
      const decompress = encoding === "gzip" ? gunzip : inflate;
      decompress(Buffer.concat(chunks), { maxOutputLength: maxBodySize }, (err, body) => {
        if (err) {
          const tooLarge = (err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";
          if (tooLarge) finish(413, "payload_too_large", `Decompressed body exceeds ${maxBodySize} bytes`);
          else finish(400, "invalid_body", `The request body is not valid ${encoding} data`);
          return;
        }
        const contentType = req.contentType();
        const isText =
          !contentType ||
          contentType === "application/json" ||
          contentType === "application/x-www-form-urlencoded" ||
          contentType.startsWith("text/");
        const target = req as restify.Request & { body?: unknown; _readBody?: boolean };
        target.body = isText ? body.toString("utf8") : body;
        // restify's body reader skips a body that has been read once.
        target._readBody = true;
        finish(undefined);
      });
    });
  };
}
