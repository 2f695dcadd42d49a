import type { AuditEntry, NewHandoffRequest, NewMessage } from "../../core/conversations/conversation-records.js";
import type {
  AgentLoad,
  ConversationChange,
  ConversationExpectation,
  ConversationStore,
  ConversationTransaction,
  StampedAppend,
  StampedAppendExpectation,
} from "../../core/conversations/conversation-store.js";
import type { ConversationStatus } from "../../core/handoff/conversation-status.js";
import type { RetentionStamp } from "../../core/retention/retention-stamp.js";
import type { Prisma } from "../database.js";
import type { Conversation, Message } from "../generated/sqlite/client.js";
import type { InputJsonValue, TransactionClient } from "../generated/sqlite/internal/prismaNamespace.js";
import type { SqlRows } from "../raw-sql.js";
import { retryWhileSqliteBusy } from "../sqlite-busy.js";
import { auditEventData } from "./audit.js";
import { MessageRepository } from "./messages.js";
import type { RetentionPolicyRepository } from "./retention-policies.js";
import { stampedAppend } from "./stamped-append.js";

/** Waiting for the connection (SQLite has one) and running the work: generous, a busy disk is slow. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

/**
 * The conversation lifecycle's port on Prisma: interactive transactions whose
 * writes are conditional UPDATEs (`updateMany` with the expected state in
 * the WHERE), so the affected-row count says who won. Holds no rules: the
 * core decides what to write.
 */
export class PrismaConversationStore implements ConversationStore {
  private readonly messages: MessageRepository;

  /** `sql`: where the hot path's raw statements go (stamped-append.ts). */
  constructor(
    private readonly prisma: Prisma,
    private readonly sql: SqlRows,
    private readonly policies: RetentionPolicyRepository,
  ) {
    this.messages = new MessageRepository(prisma);
  }

  appendStamped(
    input: NewMessage,
    createdAt: Date,
    stamp: RetentionStamp,
    expect: StampedAppendExpectation,
  ): Promise<StampedAppend | null> {
    return stampedAppend(this.sql, input, createdAt, stamp, expect);
  }

  transaction<T>(work: (tx: ConversationTransaction) => Promise<T>): Promise<T> {
    // The work only writes through the transaction, so a rolled-back attempt can simply run again.
    return retryWhileSqliteBusy(() =>
      this.prisma.$transaction((tx) => work(new PrismaConversationTransaction(tx, this.policies)), TRANSACTION_OPTIONS),
    );
  }

  findById(id: string) {
    return this.prisma.conversation.findUnique({ where: { id } });
  }

  findMessageByClientId(conversationId: string, clientId: string): Promise<Message | null> {
    return this.messages.findByClientId(conversationId, clientId);
  }

  listMessages(conversationId: string, opts: { afterId?: number; limit?: number } = {}): Promise<Message[]> {
    return this.messages.list(conversationId, opts);
  }
}

class PrismaConversationTransaction implements ConversationTransaction {
  constructor(
    private readonly tx: TransactionClient,
    private readonly policies: RetentionPolicyRepository,
  ) {}

  retentionPolicy(organisationId: string) {
    return this.policies.current(organisationId, this.tx);
  }

  conversation(id: string) {
    return this.tx.conversation.findUnique({ where: { id } });
  }

  async updateConversation(id: string, expect: ConversationExpectation, change: ConversationChange): Promise<boolean> {
    const { retention, ...fields } = change;
    const r = await this.tx.conversation.updateMany({
      where: {
        id,
        status: { in: [...expect.status] },
        ...(expect.assignedAgentId !== undefined ? { assignedAgentId: expect.assignedAgentId } : {}),
        ...(expect.organisationId !== undefined ? { organisationId: expect.organisationId } : {}),
      },
      data: { ...fields, ...(retention ?? {}) },
    });
    return r.count === 1;
  }

  async stampRetention(
    id: string,
    stamp: RetentionStamp,
    expect: { organisationId?: string; statuses?: readonly ConversationStatus[] } = {},
  ): Promise<Conversation | null> {
    // UPDATE … RETURNING: one statement writes the stamp and gives the row back.
    const rows = await this.tx.conversation.updateManyAndReturn({
      where: {
        id,
        ...(stamp.humanInvolved ? {} : { humanInvolved: false }),
        ...(expect.organisationId !== undefined ? { organisationId: expect.organisationId } : {}),
        ...(expect.statuses !== undefined ? { status: { in: [...expect.statuses] } } : {}),
      },
      data: stamp,
    });
    return rows[0] ?? null;
  }

  appendMessage(input: NewMessage, createdAt: Date): Promise<Message> {
    return this.tx.message.create({
      data: {
        conversationId: input.conversationId,
        role: input.role,
        text: input.text,
        clientId: input.clientId ?? null,
        authorId: input.authorId ?? null,
        authorName: input.authorName ?? null,
        metadata: (input.metadata ?? undefined) as InputJsonValue | undefined,
        createdAt,
      },
    });
  }

  activeRequest(conversationId: string) {
    return this.tx.handoffRequest.findFirst({
      where: { conversationId, status: { in: ["waiting", "assigned"] } },
      orderBy: { requestedAt: "desc" },
    });
  }

  createRequest(input: NewHandoffRequest) {
    return this.tx.handoffRequest.create({ data: { ...input, status: "waiting" } });
  }

  async moveRequests(
    where: { id?: string; conversationId?: string; status: "waiting" | "assigned" },
    change: {
      status: "assigned" | "completed" | "abandoned" | "cancelled" | "failed";
      assignedAt?: Date;
      endedAt?: Date;
    },
  ): Promise<number> {
    if (where.id === undefined && where.conversationId === undefined) throw new Error("moveRequests needs a target");
    const r = await this.tx.handoffRequest.updateMany({
      where: {
        status: where.status,
        ...(where.id !== undefined ? { id: where.id } : {}),
        ...(where.conversationId !== undefined ? { conversationId: where.conversationId } : {}),
      },
      data: change,
    });
    return r.count;
  }

  async reserveAgent(agentId: string, at: Date, seen: boolean): Promise<AgentLoad | null> {
    // A write to the agent's row first: a row lock in PostgreSQL, the write lock in SQLite.
    let agent: { maxConcurrentChats: number };
    try {
      agent = await this.tx.user.update({
        where: { id: agentId },
        data: seen ? { lastSeenAt: at } : { updatedAt: at },
        select: { maxConcurrentChats: true },
      });
    } catch (err) {
      if ((err as { code?: string }).code === "P2025") return null;
      throw err;
    }
    const activeChats = await this.tx.assignment.count({ where: { agentId, endedAt: null } });
    return { maxConcurrentChats: agent.maxConcurrentChats, activeChats };
  }

  openAssignment(input: {
    conversationId: string;
    handoffRequestId: string | null;
    agentId: string;
    assignedAt: Date;
  }) {
    return this.tx.assignment.create({ data: input });
  }

  currentAssignment(conversationId: string, agentId: string) {
    return this.tx.assignment.findFirst({ where: { conversationId, agentId, endedAt: null } });
  }

  async endAssignments(input: {
    conversationId: string;
    agentId: string;
    endedAt: Date;
    endReason: string;
  }): Promise<number> {
    const r = await this.tx.assignment.updateMany({
      where: { conversationId: input.conversationId, agentId: input.agentId, endedAt: null },
      data: { endedAt: input.endedAt, endReason: input.endReason },
    });
    return r.count;
  }

  addNote(input: { conversationId: string; authorId: string; text: string; createdAt: Date }) {
    return this.tx.internalNote.create({
      data: input,
      include: { author: { select: { id: true, displayName: true } } },
    });
  }

  async markOfflineHandled(id: string, handledById: string, at: Date): Promise<boolean> {
    const r = await this.tx.offlineMessage.updateMany({
      where: { id, handledAt: null },
      data: { handledAt: at, handledById },
    });
    return r.count === 1;
  }

  async audit(entry: AuditEntry, at: Date): Promise<void> {
    await this.tx.auditEvent.create({ data: auditEventData(entry, at) });
  }
}
