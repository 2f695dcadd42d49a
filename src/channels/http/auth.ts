import type restify from "restify";
import type { AccountService } from "../../core/accounts/account-service.js";
import { hasRole, type Principal, type Role } from "../../core/accounts/roles.js";
import { sendError } from "./http-errors.js";

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

/** Restify handler: 401 without a valid session, 403 without one of the roles (admin always passes). */
export function requireRole(accounts: AccountService, roles: readonly Role[]): restify.RequestHandler {
  return async (req, res) => {
    const principal = await accounts.authenticate(bearerToken(req));
    if (!principal) {
      sendError(res, "unauthenticated", "log in first (Authorization: Bearer <token>)");
      return false;
    }
    if (!hasRole(principal, roles)) {
      sendError(res, "forbidden", `this needs the role ${roles.join(" or ")}`);
      return false;
    }
    (req as RequestWithPrincipal).principal = principal;
  };
}
