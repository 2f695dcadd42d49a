import type { SqlParams } from "../raw-sql.js";

/**
 * Which conversations a delete may take. "expired": past its retention expiry
 * (computed under the policy version in force) at `now`; "erasure": only the
 * bot took part (a data-subject erasure request). Both: never under an
 * active legal hold on the conversation or on its customer.
 */
export type DeletionRule =
  | { kind: "expired"; now: Date; organisationId: string | null }
  | { kind: "erasure"; organisationId: string | null };

export type ExpiredRule = Extract<DeletionRule, { kind: "expired" }>;

/** The SQL condition for `rule` on the conversation aliased `c` (placeholders in reading order). */
export function conversationEligible(p: SqlParams, rule: DeletionRule, c = "c"): string {
  const parts: string[] = [];
  if (rule.kind === "expired") {
    parts.push(`${c}."retentionExpiresAt" <= ${p.value(rule.now)}`);
    parts.push(
      `${c}."retentionPolicyVersion" = COALESCE((SELECT MAX(v."version") FROM "RetentionPolicy" v WHERE v."organisationId" = ${c}."organisationId"), 1)`,
    );
  } else {
    parts.push(`${c}."humanInvolved" = false AND ${c}."retentionClass" = 'bot_only'`);
  }
  if (rule.organisationId !== null) parts.push(`${c}."organisationId" = ${p.value(rule.organisationId)}`);
  // SQLite: when most holds are on conversations, ANALYZE's statistics say
  // "customerId is one value" and the planner scans every hold per
  // conversation instead of seeking; name the indexes.
  const byConversation = p.provider === "sqlite" ? ` INDEXED BY "LegalHold_conversationId_releasedAt_idx"` : "";
  const byCustomer = p.provider === "sqlite" ? ` INDEXED BY "LegalHold_customerId_releasedAt_idx"` : "";
  parts.push(
    `NOT EXISTS (SELECT 1 FROM "LegalHold" h${byConversation} WHERE h."conversationId" = ${c}.id AND h."releasedAt" IS NULL)`,
    `(${c}."customerId" IS NULL OR NOT EXISTS (SELECT 1 FROM "LegalHold" h2${byCustomer} WHERE h2."customerId" = ${c}."customerId" AND h2."releasedAt" IS NULL))`,
  );
  return parts.join(" AND ");
}
