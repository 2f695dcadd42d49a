import type { Role } from "./roles.js";

/** A staff account as the core knows it (src/storage's rows carry these fields, and more). */
export interface StaffAccount {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  /** Null only for admins and compliance staff who work across organisations. */
  organisationId: string | null;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  maxConcurrentChats: number;
  /** offline | online | away */
  presence: string;
  lastSeenAt: Date | null;
  createdAt: Date;
}

export interface StaffSession {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date;
  revokedAt: Date | null;
}

export interface NewStaffAccount {
  email: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  organisationId: string | null;
  maxConcurrentChats?: number;
}

/** The port of AccountService: staff accounts and their login sessions (src/storage implements it). */
export interface AccountStore {
  create(input: NewStaffAccount): Promise<StaffAccount>;
  /** By e-mail, whatever its case. */
  findByEmail(email: string): Promise<StaffAccount | null>;
  update(
    id: string,
    patch: Partial<Pick<StaffAccount, "passwordHash" | "disabled" | "failedLogins" | "lockedUntil" | "lastSeenAt">>,
  ): Promise<StaffAccount>;
  createSession(userId: string, tokenHash: string, expiresAt: Date, now: Date): Promise<StaffSession>;
  findSession(tokenHash: string): Promise<(StaffSession & { user: StaffAccount }) | null>;
  findSessionsById(ids: string[]): Promise<Array<StaffSession & { user: StaffAccount }>>;
  touchSession(id: string, now: Date): Promise<unknown>;
  revokeSession(id: string, now: Date): Promise<unknown>;
  /** Revokes every session of the account not revoked yet; returns how many. */
  revokeAllSessions(userId: string, now: Date): Promise<number>;
}
