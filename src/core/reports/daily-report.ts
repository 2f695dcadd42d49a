import { maskPersonalData } from "../retention/masking/mask-personal-data.js";
import { dayIndex, type ReportPeriod } from "./report-period.js";
import type { ReportConversation, ReportFeedback, ReportHandoff, ReportQuestion } from "./report-store.js";
import { medianOfSorted, percentileOfSorted, share, sortedCopy } from "./statistics.js";

/** Median and 90th percentile of a duration, in seconds, over `count` values (null when there are none). */
export interface DurationFigures {
  count: number;
  median: number | null;
  p90: number | null;
}

export interface ReportFigures {
  /** Conversations that started (the customer wrote at least once). */
  conversations: number;
  /** Of those, answered by the bot alone. */
  botOnly: number;
  /** botOnly / conversations. */
  containment: number | null;
  /** Requests for a person (transfers not counted). */
  handoffs: number;
  /** Requests the customer left while waiting in the queue. */
  abandoned: number;
  /** From the request for a person to the agent's first message. */
  firstResponse: DurationFigures;
  /** From the request for a person to the agent closing the chat. */
  resolution: DurationFigures;
  /** End-of-chat ratings (1–5): how many, their mean, and the share that gave 4 or 5 (CSAT). */
  ratings: { count: number; average: number | null; satisfied: number | null };
  /** Customer questions the bot could not answer. */
  unanswered: number;
}

export interface DayFigures extends ReportFigures {
  date: string;
}

export interface EntryHelpfulness {
  /** The knowledge entry the rated answer came from; null for answers without one. */
  entryId: string | null;
  helpful: number;
  notHelpful: number;
  /** helpful / (helpful + notHelpful) */
  share: number;
}

export interface UnansweredQuestion {
  /** Personal data masked. The latest spelling of the question. */
  question: string;
  count: number;
  lastAskedAt: string;
}

export interface DailyReport {
  organisationId: string;
  from: string;
  to: string;
  timeZone: string;
  days: DayFigures[];
  total: ReportFigures;
  helpfulness: EntryHelpfulness[];
  unanswered: { total: number; questions: UnansweredQuestion[] };
}

export interface ReportRows {
  conversations: readonly ReportConversation[];
  handoffs: readonly ReportHandoff[];
  feedback: readonly ReportFeedback[];
  questions: readonly ReportQuestion[];
}

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

function durations(values: readonly number[]): DurationFigures {
  const sorted = sortedCopy(values);
  return { count: values.length, median: medianOfSorted(sorted), p90: percentileOfSorted(sorted, 90) };
}

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
export function dailyReport(organisationId: string, period: ReportPeriod, rows: ReportRows): DailyReport {
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
  // The same question is asked many times: each distinct text is masked once.
  const maskedTexts = new Map<string, { masked: string; key: string }>();
  for (const q of rows.questions) {
    const day = at(q.conversationStartedAt);
    if (!day) continue;
    day.unanswered += 1;
    total.unanswered += 1;
    let m = maskedTexts.get(q.text);
    if (!m) {
      const masked = maskPersonalData(q.text.trim().replace(/\s+/g, " "));
      m = { masked, key: masked.toLocaleLowerCase("nb") };
      maskedTexts.set(q.text, m);
    }
    const { masked, key } = m;
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
