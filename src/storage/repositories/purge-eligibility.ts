import type { DeletionRule, ExpiredRule } from "../../core/retention/purge-store.js";
import type { SqlParams } from "../raw-sql.js";

export type { DeletionRule, ExpiredRule };

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
  parts.push(
    noActiveHold(p, "conversationId", `${c}.id`, "h"),
    `(${c}."customerId" IS NULL OR ${noActiveHold(p, "customerId", `${c}."customerId"`, "h2")})`,
  );
  return parts.join(" AND ");
}

/**
 * "No active legal hold has `column` = `ref`", read through the hold index on
 * `column` once per row whatever the planner's estimates say:
 * - SQLite: when most holds are on conversations, ANALYZE's statistics say
 *   "customerId is one value" and the planner scans every hold per row
 *   instead of seeking; the index is named.
 * - PostgreSQL: a NOT EXISTS becomes an anti join, and for a purge batch (a
 *   thousand ids, estimated at a handful of rows) the planner compares every
 *   row with every active hold (1,000 holds: half of each batch's time at
 *   1,000,000 conversations). A scalar subquery with LIMIT 1 is not turned
 *   into a join and seeks the index per row.
 */
export function noActiveHold(
  p: SqlParams,
  column: "conversationId" | "customerId",
  ref: string,
  alias: string,
): string {
  const where = `${alias}."${column}" = ${ref} AND ${alias}."releasedAt" IS NULL`;
  if (p.provider === "sqlite")
    return `NOT EXISTS (SELECT 1 FROM "LegalHold" ${alias} INDEXED BY "LegalHold_${column}_releasedAt_idx" WHERE ${where})`;
  return `(SELECT 1 FROM "LegalHold" ${alias} WHERE ${where} LIMIT 1) IS NULL`;
}
