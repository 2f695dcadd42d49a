import type { AuditRepository } from "../../storage/repositories/audit.js";
import type { OrganisationRepository } from "../../storage/repositories/organisations.js";
import type { User, UserRepository } from "../../storage/repositories/users.js";
import type { Clock } from "../clock.js";
import { DomainError } from "../errors/domain-error.js";
import { hashPassword, passwordProblem, verifyPassword } from "./passwords.js";
import { isRole, type Principal, type Role } from "./roles.js";
import { hashToken, newToken } from "./tokens.js";

export type AccountErrorCode =
  | "invalid_credentials"
  | "locked"
  | "disabled"
  | "invalid_input"
  | "exists"
  | "not_found"
  | "unauthenticated";

export class AccountError extends DomainError<AccountErrorCode> {
  constructor(code: AccountErrorCode, message: string) {
    super(code, message);
    this.name = "AccountError";
  }
}

export const LOCKOUT_AFTER_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Staff accounts: creation, login with lockout, expiring sessions, logout. */
export class AccountService {
  constructor(
    private readonly users: UserRepository,
    private readonly organisations: OrganisationRepository,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    private readonly sessionTtlHours: number,
  ) {}

  async createUser(input: {
    email: string;
    displayName?: string;
    role: string;
    organisationSlug?: string | null;
    password: string;
    maxConcurrentChats?: number;
  }): Promise<User> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw new AccountError("invalid_input", `"${input.email}" is not an e-mail address`);
    if (!isRole(input.role)) {
      throw new AccountError(
        "invalid_input",
        `role must be agent, supervisor, compliance or admin (got "${input.role}")`,
      );
    }
    const problem = passwordProblem(input.password);
    if (problem) throw new AccountError("invalid_input", `password ${problem}`);
    let organisationId: string | null = null;
    if (input.organisationSlug) {
      const org = await this.organisations.findBySlug(input.organisationSlug);
      if (!org) throw new AccountError("invalid_input", `unknown organisation "${input.organisationSlug}"`);
      organisationId = org.id;
    } else if (input.role === "agent" || input.role === "supervisor") {
      throw new AccountError("invalid_input", "agents and supervisors need an organisation (--org SLUG)");
    }
    if (await this.users.findByEmail(email)) throw new AccountError("exists", `a user with e-mail ${email} exists`);
    const user = await this.users.create({
      email,
      displayName: input.displayName?.trim() || email.split("@")[0] || email,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      organisationId,
      ...(input.maxConcurrentChats ? { maxConcurrentChats: input.maxConcurrentChats } : {}),
    });
    await this.audit.record(
      { action: "user.created", targetType: "user", targetId: user.id, organisationId, details: { role: user.role } },
      this.clock.now(),
    );
    return user;
  }

  async login(email: string, password: string): Promise<{ token: string; principal: Principal; expiresAt: Date }> {
    const now = this.clock.now();
    const user = await this.users.findByEmail(email.trim());
    if (!user) {
      // Same work as a real check, so timing does not reveal which e-mails exist.
      await verifyPassword(password, "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA");
      throw new AccountError("invalid_credentials", "wrong e-mail or password");
    }
    if (user.disabled) throw new AccountError("disabled", "this account is disabled");
    if (user.lockedUntil && user.lockedUntil > now) {
      throw new AccountError("locked", `too many failed logins; try again after ${user.lockedUntil.toISOString()}`);
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      const failures = await this.users.recordFailedLogin(user.id, (n) =>
        n >= LOCKOUT_AFTER_FAILURES ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : null,
      );
      await this.audit.record(
        { action: "user.login_failed", targetType: "user", targetId: user.id, details: { failures } },
        now,
      );
      throw new AccountError("invalid_credentials", "wrong e-mail or password");
    }
    await this.users.update(user.id, { failedLogins: 0, lockedUntil: null, lastSeenAt: now });
    const token = newToken();
    const expiresAt = new Date(now.getTime() + this.sessionTtlHours * 3_600_000);
    const session = await this.users.createSession(user.id, hashToken(token), expiresAt, now);
    await this.audit.record(
      { action: "user.login", actorId: user.id, actorRole: user.role, targetType: "user", targetId: user.id },
      now,
    );
    return { token, expiresAt, principal: toPrincipal(user, session.id) };
  }

  /** The principal behind a session token, or null when unknown, expired, revoked or disabled. */
  async authenticate(token: string | undefined | null): Promise<Principal | null> {
    if (!token || token.length > 200) return null;
    const session = await this.users.findSession(hashToken(token));
    const now = this.clock.now();
    if (!session || session.revokedAt || session.expiresAt <= now || session.user.disabled) return null;
    if (now.getTime() - session.lastUsedAt.getTime() > 60_000) await this.users.touchSession(session.id, now);
    return toPrincipal(session.user, session.id);
  }

  async logout(principal: Principal): Promise<void> {
    await this.users.revokeSession(principal.sessionId, this.clock.now());
    await this.audit.record(
      { action: "user.logout", actorId: principal.userId, actorRole: principal.role, targetId: principal.userId },
      this.clock.now(),
    );
  }

  async setDisabled(email: string, disabled: boolean, actor: string): Promise<User> {
    const user = await this.users.findByEmail(email);
    if (!user) throw new AccountError("not_found", `no user with e-mail ${email}`);
    const updated = await this.users.update(user.id, { disabled });
    if (disabled) await this.users.revokeAllSessions(user.id, this.clock.now());
    await this.audit.record(
      { action: disabled ? "user.disabled" : "user.enabled", actorId: actor, targetType: "user", targetId: user.id },
      this.clock.now(),
    );
    return updated;
  }

  async resetPassword(email: string, password: string, actor: string): Promise<User> {
    const user = await this.users.findByEmail(email);
    if (!user) throw new AccountError("not_found", `no user with e-mail ${email}`);
    const problem = passwordProblem(password);
    if (problem) throw new AccountError("invalid_input", `password ${problem}`);
    const updated = await this.users.update(user.id, {
      passwordHash: await hashPassword(password),
      failedLogins: 0,
      lockedUntil: null,
    });
    await this.users.revokeAllSessions(user.id, this.clock.now());
    await this.audit.record(
      { action: "user.password_reset", actorId: actor, targetType: "user", targetId: user.id },
      this.clock.now(),
    );
    return updated;
  }
}

export function toPrincipal(user: User, sessionId: string): Principal {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role as Role,
    organisationId: user.organisationId,
    sessionId,
  };
}
