import type { Prisma } from "../database.js";
import type { User } from "../generated/sqlite/client.js";

/** Staff who can take chats. */
const CHAT_ROLES = ["agent", "supervisor", "admin"] as const;

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
  constructor(private readonly prisma: Prisma) {}

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

  /** How many staff of the organisation are `presence` with a heartbeat after `freshSince`. */
  count(organisationId: string, presence: "online" | "away", freshSince: Date): Promise<number> {
    return this.prisma.user.count({
      where: {
        organisationId,
        disabled: false,
        role: { in: [...CHAT_ROLES] },
        presence,
        lastSeenAt: { gte: freshSince },
      },
    });
  }
}
