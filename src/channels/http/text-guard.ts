import type restify from "restify";
import { findForbiddenText, TEXT_RULE_MESSAGE } from "../../core/validation/text.js";
import { sendError } from "./http-errors.js";

/**
 * The text rule (core/validation/text.ts) for every HTTP route at once: the
 * query string, the route's parameters and a parsed JSON body are checked
 * before any handler runs, and a NUL or an unpaired surrogate anywhere in
 * them is a 400 `invalid_input` naming the field. Routes added later are
 * covered without doing anything.
 */
export function textRuleGuard(): restify.RequestHandler {
  return (req, res, next) => {
    const parts: Array<[string, unknown]> = [
      ["query", req.query],
      ["params", req.params],
      ["body", Buffer.isBuffer(req.body) ? undefined : req.body],
    ];
    for (const [where, value] of parts) {
      const path = findForbiddenText(value);
      if (path) {
        sendError(res, "invalid_input", `${[where, ...path].join(".")}: ${TEXT_RULE_MESSAGE}`);
        return next(false);
      }
    }
    return next();
  };
}
