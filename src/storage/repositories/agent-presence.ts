import type { Prisma } from "../database.js";
import type { User } from "../generated/sqlite/client.js";
import { asCount, type SqlRows } from "../raw-sql.js";
import { driverTimestamp } from "./stamped-append.js";

/** Staff who can take chats. */
const CHAT_ROLES = ["agent", "supervisor", "admin"] as const;

/** Enabled chat-taking staff of an organisation with a presence and a heartbeat at or after a time. */
const PRESENCE_COUNT = {
  sqlite: `SELECT COUNT(*) AS "count" FROM "User" WHERE "organisationId" = ? AND "disabled" = 0
    AND "role" IN (${CHAT_ROLES.map((r) => `'${r}'`).join(", ")}) AND "presence" = ? AND "lastSeenAt" >= ?`,
  postgresql: `SELECT COUNT(*)::int AS "count" FROM "User" WHERE "organisationId" = $1 AND "disabled" = false
    AND "role"::text IN (${CHAT_ROLES.map((r) => `'${r}'`).join(", ")}) AND "presence" = $2
    AND "lastSeenAt" >= $3::timestamp(3)`,
};

export type StaffMember = Pick<
  User,
  | "id"
  | "displayName"
  | "email"
  | "role"
  | "organisationId"
  | "presence"
  | "lastSeenAt"
  | "maxConcurrentChats"
  | "disabled"
>;

const SELECT = {
  id: true,
  displayName: true,
  email: true,
  role: true,
  organisationId: true,
  presence: true,
  lastSeenAt: true,
  maxConcurrentChats: true,
  disabled: true,
} as const;

/**
 * Agents' presence (online / away / offline) as stored on the user row, with
 * `lastSeenAt` as a heartbeat: a presence older than the staleness window
 * counts as offline, so a crashed server leaves nobody "online" for long.
 */
export class AgentPresenceRepository {
  /** `sql`: the driver, for the count every widget's session asks for (is anyone online?). */
  constructor(
    private readonly prisma: Prisma,
    private readonly sql: SqlRows,
  ) {}

  find(userId: string): Promise<StaffMember | null> {
    return this.prisma.user.findUnique({ where: { id: userId }, select: SELECT });
  }

  set(userId: string, presence: "online" | "away" | "offline", now: Date): Promise<StaffMember> {
    return this.prisma.user.update({ where: { id: userId }, data: { presence, lastSeenAt: now }, select: SELECT });
  }

  /** Heartbeat for the agents connected to this process. */
  async touch(userIds: string[], now: Date): Promise<void> {
    if (userIds.length === 0) return;
    await this.prisma.user.updateMany({ where: { id: { in: userIds } }, data: { lastSeenAt: now } });
  }

  /** Chat-taking staff of an organisation (enabled accounts only). */
  listStaff(organisationId: string): Promise<StaffMember[]> {
    return this.prisma.user.findMany({
      where: { organisationId, disabled: false, role: { in: [...CHAT_ROLES] } },
      orderBy: { displayName: "asc" },
      select: SELECT,
    });
  }

  /** How many enabled chat staff of the organisation are `presence` with a heartbeat at or after `freshSince`. */
  async count(organisationId: string, presence: "online" | "away", freshSince: Date): Promise<number> {
    const sqlite = this.sql.provider === "sqlite";
    const rows = await this.sql.rows(sqlite ? PRESENCE_COUNT.sqlite : PRESENCE_COUNT.postgresql, [
      organisationId,
      presence,
      driverTimestamp(this.sql.provider, freshSince),
    ]);
    return asCount(rows[0]?.count);
  }
}
