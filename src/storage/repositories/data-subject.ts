import type {
  DataSubjectStore,
  SubjectKeys,
  TranscriptRows,
} from "../../core/retention/data-subject/data-subject-store.js";
import type { Prisma } from "../database.js";
import type { Conversation, Customer, OfflineMessage } from "../generated/sqlite/client.js";

export type { Customer, OfflineMessage, SubjectKeys, TranscriptRows };

/** Reads and deletes what belongs to one data subject (access, erasure, objection requests). */
export class DataSubjectRepository implements DataSubjectStore {
  constructor(private readonly prisma: Prisma) {}

  findCustomers(keys: SubjectKeys): Promise<Customer[]> {
    const or = [
      ...(keys.customerIds.length ? [{ id: { in: [...keys.customerIds] } }] : []),
      ...(keys.emails.length ? [{ email: { in: [...keys.emails] } }] : []),
      ...(keys.phones.length ? [{ phone: { in: [...keys.phones] } }] : []),
    ];
    if (or.length === 0) return Promise.resolve([]);
    return this.prisma.customer.findMany({
      where: { OR: or, ...(keys.organisationId ? { organisationId: keys.organisationId } : {}) },
      orderBy: { createdAt: "asc" },
    });
  }

  findOfflineMessages(keys: SubjectKeys): Promise<OfflineMessage[]> {
    const or = [
      ...(keys.customerIds.length ? [{ customerId: { in: [...keys.customerIds] } }] : []),
      ...(keys.emails.length ? [{ email: { in: [...keys.emails] } }] : []),
      ...(keys.phones.length ? [{ phone: { in: [...keys.phones] } }] : []),
    ];
    if (or.length === 0) return Promise.resolve([]);
    return this.prisma.offlineMessage.findMany({
      where: { OR: or, ...(keys.organisationId ? { organisationId: keys.organisationId } : {}) },
      orderBy: { createdAt: "asc" },
    });
  }

  conversationsOf(filter: {
    customerIds: readonly string[];
    conversationIds: readonly string[];
    organisationId: string | null;
  }): Promise<Conversation[]> {
    const or = [
      ...(filter.customerIds.length ? [{ customerId: { in: [...filter.customerIds] } }] : []),
      ...(filter.conversationIds.length ? [{ id: { in: [...filter.conversationIds] } }] : []),
    ];
    if (or.length === 0) return Promise.resolve([]);
    return this.prisma.conversation.findMany({
      where: { OR: or, ...(filter.organisationId ? { organisationId: filter.organisationId } : {}) },
      orderBy: { startedAt: "asc" },
    });
  }

  async transcript(conversationId: string): Promise<TranscriptRows> {
    const [messages, feedback, handoffs, internalNotes] = await Promise.all([
      this.prisma.message.findMany({
        where: { conversationId },
        orderBy: { id: "asc" },
        select: { id: true, role: true, authorName: true, text: true, createdAt: true },
      }),
      this.prisma.feedback.findMany({
        where: { conversationId },
        orderBy: { createdAt: "asc" },
        select: { helpful: true, comment: true, createdAt: true },
      }),
      this.prisma.handoffRequest.findMany({
        where: { conversationId },
        orderBy: { requestedAt: "asc" },
        select: { reason: true, requestedAt: true, status: true },
      }),
      this.prisma.internalNote.count({ where: { conversationId } }),
    ]);
    return { messages, feedback, handoffs, internalNotes };
  }

  /** Leave-a-message requests not tied to a conversation (those go with their conversation). */
  async deleteStandaloneOfflineMessages(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.prisma.offlineMessage.deleteMany({ where: { id: { in: [...ids] }, conversationId: null } });
    return r.count;
  }

  /** The bot's per-customer state (their language); rows of conversations go with the conversation. */
  async deleteCustomerState(customerIds: readonly string[]): Promise<number> {
    if (customerIds.length === 0) return 0;
    const r = await this.prisma.botState.deleteMany({ where: { customerId: { in: [...customerIds] } } });
    return r.count;
  }

  /** Deletes the customer record when nothing of it is kept (no conversation, no active hold). */
  async deleteCustomerIfUnused(id: string): Promise<boolean> {
    const r = await this.prisma.customer.deleteMany({
      where: { id, conversations: { none: {} }, legalHolds: { none: { releasedAt: null } } },
    });
    return r.count === 1;
  }

  async recordObjection(input: {
    organisationId: string | null;
    customerIds: readonly string[];
    email: string | null;
    phone: string | null;
    at: Date;
  }): Promise<void> {
    const rows = [
      ...input.customerIds.map((customerId) => ({
        organisationId: input.organisationId,
        customerId,
        createdAt: input.at,
      })),
      ...(input.email || input.phone
        ? [{ organisationId: input.organisationId, email: input.email, phone: input.phone, createdAt: input.at }]
        : []),
    ];
    if (rows.length) await this.prisma.analyticsObjection.createMany({ data: rows });
    if (input.customerIds.length) {
      await this.prisma.customer.updateMany({
        where: { id: { in: [...input.customerIds] } },
        data: { analyticsOptOut: true },
      });
    }
  }
}
