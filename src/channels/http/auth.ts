import type restify from "restify";
import type { AccountService } from "../../core/accounts/account-service.js";
import { hasRole, type Principal, type Role } from "../../core/accounts/roles.js";
import { statusOf } from "../../core/errors/error-codes.js";
import { sendError } from "./http-errors.js";
import type { RequestWithLog } from "./server.js";

/**
 * Role checks for HTTP routes. Staff send `Authorization: Bearer <session token>`
 * (from POST /api/auth/login). Every staff route is wrapped in requireRole.
 */
type RequestWithPrincipal = restify.Request & { principal?: Principal };

export function bearerToken(req: restify.Request): string | undefined {
  const header = req.header("authorization");
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

export function principalOf(req: restify.Request): Principal {
  const p = (req as RequestWithPrincipal).principal;
  if (!p) throw new Error("principalOf called on a route without requireRole");
  return p;
}

/**
 * Restify handler: 401 without a valid session, 403 without one of the roles
 * (admin always passes). A refused request ends here (`next(false)`: the
 * route's handler never runs) and is logged at info, as the caller's
 * mistake, not the server's.
 */
export function requireRole(accounts: AccountService, roles: readonly Role[]): restify.RequestHandler {
  return (req, res, next) => {
    const refuse = (code: "unauthenticated" | "forbidden", message: string, userId?: string) => {
      const status = statusOf(code);
      (req as RequestWithLog).reqLog?.info(
        { status, code, method: req.method, path: req.path(), ...(userId ? { userId } : {}) },
        "request refused",
      );
      sendError(res, code, message);
      next(false);
    };
    accounts.authenticate(bearerToken(req)).then(
      (principal) => {
        if (!principal) return refuse("unauthenticated", "log in first (Authorization: Bearer <token>)");
        if (!hasRole(principal, roles)) {
          return refuse("forbidden", `this needs the role ${roles.join(" or ")}`, principal.userId);
        }
        (req as RequestWithPrincipal).principal = principal;
        next();
      },
      (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
    );
  };
}
