import type { MessageView } from "../conversations/conversation-events.js";
import type { ConversationLog } from "../conversations/conversation-log.js";
import type { NoteRecord } from "../conversations/conversation-records.js";
import { HandoffError } from "./errors.js";
import type { HandoffStores } from "./handoff-stores.js";
import type { NoteView } from "./staff-events.js";

/** Everything the agent console shows about one conversation. */
export interface ConversationDetail {
  id: string;
  organisation: { id: string; slug: string; name: string };
  status: "bot" | "queued" | "assigned" | "closed";
  channel: string;
  language: string;
  startedAt: string;
  lastActivityAt: string;
  endedAt: string | null;
  resolution: string | null;
  humanInvolved: boolean;
  /** Why the bot handed over: the latest handoff request. */
  escalation: {
    reason: string;
    summary: string | null;
    requestedAt: string;
    status: string;
    customerConnected: boolean;
  } | null;
  assignedAgent: { id: string; displayName: string } | null;
  customer: { displayName: string | null; email: string | null; phone: string | null } | null;
  /** The whole transcript, the bot's part included. */
  messages: MessageView[];
  notes: NoteView[];
  assignments: Array<{
    agent: { id: string; displayName: string };
    assignedAt: string;
    endedAt: string | null;
    endReason: string | null;
  }>;
}

/** A chat in an agent's "my open chats" list. */
export interface ConversationSummary {
  conversationId: string;
  organisationId: string;
  organisationName: string;
  status: string;
  assignedAt: string;
  customerName: string | null;
  firstWords: string | null;
}

export function toNoteView(n: NoteRecord): NoteView {
  return {
    id: n.id,
    conversationId: n.conversationId,
    author: n.author ? { id: n.author.id, displayName: n.author.displayName } : null,
    text: n.text,
    createdAt: n.createdAt.toISOString(),
  };
}

/** Builds the agent console's views of conversations (read only). */
export class ConversationViews {
  constructor(
    private readonly repos: Pick<HandoffStores, "handoff" | "organisations" | "assignments" | "notes">,
    private readonly log: ConversationLog,
  ) {}

  async detail(conversationId: string): Promise<ConversationDetail> {
    const c = await this.repos.handoff.findConversation(conversationId);
    if (!c) throw new HandoffError("not_found", "no such conversation");
    const [organisation, request, assignments, notes, messages, customer] = await Promise.all([
      this.repos.organisations.findById(c.organisationId),
      this.repos.handoff.findLatest(c.id),
      this.repos.assignments.listForConversation(c.id),
      this.repos.notes.listForConversation(c.id),
      this.log.transcript(c.id),
      c.customerId ? this.repos.handoff.findCustomer(c.customerId) : Promise.resolve(null),
    ]);
    const current = c.assignedAgentId ? assignments.findLast((a) => a.agentId === c.assignedAgentId) : undefined;
    return {
      id: c.id,
      organisation: { id: c.organisationId, slug: organisation?.slug ?? "", name: organisation?.name ?? "" },
      status: c.status,
      channel: c.channel,
      language: c.language,
      startedAt: c.startedAt.toISOString(),
      lastActivityAt: c.lastActivityAt.toISOString(),
      endedAt: c.endedAt?.toISOString() ?? null,
      resolution: c.resolution,
      humanInvolved: c.humanInvolved,
      escalation: request
        ? {
            reason: request.reason === "transfer" ? (c.escalationReason ?? request.reason) : request.reason,
            summary: request.summary,
            requestedAt: request.requestedAt.toISOString(),
            status: request.status,
            customerConnected: request.customerDisconnectedAt === null,
          }
        : c.escalationReason
          ? {
              reason: c.escalationReason,
              summary: null,
              requestedAt: c.startedAt.toISOString(),
              status: "unknown",
              customerConnected: true,
            }
          : null,
      assignedAgent: current ? { id: current.agent.id, displayName: current.agent.displayName } : null,
      customer: customer ? { displayName: customer.displayName, email: customer.email, phone: customer.phone } : null,
      messages,
      notes: notes.map(toNoteView),
      assignments: assignments.map((a) => ({
        agent: { id: a.agent.id, displayName: a.agent.displayName },
        assignedAt: a.assignedAt.toISOString(),
        endedAt: a.endedAt?.toISOString() ?? null,
        endReason: a.endReason,
      })),
    };
  }

  /** The agent's open chats, oldest first. */
  async openFor(agentId: string): Promise<ConversationSummary[]> {
    const active = await this.repos.assignments.listActiveForAgent(agentId);
    const ids = active.map((a) => a.conversationId);
    const [conversations, firstWords] = await Promise.all([
      this.repos.handoff.listConversations(ids),
      this.repos.handoff.firstCustomerWords(ids),
    ]);
    const byId = new Map(conversations.map((c) => [c.id, c]));
    const out: ConversationSummary[] = [];
    for (const a of active) {
      const c = byId.get(a.conversationId);
      if (!c) continue;
      const [organisation, customer] = await Promise.all([
        this.repos.organisations.findById(c.organisationId),
        c.customerId ? this.repos.handoff.findCustomer(c.customerId) : Promise.resolve(null),
      ]);
      out.push({
        conversationId: c.id,
        organisationId: c.organisationId,
        organisationName: organisation?.name ?? "",
        status: c.status,
        assignedAt: a.assignedAt.toISOString(),
        customerName: customer?.displayName ?? null,
        firstWords: firstWords.get(c.id)?.slice(0, 160) ?? null,
      });
    }
    return out;
  }
}
