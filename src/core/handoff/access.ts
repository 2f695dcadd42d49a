import { canAccessOrganisation, hasRole, type Principal } from "../accounts/roles.js";
import { HandoffError } from "./errors.js";

/**
 * Who may do what in the agent console. Agents and supervisors work inside
 * their own organisation; admins (no organisation) reach every one.
 * Compliance staff do not take chats.
 */
interface ConversationRef {
  organisationId: string;
  status: string;
  assignedAgentId: string | null;
}

/** Roles whose holders take chats. */
export function roleTakesChats(role: string): boolean {
  return role === "agent" || role === "supervisor" || role === "admin";
}

export function isChatStaff(p: Principal): boolean {
  return hasRole(p, ["agent", "supervisor"]);
}

export function isSupervisor(p: Principal): boolean {
  return hasRole(p, ["supervisor"]);
}

export function assertChatStaff(p: Principal): void {
  if (!isChatStaff(p)) throw new HandoffError("forbidden", "this needs the role agent, supervisor or admin");
}

export function assertSupervisor(p: Principal): void {
  if (!isSupervisor(p)) throw new HandoffError("forbidden", "this needs the role supervisor or admin");
}

export function assertOrganisation(p: Principal, organisationId: string): void {
  if (!canAccessOrganisation(p, organisationId)) {
    throw new HandoffError("forbidden", "this conversation belongs to another organisation");
  }
}

/**
 * The organisation an operation is about: the principal's own, or for staff
 * across organisations (admins) the one they name.
 */
export function organisationFor(p: Principal, requested?: string | null): string {
  if (p.organisationId !== null) {
    if (requested && requested !== p.organisationId) assertOrganisation(p, requested);
    return p.organisationId;
  }
  if (!requested)
    throw new HandoffError("invalid_input", "organisationId is required for staff without an organisation");
  return requested;
}

/** Reading a transcript: supervisors any in their organisation; agents waiting ones and their own. */
export function assertCanView(p: Principal, c: ConversationRef): void {
  assertChatStaff(p);
  assertOrganisation(p, c.organisationId);
  if (isSupervisor(p)) return;
  if (c.status === "queued" || c.assignedAgentId === p.userId) return;
  throw new HandoffError("forbidden", "only the assigned agent or a supervisor may open this conversation");
}

/** Talking to the customer: only the agent who has the chat. */
export function assertAssignedTo(p: Principal, c: ConversationRef): void {
  assertChatStaff(p);
  assertOrganisation(p, c.organisationId);
  if (c.status !== "assigned") throw new HandoffError("conflict", "the conversation is not with an agent");
  if (c.assignedAgentId !== p.userId) throw new HandoffError("forbidden", "another agent has this conversation");
}

/** Transfer, hand back, close: the assigned agent, or a supervisor of the organisation. */
export function assertAssignedOrSupervisor(p: Principal, c: ConversationRef): void {
  assertChatStaff(p);
  assertOrganisation(p, c.organisationId);
  if (c.status !== "assigned") throw new HandoffError("conflict", "the conversation is not with an agent");
  if (c.assignedAgentId === p.userId || isSupervisor(p)) return;
  throw new HandoffError("forbidden", "another agent has this conversation");
}
