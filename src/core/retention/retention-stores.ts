import type { RetentionPolicy } from "./retention-policy.js";
import type { RetentionPolicySource } from "./retention-stamp.js";

/** The retention policies of the organisations, versioned (src/storage implements it, with a cache). */
export interface RetentionPolicyStore extends RetentionPolicySource {
  /** Stores a new version (previous version + 1) and returns it. */
  setPolicy(
    organisationId: string,
    months: { botOnlyMonths: number; humanInvolvedMonths: number },
    createdBy: string,
  ): Promise<RetentionPolicy>;
  /** Drops the cache: the next `current` reads the database. */
  forget(): void;
}

export interface StaleExpiry {
  id: string;
  lastActivityAt: Date;
  retentionClass: "bot_only" | "human_involved";
}

export interface RecomputedExpiry {
  id: string;
  /** The last activity the expiry was computed from: a row with newer activity is left alone. */
  lastActivityAt: Date;
  retentionExpiresAt: Date;
}

/** Stored expiries computed under another policy version than the one in force, and their batched rewrite. */
export interface RetentionExpiryStore {
  /** The next `limit` conversations of the organisation not on `version`, after id `afterId`. */
  staleBatch(organisationId: string, version: number, afterId: string | null, limit: number): Promise<StaleExpiry[]>;
  countStale(organisationId: string, version: number): Promise<number>;
  /** Writes the recomputed expiries with `version`; returns how many rows changed. */
  apply(rows: readonly RecomputedExpiry[], version: number): Promise<number>;
}
