import type { Clock } from "../clock.js";
import type { AuditLog, OrganisationRecord } from "../handoff/handoff-stores.js";
import type { AnalyticsMessage, AnalyticsStore } from "./analytics-store.js";
import type { ComplianceActor } from "./compliance-actor.js";
import { ComplianceError } from "./compliance-error.js";
import { phoneSpellings } from "./data-subject/subject-keys.js";
import { emptyMaskCounts, type MaskCounts, maskPersonalData } from "./masking/mask-personal-data.js";

/** What the bot team gets to improve the bot: no ids, no names, personal data masked. */
export interface AnalyticsExport {
  format: "skranke.analytics-export/1";
  generatedAt: string;
  from: string;
  to: string;
  organisation: string | null;
  /** Conversations left out because the customer objected to analysis. */
  excludedConversations: number;
  unansweredQuestions: Array<{ organisation: string; date: string; language: string; question: string }>;
  escalations: {
    reasons: Array<{ reason: string; count: number }>;
    items: Array<{ organisation: string; date: string; reason: string; summary: string | null }>;
  };
  feedback: Array<{
    organisation: string;
    date: string;
    helpful: boolean;
    comment: string | null;
    answer: string | null;
  }>;
  masked: MaskCounts;
}

export interface AnalyticsQuery {
  organisationSlug: string | null;
  from: Date;
  to: Date;
}

const PAGE = 500;

/**
 * The analytics export: unanswered questions (a customer message whose bot
 * reply was a fallback), escalation reasons and feedback, with fødselsnummer,
 * account and card numbers, phones and e-mails masked in the export only —
 * the kept log is never changed. Customers who objected to analysis (by
 * customer id, e-mail or phone) are left out.
 */
export class AnalyticsExporter {
  constructor(
    private readonly analytics: AnalyticsStore,
    private readonly organisations: { list(): Promise<OrganisationRecord[]> },
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async export(
    q: AnalyticsQuery,
    actor: ComplianceActor,
    scopeOrganisationId: string | null,
  ): Promise<AnalyticsExport> {
    if (!(q.from.getTime() < q.to.getTime())) throw new ComplianceError("invalid_input", "from must be before to");
    const orgs = await this.organisations.list();
    let organisationId: string | null = scopeOrganisationId;
    if (q.organisationSlug) {
      const org = orgs.find((o) => o.slug === q.organisationSlug);
      if (!org || (scopeOrganisationId !== null && org.id !== scopeOrganisationId)) {
        throw new ComplianceError("not_found", `unknown organisation "${q.organisationSlug}"`);
      }
      organisationId = org.id;
    }
    const slug = (id: string) => orgs.find((o) => o.id === id)?.slug ?? id;
    const contacts = await this.analytics.objectionContacts();
    const emails = [...new Set(contacts.flatMap((c) => (c.email ? [c.email, c.email.toLowerCase()] : [])))];
    const phones = [...new Set(contacts.flatMap((c) => (c.phone ? phoneSpellings(c.phone) : [])))];
    const excludedCustomers = await this.analytics.excludedCustomerIds(emails, phones);
    const excludedConversations = await this.analytics.conversationsOfContacts(emails, phones);

    const masked = emptyMaskCounts();
    const mask = (t: string | null) => (t === null ? null : maskPersonalData(t, masked));
    const inWindow = (d: Date) => d >= q.from && d < q.to;
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const out: AnalyticsExport = {
      format: "skranke.analytics-export/1",
      generatedAt: this.clock.now().toISOString(),
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      organisation: q.organisationSlug,
      excludedConversations: 0,
      unansweredQuestions: [],
      escalations: { reasons: [], items: [] },
      feedback: [],
      masked,
    };
    const reasons = new Map<string, number>();
    let afterId: string | null = null;
    for (;;) {
      const page = await this.analytics.conversationsPage({
        organisationId,
        from: q.from,
        to: q.to,
        afterId,
        limit: PAGE,
      });
      if (page.length === 0) break;
      afterId = page[page.length - 1]?.id ?? null;
      const included = page.filter(
        (c) => !(c.customerId && excludedCustomers.has(c.customerId)) && !excludedConversations.has(c.id),
      );
      out.excludedConversations += page.length - included.length;
      if (included.length === 0) continue;
      const ids = included.map((c) => c.id);
      const byId = new Map(included.map((c) => [c.id, c]));
      const messages = await this.analytics.messagesOf(ids);
      for (const m of unansweredQuestions(messages)) {
        if (!inWindow(m.createdAt)) continue;
        const c = byId.get(m.conversationId);
        out.unansweredQuestions.push({
          organisation: slug(c?.organisationId ?? ""),
          date: day(m.createdAt),
          language: c?.language ?? "nb",
          question: mask(m.text) ?? "",
        });
      }
      const handoffs = await this.analytics.handoffsOf(ids);
      const escalated = new Set(handoffs.map((h) => h.conversationId));
      for (const c of included) {
        // A conversation's own escalation reason counts when no handoff request records it.
        if (c.escalationReason && !escalated.has(c.id)) {
          reasons.set(c.escalationReason, (reasons.get(c.escalationReason) ?? 0) + 1);
        }
      }
      for (const h of handoffs) {
        if (!inWindow(h.requestedAt)) continue;
        const c = byId.get(h.conversationId);
        reasons.set(h.reason, (reasons.get(h.reason) ?? 0) + 1);
        out.escalations.items.push({
          organisation: slug(c?.organisationId ?? ""),
          date: day(h.requestedAt),
          reason: mask(h.reason) ?? "",
          summary: mask(h.summary),
        });
      }
      for (const f of await this.analytics.feedbackOf(ids)) {
        if (!inWindow(f.createdAt)) continue;
        const c = byId.get(f.conversationId);
        out.feedback.push({
          organisation: slug(c?.organisationId ?? ""),
          date: day(f.createdAt),
          helpful: f.helpful,
          comment: mask(f.comment),
          answer: mask(f.message?.text ?? null),
        });
      }
    }
    out.escalations.reasons = [...reasons.entries()]
      .map(([reason, count]) => ({ reason: maskPersonalData(reason, masked), count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
    await this.audit.record(
      {
        action: "analytics.export",
        actorId: actor.id,
        actorRole: actor.role,
        organisationId,
        details: {
          from: out.from,
          to: out.to,
          organisation: q.organisationSlug,
          unansweredQuestions: out.unansweredQuestions.length,
          escalations: out.escalations.items.length,
          feedback: out.feedback.length,
          excludedConversations: out.excludedConversations,
          masked,
        },
      },
      this.clock.now(),
    );
    return out;
  }
}

/**
 * Customer messages the bot could not answer: the first bot reply after the
 * message (before the customer writes again) has metadata action "fallback".
 * Messages come ordered by conversation, then id.
 */
export function unansweredQuestions(messages: readonly AnalyticsMessage[]): AnalyticsMessage[] {
  const out: AnalyticsMessage[] = [];
  let pending: AnalyticsMessage | null = null;
  let conversation: string | null = null;
  for (const m of messages) {
    if (m.conversationId !== conversation) {
      conversation = m.conversationId;
      pending = null;
    }
    if (m.role === "customer") {
      pending = m;
    } else if (m.role === "bot" && pending) {
      const action = (m.metadata as { action?: unknown } | null)?.action;
      if (action === "fallback") out.push(pending);
      pending = null;
    }
  }
  return out;
}
