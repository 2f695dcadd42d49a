import type { Principal } from "../accounts/roles.js";
import { type Clock, systemClock } from "../clock.js";
import { DomainError } from "../errors/domain-error.js";
import { assertSupervisor, organisationFor } from "../handoff/access.js";
import { type DailyReport, dailyReport, type ReportRows } from "./daily-report.js";
import {
  CACHE_FORMAT,
  type CacheableRows,
  type CachedQuestion,
  closedDays,
  concatRows,
  decodeDay,
  encodeDay,
  fingerprints,
  hourKey,
  maskQuestion,
  type ReportDayCache,
  type StoredDay,
} from "./report-day-cache.js";
import { dayIndex, periodWindow, type ReportPeriod, reportPeriod } from "./report-period.js";
import type { Objectors, ReportStore, StoredQuestion } from "./report-store.js";

export interface ReportRequest {
  /** Required for staff without an organisation (admins); others may only name their own. */
  organisationId: string | null;
  /** Local dates (YYYY-MM-DD), both included. */
  from: string;
  to: string;
}

/** More separate stretches of days to query than this, and one stretch from the first to the last is queried. */
const MAX_STRETCHES = 8;

/**
 * The reports use case. Supervisors see their own organisation; admins name
 * one. Compliance staff and agents are refused: the reports are about
 * running the service, and compliance staff have the masked analytics export.
 *
 * With a ReportDayCache, days that are over come from the cache where it
 * holds a valid row (./report-day-cache.ts says why it is never stale), and
 * only the others are queried; the days queried that are over are stored
 * for the next report. The figures are the same either way.
 */
export class ReportService {
  constructor(
    private readonly store: ReportStore,
    private readonly cache: ReportDayCache | null = null,
    private readonly clock: Clock = systemClock,
  ) {}

  async daily(p: Principal, request: ReportRequest): Promise<DailyReport & { organisationName: string }> {
    assertSupervisor(p);
    const organisationId = organisationFor(p, request.organisationId);
    const period = reportPeriod(request.from, request.to);
    const name = await this.store.organisationName(organisationId);
    if (name === null) throw new DomainError("not_found", "no organisation with that id");
    const [rows, objectors] = await Promise.all([
      this.cache
        ? this.cachedRows(this.cache, organisationId, period)
        : this.query(organisationId, period, 0, period.days.length),
      this.store.objectors(),
    ]);
    return {
      ...dailyReport(organisationId, period, { ...rows, questions: notObjecting(rows.questions, objectors) }),
      organisationName: name,
    };
  }

  /** The rows of days [first, end) of the period, from the store. */
  private async query(organisationId: string, period: ReportPeriod, first: number, end: number) {
    const w = {
      organisationId,
      from: new Date(period.bounds[first] as number),
      to: new Date(period.bounds[end] as number),
    };
    const [conversations, handoffs, feedback, questions] = await Promise.all([
      this.store.conversations(w),
      this.store.handoffs(w),
      this.store.feedback(w),
      this.store.unansweredQuestions(w),
    ]);
    return { conversations, handoffs, feedback, questions };
  }

  private async cachedRows(cache: ReportDayCache, organisationId: string, period: ReportPeriod) {
    const { from, to } = periodWindow(period);
    // The fingerprints first, the rows after: see ReportDayCache.
    const { now, hours } = await cache.versions(organisationId, from, to);
    const closed = closedDays(period, Math.min(now.getTime(), this.clock.now().getTime()));
    const prints = fingerprints(period, hours);
    const stored = await cache.read(
      organisationId,
      closed.map((i) => period.days[i] as string),
      CACHE_FORMAT,
    );
    const byDate = new Map(stored.map((d) => [d.date, d]));
    const cached = new Map<number, CacheableRows>();
    for (const i of closed) {
      const s = byDate.get(period.days[i] as string);
      if (!s || s.fingerprint !== prints[i]) continue;
      const rows = decodeDay(s.rows);
      if (rows) cached.set(i, rows);
    }
    let stretches = missingStretches(period.days.length, cached);
    if (stretches.length > MAX_STRETCHES) {
      // Many gaps: one query from the first to the last, cached days between them not used.
      stretches = [[stretches[0]?.[0] as number, stretches[stretches.length - 1]?.[1] as number]];
    }
    const inStretch = (i: number) => stretches.some(([a, b]) => i >= a && i < b);
    const fromCache = [...cached.entries()].filter(([i]) => !inStretch(i)).map(([, rows]) => rows);
    const queried = await Promise.all(stretches.map(([a, b]) => this.query(organisationId, period, a, b)));
    const closedSet = new Set(closed);
    const toStore: StoredDay[] = [];
    for (const [k, [a, b]] of stretches.entries()) {
      const days = splitByDay(period, queried[k] as Awaited<ReturnType<ReportService["query"]>>, a, b);
      for (let i = a; i < b; i++) {
        if (!closedSet.has(i)) continue;
        toStore.push({
          date: period.days[i] as string,
          fromHour: hourKey(period.bounds[i] as number),
          toHour: hourKey(period.bounds[i + 1] as number),
          format: CACHE_FORMAT,
          fingerprint: prints[i] as number,
          rows: encodeDay(days[i - a] as CacheableRows),
        });
      }
    }
    await cache.write(organisationId, toStore);
    return concatRows([...fromCache, ...queried]);
  }
}

/** The stretches [first, end) of days that are not in `have`. */
function missingStretches(count: number, have: ReadonlyMap<number, unknown>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    if (have.has(i)) continue;
    const last = out[out.length - 1];
    if (last && last[1] === i) last[1] = i + 1;
    else out.push([i, i + 1]);
  }
  return out;
}

/** The rows of days [a, b), one CacheableRows per day, questions masked as the report lists them. */
function splitByDay(
  period: ReportPeriod,
  rows: Awaited<ReturnType<ReportService["query"]>>,
  a: number,
  b: number,
): CacheableRows[] {
  const days = Array.from({ length: b - a }, () => ({
    conversations: [] as CacheableRows["conversations"][number][],
    handoffs: [] as CacheableRows["handoffs"][number][],
    feedback: [] as CacheableRows["feedback"][number][],
    questions: [] as CachedQuestion[],
  }));
  const day = (at: Date) => {
    const i = dayIndex(period, at);
    return i >= a && i < b ? days[i - a] : undefined;
  };
  for (const c of rows.conversations) day(c.startedAt)?.conversations.push(c);
  for (const h of rows.handoffs) day(h.conversationStartedAt)?.handoffs.push(h);
  for (const f of rows.feedback) day(f.conversationStartedAt)?.feedback.push(f);
  const masked = new Map<string, string>();
  for (const q of rows.questions) {
    const d = day(q.conversationStartedAt);
    if (!d) continue;
    let m = masked.get(q.text);
    if (m === undefined) {
      m = maskQuestion(q.text);
      masked.set(q.text, m);
    }
    d.questions.push({ ...q, masked: m });
  }
  return days;
}

/** Leaves out the questions of customers who objected to analysis. */
function notObjecting<Q extends StoredQuestion>(questions: readonly Q[], o: Objectors): ReportRows["questions"] {
  if (o.customers.size === 0 && o.conversations.size === 0) return questions;
  return questions.filter(
    (q) => !(q.customerId !== null && o.customers.has(q.customerId)) && !o.conversations.has(q.conversationId),
  );
}
