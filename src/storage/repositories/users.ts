import type { Prisma } from "../database.js";
import type { User, UserRole, UserSession } from "../generated/sqlite/client.js";

export type { User, UserRole, UserSession };

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string;
  role: UserRole;
  organisationId: string | null;
  maxConcurrentChats?: number;
}

/** Staff accounts and their login sessions. */
export class UserRepository {
  constructor(private readonly prisma: Prisma) {}

  create(input: NewUser): Promise<User> {
    return this.prisma.user.create({ data: { ...input, email: input.email.toLowerCase() } });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { email: email.toLowerCase() } });
  }

  findById(id: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { id } });
  }

  /** Name and e-mail of the accounts among `ids` (the StaffDirectory port of the compliance pages). */
  async findByIds(ids: readonly string[]): Promise<Array<{ id: string; name: string; email: string }>> {
    const rows = await this.prisma.user.findMany({
      where: { id: { in: [...ids] } },
      select: { id: true, displayName: true, email: true },
    });
    return rows.map((u) => ({ id: u.id, name: u.displayName, email: u.email }));
  }

  listByOrganisation(organisationId: string): Promise<User[]> {
    return this.prisma.user.findMany({ where: { organisationId }, orderBy: { displayName: "asc" } });
  }

  update(
    id: string,
    patch: Partial<
      Pick<
        User,
        | "displayName"
        | "passwordHash"
        | "disabled"
        | "failedLogins"
        | "lockedUntil"
        | "presence"
        | "lastSeenAt"
        | "maxConcurrentChats"
        | "role"
        | "organisationId"
      >
    >,
  ): Promise<User> {
    return this.prisma.user.update({ where: { id }, data: patch });
  }

  /** Counts a failed login; returns the new count. */
  async recordFailedLogin(id: string, lockUntil: (failures: number) => Date | null): Promise<number> {
    const user = await this.prisma.user.update({ where: { id }, data: { failedLogins: { increment: 1 } } });
    const until = lockUntil(user.failedLogins);
    if (until) await this.prisma.user.update({ where: { id }, data: { lockedUntil: until } });
    return user.failedLogins;
  }

  createSession(userId: string, tokenHash: string, expiresAt: Date, now: Date): Promise<UserSession> {
    return this.prisma.userSession.create({ data: { userId, tokenHash, expiresAt, createdAt: now, lastUsedAt: now } });
  }

  findSession(tokenHash: string): Promise<(UserSession & { user: User }) | null> {
    return this.prisma.userSession.findUnique({ where: { tokenHash }, include: { user: true } });
  }

  findSessionsById(ids: string[]): Promise<Array<UserSession & { user: User }>> {
    return this.prisma.userSession.findMany({ where: { id: { in: ids } }, include: { user: true } });
  }

  touchSession(id: string, now: Date): Promise<UserSession> {
    return this.prisma.userSession.update({ where: { id }, data: { lastUsedAt: now } });
  }

  revokeSession(id: string, now: Date): Promise<UserSession> {
    return this.prisma.userSession.update({ where: { id }, data: { revokedAt: now } });
  }

  async revokeAllSessions(userId: string, now: Date): Promise<number> {
    const r = await this.prisma.userSession.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: now },
    });
    return r.count;
  }
}
