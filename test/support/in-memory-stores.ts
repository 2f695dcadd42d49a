import { randomUUID } from "node:crypto";
import type {
  ChannelConversationRecord,
  ChannelConversationStore,
  ChannelCustomerStore,
  OrganisationDirectory,
} from "../../src/core/conversations/channel-conversation-store.js";
import type {
  AssignmentRecord,
  AuditEntry,
  ConversationRecord,
  HandoffRequestRecord,
  HandoffRequestStatus,
  MessageRecord,
  NewHandoffRequest,
  NewMessage,
  NoteRecord,
} from "../../src/core/conversations/conversation-records.js";
import type {
  AgentLoad,
  ConversationChange,
  ConversationExpectation,
  ConversationStore,
  ConversationTransaction,
} from "../../src/core/conversations/conversation-store.js";
import type { ConversationStatus } from "../../src/core/handoff/conversation-status.js";
import type {
  CannedResponseRecord,
  CustomerSummary,
  HandoffStores,
  OrganisationRecord,
  StaffMember,
} from "../../src/core/handoff/handoff-stores.js";
import type { OfflineMessageRecord } from "../../src/core/offline/offline-message-store.js";
import { DEFAULT_RETENTION_POLICY, type RetentionPolicy } from "../../src/core/retention/retention-policy.js";
import { type RetentionStamp, retentionStamp } from "../../src/core/retention/retention-stamp.js";

/**
 * The handoff's and the conversation lifecycle's stores in memory, for unit
 * tests of the core without a database. Transactions run one at a time and
 * roll back (every table restored) when their work throws, as a database
 * would; reads hand out copies, so the core cannot change stored rows
 * behind the store's back. `failNext` makes the next write of a kind throw,
 * to check that a change and its audit record stand or fall together.
 */
export interface AuditRow extends AuditEntry {
  at: Date;
}

interface Tables {
  organisations: Map<string, OrganisationRecord>;
  conversations: Map<string, ConversationRecord>;
  messages: MessageRecord[];
  requests: Map<string, HandoffRequestRecord>;
  assignments: Map<string, AssignmentRecord>;
  notes: NoteRecord[];
  staff: Map<string, StaffMember>;
  customers: Map<string, CustomerSummary>;
  offline: Map<string, OfflineMessageRecord>;
  canned: Map<string, CannedResponseRecord>;
  audit: AuditRow[];
}

type FailingWrite = "audit" | "assignment" | "conversation";

const copy = <T>(value: T): T => structuredClone(value);

export class InMemoryStores implements HandoffStores {
  private t: Tables = {
    organisations: new Map(),
    conversations: new Map(),
    messages: [],
    requests: new Map(),
    assignments: new Map(),
    notes: [],
    staff: new Map(),
    customers: new Map(),
    offline: new Map(),
    canned: new Map(),
    audit: [],
  };
  private nextMessageId = 1;
  private readonly policies = new Map<string, RetentionPolicy>();
  private lock: Promise<unknown> = Promise.resolve();
  private readonly failing = new Set<FailingWrite>();
  /** How many transactions committed and rolled back. */
  readonly transactions = { committed: 0, rolledBack: 0 };

  /** The next write of this kind throws (inside its transaction). */
  failNext(kind: FailingWrite): void {
    this.failing.add(kind);
  }

  // ---- seeding and inspection (tests only) ----

  addOrganisation(slug: string, name = slug): OrganisationRecord {
    const o = { id: randomUUID(), slug, name };
    this.t.organisations.set(o.id, o);
    return copy(o);
  }

  setPolicy(organisationId: string, policy: RetentionPolicy): void {
    this.policies.set(organisationId, policy);
  }

  addStaff(input: Partial<StaffMember> & { displayName: string; organisationId: string | null }): StaffMember {
    const member: StaffMember = {
      id: randomUUID(),
      role: "agent",
      presence: "offline",
      lastSeenAt: null,
      maxConcurrentChats: 3,
      disabled: false,
      ...input,
    };
    this.t.staff.set(member.id, member);
    return copy(member);
  }

  addConversation(organisationId: string, at: Date, patch: Partial<ConversationRecord> = {}): ConversationRecord {
    const policy = this.policies.get(organisationId) ?? DEFAULT_RETENTION_POLICY;
    const c: ConversationRecord = {
      id: randomUUID(),
      organisationId,
      customerId: null,
      channel: "widget",
      status: "bot",
      language: "nb",
      escalationReason: null,
      resolution: null,
      assignedAgentId: null,
      startedAt: at,
      endedAt: null,
      ...retentionStamp(at, false, policy),
      ...patch,
    };
    this.t.conversations.set(c.id, c);
    return copy(c);
  }

  addOfflineMessage(input: { organisationId: string; conversationId: string | null; text: string }) {
    const m: OfflineMessageRecord = {
      id: randomUUID(),
      customerId: null,
      name: null,
      email: "kari@example.no",
      phone: null,
      language: "nb",
      createdAt: new Date(0),
      handledAt: null,
      handledById: null,
      ...input,
    };
    this.t.offline.set(m.id, m);
    return copy(m);
  }

  conversation(id: string): ConversationRecord | undefined {
    const c = this.t.conversations.get(id);
    return c && copy(c);
  }

  requestsOf(conversationId: string): HandoffRequestRecord[] {
    return [...this.t.requests.values()].filter((r) => r.conversationId === conversationId).map(copy);
  }

  assignmentsOf(conversationId: string): AssignmentRecord[] {
    return [...this.t.assignments.values()].filter((a) => a.conversationId === conversationId).map(copy);
  }

  auditOf(targetId: string): AuditRow[] {
    return this.t.audit.filter((a) => a.targetId === targetId).map(copy);
  }

  // ---- ports ----

  readonly retentionPolicies = {
    current: async (organisationId: string): Promise<RetentionPolicy> =>
      this.policies.get(organisationId) ?? DEFAULT_RETENTION_POLICY,
  };

  readonly conversationStore: ConversationStore = {
    transaction: <T>(work: (tx: ConversationTransaction) => Promise<T>): Promise<T> => {
      const run = this.lock.then(async () => {
        const before = copy(this.t);
        const nextId = this.nextMessageId;
        try {
          const result = await work(this.transactionOn());
          this.transactions.committed++;
          return result;
        } catch (err) {
          this.t = before;
          this.nextMessageId = nextId;
          this.transactions.rolledBack++;
          throw err;
        }
      });
      this.lock = run.catch(() => {});
      return run;
    },
    // The same conditions as the database's statements, as one transaction.
    appendStamped: (input, createdAt, stamp, expect) =>
      this.conversationStore.transaction(async (tx) => {
        const conversation = await tx.stampRetention(input.conversationId, stamp, expect);
        if (!conversation) return null;
        const message = await tx.appendMessage(input, createdAt);
        return { conversation, message, ...(expect.withState ? { state: [] } : {}) };
      }),
    findById: async (id) => this.conversation(id) ?? null,
    findMessageByClientId: async (conversationId, clientId) => {
      const m = this.t.messages.find((x) => x.conversationId === conversationId && x.clientId === clientId);
      return m ? copy(m) : null;
    },
    listMessages: async (conversationId, opts = {}) => {
      const rows = this.t.messages.filter(
        (m) => m.conversationId === conversationId && (opts.afterId === undefined || m.id > opts.afterId),
      );
      return copy(opts.limit !== undefined ? rows.slice(0, opts.limit) : rows);
    },
  };

  readonly handoff = {
    findConversation: async (id: string) => this.conversation(id) ?? null,
    listConversations: async (ids: string[]) =>
      ids
        .map((id) => this.t.conversations.get(id))
        .filter((c) => c !== undefined)
        .map(copy),
    findActive: async (conversationId: string) => this.latestRequest(conversationId, ["waiting", "assigned"]),
    findLatest: async (conversationId: string) => this.latestRequest(conversationId),
    listWaiting: async (organisationId?: string) =>
      [...this.t.requests.values()]
        .filter((r) => r.status === "waiting" && (!organisationId || r.organisationId === organisationId))
        .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime() || a.id.localeCompare(b.id))
        .map(copy),
    organisationsWithWaiting: async () => [
      ...new Set([...this.t.requests.values()].filter((r) => r.status === "waiting").map((r) => r.organisationId)),
    ],
    markDisconnected: async (conversationId: string, at: Date) =>
      this.updateRequests(
        (r) => r.conversationId === conversationId && r.status === "waiting" && r.customerDisconnectedAt === null,
        (r) => {
          r.customerDisconnectedAt = at;
        },
      ) > 0,
    clearDisconnected: async (conversationId: string) =>
      this.updateRequests(
        (r) => r.conversationId === conversationId && r.status === "waiting" && r.customerDisconnectedAt !== null,
        (r) => {
          r.customerDisconnectedAt = null;
        },
      ) > 0,
    listDisconnectedBefore: async (cutoff: Date) =>
      [...this.t.requests.values()]
        .filter(
          (r) =>
            r.status === "waiting" &&
            r.customerDisconnectedAt !== null &&
            r.customerDisconnectedAt.getTime() <= cutoff.getTime(),
        )
        .map(copy),
    recentWaits: async (organisationId: string, since: Date, limit = 30) =>
      [...this.t.requests.values()]
        .filter(
          (r) =>
            r.organisationId === organisationId &&
            r.assignedAt !== null &&
            r.assignedAt.getTime() >= since.getTime() &&
            r.reason !== "transfer",
        )
        .sort((a, b) => (b.assignedAt as Date).getTime() - (a.assignedAt as Date).getTime())
        .slice(0, limit)
        .map((r) => Math.max(0, ((r.assignedAt as Date).getTime() - r.requestedAt.getTime()) / 1000)),
    countEndedSince: async (organisationId: string, since: Date) => {
      const out: Partial<Record<HandoffRequestStatus, number>> = {};
      for (const r of this.t.requests.values()) {
        if (r.organisationId !== organisationId || !r.endedAt || r.endedAt.getTime() < since.getTime()) continue;
        out[r.status] = (out[r.status] ?? 0) + 1;
      }
      return out;
    },
    firstCustomerWords: async (conversationIds: string[]) => {
      const out = new Map<string, string>();
      for (const m of this.t.messages) {
        if (m.role === "customer" && conversationIds.includes(m.conversationId) && !out.has(m.conversationId)) {
          out.set(m.conversationId, m.text);
        }
      }
      return out;
    },
    findCustomer: async (id: string) => {
      const c = this.t.customers.get(id);
      return c ? copy(c) : null;
    },
  };

  readonly assignments = {
    listActiveForAgent: async (agentId: string) =>
      [...this.t.assignments.values()]
        .filter((a) => a.agentId === agentId && a.endedAt === null)
        .sort((a, b) => a.assignedAt.getTime() - b.assignedAt.getTime())
        .map(copy),
    countActiveByAgent: async (agentIds: string[]) => {
      const out = new Map<string, number>();
      for (const a of this.t.assignments.values()) {
        if (a.endedAt === null && agentIds.includes(a.agentId)) out.set(a.agentId, (out.get(a.agentId) ?? 0) + 1);
      }
      return out;
    },
    listForConversation: async (conversationId: string) =>
      this.assignmentsOf(conversationId).map((a) => ({
        ...a,
        agent: { id: a.agentId, displayName: this.t.staff.get(a.agentId)?.displayName ?? "" },
      })),
    recentHandlingSeconds: async (organisationId: string, since: Date, limit = 30) =>
      this.finished(organisationId, since)
        .sort((a, b) => (b.endedAt as Date).getTime() - (a.endedAt as Date).getTime())
        .slice(0, limit)
        .map((a) => Math.max(0, ((a.endedAt as Date).getTime() - a.assignedAt.getTime()) / 1000)),
    countFinishedSince: async (organisationId: string, since: Date) => this.finished(organisationId, since).length,
  };

  readonly notes = {
    listForConversation: async (conversationId: string) =>
      this.t.notes.filter((n) => n.conversationId === conversationId).map(copy),
  };

  readonly organisations = {
    findById: async (id: string) => {
      const o = this.t.organisations.get(id);
      return o ? copy(o) : null;
    },
    list: async () => [...this.t.organisations.values()].map(copy),
  };

  readonly agentPresence = {
    find: async (userId: string) => {
      const s = this.t.staff.get(userId);
      return s ? copy(s) : null;
    },
    set: async (userId: string, presence: "online" | "away" | "offline", now: Date) => {
      const s = this.t.staff.get(userId);
      if (!s) throw new Error(`no staff member ${userId}`);
      s.presence = presence;
      s.lastSeenAt = now;
      return copy(s);
    },
    touch: async (userIds: string[], now: Date) => {
      for (const id of userIds) {
        const s = this.t.staff.get(id);
        if (s) s.lastSeenAt = now;
      }
    },
    listStaff: async (organisationId: string) =>
      [...this.t.staff.values()]
        .filter((s) => s.organisationId === organisationId && !s.disabled && s.role !== "compliance")
        .sort((a, b) => a.displayName.localeCompare(b.displayName))
        .map(copy),
    count: async (organisationId: string, presence: "online" | "away", freshSince: Date) =>
      [...this.t.staff.values()].filter(
        (s) =>
          s.organisationId === organisationId &&
          !s.disabled &&
          s.role !== "compliance" &&
          s.presence === presence &&
          s.lastSeenAt !== null &&
          s.lastSeenAt.getTime() >= freshSince.getTime(),
      ).length,
  };

  readonly audit = {
    record: async (entry: AuditEntry, at: Date) => {
      this.writeAudit(entry, at);
    },
  };

  readonly cannedResponses = {
    list: async (organisationId: string) =>
      [...this.t.canned.values()].filter((c) => c.organisationId === organisationId).map(copy),
    findById: async (id: string) => {
      const c = this.t.canned.get(id);
      return c ? copy(c) : null;
    },
    create: async (input: { organisationId: string; title: string; text: string; language: string; now: Date }) => {
      const c = { id: randomUUID(), ...input, createdAt: input.now };
      this.t.canned.set(c.id, c);
      return copy(c);
    },
    update: async (id: string, patch: { title: string; text: string; language: string }) => {
      const c = this.t.canned.get(id);
      if (!c) throw new Error(`no canned response ${id}`);
      Object.assign(c, patch);
      return copy(c);
    },
    delete: async (id: string) => this.t.canned.delete(id),
  };

  readonly offlineMessages = {
    create: async () => {
      throw new Error("leave-a-message requests are seeded with addOfflineMessage");
    },
    findById: async (id: string) => {
      const m = this.t.offline.get(id);
      return m ? copy(m) : null;
    },
    listUnhandled: async (organisationId: string | null, limit: number) =>
      [...this.t.offline.values()]
        .filter((m) => m.handledAt === null && (!organisationId || m.organisationId === organisationId))
        .slice(0, limit)
        .map(copy),
    countUnhandled: async (organisationId: string | null) =>
      [...this.t.offline.values()].filter(
        (m) => m.handledAt === null && (!organisationId || m.organisationId === organisationId),
      ).length,
  };

  readonly users = {
    findById: async (id: string) => {
      const s = this.t.staff.get(id);
      return s ? { displayName: s.displayName } : null;
    },
  };

  /** What a Bot Framework channel knows of a conversation: its own id and the reference (kept beside the row). */
  private readonly channelSide = new Map<string, { externalId: string | null; reference: string | null }>();

  private channelRecord(c: ConversationRecord | undefined): ChannelConversationRecord | null {
    if (!c) return null;
    return { ...copy(c), ...(this.channelSide.get(c.id) ?? { externalId: null, reference: null }) };
  }

  readonly channelConversations: ChannelConversationStore = {
    findById: async (id) => this.channelRecord(this.t.conversations.get(id)),
    findByExternal: async (channel, externalId) =>
      this.channelRecord(
        [...this.t.conversations.values()].find(
          (c) => c.channel === channel && this.channelSide.get(c.id)?.externalId === externalId,
        ),
      ),
    findOrCreateExternal: async (input, now) => {
      const existing = await this.channelConversations.findByExternal(input.channel, input.externalId);
      if (existing) return existing;
      const c = this.addConversation(input.organisationId, now, { channel: input.channel, language: input.language });
      this.channelSide.set(c.id, { externalId: input.externalId, reference: input.reference });
      return this.channelRecord(this.t.conversations.get(c.id)) as ChannelConversationRecord;
    },
    update: async (id, patch) => {
      const c = this.t.conversations.get(id);
      if (!c) throw new Error(`no conversation ${id}`);
      const { reference, ...fields } = patch;
      Object.assign(c, fields);
      if (reference !== undefined) {
        this.channelSide.set(id, { externalId: this.channelSide.get(id)?.externalId ?? null, reference });
      }
      return this.channelRecord(c) as ChannelConversationRecord;
    },
    setLanguage: async (id, language) => {
      const c = this.t.conversations.get(id);
      if (!c) throw new Error(`no conversation ${id}`);
      c.language = language;
    },
  };

  private readonly externalCustomers = new Map<string, string>();

  readonly channelCustomers: ChannelCustomerStore = {
    findOrCreateExternal: async (input) => {
      const key = `${input.organisationId} ${input.externalId}`;
      const known = this.externalCustomers.get(key);
      if (known) return { id: known };
      const customer = { id: randomUUID(), displayName: input.displayName, email: null, phone: null, language: null };
      this.t.customers.set(customer.id, customer);
      this.externalCustomers.set(key, customer.id);
      return { id: customer.id };
    },
    exists: async (id) => this.t.customers.has(id),
  };

  readonly organisationDirectory: OrganisationDirectory = {
    findById: this.organisations.findById,
    findBySlug: async (slug) => {
      const o = [...this.t.organisations.values()].find((x) => x.slug === slug);
      return o ? copy(o) : null;
    },
  };

  // ---- internals ----

  private latestRequest(conversationId: string, statuses?: HandoffRequestStatus[]): HandoffRequestRecord | null {
    const rows = [...this.t.requests.values()]
      .filter((r) => r.conversationId === conversationId && (!statuses || statuses.includes(r.status)))
      .sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime());
    return rows[0] ? copy(rows[0]) : null;
  }

  private updateRequests(match: (r: HandoffRequestRecord) => boolean, change: (r: HandoffRequestRecord) => void) {
    let n = 0;
    for (const r of this.t.requests.values()) {
      if (!match(r)) continue;
      change(r);
      n++;
    }
    return n;
  }

  private finished(organisationId: string, since: Date): AssignmentRecord[] {
    return [...this.t.assignments.values()].filter(
      (a) =>
        a.endedAt !== null &&
        a.endedAt.getTime() >= since.getTime() &&
        ["closed", "released", "customer_ended"].includes(a.endReason ?? "") &&
        this.t.conversations.get(a.conversationId)?.organisationId === organisationId,
    );
  }

  private failIfAsked(kind: FailingWrite): void {
    if (this.failing.delete(kind)) throw new Error(`the ${kind} write failed (as the test asked)`);
  }

  private writeAudit(entry: AuditEntry, at: Date): void {
    this.failIfAsked("audit");
    this.t.audit.push({ ...copy(entry), at });
  }

  /** The transaction's view: the same tables (rolled back by `transaction` on a throw). */
  private transactionOn(): ConversationTransaction {
    const t = () => this.t;
    const stores = this;
    return {
      async conversation(id) {
        return stores.conversation(id) ?? null;
      },
      async retentionPolicy(organisationId) {
        return stores.policies.get(organisationId) ?? DEFAULT_RETENTION_POLICY;
      },
      async updateConversation(id: string, expect: ConversationExpectation, change: ConversationChange) {
        stores.failIfAsked("conversation");
        const c = t().conversations.get(id);
        if (!c || !expect.status.includes(c.status)) return false;
        if (expect.assignedAgentId !== undefined && c.assignedAgentId !== expect.assignedAgentId) return false;
        if (expect.organisationId !== undefined && c.organisationId !== expect.organisationId) return false;
        const { retention, ...fields } = change;
        Object.assign(c, fields, retention ?? {});
        return true;
      },
      async stampRetention(
        id: string,
        stamp: RetentionStamp,
        expect: { organisationId?: string; statuses?: readonly ConversationStatus[] } = {},
      ) {
        const c = t().conversations.get(id);
        if (!c || (!stamp.humanInvolved && c.humanInvolved)) return null;
        if (expect.organisationId !== undefined && c.organisationId !== expect.organisationId) return null;
        if (expect.statuses !== undefined && !expect.statuses.includes(c.status)) return null;
        Object.assign(c, stamp);
        return copy(c);
      },
      async appendMessage(input: NewMessage, createdAt: Date) {
        if (!t().conversations.has(input.conversationId)) throw new Error("foreign key: no such conversation");
        const clientId = input.clientId ?? null;
        if (clientId && t().messages.some((m) => m.conversationId === input.conversationId && m.clientId === clientId))
          throw new Error("unique: conversationId, clientId");
        const m: MessageRecord = {
          id: stores.nextMessageId++,
          conversationId: input.conversationId,
          role: input.role,
          text: input.text,
          clientId,
          authorId: input.authorId ?? null,
          authorName: input.authorName ?? null,
          metadata: input.metadata ?? null,
          createdAt,
        };
        t().messages.push(m);
        return copy(m);
      },
      async activeRequest(conversationId) {
        return stores.latestRequest(conversationId, ["waiting", "assigned"]);
      },
      async createRequest(input: NewHandoffRequest) {
        const r: HandoffRequestRecord = {
          id: randomUUID(),
          ...input,
          status: "waiting",
          assignedAt: null,
          endedAt: null,
          customerDisconnectedAt: null,
        };
        t().requests.set(r.id, r);
        return copy(r);
      },
      async moveRequests(where, change) {
        return stores.updateRequests(
          (r) =>
            r.status === where.status &&
            (where.id === undefined || r.id === where.id) &&
            (where.conversationId === undefined || r.conversationId === where.conversationId),
          (r) => Object.assign(r, change),
        );
      },
      async reserveAgent(agentId: string, at: Date, seen: boolean): Promise<AgentLoad | null> {
        const s = t().staff.get(agentId);
        if (!s) return null;
        if (seen) s.lastSeenAt = at;
        const activeChats = [...t().assignments.values()].filter(
          (a) => a.agentId === agentId && a.endedAt === null,
        ).length;
        return { maxConcurrentChats: s.maxConcurrentChats, activeChats };
      },
      async openAssignment(input) {
        stores.failIfAsked("assignment");
        const a: AssignmentRecord = { id: randomUUID(), ...input, endedAt: null, endReason: null };
        t().assignments.set(a.id, a);
        return copy(a);
      },
      async currentAssignment(conversationId, agentId) {
        const a = [...t().assignments.values()].find(
          (x) => x.conversationId === conversationId && x.agentId === agentId && x.endedAt === null,
        );
        return a ? copy(a) : null;
      },
      async endAssignments(input) {
        let n = 0;
        for (const a of t().assignments.values()) {
          if (a.conversationId !== input.conversationId || a.agentId !== input.agentId || a.endedAt !== null) continue;
          a.endedAt = input.endedAt;
          a.endReason = input.endReason;
          n++;
        }
        return n;
      },
      async addNote(input) {
        const author = t().staff.get(input.authorId);
        const note: NoteRecord = {
          id: randomUUID(),
          conversationId: input.conversationId,
          text: input.text,
          createdAt: input.createdAt,
          author: author ? { id: author.id, displayName: author.displayName } : null,
        };
        t().notes.push(note);
        return copy(note);
      },
      async markOfflineHandled(id, handledById, at) {
        const m = t().offline.get(id);
        if (!m || m.handledAt !== null) return false;
        m.handledAt = at;
        m.handledById = handledById;
        return true;
      },
      async audit(entry, at) {
        stores.writeAudit(entry, at);
      },
    };
  }
}
