import { gunzip } from "node:zlib";
import type restify from "restify";
import { sendError } from "./http-errors.js";

/**
 * Reads a request body sent with `Content-Encoding: gzip` before restify's
 * bodyParser sees it. Restify's own reader pipes such a body through a Gunzip
 * stream without an 'error' listener (one request with a broken or truncated
 * gzip body killed the process) and limits only the compressed size (a small
 * body could inflate to hundreds of megabytes). Here both sizes are limited,
 * a body that does not decompress is a 400 `invalid_input`, and the decoded
 * body is handed on the way restify's reader would have left it, so the
 * parsers (JSON, form) work as usual. Other encodings are left to restify,
 * which refuses them with 415.
 */
export function compressedBodyReader(maxBodySize: number): restify.RequestHandler {
  return (req, res, next) => {
    const encoding = req.headers["content-encoding"];
    if (typeof encoding !== "string" || encoding.trim().toLowerCase() !== "gzip") return next();
    // Restify never reads these two as a whole body (no Gunzip either): its parsers decide.
    const type = req.contentType();
    if (type === "multipart/form-data" || type === "application/octet-stream") return next();
    const state = req as restify.Request & { _readBody?: boolean };
    if (state._readBody) return next();
    state._readBody = true;
    if (req.getContentLength() === 0 && !req.isChunked()) return next();

    let finished = false;
    const finish = (fn: () => void) => {
      if (finished) return;
      finished = true;
      fn();
    };
    const chunks: Buffer[] = [];
    let received = 0;
    req.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBodySize) chunks.push(chunk);
    });
    req.once("error", () => finish(() => next(false)));
    req.once("aborted", () => finish(() => next(false)));
    req.once("end", () => {
      if (received > maxBodySize) {
        finish(() => {
          sendError(res, "payload_too_large", `the request body may be at most ${maxBodySize} bytes`);
          next(false);
        });
        return;
      }
      gunzip(Buffer.concat(chunks), { maxOutputLength: maxBodySize }, (err, decoded) => {
        finish(() => {
          if (err) {
            const tooLarge = (err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";
            if (tooLarge)
              sendError(res, "payload_too_large", `the decompressed body may be at most ${maxBodySize} bytes`);
            else sendError(res, "invalid_input", "the body is not valid gzip (Content-Encoding: gzip)");
            next(false);
            return;
          }
          req.body = isText(type) ? decoded.toString("utf8") : decoded;
          next();
        });
      });
    });
    req.resume();
  };
}

/** The content types restify's body reader turns into a string (its parsers expect one). */
function isText(contentType: string | undefined): boolean {
  if (!contentType) return true;
  return (
    contentType === "application/json" ||
    contentType === "application/x-www-form-urlencoded" ||
    contentType === "multipart/form-data" ||
    contentType.startsWith("text/")
  );
}
