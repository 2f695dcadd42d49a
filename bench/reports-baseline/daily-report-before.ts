/**
 * The reports' computation as it was before the covering indexes (December
 * 2026), kept unchanged as the benchmark's baseline and as the reference the
 * equivalence test compares the product's figures with. Not product code.
 */
import type {
  DailyReport,
  DayFigures,
  DurationFigures,
  EntryHelpfulness,
  ReportFigures,
  ReportRows,
} from "../../src/core/reports/daily-report.js";
import { dayIndex, periodWindow, type ReportPeriod, reportPeriod } from "../../src/core/reports/report-period.js";
import type { ReportStore } from "../../src/core/reports/report-store.js";
import { maskPersonalData } from "../../src/core/retention/masking/mask-personal-data.js";

export type { DailyReport, DayFigures, DurationFigures, EntryHelpfulness, ReportFigures, ReportRows };

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] as number;
  return ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** At most this many distinct unanswered questions are listed (the most asked first). */
export const MAX_LISTED_QUESTIONS = 100;

interface Accumulator {
  conversations: number;
  botOnly: number;
  handoffs: number;
  abandoned: number;
  firstResponse: number[];
  resolution: number[];
  ratings: number[];
  unanswered: number;
}

const empty = (): Accumulator => ({
  conversations: 0,
  botOnly: 0,
  handoffs: 0,
  abandoned: 0,
  firstResponse: [],
  resolution: [],
  ratings: [],
  unanswered: 0,
});

const durations = (values: readonly number[]): DurationFigures => ({
  count: values.length,
  median: median(values),
  p90: percentile(values, 90),
});

function figures(a: Accumulator): ReportFigures {
  const satisfied = a.ratings.filter((r) => r >= 4).length;
  return {
    conversations: a.conversations,
    botOnly: a.botOnly,
    containment: share(a.botOnly, a.conversations),
    handoffs: a.handoffs,
    abandoned: a.abandoned,
    firstResponse: durations(a.firstResponse),
    resolution: durations(a.resolution),
    ratings: {
      count: a.ratings.length,
      average: a.ratings.length === 0 ? null : a.ratings.reduce((s, r) => s + r, 0) / a.ratings.length,
      satisfied: share(satisfied, a.ratings.length),
    },
    unanswered: a.unanswered,
  };
}

/**
 * The report of one organisation over a period: every figure counts the
 * conversations that started in the period, on the local day they started
 * (a handoff, rating or question belongs to its conversation's day); the
 * "was this helpful?" counts are over the whole period. Rows outside the
 * period are ignored. Unanswered questions are masked with the
 * same personal-data masking as the analytics export, then grouped by their
 * masked text (case and spacing ignored).
 */
export function dailyReportBefore(organisationId: string, period: ReportPeriod, rows: ReportRows): DailyReport {
  const perDay = period.days.map(empty);
  const total = empty();
  const at = (d: Date) => {
    const i = dayIndex(period, d);
    return i < 0 ? null : (perDay[i] as Accumulator);
  };
  for (const c of rows.conversations) {
    const day = at(c.startedAt);
    if (!day) continue;
    for (const a of [day, total]) {
      a.conversations += c.count;
      a.botOnly += c.botOnly;
      c.ratings.forEach((n, k) => {
        for (let i = 0; i < n; i++) a.ratings.push(k + 1);
      });
    }
  }
  for (const h of rows.handoffs) {
    const day = at(h.conversationStartedAt);
    if (!day) continue;
    for (const a of [day, total]) {
      a.handoffs += 1;
      if (h.status === "abandoned") a.abandoned += 1;
      if (h.firstResponseSeconds !== null) a.firstResponse.push(Math.max(0, h.firstResponseSeconds));
      if (h.status === "completed" && h.endedAfterSeconds !== null) a.resolution.push(Math.max(0, h.endedAfterSeconds));
    }
  }
  const groups = new Map<string, { question: string; count: number; last: Date }>();
  for (const q of rows.questions) {
    const day = at(q.conversationStartedAt);
    if (!day) continue;
    day.unanswered += 1;
    total.unanswered += 1;
    const masked = maskPersonalData(q.text.trim().replace(/\s+/g, " "));
    const key = masked.toLocaleLowerCase("nb");
    const g = groups.get(key);
    if (!g) groups.set(key, { question: masked, count: 1, last: q.askedAt });
    else {
      g.count += 1;
      if (q.askedAt >= g.last) {
        g.last = q.askedAt;
        g.question = masked;
      }
    }
  }
  const entries = new Map<string | null, { helpful: number; notHelpful: number }>();
  for (const f of rows.feedback) {
    const e = entries.get(f.entryId) ?? { helpful: 0, notHelpful: 0 };
    if (f.helpful) e.helpful += f.count;
    else e.notHelpful += f.count;
    entries.set(f.entryId, e);
  }
  return {
    organisationId,
    from: period.from,
    to: period.to,
    timeZone: period.timeZone,
    days: period.days.map((date, i) => ({ date, ...figures(perDay[i] as Accumulator) })),
    total: figures(total),
    helpfulness: [...entries.entries()]
      .map(([entryId, e]) => ({ entryId, ...e, share: e.helpful / (e.helpful + e.notHelpful) }))
      .sort(
        (a, b) =>
          b.helpful + b.notHelpful - (a.helpful + a.notHelpful) || (a.entryId ?? "").localeCompare(b.entryId ?? ""),
      ),
    unanswered: {
      total: total.unanswered,
      questions: [...groups.values()]
        .sort((a, b) => b.count - a.count || b.last.getTime() - a.last.getTime())
        .slice(0, MAX_LISTED_QUESTIONS)
        .map((g) => ({ question: g.question, count: g.count, lastAskedAt: g.last.toISOString() })),
    },
  };
}

/** ReportService.daily as it was, without the role check: the same reads, then dailyReportBefore. */
export async function reportBefore(
  store: ReportStore,
  organisationId: string,
  from: string,
  to: string,
): Promise<DailyReport & { organisationName: string }> {
  const period = reportPeriod(from, to);
  const name = await store.organisationName(organisationId);
  if (name === null) throw new Error("no organisation with that id");
  const w = { organisationId, ...periodWindow(period) };
  const [conversations, handoffs, feedback, questions] = await Promise.all([
    store.conversations(w),
    store.handoffs(w),
    store.feedback(w),
    store.unansweredQuestions(w),
  ]);
  return {
    ...dailyReportBefore(organisationId, period, { conversations, handoffs, feedback, questions }),
    organisationName: name,
  };
}
