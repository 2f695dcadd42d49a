import { type StaffDirectory, type StaffName, staffNames } from "../accounts/staff-names.js";
import type { Clock } from "../clock.js";
import type { AuditLog } from "../handoff/handoff-stores.js";
import type { ComplianceActor } from "./compliance-actor.js";
import { ComplianceError } from "./compliance-error.js";
import { HoldTargetGoneError, type LegalHoldRecord, type LegalHoldStore } from "./legal-hold-store.js";

export interface HoldTarget {
  conversationId?: string | null;
  customerId?: string | null;
}

export interface HoldView {
  id: string;
  organisationId: string;
  conversationId: string | null;
  customerId: string | null;
  reason: string;
  placedBy: string | null;
  placedAt: string;
  releasedAt: string | null;
  releasedBy: string | null;
  releaseReason: string | null;
  active: boolean;
  /** The accounts behind `placedBy` and `releasedBy` (in lists; null when not an account). */
  placedByStaff?: StaffName | null;
  releasedByStaff?: StaffName | null;
}

const MAX_REASON = 1000;

/**
 * Legal holds: a hold on a conversation, or on all of a customer's
 * conversations (present and future), stops every purge and erasure of them
 * until released. Placing and releasing need a reason and are audited.
 * `organisationId` limits staff bound to one organisation.
 */
export class LegalHoldService {
  constructor(
    private readonly holds: LegalHoldStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly staff: StaffDirectory,
  ) {}

  async place(
    target: HoldTarget,
    reason: string,
    actor: ComplianceActor,
    organisationId: string | null,
  ): Promise<HoldView> {
    const why = cleanReason(reason);
    const conversationId = target.conversationId?.trim() || null;
    const customerId = target.customerId?.trim() || null;
    if ((conversationId === null) === (customerId === null)) {
      throw new ComplianceError("invalid_input", "name either a conversation or a customer");
    }
    const owner = conversationId
      ? await this.holds.conversationOwner(conversationId)
      : await this.holds.customerOwner(customerId as string);
    if (!owner || (organisationId !== null && owner.organisationId !== organisationId)) {
      throw new ComplianceError("not_found", conversationId ? "no such conversation" : "no such customer");
    }
    const now = this.clock.now();
    let hold: LegalHoldRecord;
    try {
      hold = await this.holds.place({
        organisationId: owner.organisationId,
        conversationId,
        customerId,
        reason: why,
        placedById: actor.id,
        placedAt: now,
      });
    } catch (err) {
      if (err instanceof HoldTargetGoneError)
        throw new ComplianceError("not_found", "no such conversation (just purged)");
      throw err;
    }
    await this.audit.record(
      {
        action: "retention.hold.placed",
        actorId: actor.id,
        actorRole: actor.role,
        organisationId: owner.organisationId,
        targetType: conversationId ? "conversation" : "customer",
        targetId: conversationId ?? customerId,
        details: {
          holdId: hold.id,
          reason: why,
          ...(customerId ? { conversations: await this.holds.countCustomerConversations(customerId) } : {}),
        },
      },
      now,
    );
    return toView(hold);
  }

  async release(id: string, reason: string, actor: ComplianceActor, organisationId: string | null): Promise<HoldView> {
    const why = cleanReason(reason);
    const existing = await this.holds.findById(id);
    if (!existing || (organisationId !== null && existing.organisationId !== organisationId)) {
      throw new ComplianceError("not_found", "no such hold");
    }
    const now = this.clock.now();
    const released = await this.holds.release(id, actor.id, why, now);
    if (!released) throw new ComplianceError("conflict", "the hold is already released");
    await this.audit.record(
      {
        action: "retention.hold.released",
        actorId: actor.id,
        actorRole: actor.role,
        organisationId: existing.organisationId,
        targetType: existing.conversationId ? "conversation" : "customer",
        targetId: existing.conversationId ?? existing.customerId,
        details: { holdId: id, reason: why, placedAt: existing.placedAt.toISOString() },
      },
      now,
    );
    return toView(released);
  }

  async list(activeOnly: boolean, organisationId: string | null): Promise<HoldView[]> {
    const holds = await this.holds.list({ activeOnly, organisationId });
    const names = await staffNames(
      this.staff,
      holds.flatMap((h) => [h.placedById, h.releasedById]),
    );
    return holds.map((h) => ({
      ...toView(h),
      placedByStaff: (h.placedById && names.get(h.placedById)) || null,
      releasedByStaff: (h.releasedById && names.get(h.releasedById)) || null,
    }));
  }
}

function cleanReason(reason: string): string {
  const why = (reason ?? "").trim();
  if (why.length < 3) throw new ComplianceError("invalid_input", "give a reason (at least 3 characters)");
  if (why.length > MAX_REASON)
    throw new ComplianceError("invalid_input", `the reason is longer than ${MAX_REASON} characters`);
  return why;
}

function toView(h: LegalHoldRecord): HoldView {
  return {
    id: h.id,
    organisationId: h.organisationId,
    conversationId: h.conversationId,
    customerId: h.customerId,
    reason: h.reason,
    placedBy: h.placedById,
    placedAt: h.placedAt.toISOString(),
    releasedAt: h.releasedAt?.toISOString() ?? null,
    releasedBy: h.releasedById,
    releaseReason: h.releaseReason,
    active: h.releasedAt === null,
  };
}
