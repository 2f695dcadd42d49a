import { DEFAULT_RETENTION_POLICY, type RetentionPolicy } from "../../core/retention/retention-policy.js";
import type { Prisma } from "../database.js";

/**
 * Retention policy in force per organisation: the highest stored version, or
 * the default (version 1: 12 / 60 months) when none is stored. Cached briefly:
 * the policy is read on every stored message.
 */
export class RetentionPolicyRepository {
  private cache = new Map<string, { policy: RetentionPolicy; until: number }>();

  constructor(
    private readonly prisma: Prisma,
    private readonly cacheMs = 30_000,
  ) {}

  /**
   * `via`: the client to read through on a cache miss; inside an interactive
   * transaction its own (SQLite's one connection is the transaction's until it ends).
   */
  async current(organisationId: string, via: Pick<Prisma, "retentionPolicy"> = this.prisma): Promise<RetentionPolicy> {
    const hit = this.cache.get(organisationId);
    if (hit && hit.until > Date.now()) return hit.policy;
    const row = await via.retentionPolicy.findFirst({
      where: { organisationId },
      orderBy: { version: "desc" },
    });
    const policy = row
      ? { version: row.version, botOnlyMonths: row.botOnlyMonths, humanInvolvedMonths: row.humanInvolvedMonths }
      : DEFAULT_RETENTION_POLICY;
    this.cache.set(organisationId, { policy, until: Date.now() + this.cacheMs });
    return policy;
  }

  /** Stores a new version (previous version + 1) and returns it. */
  async setPolicy(
    organisationId: string,
    months: { botOnlyMonths: number; humanInvolvedMonths: number },
    createdBy: string,
  ): Promise<RetentionPolicy> {
    const previous = await this.current(organisationId);
    const row = await this.prisma.retentionPolicy.create({
      data: { organisationId, version: previous.version + 1, ...months, createdBy },
    });
    this.cache.delete(organisationId);
    return { version: row.version, botOnlyMonths: row.botOnlyMonths, humanInvolvedMonths: row.humanInvolvedMonths };
  }

  forget(): void {
    this.cache.clear();
  }
}
