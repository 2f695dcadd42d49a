import { type RetentionPolicy, retentionClassFor, retentionExpiry } from "./retention-policy.js";

/**
 * The retention fields a conversation is written with when something happens
 * in it: its last activity, whether a person took part, and the class and
 * expiry that follow under the policy in force. Computed in the core; the
 * store only writes it.
 */
export interface RetentionStamp {
  lastActivityAt: Date;
  humanInvolved: boolean;
  retentionClass: "bot_only" | "human_involved";
  retentionExpiresAt: Date;
  retentionPolicyVersion: number;
}

export function retentionStamp(now: Date, humanInvolved: boolean, policy: RetentionPolicy): RetentionStamp {
  const retentionClass = retentionClassFor(humanInvolved);
  return {
    lastActivityAt: now,
    humanInvolved,
    retentionClass,
    retentionExpiresAt: retentionExpiry(now, retentionClass, policy),
    retentionPolicyVersion: policy.version,
  };
}

/** Where the policy in force of an organisation comes from (cached by the store). */
export interface RetentionPolicySource {
  current(organisationId: string): Promise<RetentionPolicy>;
}
