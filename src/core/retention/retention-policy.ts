import { DateTime, IANAZone } from "luxon";

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

/**
 * The expiry by the rule itself: the wall-clock time in Oslo, `months`
 * calendar months on (the day clamped to the month's end), back to an
 * instant. What {@link retentionExpiry} returns; the reference its cache is
 * tested against.
 */
export function retentionExpiryByCalendar(lastActivity: Date, months: number): Date {
  return DateTime.fromJSDate(lastActivity, { zone: RETENTION_TIME_ZONE }).plus({ months }).toJSDate();
}

const HOUR_MS = 3_600_000;
const osloZone = IANAZone.create(RETENTION_TIME_ZONE);

/**
 * Expiry of the start of a UTC hour, per window length, for hours in which
 * the expiry moves one for one with the start (most of them). Within one
 * UTC hour Oslo's offset is constant (it changes only on UTC hour
 * boundaries, 01:00 UTC) and so is the local date; so the target is the
 * same local date with a time of day moving linearly, and where the offset
 * around the target is constant too the expiry is the hour's expiry plus
 * the distance into the hour. Hours where that does not hold (a
 * daylight-saving change within 3 hours of the target, or of the start) are
 * cached as not linear and computed by the calendar every time.
 */
const linearHours = new Map<string, number | null>();
const MAX_CACHED_HOURS = 256;
/** Before 1900 Oslo's offset was not whole hours (local mean time): no cache there. */
const CACHE_FROM_MS = Date.UTC(1900, 0, 1);

function offsetConstant(from: number, to: number): boolean {
  const o = osloZone.offset(from);
  for (let t = from + HOUR_MS; t < to; t += HOUR_MS) if (osloZone.offset(t) !== o) return false;
  return osloZone.offset(to) === o;
}

function hourExpiry(hourStart: number, months: number): number | null {
  const key = `${months}:${hourStart}`;
  const cached = linearHours.get(key);
  if (cached !== undefined) return cached;
  const expiry = retentionExpiryByCalendar(new Date(hourStart), months).getTime();
  const linear =
    offsetConstant(hourStart, hourStart + HOUR_MS - 1) &&
    offsetConstant(expiry - 3 * HOUR_MS, expiry + 4 * HOUR_MS) &&
    retentionExpiryByCalendar(new Date(hourStart + HOUR_MS - 1), months).getTime() === expiry + HOUR_MS - 1;
  if (linearHours.size >= MAX_CACHED_HOURS) linearHours.clear();
  linearHours.set(key, linear ? expiry : null);
  return linear ? expiry : null;
}

/**
 * The moment from which the conversation may be purged: exactly
 * {@link retentionExpiryByCalendar}, computed by the calendar once per UTC
 * hour and window (every message stamps one, so this is on the turn's path).
 */
export function retentionExpiry(lastActivity: Date, cls: RetentionClass, policy: RetentionPolicy): Date {
  const months = retentionMonths(policy, cls);
  const t = lastActivity.getTime();
  if (!Number.isFinite(t) || t < CACHE_FROM_MS) return retentionExpiryByCalendar(lastActivity, months);
  const hourStart = Math.floor(t / HOUR_MS) * HOUR_MS;
  const base = hourExpiry(hourStart, months);
  return base === null ? retentionExpiryByCalendar(lastActivity, months) : new Date(base + (t - hourStart));
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
