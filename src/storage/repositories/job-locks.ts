import type { Prisma } from "../database.js";
import type { JobLock } from "../generated/sqlite/client.js";

export type { JobLock };

/**
 * Cross-process leases in the JobLock table: one row per job name, taken by
 * inserting it or by taking over an expired lease in one conditional UPDATE.
 */
export class JobLockRepository {
  constructor(private readonly prisma: Prisma) {}

  /** True when `holder` now holds `name` until `until`. */
  async tryAcquire(name: string, holder: string, until: Date, now: Date): Promise<boolean> {
    const taken = await this.prisma.jobLock.updateMany({
      where: { name, OR: [{ lockedUntil: { lte: now } }, { holder }] },
      data: { holder, lockedUntil: until },
    });
    if (taken.count === 1) return true;
    try {
      await this.prisma.jobLock.create({ data: { name, holder, lockedUntil: until } });
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === "P2002") return false;
      throw err;
    }
  }

  /** Extends the lease; false when `holder` lost it. */
  async renew(name: string, holder: string, until: Date): Promise<boolean> {
    const r = await this.prisma.jobLock.updateMany({ where: { name, holder }, data: { lockedUntil: until } });
    return r.count === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.prisma.jobLock.deleteMany({ where: { name, holder } });
  }

  find(name: string): Promise<JobLock | null> {
    return this.prisma.jobLock.findUnique({ where: { name } });
  }
}
