import type { Clock } from "../clock.js";
import { DomainError } from "../errors/domain-error.js";
import type { AuditLog, OrganisationRecord } from "../handoff/handoff-stores.js";
import type { AccountStore, StaffAccount } from "./account-store.js";
import { type LoginLockout, MemoryLoginLockout } from "./login-lockout.js";
import { hashPassword, passwordProblem, verifyPassword } from "./passwords.js";
import { isRole, type Principal } from "./roles.js";
import { SessionRevocationBus } from "./session-revocations.js";
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

/**
 * The one answer to every refused login: unknown e-mail, wrong password,
 * disabled account and paused logins look alike (same code, same message,
 * and a password check each time), so a caller learns nothing about which
 * accounts exist or what state they are in.
 */
export const LOGIN_REFUSED =
  "wrong e-mail or password (after repeated failures, logins from your address pause for a while)";

/** Checked against when the account does not exist, so that costs as much as a real check. */
const NO_ACCOUNT_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface AccountOptions {
  /** Where wrong passwords are counted; default: this process's memory. */
  lockout?: LoginLockout;
  /** Where ended sessions are announced (the agent sockets listen). */
  revocations?: SessionRevocationBus;
}

/** Staff accounts: creation, login with lockout, expiring sessions, logout. */
export class AccountService {
  private readonly lockout: LoginLockout;
  readonly revocations: SessionRevocationBus;

  constructor(
    private readonly users: AccountStore,
    private readonly organisations: { findBySlug(slug: string): Promise<OrganisationRecord | null> },
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly sessionTtlHours: number,
    options: AccountOptions = {},
  ) {
    this.lockout =
      options.lockout ?? new MemoryLoginLockout(clock, { failures: LOCKOUT_AFTER_FAILURES, minutes: LOCKOUT_MINUTES });
    this.revocations = options.revocations ?? new SessionRevocationBus();
  }

  async createUser(input: {
    email: string;
    displayName?: string;
    role: string;
    organisationSlug?: string | null;
    password: string;
    maxConcurrentChats?: number;
  }): Promise<StaffAccount> {
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

  /**
   * Logs in from `address` (the client's address, for the lockout). Every
   * refusal is the same AccountError("invalid_credentials", LOGIN_REFUSED),
   * and every attempt runs the password hash once.
   */
  async login(
    email: string,
    password: string,
    address = "unknown",
  ): Promise<{ token: string; principal: Principal; expiresAt: Date }> {
    const now = this.clock.now();
    const [locked, user] = await Promise.all([
      this.lockout.isLocked(email, address),
      this.users.findByEmail(email.trim()),
    ]);
    const matches = await verifyPassword(password, user?.passwordHash ?? NO_ACCOUNT_HASH);
    if (!user || !matches || user.disabled || locked) {
      if (!matches && !locked) await this.lockout.failed(email, address);
      if (user) {
        const reason = locked ? "locked" : !matches ? "wrong_password" : "disabled";
        await this.audit.record(
          { action: "user.login_failed", targetType: "user", targetId: user.id, details: { reason, address } },
          now,
        );
      }
      throw new AccountError("invalid_credentials", LOGIN_REFUSED);
    }
    await this.lockout.succeeded(email, address);
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
    return (await this.session(token))?.principal ?? null;
  }

  /** Like authenticate, with the moment the session expires. */
  async session(token: string | undefined | null): Promise<{ principal: Principal; expiresAt: Date } | null> {
    if (!token || token.length > 200) return null;
    const session = await this.users.findSession(hashToken(token));
    const now = this.clock.now();
    if (!session || session.revokedAt || session.expiresAt <= now || session.user.disabled) return null;
    if (now.getTime() - session.lastUsedAt.getTime() > 60_000) await this.users.touchSession(session.id, now);
    return { principal: toPrincipal(session.user, session.id), expiresAt: session.expiresAt };
  }

  /** Which of these sessions are still valid (not revoked, not expired, account not disabled). */
  async liveSessions(sessionIds: readonly string[]): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const now = this.clock.now();
    const rows = await this.users.findSessionsById([...new Set(sessionIds)]);
    return new Set(rows.filter((s) => !s.revokedAt && s.expiresAt > now && !s.user.disabled).map((s) => s.id));
  }

  async logout(principal: Principal): Promise<void> {
    await this.users.revokeSession(principal.sessionId, this.clock.now());
    await this.audit.record(
      { action: "user.logout", actorId: principal.userId, actorRole: principal.role, targetId: principal.userId },
      this.clock.now(),
    );
    await this.revocations.publish({ userId: principal.userId, sessionId: principal.sessionId, reason: "logout" });
  }

  async setDisabled(email: string, disabled: boolean, actor: string): Promise<StaffAccount> {
    const user = await this.users.findByEmail(email);
    if (!user) throw new AccountError("not_found", `no user with e-mail ${email}`);
    const updated = await this.users.update(user.id, { disabled });
    if (disabled) await this.users.revokeAllSessions(user.id, this.clock.now());
    await this.audit.record(
      { action: disabled ? "user.disabled" : "user.enabled", actorId: actor, targetType: "user", targetId: user.id },
      this.clock.now(),
    );
    if (disabled) await this.revocations.publish({ userId: user.id, sessionId: null, reason: "disabled" });
    return updated;
  }

  async resetPassword(email: string, password: string, actor: string): Promise<StaffAccount> {
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
    await this.revocations.publish({ userId: user.id, sessionId: null, reason: "password_reset" });
    return updated;
  }
}

export function toPrincipal(user: StaffAccount, sessionId: string): Principal {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    organisationId: user.organisationId,
    sessionId,
  };
}
