import { DateTime } from "luxon";
import type { Clock } from "../clock.js";
import type { HandoffStores } from "./handoff-stores.js";
import type { AgentPresence, AgentSummary } from "./presence.js";
import type { HandoffQueue } from "./queue.js";

/** "Today" for the supervisor figures: since midnight in Norway. */
export const OVERVIEW_TIME_ZONE = "Europe/Oslo";

export interface SupervisorOverview {
  organisationId: string;
  organisationName: string;
  queueLength: number;
  longestWaitSeconds: number;
  agentsOnline: number;
  agentsAway: number;
  /** Chats agents finished today (closed, handed back, or ended by the customer). */
  handledToday: number;
  /** Customers who left the queue today before an agent took them (gave up, ended or timed out). */
  abandonedToday: number;
  agents: AgentSummary[];
  at: string;
}

export function startOfToday(now: Date): Date {
  return DateTime.fromJSDate(now).setZone(OVERVIEW_TIME_ZONE).startOf("day").toJSDate();
}

/** The supervisor view's figures for one organisation. */
export class SupervisorOverviews {
  constructor(
    private readonly repos: Pick<HandoffStores, "assignments" | "handoff" | "organisations">,
    private readonly queue: HandoffQueue,
    private readonly presence: AgentPresence,
    private readonly clock: Clock,
  ) {}

  async of(organisationId: string): Promise<SupervisorOverview> {
    const now = this.clock.now();
    const today = startOfToday(now);
    const [items, agents, handledToday, ended, organisation] = await Promise.all([
      this.queue.snapshot(organisationId),
      this.presence.list(organisationId),
      this.repos.assignments.countFinishedSince(organisationId, today),
      this.repos.handoff.countEndedSince(organisationId, today),
      this.repos.organisations.findById(organisationId),
    ]);
    return {
      organisationId,
      organisationName: organisation?.name ?? "",
      queueLength: items.length,
      longestWaitSeconds: items.reduce((m, i) => Math.max(m, i.waitingSeconds), 0),
      agentsOnline: agents.filter((a) => a.presence === "online").length,
      agentsAway: agents.filter((a) => a.presence === "away").length,
      handledToday,
      abandonedToday: (ended.abandoned ?? 0) + (ended.cancelled ?? 0),
      agents,
      at: now.toISOString(),
    };
  }
}
