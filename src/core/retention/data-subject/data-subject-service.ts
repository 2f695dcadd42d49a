import type { Clock } from "../../clock.js";
import type { ConversationRecord } from "../../conversations/conversation-records.js";
import type { AuditLog, OrganisationRecord } from "../../handoff/handoff-stores.js";
import type { ComplianceActor } from "../compliance-actor.js";
import { ComplianceError } from "../compliance-error.js";
import type { LegalHoldStore } from "../legal-hold-store.js";
import type { ConversationDeletion } from "../purge-store.js";
import type { DataSubjectStore, SubjectCustomer, SubjectOfflineMessage } from "./data-subject-store.js";
import type { SubjectExport } from "./subject-export.js";
import { phoneSpellings, type SubjectLookup, type SubjectQuery, subjectLookup } from "./subject-keys.js";

export interface KeptConversation {
  conversationId: string;
  organisation: string;
  reason: "human_involved" | "legal_hold";
  keptUntil: string | null;
  /** Norwegian, then English. */
  explanation: string;
}

export interface ErasureResult {
  deleted: {
    conversations: Array<{ id: string; organisation: string }>;
    messages: number;
    offlineMessages: number;
    customers: number;
    /** The bot's per-customer state rows (the language they spoke). */
    userState: number;
  };
  kept: KeptConversation[];
}

export interface DataSubjectDeps {
  subjects: DataSubjectStore;
  purge: ConversationDeletion;
  holds: Pick<LegalHoldStore, "activeFor" | "hasActiveCustomerHold">;
  organisations: { list(): Promise<OrganisationRecord[]> };
  audit: AuditLog;
}

interface Found {
  lookup: SubjectLookup;
  customers: SubjectCustomer[];
  offline: SubjectOfflineMessage[];
  conversations: ConversationRecord[];
}

/**
 * Data-subject requests: access/portability (export), erasure and objection
 * to analysis. A subject is found by widget customer id, or by the e-mail or
 * phone given in a leave-a-message; `organisationId` limits staff bound to
 * one organisation. Every request is audited with counts and ids, never
 * with message content or the e-mail/phone searched for.
 */
export class DataSubjectService {
  constructor(
    private readonly deps: DataSubjectDeps,
    private readonly clock: Clock,
  ) {}

  async export(q: SubjectQuery, actor: ComplianceActor, organisationId: string | null): Promise<SubjectExport> {
    const found = await this.find(q, organisationId);
    const slug = await this.slugs();
    const conversations: SubjectExport["conversations"] = [];
    for (const c of found.conversations) {
      const t = await this.deps.subjects.transcript(c.id);
      conversations.push({
        id: c.id,
        organisation: slug(c.organisationId),
        channel: c.channel,
        language: c.language,
        status: c.status,
        startedAt: c.startedAt.toISOString(),
        lastActivityAt: c.lastActivityAt.toISOString(),
        endedAt: c.endedAt?.toISOString() ?? null,
        humanInvolved: c.humanInvolved,
        escalationReason: c.escalationReason,
        retention: { class: c.retentionClass, expiresAt: c.retentionExpiresAt.toISOString() },
        messages: t.messages.map((m) => ({
          at: m.createdAt.toISOString(),
          from: m.role,
          name: m.role === "agent" ? m.authorName : null,
          text: m.text,
        })),
        feedback: t.feedback.map((f) => ({ at: f.createdAt.toISOString(), helpful: f.helpful, comment: f.comment })),
        handoffs: t.handoffs.map((h) => ({ at: h.requestedAt.toISOString(), reason: h.reason, status: h.status })),
        internalNotes: t.internalNotes,
      });
    }
    const out: SubjectExport = {
      format: "skranke.subject-export/1",
      generatedAt: this.clock.now().toISOString(),
      customers: found.customers.map((c) => ({
        id: c.id,
        organisation: slug(c.organisationId),
        displayName: c.displayName,
        email: c.email,
        phone: c.phone,
        language: c.language,
        createdAt: c.createdAt.toISOString(),
        lastSeenAt: c.lastSeenAt.toISOString(),
        analyticsOptOut: c.analyticsOptOut,
      })),
      conversations,
      offlineMessages: found.offline.map((o) => ({
        id: o.id,
        organisation: slug(o.organisationId),
        createdAt: o.createdAt.toISOString(),
        name: o.name,
        email: o.email,
        phone: o.phone,
        text: o.text,
        handledAt: o.handledAt?.toISOString() ?? null,
      })),
    };
    await this.record("subject.export", actor, found, {
      conversations: out.conversations.length,
      messages: out.conversations.reduce((n, c) => n + c.messages.length, 0),
      offlineMessages: out.offlineMessages.length,
    });
    return out;
  }

  /**
   * Deletes the conversations only the bot took part in, at once (with their
   * messages and dependent rows), and leave-a-message requests not tied to a
   * kept conversation. Conversations where a person took part are kept for
   * their retention period, and held conversations until the hold is
   * released; the result says which and why.
   */
  async erase(q: SubjectQuery, actor: ComplianceActor, organisationId: string | null): Promise<ErasureResult> {
    const found = await this.find(q, organisationId);
    const slug = await this.slugs();
    const kept: KeptConversation[] = [];
    const candidates: string[] = [];
    for (const c of found.conversations) {
      const reason = await this.keepReason(c);
      if (reason) kept.push(this.kept(c, reason, slug));
      else candidates.push(c.id);
    }
    const { deleted, messages } = await this.deps.purge.deleteBatch(candidates, { kind: "erasure", organisationId });
    const deletedIds = new Set(deleted.map((d) => d.id));
    for (const c of found.conversations) {
      if (candidates.includes(c.id) && !deletedIds.has(c.id)) {
        // Changed between the check and the delete: a person joined, or a hold was placed.
        const now = await this.deps.subjects.conversationsOf({
          customerIds: [],
          conversationIds: [c.id],
          organisationId,
        });
        const current = now[0] ?? c;
        kept.push(this.kept(current, (await this.keepReason(current)) ?? "human_involved", slug));
      }
    }
    const customerHeld = new Set<string>();
    for (const cust of found.customers) {
      if (await this.deps.holds.hasActiveCustomerHold(cust.id)) customerHeld.add(cust.id);
    }
    const offlineIds = found.offline
      .filter((o) => o.conversationId === null && !(o.customerId && customerHeld.has(o.customerId)))
      .map((o) => o.id);
    const offlineMessages = await this.deps.subjects.deleteStandaloneOfflineMessages(offlineIds);
    const userState = await this.deps.subjects.deleteCustomerState(found.customers.map((c) => c.id));
    let customers = 0;
    for (const cust of found.customers) if (await this.deps.subjects.deleteCustomerIfUnused(cust.id)) customers++;
    const result: ErasureResult = {
      deleted: {
        conversations: deleted.map((d) => ({ id: d.id, organisation: slug(d.organisationId) })),
        messages,
        offlineMessages,
        customers,
        userState,
      },
      kept,
    };
    await this.record("subject.erasure", actor, found, {
      deletedConversations: deleted.map((d) => d.id),
      deletedMessages: messages,
      deletedOfflineMessages: offlineMessages,
      deletedCustomers: customers,
      deletedUserState: userState,
      kept: kept.map((k) => ({ conversationId: k.conversationId, reason: k.reason, keptUntil: k.keptUntil })),
    });
    return result;
  }

  /** From now on the subject's logs are left out of analytics exports (the logs themselves are untouched). */
  async object(
    q: SubjectQuery,
    actor: ComplianceActor,
    organisationId: string | null,
  ): Promise<{ customers: number; contacts: number }> {
    const found = await this.find(q, organisationId);
    const email = q.email?.trim().toLowerCase() || null;
    const phone = q.phone?.trim() || null;
    await this.deps.subjects.recordObjection({
      organisationId,
      customerIds: found.customers.map((c) => c.id),
      email,
      phone,
      at: this.clock.now(),
    });
    await this.record("subject.objection", actor, found, { customers: found.customers.length });
    return { customers: found.customers.length, contacts: email || phone ? 1 : 0 };
  }

  private async find(q: SubjectQuery, organisationId: string | null): Promise<Found> {
    const lookup = subjectLookup(q);
    const keys = { ...lookup, organisationId };
    const customers = await this.deps.subjects.findCustomers(keys);
    if (lookup.customerIds.length > 0 && !customers.some((c) => lookup.customerIds.includes(c.id))) {
      throw new ComplianceError("not_found", "no such customer");
    }
    // The customer records' own e-mail and phone find leave-a-messages written without the widget.
    const emails = new Set(lookup.emails);
    const phones = new Set(lookup.phones);
    for (const c of customers) {
      if (c.email) for (const e of [c.email, c.email.toLowerCase()]) emails.add(e);
      if (c.phone) for (const ph of phoneSpellings(c.phone)) phones.add(ph);
    }
    const offline = await this.deps.subjects.findOfflineMessages({
      ...keys,
      customerIds: [...new Set([...lookup.customerIds, ...customers.map((c) => c.id)])],
      emails: [...emails],
      phones: [...phones],
    });
    const extraCustomerIds = offline
      .map((o) => o.customerId)
      .filter((id): id is string => id !== null && !customers.some((c) => c.id === id));
    if (extraCustomerIds.length) {
      customers.push(
        ...(await this.deps.subjects.findCustomers({
          customerIds: extraCustomerIds,
          emails: [],
          phones: [],
          organisationId,
        })),
      );
    }
    const conversations = await this.deps.subjects.conversationsOf({
      customerIds: customers.map((c) => c.id),
      conversationIds: offline.map((o) => o.conversationId).filter((id): id is string => id !== null),
      organisationId,
    });
    return { lookup, customers, offline, conversations };
  }

  private async keepReason(c: { id: string; customerId: string | null; humanInvolved: boolean }) {
    if ((await this.deps.holds.activeFor(c.id, c.customerId)).length > 0) return "legal_hold" as const;
    if (c.humanInvolved) return "human_involved" as const;
    return null;
  }

  private kept(
    c: { id: string; organisationId: string; retentionExpiresAt: Date },
    reason: KeptConversation["reason"],
    slug: (id: string) => string,
  ): KeptConversation {
    const until = c.retentionExpiresAt.toISOString();
    return {
      conversationId: c.id,
      organisation: slug(c.organisationId),
      reason,
      keptUntil: reason === "human_involved" ? until : null,
      explanation:
        reason === "human_involved"
          ? `En kundebehandler deltok i samtalen, så loggen skal oppbevares i oppbevaringstiden (til ${until.slice(0, 10)}) og slettes da. / A human agent took part, so the log must be kept for its retention period (until ${until.slice(0, 10)}) and is deleted then.`
          : "Samtalen er underlagt rettslig hold (legal hold) og kan ikke slettes før holdet er opphevet. / The conversation is under a legal hold and cannot be deleted until the hold is released.",
    };
  }

  private async slugs(): Promise<(id: string) => string> {
    const orgs = await this.deps.organisations.list();
    return (id) => orgs.find((o) => o.id === id)?.slug ?? id;
  }

  private async record(action: string, actor: ComplianceActor, found: Found, details: Record<string, unknown>) {
    await this.deps.audit.record(
      {
        action,
        actorId: actor.id,
        actorRole: actor.role,
        organisationId: found.customers[0]?.organisationId ?? found.conversations[0]?.organisationId ?? null,
        targetType: "customer",
        targetId: found.customers[0]?.id ?? null,
        details: {
          lookup: found.lookup.keyKinds,
          customers: found.customers.map((c) => c.id),
          ...details,
        },
      },
      this.clock.now(),
    );
  }
}
