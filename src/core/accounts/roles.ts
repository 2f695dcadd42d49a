/**
 * Staff roles and what they may reach. Customers are not users: they hold a
 * widget token that opens their own conversations only.
 */
export const ROLES = ["agent", "supervisor", "compliance", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  /** The user's organisation; null for admins and compliance staff across all organisations. */
  organisationId: string | null;
  sessionId: string;
}

export function hasRole(p: Principal, roles: readonly Role[]): boolean {
  return p.role === "admin" || roles.includes(p.role);
}

/** An agent or supervisor works inside one organisation; cross-organisation staff see all. */
export function canAccessOrganisation(p: Principal, organisationId: string): boolean {
  return p.organisationId === null || p.organisationId === organisationId;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
