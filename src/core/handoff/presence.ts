import type { Principal } from "../accounts/roles.js";
import type { Clock } from "../clock.js";
import type { AssignmentReads, StaffMember, StaffPresenceStore } from "./handoff-stores.js";
import type { StaffEventBus } from "./staff-events.js";

export type Presence = "online" | "away" | "offline";

/** A presence without a heartbeat for this long counts as offline. */
export const PRESENCE_STALE_SECONDS = 90;
/** How often connected agents' heartbeats are written (must be well under the staleness window). */
export const PRESENCE_HEARTBEAT_SECONDS = 30;

export interface AgentSummary {
  id: string;
  displayName: string;
  role: string;
  presence: Presence;
  activeChats: number;
  maxConcurrentChats: number;
}

export function effectivePresence(member: Pick<StaffMember, "presence" | "lastSeenAt">, now: Date): Presence {
  if (!member.lastSeenAt || now.getTime() - member.lastSeenAt.getTime() > PRESENCE_STALE_SECONDS * 1000) {
    return "offline";
  }
  return member.presence === "online" || member.presence === "away" ? member.presence : "offline";
}

/** Agents' presence: set on connect and by the agent, kept fresh by heartbeats, cleared on the last disconnect. */
export class AgentPresence {
  constructor(
    private readonly repo: StaffPresenceStore,
    private readonly assignments: Pick<AssignmentReads, "countActiveByAgent">,
    private readonly staff: StaffEventBus,
    private readonly clock: Clock,
  ) {}

  /** An agent's console connected: online, unless they had chosen "away" and are still fresh. */
  async connected(p: Principal): Promise<Presence> {
    const now = this.clock.now();
    const current = await this.repo.find(p.userId);
    const keepAway = current && effectivePresence(current, now) === "away";
    return this.set(p, keepAway ? "away" : "online");
  }

  async set(p: Principal, presence: Presence): Promise<Presence> {
    await this.repo.set(p.userId, presence, this.clock.now());
    this.staff.publish({
      type: "presence",
      organisationId: p.organisationId,
      agent: { id: p.userId, displayName: p.displayName },
      presence,
    });
    return presence;
  }

  heartbeat(userIds: string[]): Promise<void> {
    return this.repo.touch(userIds, this.clock.now());
  }

  async isAnyoneOnline(organisationId: string): Promise<boolean> {
    const fresh = new Date(this.clock.now().getTime() - PRESENCE_STALE_SECONDS * 1000);
    return (await this.repo.count(organisationId, "online", fresh)) > 0;
  }

  /** Chat-taking staff of an organisation with presence and load. */
  async list(organisationId: string): Promise<AgentSummary[]> {
    const now = this.clock.now();
    const members = await this.repo.listStaff(organisationId);
    const load = await this.assignments.countActiveByAgent(members.map((m) => m.id));
    return members.map((m) => ({
      id: m.id,
      displayName: m.displayName,
      role: m.role,
      presence: effectivePresence(m, now),
      activeChats: load.get(m.id) ?? 0,
      maxConcurrentChats: m.maxConcurrentChats,
    }));
  }

  find(userId: string): Promise<StaffMember | null> {
    return this.repo.find(userId);
  }
}
