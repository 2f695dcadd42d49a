import type { Clock } from "../clock.js";

/**
 * The lockout rule: after `failures` wrong passwords for one account from one
 * client address within `minutes`, logins to that account from that address
 * pause for `minutes`. Counting per account AND address means that someone
 * guessing from elsewhere cannot lock a member of staff out; guessing from
 * many addresses is slowed by the per-address login limit.
 */
export interface LoginLockoutSettings {
  failures: number;
  minutes: number;
}

export interface LoginLockout {
  /** Whether logins to `email` from `address` are paused. */
  isLocked(email: string, address: string): Promise<boolean>;
  /** A wrong password for `email` from `address`. */
  failed(email: string, address: string): Promise<void>;
  /** A successful login: the count starts again. */
  succeeded(email: string, address: string): Promise<void>;
}

export function lockoutKey(email: string, address: string): string {
  return `${email.trim().toLowerCase()}|${address}`;
}

/** Counts kept before expired ones are swept away (bounds memory under a flood of guesses). */
const SWEEP_ABOVE = 10_000;

/** The rule in this process's memory, on the service's clock (one server process; tests). */
export class MemoryLoginLockout implements LoginLockout {
  private readonly entries = new Map<string, { failures: number; windowEnds: number; lockedUntil: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: LoginLockoutSettings,
  ) {}

  async isLocked(email: string, address: string): Promise<boolean> {
    const entry = this.entries.get(lockoutKey(email, address));
    return entry !== undefined && entry.lockedUntil > this.clock.now().getTime();
  }

  async failed(email: string, address: string): Promise<void> {
    const now = this.clock.now().getTime();
    const windowMs = this.settings.minutes * 60_000;
    const key = lockoutKey(email, address);
    let entry = this.entries.get(key);
    if (!entry || (entry.windowEnds <= now && entry.lockedUntil <= now)) {
      if (this.entries.size >= SWEEP_ABOVE) this.sweep(now);
      entry = { failures: 0, windowEnds: now + windowMs, lockedUntil: 0 };
      this.entries.set(key, entry);
    }
    entry.failures += 1;
    if (entry.failures >= this.settings.failures) {
      entry.lockedUntil = now + windowMs;
      entry.windowEnds = entry.lockedUntil;
      entry.failures = 0;
    }
  }

  async succeeded(email: string, address: string): Promise<void> {
    this.entries.delete(lockoutKey(email, address));
  }

  private sweep(now: number): void {
    for (const [key, e] of this.entries) if (e.windowEnds <= now && e.lockedUntil <= now) this.entries.delete(key);
    // Still full of live entries: forget the oldest rather than grow without bound.
    for (const key of this.entries.keys()) {
      if (this.entries.size < SWEEP_ABOVE) break;
      this.entries.delete(key);
    }
  }
}
