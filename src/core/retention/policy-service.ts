import type { Clock } from "../clock.js";
import type { AuditLog, OrganisationRecord } from "../handoff/handoff-stores.js";
import type { ComplianceActor } from "./compliance-actor.js";
import { ComplianceError } from "./compliance-error.js";
import { type RetentionPolicy, retentionExpiry, retentionWindowsProblem } from "./retention-policy.js";
import type { RetentionExpiryStore, RetentionPolicyStore } from "./retention-stores.js";

export const MAX_RETENTION_MONTHS = 600;

export interface PolicyView {
  organisation: string;
  name: string;
  policy: RetentionPolicy;
  /** Conversations whose stored expiry was computed under another version. */
  awaitingRecompute: number;
}

export interface PolicyServiceDeps {
  policies: RetentionPolicyStore;
  organisations: {
    list(): Promise<OrganisationRecord[]>;
    findBySlug(slug: string): Promise<OrganisationRecord | null>;
  };
  expiries: RetentionExpiryStore;
  audit: AuditLog;
}

/**
 * Retention policy per organisation. A change stores a new version and then
 * rewrites the stored expiry of every conversation of the organisation in
 * batches; until a conversation is rewritten the purge leaves it alone (its
 * expiry belongs to another version), so a killed recompute is only late,
 * never wrong. `recompute` resumes it (the daily schedule calls it too).
 */
export class RetentionPolicyService {
  constructor(
    private readonly deps: PolicyServiceDeps,
    private readonly clock: Clock,
    private readonly batchSize = 1000,
  ) {}

  async list(): Promise<PolicyView[]> {
    this.deps.policies.forget();
    const out: PolicyView[] = [];
    for (const org of await this.deps.organisations.list()) {
      const policy = await this.deps.policies.current(org.id);
      out.push({
        organisation: org.slug,
        name: org.name,
        policy,
        awaitingRecompute: await this.deps.expiries.countStale(org.id, policy.version),
      });
    }
    return out;
  }

  async set(
    slug: string,
    months: { botOnlyMonths: number; humanInvolvedMonths: number },
    actor: ComplianceActor,
  ): Promise<{ policy: RetentionPolicy; previous: RetentionPolicy; recomputed: number }> {
    for (const [name, v] of Object.entries(months)) {
      if (!Number.isInteger(v) || v < 1 || v > MAX_RETENTION_MONTHS) {
        throw new ComplianceError(
          "invalid_input",
          `${name} must be a whole number of months from 1 to ${MAX_RETENTION_MONTHS}`,
        );
      }
    }
    const problem = retentionWindowsProblem(months);
    if (problem) throw new ComplianceError("invalid_input", problem);
    const org = await this.organisation(slug);
    this.deps.policies.forget();
    const previous = await this.deps.policies.current(org.id);
    const policy = await this.deps.policies.setPolicy(org.id, months, actor.id);
    await this.deps.audit.record(
      {
        action: "retention.policy.changed",
        actorId: actor.id,
        actorRole: actor.role,
        organisationId: org.id,
        targetType: "organisation",
        targetId: org.id,
        details: { organisation: slug, previous, policy },
      },
      this.clock.now(),
    );
    const recomputed = await this.recomputeOrganisation(org, policy);
    return { policy, previous, recomputed };
  }

  /** Rewrites expiries computed under an older version (all organisations, or one). */
  async recompute(slug: string | null = null): Promise<number> {
    const orgs = slug ? [await this.organisation(slug)] : await this.deps.organisations.list();
    this.deps.policies.forget();
    let n = 0;
    for (const org of orgs) n += await this.recomputeOrganisation(org, await this.deps.policies.current(org.id));
    return n;
  }

  private async recomputeOrganisation(org: OrganisationRecord, policy: RetentionPolicy): Promise<number> {
    let after: string | null = null;
    let changed = 0;
    for (;;) {
      const rows = await this.deps.expiries.staleBatch(org.id, policy.version, after, this.batchSize);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]?.id ?? null;
      changed += await this.deps.expiries.apply(
        rows.map((r) => ({
          id: r.id,
          lastActivityAt: r.lastActivityAt,
          retentionExpiresAt: retentionExpiry(r.lastActivityAt, r.retentionClass, policy),
        })),
        policy.version,
      );
    }
    return changed;
  }

  private async organisation(slug: string): Promise<OrganisationRecord> {
    const org = await this.deps.organisations.findBySlug(slug);
    if (!org) throw new ComplianceError("not_found", `unknown organisation "${slug}"`);
    return org;
  }
}
