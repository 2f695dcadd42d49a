import type restify from "restify";
import { z } from "zod";
import type { RateLimit } from "../../config/config.js";
import { clientAddressOf, type TrustProxy } from "../../config/trust-proxy.js";
import { AccountError, type AccountService } from "../../core/accounts/account-service.js";
import { ROLES } from "../../core/accounts/roles.js";
import { principalOf, requireRole } from "./auth.js";
import { sendError } from "./http-errors.js";
import { consumed, type LimiterStore } from "./rate-limiters.js";

const loginBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
});

export interface AccountRouteOptions {
  limiters: LimiterStore;
  /** Login attempts per client address (SKRANKE_LIMIT_LOGINS). */
  logins: RateLimit;
  trustProxy: TrustProxy;
}

/**
 * POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me.
 * Login is rate limited per client address (TRUST_PROXY decides what that
 * is behind a proxy); repeated wrong passwords for one account from one
 * address pause logins there (AccountService).
 */
export function registerAccountRoutes(
  server: restify.Server,
  accounts: AccountService,
  options: AccountRouteOptions,
): void {
  const perAddress = options.limiters.limiter("logins", options.logins);

  server.post("/api/auth/login", async (req, res) => {
    const parsed = loginBody.safeParse(req.body);
    if (!parsed.success) {
      sendError(res, "invalid_input", 'send JSON {"email": "...", "password": "..."}');
      return;
    }
    const address = clientAddressOf(req, options.trustProxy);
    if (!(await consumed(perAddress, address))) {
      res.setHeader("retry-after", String(options.logins.duration));
      sendError(res, "rate_limited", "too many login attempts; wait a minute");
      return;
    }
    try {
      const { token, expiresAt, principal } = await accounts.login(parsed.data.email, parsed.data.password, address);
      res.json({
        token,
        expiresAt: expiresAt.toISOString(),
        user: {
          id: principal.userId,
          email: principal.email,
          displayName: principal.displayName,
          role: principal.role,
          organisationId: principal.organisationId,
        },
      });
    } catch (err) {
      if (err instanceof AccountError) {
        sendError(res, err.code, err.message);
        return;
      }
      throw err;
    }
  });

  server.post("/api/auth/logout", requireRole(accounts, ROLES), async (req, res) => {
    await accounts.logout(principalOf(req));
    res.json({ ok: true });
  });

  server.get("/api/auth/me", requireRole(accounts, ROLES), async (req, res) => {
    const p = principalOf(req);
    res.json({
      id: p.userId,
      email: p.email,
      displayName: p.displayName,
      role: p.role,
      organisationId: p.organisationId,
    });
  });
}
