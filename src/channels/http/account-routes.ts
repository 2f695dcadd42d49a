import { RateLimiterMemory } from "rate-limiter-flexible";
import type restify from "restify";
import { z } from "zod";
import type { AccountService } from "../../core/accounts/account-service.js";
import { ROLES } from "../../core/accounts/roles.js";
import { principalOf, requireRole } from "./auth.js";
import { sendError } from "./http-errors.js";

const loginBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
});

/**
 * POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me.
 * Login is rate limited per client address and per e-mail (rate-limiter-flexible);
 * accounts lock after repeated failures (AccountService).
 */
export function registerAccountRoutes(server: restify.Server, accounts: AccountService): void {
  const perIp = new RateLimiterMemory({ points: 20, duration: 60 });
  const perEmail = new RateLimiterMemory({ points: 10, duration: 60 });

  server.post("/api/auth/login", async (req, res) => {
    const parsed = loginBody.safeParse(req.body);
    if (!parsed.success) {
      sendError(res, "invalid_input", 'send JSON {"email": "...", "password": "..."}');
      return;
    }
    const ip = req.connection.remoteAddress ?? "unknown";
    try {
      await perIp.consume(ip);
      await perEmail.consume(parsed.data.email.toLowerCase());
    } catch {
      res.setHeader("retry-after", "60");
      sendError(res, "rate_limited", "too many login attempts; wait a minute");
      return;
    }
    // A refused login (AccountError) is answered by the server's error handler (http-errors.ts).
    const { token, expiresAt, principal } = await accounts.login(parsed.data.email, parsed.data.password);
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
