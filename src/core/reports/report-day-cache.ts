import { maskPersonalData } from "../retention/masking/mask-personal-data.js";
import type { ReportRows } from "./daily-report.js";
import type { ReportPeriod } from "./report-period.js";
import type { ReportConversation, ReportFeedback, ReportHandoff, StoredQuestion } from "./report-store.js";

/**
 * The reports' cache of closed days: the rows of one organisation's local
 * day (conversations per hour, handoffs, feedback, unanswered questions with
 * their text already masked) once that day is over, so a year's report reads
 * 365 small rows and queries only the days it has no valid row for.
 *
 * A past day's figures can still change: a late rating or "was this
 * helpful?", a message in a chat that started before midnight, a handoff that
 * ends later, a retention purge, an erasure. So a cached day is keyed by a
 * fingerprint the database keeps itself: triggers on every table the report
 * reads count up a version per organisation and UTC hour whenever a row of a
 * conversation that started more than CHANGE_SKIP_MS before the database's
 * clock changes (and delete the cached day covering it, so no copy of erased
 * text stays behind). A day's fingerprint is the sum of its hours' versions;
 * a cached day whose fingerprint is not the current one is not used.
 *
 * Why this is never stale, with any number of processes: the fingerprint is
 * read before the day's rows are. A change committed before that read is in
 * both; one committed after it counts the version up, so the row stored with
 * the older fingerprint is never used (and the store only writes a row while
 * the fingerprint is still the one read, waiting on PostgreSQL for changes
 * under way). Only days that ended CLOSED_AFTER_MS before both the
 * application's and the database's clock are cached, so every conversation of
 * a cached day started more than an hour before the triggers' cut-off: a
 * change the triggers leave out would have to sit in an open transaction for
 * over an hour. An in-process cache could not be told about a purge run by
 * another process or the CLI; this one lives in the database all of them
 * write to.
 */
export interface ReportDayCache {
  /**
   * The database's clock, and the versions of the organisation's UTC hours in
   * [from, to) that changed after the fact (hours never changed are absent: version 0).
   */
  versions(organisationId: string, from: Date, to: Date): Promise<{ now: Date; hours: HourVersion[] }>;
  /** The stored rows of these local dates with this layout (any fingerprint). */
  read(organisationId: string, dates: readonly string[], format: number): Promise<StoredDay[]>;
  /**
   * Stores (or replaces) days, each only if the sum of the versions of its
   * hours [fromHour, toHour) is still `fingerprint` when it is written.
   */
  write(organisationId: string, days: readonly StoredDay[]): Promise<void>;
}

export interface HourVersion {
  /** "YYYY-MM-DDTHH", UTC. */
  hour: string;
  version: number;
}

export interface StoredDay {
  date: string;
  fromHour: string;
  toHour: string;
  format: number;
  fingerprint: number;
  rows: string;
}

/** The layout of StoredDay.rows this code writes and reads; count it up when CachedRows changes. */
export const CACHE_FORMAT = 1;
/** A day is cached once it ended this long ago (by both clocks). */
export const CLOSED_AFTER_MS = 3 * 3_600_000;
/** The triggers leave out conversations that started less than this long before the database's clock. */
export const CHANGE_SKIP_MS = 2 * 3_600_000;

/** An unanswered question as the cache keeps it: masked, with who asked (for objections made later). */
export interface CachedQuestion extends StoredQuestion {
  masked: string;
}

interface CachedRows {
  c: Array<
    [startedAt: number, count: number, botOnly: number, r1: number, r2: number, r3: number, r4: number, r5: number]
  >;
  h: Array<[startedAt: number, status: string, firstResponse: number | null, endedAfter: number | null]>;
  f: Array<[startedAt: number, entryId: string | null, helpful: 0 | 1, count: number]>;
  q: Array<[startedAt: number, askedAt: number, masked: string, customerId: string | null, conversationId: string]>;
}

/** The UTC hour key of an instant, as the triggers write it. */
export function hourKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13);
}

/** The question as the report lists it: spacing folded, personal data masked. */
export function maskQuestion(text: string): string {
  return maskPersonalData(text.trim().replace(/\s+/g, " "));
}

/** Rows with questions that know who asked them (the store's, before objections are left out). */
export interface CacheableRows {
  conversations: readonly ReportConversation[];
  handoffs: readonly ReportHandoff[];
  feedback: readonly ReportFeedback[];
  questions: readonly CachedQuestion[];
}

export function encodeDay(rows: CacheableRows): string {
  const out: CachedRows = {
    c: rows.conversations.map((c) => [c.startedAt.getTime(), c.count, c.botOnly, ...c.ratings]),
    h: rows.handoffs.map((h) => [
      h.conversationStartedAt.getTime(),
      h.status,
      h.firstResponseSeconds,
      h.endedAfterSeconds,
    ]),
    f: rows.feedback.map((f) => [f.conversationStartedAt.getTime(), f.entryId, f.helpful ? 1 : 0, f.count]),
    q: rows.questions.map((q) => [
      q.conversationStartedAt.getTime(),
      q.askedAt.getTime(),
      q.masked,
      q.customerId,
      q.conversationId,
    ]),
  };
  return JSON.stringify(out);
}

/** The rows of a stored day, or null when they are not of the expected shape (then the day is queried). */
export function decodeDay(json: string): CacheableRows | null {
  let v: CachedRows;
  try {
    v = JSON.parse(json) as CachedRows;
  } catch {
    return null;
  }
  if (!v || !Array.isArray(v.c) || !Array.isArray(v.h) || !Array.isArray(v.f) || !Array.isArray(v.q)) return null;
  return {
    conversations: v.c.map(([t, count, botOnly, r1, r2, r3, r4, r5]) => ({
      startedAt: new Date(t),
      count,
      botOnly,
      ratings: [r1, r2, r3, r4, r5],
    })),
    handoffs: v.h.map(([t, status, firstResponseSeconds, endedAfterSeconds]) => ({
      conversationStartedAt: new Date(t),
      status,
      firstResponseSeconds,
      endedAfterSeconds,
    })),
    feedback: v.f.map(([t, entryId, helpful, count]) => ({
      conversationStartedAt: new Date(t),
      entryId,
      helpful: helpful === 1,
      count,
    })),
    questions: v.q.map(([t, askedAt, masked, customerId, conversationId]) => ({
      conversationStartedAt: new Date(t),
      askedAt: new Date(askedAt),
      text: masked,
      masked,
      customerId,
      conversationId,
    })),
  };
}

/** The days of the period that are over: their end at least CLOSED_AFTER_MS before `now`. */
export function closedDays(period: ReportPeriod, now: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < period.days.length; i++) {
    if ((period.bounds[i + 1] as number) <= now - CLOSED_AFTER_MS) out.push(i);
  }
  return out;
}

/** Sum of the versions of the hours in [start of day i, end of day i). */
export function fingerprints(period: ReportPeriod, hours: readonly HourVersion[]): number[] {
  const sums = period.days.map(() => 0);
  for (const h of hours) {
    const t = Date.parse(`${h.hour}:00:00.000Z`);
    // Hours are whole: a day starts on an hour in Norway, so an hour lies in one day.
    let lo = 0;
    let hi = period.days.length;
    if (t < (period.bounds[0] as number) || t >= (period.bounds[hi] as number)) continue;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((period.bounds[mid] as number) <= t) lo = mid;
      else hi = mid;
    }
    sums[lo] = (sums[lo] as number) + h.version;
  }
  return sums;
}

/** Puts rows of several sources together (order: as given). */
export function concatRows(
  parts: ReadonlyArray<Omit<ReportRows, "questions"> & { questions: readonly StoredQuestion[] }>,
): {
  conversations: ReportConversation[];
  handoffs: ReportHandoff[];
  feedback: ReportFeedback[];
  questions: StoredQuestion[];
} {
  return {
    conversations: parts.flatMap((p) => p.conversations),
    handoffs: parts.flatMap((p) => p.handoffs),
    feedback: parts.flatMap((p) => p.feedback),
    questions: parts.flatMap((p) => p.questions),
  };
}
