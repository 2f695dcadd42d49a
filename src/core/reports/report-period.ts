import { DateTime } from "luxon";
import { DomainError } from "../errors/domain-error.js";

/** Reports count days as the clock in Norway shows them. */
export const REPORT_TIME_ZONE = "Europe/Oslo";
/** The longest range one report covers: a year, leap day included. */
export const MAX_REPORT_DAYS = 366;

/** A range of whole local days, `from` and `to` included, with the instant each day starts. */
export interface ReportPeriod {
  from: string;
  to: string;
  timeZone: string;
  /** The local dates (YYYY-MM-DD), in order. */
  days: string[];
  /** Start of each day as epoch ms, plus the end of the last day: days.length + 1 entries. */
  bounds: number[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The days from `from` to `to` (inclusive) in `zone`. Throws invalid_input
 * for a date that does not exist, `to` before `from` or more than
 * MAX_REPORT_DAYS days. Days are added as calendar days, so a day with a
 * daylight-saving change is 23 or 25 hours long.
 */
export function reportPeriod(from: string, to: string, zone = REPORT_TIME_ZONE): ReportPeriod {
  const parse = (name: string, v: string) => {
    const d = DATE.test(v) ? DateTime.fromISO(v, { zone }) : null;
    if (!d?.isValid) throw new DomainError("invalid_input", `${name} must be a date (YYYY-MM-DD)`);
    return d.startOf("day");
  };
  const start = parse("from", from);
  const end = parse("to", to);
  if (end < start) throw new DomainError("invalid_input", "to must not be before from");
  const count = Math.round(end.diff(start, "days").days) + 1;
  if (count > MAX_REPORT_DAYS) {
    throw new DomainError("invalid_input", `a report covers at most ${MAX_REPORT_DAYS} days`);
  }
  const days: string[] = [];
  const bounds: number[] = [];
  for (let i = 0; i <= count; i++) {
    const day = start.plus({ days: i });
    if (i < count) days.push(day.toISODate() as string);
    bounds.push(day.toMillis());
  }
  return { from: start.toISODate() as string, to: end.toISODate() as string, timeZone: zone, days, bounds };
}

/** The index of the day that contains `at`, or -1 outside the period (binary search: no time-zone work per row). */
export function dayIndex(period: ReportPeriod, at: Date): number {
  const t = at.getTime();
  const b = period.bounds;
  if (t < (b[0] as number) || t >= (b[b.length - 1] as number)) return -1;
  let lo = 0;
  let hi = b.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((b[mid] as number) <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The instants the store reads between: [start of `from`, start of the day after `to`). */
export function periodWindow(period: ReportPeriod): { from: Date; to: Date } {
  return {
    from: new Date(period.bounds[0] as number),
    to: new Date(period.bounds[period.bounds.length - 1] as number),
  };
}
