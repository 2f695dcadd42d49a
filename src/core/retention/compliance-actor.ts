import type { Principal } from "../accounts/roles.js";

/** Who asked for a compliance action: recorded in PurgeRun.actor and every audit event. */
export interface ComplianceActor {
  /** A user id, "cli:<name>" or "scheduler:<host>". */
  id: string;
  role: string;
  /** Readable form for run lists: e-mail, OS user or host. */
  label: string;
}

export function principalActor(p: Principal): ComplianceActor {
  return { id: p.userId, role: p.role, label: p.email };
}

export function cliActor(name: string): ComplianceActor {
  return { id: `cli:${name}`, role: "cli", label: `cli:${name}` };
}

export const SCHEDULER_ACTOR_PREFIX = "scheduler:";

export function schedulerActor(host: string): ComplianceActor {
  return { id: `${SCHEDULER_ACTOR_PREFIX}${host}`, role: "scheduler", label: `${SCHEDULER_ACTOR_PREFIX}${host}` };
}
