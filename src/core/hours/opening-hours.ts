import { DateTime } from "luxon";
import { minutesOfDay } from "../knowledge/schema.js";
import { type OpeningHours, type Organisation, WEEKDAYS } from "../knowledge/types.js";
import { norwegianPublicHoliday, type PublicHoliday } from "./public-holidays.js";

/** How far ahead `nextOpening` looks before it gives up (a service that never opens). */
const SEARCH_DAYS = 400;

export type HolidayLookup = (isoDate: string) => PublicHoliday | undefined;

export interface OpeningStatus {
  open: boolean;
  /** When the service opens next: now when open, null when it never opens. */
  opensAt: Date | null;
  /** The public holiday that closes the service today, if any. */
  holiday: PublicHoliday | undefined;
}

/**
 * An organisation's staffed hours: weekly intervals of local wall-clock time in
 * its time zone, closed on Norwegian public holidays when it says so. Calendar
 * arithmetic is done in the local zone (days, not 24-hour steps), so daylight
 * saving changes do not move opening times.
 */
export class OpeningHoursCalendar {
  constructor(
    private readonly hours: OpeningHours,
    private readonly timezone: string,
    private readonly holidayOn: HolidayLookup = norwegianPublicHoliday,
  ) {}

  isOpen(now: Date): boolean {
    const local = DateTime.fromJSDate(now, { zone: this.timezone });
    if (this.closedAllDay(local)) return false;
    const minute = local.hour * 60 + local.minute + local.second / 60;
    return this.intervalsOn(local).some(([start, end]) => minute >= start && minute < end);
  }

  /** The next moment the service opens: `now` itself when it is open, null when it never opens. */
  nextOpening(now: Date): Date | null {
    if (this.isOpen(now)) return now;
    const today = DateTime.fromJSDate(now, { zone: this.timezone }).startOf("day");
    for (let d = 0; d < SEARCH_DAYS; d++) {
      const day = today.plus({ days: d });
      if (this.closedAllDay(day)) continue;
      for (const [start] of this.intervalsOn(day)) {
        const at = day.set({ hour: Math.floor(start / 60), minute: start % 60 });
        if (at.toMillis() > now.getTime()) return at.toJSDate();
      }
    }
    return null;
  }

  status(now: Date): OpeningStatus {
    const local = DateTime.fromJSDate(now, { zone: this.timezone });
    const holiday = this.hours.closedOnPublicHolidays ? this.holidayOn(local.toISODate() ?? "") : undefined;
    const open = this.isOpen(now);
    return { open, opensAt: open ? now : this.nextOpening(now), holiday };
  }

  /** The time zone the weekly hours are in. */
  get zone(): string {
    return this.timezone;
  }

  /**
   * One local calendar day: the public holiday on it (when the service closes for holidays), and
   * its opening intervals as [start, end) minutes since local midnight (none on such a holiday).
   */
  dayPlan(day: DateTime): { holiday: PublicHoliday | undefined; intervals: Array<[number, number]> } {
    const local = day.setZone(this.timezone);
    const holiday = this.hours.closedOnPublicHolidays ? this.holidayOn(local.toISODate() ?? "") : undefined;
    return { holiday, intervals: holiday ? [] : this.intervalsOn(local) };
  }

  private closedAllDay(local: DateTime): boolean {
    return this.hours.closedOnPublicHolidays && this.holidayOn(local.toISODate() ?? "") !== undefined;
  }

  /** The day's intervals as [start, end) minutes since local midnight. */
  private intervalsOn(local: DateTime): Array<[number, number]> {
    const weekday = WEEKDAYS[local.weekday - 1];
    if (weekday === undefined) return [];
    return this.hours.weekly[weekday].map(([s, e]) => [minutesOfDay(s), minutesOfDay(e)]);
  }
}

const calendars = new WeakMap<Organisation, OpeningHoursCalendar>();

/** The (cached) calendar of an organisation from the knowledge base. */
export function openingHoursOf(org: Organisation): OpeningHoursCalendar {
  let calendar = calendars.get(org);
  if (!calendar) {
    calendar = new OpeningHoursCalendar(org.openingHours, org.timezone);
    calendars.set(org, calendar);
  }
  return calendar;
}
