import { randomUUID } from "node:crypto";
import os from "node:os";
import { type Clock, systemClock } from "../clock.js";

/** Cross-process leases by job name (src/storage's JobLockRepository). */
export interface JobLockStore {
  /** True when `holder` now holds `name` until `until` (taken, or an expired lease taken over). */
  tryAcquire(name: string, holder: string, until: Date, now: Date): Promise<boolean>;
  /** Extends the lease; false when `holder` lost it. */
  renew(name: string, holder: string, until: Date): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
  find(name: string): Promise<{ holder: string; lockedUntil: Date } | null>;
}

/**
 * A lease on a named job in the database, so two server processes (or a
 * server and the CLI) never run the same job at once. Lease time is real
 * time, whatever `--now` a purge judges eligibility at. A killed holder's
 * lease simply runs out.
 */
export class JobLease {
  readonly holder: string;

  constructor(
    private readonly locks: JobLockStore,
    readonly name: string,
    private readonly leaseMs = 120_000,
    private readonly clock: Clock = systemClock,
    holder?: string,
  ) {
    this.holder = holder ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  acquire(): Promise<boolean> {
    const now = this.clock.now();
    return this.locks.tryAcquire(this.name, this.holder, new Date(now.getTime() + this.leaseMs), now);
  }

  renew(): Promise<boolean> {
    return this.locks.renew(this.name, this.holder, new Date(this.clock.now().getTime() + this.leaseMs));
  }

  release(): Promise<void> {
    return this.locks.release(this.name, this.holder);
  }

  /** Who holds the lease now, if anyone (for error messages). */
  async current(): Promise<{ holder: string; lockedUntil: Date } | null> {
    const row = await this.locks.find(this.name);
    return row && row.lockedUntil > this.clock.now() ? row : null;
  }
}
