import { DateTime } from "luxon";

/**
 * How long chat logs are kept. The clock starts at the conversation's last
 * activity; windows are calendar months in Europe/Oslo, so "1 year" after
 * 29 February ends on 28 February and a daylight-saving change does not move
 * the expiry by an hour.
 */
export type RetentionClass = "bot_only" | "human_involved";

export interface RetentionPolicy {
  version: number;
  botOnlyMonths: number;
  humanInvolvedMonths: number;
}

export const RETENTION_TIME_ZONE = "Europe/Oslo";

/** Defaults: 1 year when only the bot took part, 5 years when a person did. */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = { version: 1, botOnlyMonths: 12, humanInvolvedMonths: 60 };

/**
 * Why a pair of retention windows may not become a policy, or null when it
 * may: a chat a person took part in is kept at least as long as one only the
 * bot answered (the longer window exists for complaints and follow-ups).
 */
export function retentionWindowsProblem(months: { botOnlyMonths: number; humanInvolvedMonths: number }): string | null {
  if (months.humanInvolvedMonths < months.botOnlyMonths) {
    return `humanInvolvedMonths (${months.humanInvolvedMonths}) must be at least botOnlyMonths (${months.botOnlyMonths}): chats a person took part in are kept at least as long as bot-only chats`;
  }
  return null;
}

export function retentionClassFor(humanInvolved: boolean): RetentionClass {
  return humanInvolved ? "human_involved" : "bot_only";
}

export function retentionMonths(policy: RetentionPolicy, cls: RetentionClass): number {
  return cls === "human_involved" ? policy.humanInvolvedMonths : policy.botOnlyMonths;
}

/** The moment from which the conversation may be purged. */
export function retentionExpiry(lastActivity: Date, cls: RetentionClass, policy: RetentionPolicy): Date {
  return DateTime.fromJSDate(lastActivity, { zone: RETENTION_TIME_ZONE })
    .plus({ months: retentionMonths(policy, cls) })
    .toJSDate();
}

export function isExpired(expiresAt: Date, now: Date): boolean {
  return expiresAt.getTime() <= now.getTime();
}

/**
 * The latest moment a retention clock of class `cls` may have started and
 * be over at `now`: a record whose clock started at or before it is past its
 * window, one a millisecond later is not. The inverse of
 * {@link retentionExpiry} (which never goes backwards as the start moves
 * forward), found by bisection, so month ends and daylight-saving changes
 * are handled exactly as for conversations.
 */
export function latestExpiredStart(now: Date, cls: RetentionClass, policy: RetentionPolicy): Date {
  const months = retentionMonths(policy, cls);
  const local = DateTime.fromJSDate(now, { zone: RETENTION_TIME_ZONE });
  let over = local.minus({ months: months + 1 }).toMillis(); // expired at now
  let notYet = local.minus({ months }).plus({ days: 5 }).toMillis(); // not expired at now
  while (notYet - over > 1) {
    const mid = Math.floor((over + notYet) / 2);
    if (isExpired(retentionExpiry(new Date(mid), cls, policy), now)) over = mid;
    else notYet = mid;
  }
  return new Date(over);
}
